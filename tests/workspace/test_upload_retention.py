"""Uploaded sheets do not stay on disk: a committed file is deleted at once (its version keeps the data), one that
was never committed after ``upload_keep_days`` (a sheet may hold personal data the mapping leaves out)."""

from __future__ import annotations

import re
import time

from graph_service.workspace.registry import Registry
from graph_service.workspace.uploads import PREVIEW_FILE, sweep_uploads
from tests.workspace.conftest import GOOD_ROWS, Browser, Served, sheet

BAD_ROW = "ws-verein;Bücherverein;Bücherei-Verein;;;;;Meißen;14627140;;;;Beispieldaten"


def upload_id(response_url: object) -> str:
    return str(response_url).rstrip("/").rsplit("/", 1)[-1]


def test_a_committed_file_is_deleted_and_its_preview_stays(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    source = browser.new_source("Akteure, Aufbewahrung")
    preview = browser.upload(source, sheet(GOOD_ROWS))
    folder = served.settings.workspace_folder() / "uploads" / upload_id(preview.url)
    assert any(p.suffix == ".csv" for p in folder.iterdir())
    assert browser.commit(preview).status_code == 200
    assert [p.name for p in folder.iterdir()] == [PREVIEW_FILE]
    again = browser.get(f"/arbeitsbereich/vorschau/{upload_id(preview.url)}")
    assert again.status_code == 200 and "bereits verwendet" in again.text


def test_an_upload_never_committed_expires(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    source = browser.new_source("Akteure, verfällt")
    refused = browser.upload(source, sheet([*GOOD_ROWS, BAD_ROW]))
    refused_id = upload_id(refused.url)
    kept = browser.upload(source, sheet(GOOD_ROWS))  # checked, not committed: young enough to stay
    uploads = served.settings.workspace_folder() / "uploads"
    registry = Registry(served.settings.workspace_folder() / "workspace.sqlite")
    assert sweep_uploads(registry, uploads, keep_s=3600) == 0
    assert sweep_uploads(registry, uploads, keep_s=3600, now=time.time() + 7200) >= 2
    assert not (uploads / refused_id).exists() and not (uploads / upload_id(kept.url)).exists()
    assert registry.upload(refused_id).status == "expired"
    page = browser.get(f"/arbeitsbereich/vorschau/{refused_id}")
    assert page.status_code == 400 and "abgelaufen" in page.text
    button = re.search(r"/arbeitsbereich/vorschau/[0-9a-f]+/ohne-fehlerhafte-zeilen", refused.text)
    assert button
    assert browser.post(button[0]).status_code == 400  # the file is gone: a clear message, never a 500
