"""``make demo``'s path: the admin that ``user demo-admin --store S`` creates signs in to ``serve --store S``.

``serve`` used to keep its workspace next to the settings' store (``var/store-workspace``) instead of the folder
given with ``--store``, so the printed demo password was refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from graph_service.cli import app as cli
from tests.support.server_process import server_process
from tests.workspace.conftest import Browser


def test_the_demo_admin_signs_in_to_the_service_of_its_store(tmp_path: Path) -> None:
    store = tmp_path / "elsewhere" / "demo-store"
    created = CliRunner().invoke(cli, ["user", "demo-admin", "--store", str(store)])
    assert created.exit_code == 0, created.output
    password = re.search(r"Passwort:\s+(\S+)", created.output)
    assert password, created.output
    with server_process(store, {}, tmp_path) as server:
        browser = Browser(server.url)
        try:
            browser.sign_in("admin@beispiel.de", password[1])
            overview = browser.get("/arbeitsbereich/")
            assert overview.status_code == 200 and "Abmelden" in overview.text, overview.text[:500]
        finally:
            browser.close()
    assert not (tmp_path / "var").exists(), "nothing is kept next to the default store"
