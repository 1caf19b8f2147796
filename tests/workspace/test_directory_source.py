"""A directory (a Land's official list) as a workspace source: chosen by its shipped mapping, uploaded as the Land
publishes it, narrowed by the mapping's parameters (``--param`` on the command line) in the upload form."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import httpx

from graph_service.workspace.registry import Registry
from importers import directory_mappings
from tests.workspace.conftest import GOOD_ROWS, Browser, Served, sheet

MV = "jedeschule_2016/mv_abs_gesamt_2016.csv"
TITLE = "Allgemeinbildende Schulen in Mecklenburg-Vorpommern 2016"


def _schools_in(path: Path, kreis: str) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return len({row["Dst-Nr.:"] for row in csv.DictReader(handle) if row["Landkreis/ kreisfr. Stadt"] == kreis})


def _upload(browser: Browser, source: str, path: Path, **fields: str) -> str:
    browser.get(f"/arbeitsbereich/quellen/{source}")
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    response = browser.post(f"/arbeitsbereich/quellen/{source}/hochladen", fields, files=files)
    return response.text


def test_a_directory_source_takes_the_lands_list_with_its_selection(
    served: Served, browser: Browser, shared_data: Path
) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    form = browser.get("/arbeitsbereich/quellen/neu").text
    assert '<option value="schulen-mv-2016">' in form and "Verzeichnisse" in form
    source = browser.new_source("Schulen Rostock", kind="schulen-mv-2016")
    page = browser.get(f"/arbeitsbereich/quellen/{source}").text
    assert f"Verzeichnis: {TITLE}" in page
    assert re.search(r'<input id="param-kreis" name="param-kreis" value="LUP"', page), "the mapping's default"
    assert 'id="mapping"' not in page, "a directory source keeps its mapping: no template choice"

    registry = Registry(served.settings.workspace_folder() / "workspace.sqlite")
    assert registry.source(source).licence == directory_mappings()["schulen-mv-2016"].source.licence, "the Land's"
    assert registry.source(browser.new_source("Eigene Akteure")).licence.endswith("/by/4.0/"), "a sheet of our own"

    path = shared_data / MV
    preview = _upload(browser, source, path, **{"param-kreis": "HRO"})
    assert "Kreis: <strong>HRO</strong>" in preview
    added = re.search(r"<strong>(\d+)</strong> neu", preview)
    assert added and int(added[1]) == _schools_in(path, "HRO") != _schools_in(path, "LUP"), preview[:2000]
    action = re.search(r'action="(/arbeitsbereich/vorschau/[0-9a-f]+/uebernehmen)"', preview)
    assert action and browser.post(action[1]).status_code == 200
    again = browser.get(f"/arbeitsbereich/quellen/{source}").text
    assert f"({_schools_in(path, 'HRO')}, Arbeitsstand)" in again, "the draft holds Rostock's schools"
    assert re.search(r'name="param-kreis" value="HRO"', again), "the next upload starts from the last selection"


def test_an_unknown_parameter_is_one_clear_message(served: Served, browser: Browser, shared_data: Path) -> None:
    browser.sign_in("bildungsbuero@kreis.example")
    source = browser.new_source("Schulen MV, falscher Parameter", kind="schulen-mv-2016")
    page = _upload(browser, source, shared_data / MV, **{"param-landkreis": "HRO"})
    assert "unbekannter Parameter landkreis" in page and "kennt: kreis" in page


def test_a_directory_imported_on_the_command_line_keeps_its_mapping_in_the_workspace(
    served: Served, browser: Browser, shared_data: Path
) -> None:
    """``import FILE --mapping M`` names the source M: its page offers M's upload, not a template to pick."""
    path = shared_data / MV
    reply = httpx.post(
        f"{served.url}/api/workspace/import",
        data={"mapping": "schulen-mv-2016", "param": ["kreis=SN"]},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
        headers={"Authorization": "Bearer cli-token"},
        timeout=60,
    )
    assert reply.status_code == 200, reply.text
    browser.sign_in("admin@kreis.example")
    page = browser.get("/arbeitsbereich/quellen/schulen-mv-2016").text
    assert f"Verzeichnis: {TITLE}" in page and 'name="param-kreis"' in page
    assert 'id="mapping"' not in page


def test_the_import_record_names_its_mapping_and_the_workspace_reads_it_back(served: Served, browser: Browser) -> None:
    """A template sheet imported under its own id: the import's ``prov:Plan`` says which mapping read it."""
    reply = httpx.post(
        f"{served.url}/api/workspace/import",
        data={"mapping": "vorlage-akteure", "source_id": "eigene-akteure"},
        files={"file": ("akteure.csv", sheet(GOOD_ROWS), "text/csv")},
        headers={"Authorization": "Bearer cli-token"},
        timeout=60,
    )
    assert reply.status_code == 200, reply.text
    assert served.store.ask(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dct: <http://purl.org/dc/terms/> ASK { GRAPH ?m { "
        "<https://w3id.org/bildungsgraph/id/dataset/eigene-akteure> prov:wasGeneratedBy/prov:used ?plan . "
        '?plan a prov:Plan ; dct:identifier "vorlage-akteure" } }'
    )
    browser.sign_in("admin@kreis.example")
    page = browser.get("/arbeitsbereich/quellen/eigene-akteure").text
    assert "Vorlage: Akteure" in page and 'id="mapping"' not in page
