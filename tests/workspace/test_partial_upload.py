"""An upload with bad rows: left out on request (as ``import --accept-partial``), listed, the rest committed.

Both ways in: the checkbox on the upload form, and the button on the row report of a refused upload.
"""

from __future__ import annotations

import re

from tests.workspace.conftest import GOOD_ROWS, Browser, Served, sheet

BAD_ROWS = [
    "ws-kita-mond;;Kita;;;;;Riesa;14627230;;;;Beispieldaten",  # no name
    "ws-verein;Bücherverein;Bücherei-Verein;;;;;Meißen;14627140;;;;Beispieldaten",  # unknown actor type
]
ACTOR = "https://w3id.org/bildungsgraph/id/actor/"


def records(browser: Browser, source: str) -> set[str]:
    page = browser.get(f"/arbeitsbereich/quellen/{source}").text
    return set(re.findall(r'<small class="muted">(ws-[a-z-]+)</small>', page))


def test_a_refused_upload_can_be_checked_again_without_its_bad_rows(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    source = browser.new_source("Akteure mit Fehlern")
    refused = browser.upload(source, sheet([*GOOD_ROWS, *BAD_ROWS]))
    assert "Die Datei kann so nicht übernommen werden" in refused.text
    assert "/uebernehmen" not in refused.text
    button = re.search(r'action="(/arbeitsbereich/vorschau/[0-9a-f]+/ohne-fehlerhafte-zeilen)"', refused.text)
    assert button, refused.text
    preview = browser.post(button[1])
    assert preview.status_code == 200
    assert "Ausgelassene Zeilen (2)" in preview.text
    assert "Bücherei-Verein" in preview.text  # the row report names the value to fix
    assert browser.commit(preview).status_code == 200
    assert records(browser, source) == {"ws-vhs", "ws-kita-sonne", "ws-bibliothek", "ws-jugendamt"}


def test_the_upload_form_can_leave_bad_rows_out_at_once(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    source = browser.new_source("Akteure, Teilimport")
    form = browser.get(f"/arbeitsbereich/quellen/{source}")
    assert 'name="accept_partial"' in form.text
    preview = browser.post(
        f"/arbeitsbereich/quellen/{source}/hochladen",
        {"accept_partial": "1"},
        files={"file": ("tabelle.csv", sheet([GOOD_ROWS[0], *BAD_ROWS]), "text/csv")},
    )
    assert "Ausgelassene Zeilen (2)" in preview.text
    assert browser.commit(preview).status_code == 200
    assert records(browser, source) == {"ws-vhs"}
    assert not served.store.ask(f"ASK {{ GRAPH ?g {{ <{ACTOR}ws-verein> ?p ?o }} }}")


def test_without_the_choice_bad_rows_still_refuse_the_whole_file(served: Served, browser: Browser) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    source = browser.new_source("Akteure, alles oder nichts")
    refused = browser.upload(source, sheet([*GOOD_ROWS, BAD_ROWS[1]]))
    assert "Die Datei kann so nicht übernommen werden" in refused.text
    assert records(browser, source) == set()
