"""The coordinator's story in headless Chromium on a fresh store, with a screenshot of every page
(tests/artifacts/workspace-*.png, 1280x720):

admin creates an editor and a reviewer; the editor signs in (by keyboard), creates a source, uploads a sheet with
three planted mistakes, reads the row report, uploads the fixed sheet, reads the diff, commits as draft; the
public endpoint does not show it; the reviewer releases it; the public endpoint shows it; the editor corrects one
record in the form; the record's history shows both changes; the editor restores the previous version.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_service.accounts import Accounts
from graph_service.store.embedded import EmbeddedStore
from tests.support.live_server import live_server
from tests.workspace.conftest import GOOD_ROWS, PASSWORD, settings_for, sheet

pytestmark = pytest.mark.browser

MISTAKES = [
    GOOD_ROWS[0],
    "ws-kita-sonne;;Kita;;;;;Riesa;14627230;;;;Beispieldaten",  # 1: no name
    "ws-bibliothek;Stadtbibliothek Beispielstadt;Bücherei-Verein;;;;;Meißen;14627140;;;;Beispieldaten",  # 2: type
    "ws-jugendamt;Jugendamt Beispielkreis;Jugendamt;;;;;Meißen;1462714O;;;;Beispieldaten",  # 3: AGS with a letter O
]
NAME = "Volkshochschule Beispielstadt"
CORRECTED = "Volkshochschule Beispielstadt (Kreisvolkshochschule)"
VHS = "https://w3id.org/bildungsgraph/id/actor/ws-vhs"


@pytest.fixture(scope="module")
def fresh_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty store; only the first admin exists (``bildungsgraph user add … --role admin``)."""
    folder = tmp_path_factory.mktemp("story")
    settings = settings_for(folder)
    Accounts(settings.workspace_folder() / "accounts.sqlite").add("admin@kreis.example", PASSWORD, ["admin"])
    store = EmbeddedStore(settings.store_path)
    with live_server(settings, store) as url:
        yield url
    store.close()


def public_names(url: str) -> list[str]:
    """What the public SPARQL endpoint says the actor is called (anonymous)."""
    query = f"SELECT ?name WHERE {{ <{VHS}> <http://www.w3.org/2000/01/rdf-schema#label> ?name }}"
    response = httpx.get(
        f"{url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def test_the_coordinators_story(fresh_service: str, chromium_browser, artifacts_dir: Path, tmp_path: Path) -> None:
    url = fresh_service
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page = context.new_page()
    shots: list[str] = []

    def shot(name: str) -> None:
        path = artifacts_dir / f"workspace-{len(shots) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path.name)

    def sign_in(login: str) -> None:
        page.goto(f"{url}/arbeitsbereich/anmelden")
        page.fill("#login", login)
        page.fill("#password", PASSWORD)
        page.click("button:has-text('Anmelden')")

    # admin creates an editor and a reviewer
    sign_in("admin@kreis.example")
    page.goto(f"{url}/arbeitsbereich/konten")
    for login, role in (("bildungsbuero@kreis.example", "editor"), ("freigabe@kreis.example", "reviewer")):
        page.fill("#new-login", login)
        page.fill("#new-password", PASSWORD)
        for box in page.query_selector_all("input[name=roles]"):
            box.set_checked(box.get_attribute("value") == role)
        page.click("button:has-text('Konto anlegen')")
        assert f"Konto „{login}“ angelegt." in page.inner_text(".flash")
    shot("konten")
    page.click("button:has-text('Abmelden')")

    # the editor signs in by keyboard only
    page.goto(f"{url}/arbeitsbereich/anmelden")
    shot("anmelden")
    page.keyboard.type("bildungsbuero@kreis.example")  # the name field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/arbeitsbereich/")
    assert "Angemeldet als" in page.inner_text(".ws-nav")

    page.click("a:has-text('Neue Quelle anlegen')")
    page.fill("#title", "Akteure im Beispielkreis")
    page.select_option("#kind", "akteure")
    shot("neue-quelle")
    page.click("button:has-text('Quelle anlegen')")
    page.wait_for_url(f"{url}/arbeitsbereich/quellen/akteure-im-beispielkreis")

    # the sheet with three planted mistakes: the row report names row, column, value and the fix
    broken = tmp_path / "akteure.csv"
    broken.write_bytes(sheet(MISTAKES))
    page.set_input_files("#file", str(broken))
    page.click("button:has-text('Hochladen und prüfen')")
    report = page.inner_text("main")
    assert "Die Datei kann so nicht übernommen werden" in report and "3 Zeilen abgelehnt" in report
    rows = page.query_selector_all("section.card table tbody tr")
    assert [r.query_selector("td").inner_text() for r in rows] == ["3", "4", "5"]
    assert "Name" in rows[0].inner_text() and "Bücherei-Verein" in rows[1].inner_text()
    assert "1462714O" in rows[2].inner_text()
    shot("pruefbericht")

    # fixed sheet: the diff shows four new records; commit as draft
    page.goto(f"{url}/arbeitsbereich/quellen/akteure-im-beispielkreis")
    broken.write_bytes(sheet(GOOD_ROWS))
    page.set_input_files("#file", str(broken))
    page.click("button:has-text('Hochladen und prüfen')")
    assert "4 neu" in " ".join(page.inner_text("main").split())
    shot("vorschau")
    page.click("button:has-text('Als Entwurf übernehmen')")
    assert "Als Entwurf gespeichert" in page.inner_text(".flash")
    shot("entwurf")
    assert public_names(url) == []  # the public endpoint does not show the draft

    # the reviewer releases it
    page.click("button:has-text('Abmelden')")
    sign_in("freigabe@kreis.example")
    page.goto(f"{url}/arbeitsbereich/quellen/akteure-im-beispielkreis")
    shot("freigabe")
    page.click("button:has-text('Entwurf prüfen und freigeben')")
    assert "Veröffentlicht" in page.inner_text(".flash")
    assert public_names(url) == [NAME]
    page.click("button:has-text('Abmelden')")

    # the editor corrects one record in the form
    sign_in("bildungsbuero@kreis.example")
    page.goto(f"{url}/arbeitsbereich/eintrag?iri={VHS}")
    page.click("a:has-text('Im Formular bearbeiten')")
    name_field = page.locator("label:has-text('Name') + input")
    assert name_field.input_value() == NAME
    name_field.fill(CORRECTED)
    shot("formular")
    page.click("button:has-text('Speichern')")
    assert "Eintrag als Entwurf gespeichert" in page.inner_text(".flash")

    # the record's history shows both changes: the upload (created) and the form edit (name changed)
    history = page.inner_text("table.history")
    assert "Upload" in history and "angelegt" in history
    assert "Formular: geändert ws-vhs" in history and CORRECTED in history
    shot("eintrag-verlauf")
    assert public_names(url) == [NAME]  # the correction is a draft until released

    # the editor restores the previous version (the released one)
    page.goto(f"{url}/arbeitsbereich/quellen/akteure-im-beispielkreis")
    released = page.locator("tr:has-text('Freigabe')").first
    released.locator("button:has-text('Wiederherstellen')").click()
    assert "wiederhergestellt" in page.inner_text(".flash")
    shot("wiederhergestellt")
    page.goto(f"{url}/arbeitsbereich/eintrag?iri={VHS}")
    assert NAME in page.inner_text("section.card") and CORRECTED not in page.inner_text("section.card")
    assert "Wiederhergestellt: Version" in page.inner_text("table.history")
    context.close()
    assert len(shots) == 10
