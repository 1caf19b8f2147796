"""Drafts and internal sources never leave the workspace; provenance names no person and no local path; the
Excel/CSV round trip shows exactly the edits. One live service for the module (drafts, internal, released)."""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import httpx
import pytest
from openpyxl import load_workbook

from tests.workspace.conftest import GOOD_ROWS, Browser, Served, sheet

DRAFT = "GEHEIMENTWURF"
INTERNAL = "GEHEIMINTERN"
PUBLIC = "OFFENVEREIN"


def flat(text: str) -> str:
    return " ".join(text.split())


def rows_named(word: str, prefix: str) -> list[str]:
    return [f"{prefix}-{n};{word} Nummer {n};Sportverein;;;;;Meißen;14627140;;;;Beispieldaten" for n in range(1, 4)]


@pytest.fixture(scope="module")
def landscape(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A released source, a source whose data is only a draft, and an internal source."""
    editor, reviewer = Browser(served.url), Browser(served.url)
    editor.sign_in("bildungsbuero@kreis.example")
    reviewer.sign_in("freigabe@kreis.example")
    public = editor.new_source("Vereine öffentlich")
    editor.commit(editor.upload(public, sheet(rows_named(PUBLIC, "pub"))))
    reviewer.get(f"/arbeitsbereich/quellen/{public}")
    assert reviewer.post(f"/arbeitsbereich/quellen/{public}/freigeben").status_code == 200
    draft = editor.new_source("Vereine Entwurf")
    editor.commit(editor.upload(draft, sheet(rows_named(DRAFT, "drf"))))
    internal = editor.new_source("Vereine intern", internal="1")
    editor.commit(editor.upload(internal, sheet(rows_named(INTERNAL, "int"))))
    # a person's name in the uploaded file's name and folder must not reach provenance
    folder = tmp_path_factory.mktemp("Erika Mustermann")
    person_file = folder / "Mustermann Akteure.csv"
    person_file.write_bytes(sheet(GOOD_ROWS))
    admin = Browser(served.url)
    admin.sign_in("admin@kreis.example")  # admins hold every role: they may publish at once
    roundtrip = admin.new_source("Akteure für den Austausch")
    admin.commit(admin.upload(roundtrip, person_file.read_bytes(), person_file.name), publish="1")
    yield {"public": public, "draft": draft, "internal": internal, "roundtrip": roundtrip}
    for client in (editor, reviewer, admin):
        client.close()


PUBLIC_ROUTES = [
    "/sparql?query=SELECT%20%3Fl%20WHERE%20%7B%20%3Fs%20%3Chttp%3A%2F%2Fwww.w3.org%2F2000%2F01%2Frdf-schema%23label%3E%20%3Fl%20%7D",
    "/sparql?query=SELECT%20*%20WHERE%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D",
    "/rdf-graphs?default",
    "/dumps/all.nq.gz",
    "/.well-known/void",
    "/catalog",
    "/api/search?q=Nummer",
    "/search?q=Nummer",
    "/networks/view.json",
    "/gaps/report.json",
    "/",
]


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_no_draft_or_internal_data_on_public_routes(served: Served, landscape: dict[str, str], route: str) -> None:
    response = httpx.get(served.url + route, timeout=60)
    assert response.status_code == 200, response.text[:300]
    body = gzip.decompress(response.content).decode() if route.endswith(".gz") else response.text
    assert DRAFT not in body and INTERNAL not in body, route
    assert "urn:bildungsgraph:" not in body, route
    if route.startswith(("/sparql", "/rdf-graphs", "/dumps")):
        assert PUBLIC in body, f"{route} shows no released data: the check would pass vacuously"


@pytest.mark.parametrize(
    "route",
    [
        "/rdf-graphs?graph=urn:bildungsgraph:draft:{draft}",
        "/rdf-graphs?graph=urn:bildungsgraph:internal:{internal}",
        "/dumps/{draft}.nq.gz",
        "/dumps/{internal}.nq.gz",
        "/id/actor/drf-1",
        "/id/actor/int-1",
    ],
)
def test_draft_and_internal_graphs_and_records_are_not_found(
    served: Served, landscape: dict[str, str], route: str
) -> None:
    response = httpx.get(served.url + route.format(**landscape), headers={"Accept": "text/turtle"})
    assert response.status_code == 404, response.text[:300]


def test_named_draft_graph_in_a_query_is_empty(served: Served, landscape: dict[str, str]) -> None:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <urn:bildungsgraph:draft:{landscape['draft']}> {{ ?s ?p ?o }} }}"
    response = httpx.get(
        f"{served.url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_signed_in_accounts_see_the_draft(served: Served, landscape: dict[str, str], browser: Browser) -> None:
    browser.sign_in("freigabe@kreis.example")
    page = browser.get(f"/arbeitsbereich/quellen/{landscape['draft']}")
    assert f"{DRAFT} Nummer 1" in page.text and "Entwurf wartet auf Freigabe" in page.text
    assert f"{INTERNAL} Nummer 1" in browser.get(f"/arbeitsbereich/quellen/{landscape['internal']}").text


def test_provenance_names_no_person_and_no_path(served: Served, landscape: dict[str, str]) -> None:
    dump = gzip.decompress(httpx.get(f"{served.url}/dumps/all.nq.gz").content).decode()
    meta = [line for line in dump.splitlines() if line.rstrip(" .").endswith("graph/meta>")]
    assert any("prov#wasAssociatedWith" in line and "/account/k-" in line for line in meta)
    text = "\n".join(meta)
    for forbidden in ("Mustermann", "Erika", "bildungsbuero@", "freigabe@", "/tmp/", str(Path.home()), "/work/"):
        assert forbidden not in dump, forbidden
    assert re.search(r'inputFile> "akteure-fuer-den-austausch-\d{8}-\d{6}\.csv"', text), text[:2000]


def test_xlsx_round_trip_shows_exactly_the_edits(served: Served, landscape: dict[str, str], browser: Browser) -> None:
    browser.sign_in("admin@kreis.example")
    source = landscape["roundtrip"]
    body = browser.get(f"/arbeitsbereich/quellen/{source}/tabelle.xlsx").content
    book = load_workbook(io.BytesIO(body))
    assert {"Daten", "Listen", "Erläuterungen"} <= set(book.sheetnames)
    assert book["Daten"].data_validations.dataValidation, "the drop-downs are kept"
    unchanged = browser.upload(source, body, "zurueck.xlsx")
    assert "0</strong> neu · <strong>0</strong> geändert · <strong>0</strong> entfernt" in flat(unchanged.text)
    data = book["Daten"]
    names = {data.cell(row=r, column=1).value: r for r in range(2, data.max_row + 1)}
    data.cell(row=names["ws-kita-sonne"], column=2, value="Kita Sonnenschein am Park")
    edited = io.BytesIO()
    book.save(edited)
    preview = browser.upload(source, edited.getvalue(), "geaendert.xlsx")
    assert "0</strong> neu · <strong>1</strong> geändert · <strong>0</strong> entfernt" in flat(preview.text)
    assert "Kita Sonnenschein am Park" in preview.text and "<td>Name</td>" in preview.text


def test_csv_for_german_excel_round_trip(served: Served, landscape: dict[str, str], browser: Browser) -> None:
    browser.sign_in("admin@kreis.example")
    source = landscape["roundtrip"]
    body = browser.get(f"/arbeitsbereich/quellen/{source}/tabelle.csv").content
    assert body.startswith("\ufeffKennung;Name;".encode()) and b";Akteurstyp;" in body.splitlines()[0]
    assert "0</strong> geändert" in browser.upload(source, body, "zurueck.csv").text
    edited = body.decode("utf-8").replace("Stadtbibliothek Beispielstadt", "Stadtbücherei Beispielstadt")
    preview = browser.upload(source, edited.encode("utf-8"), "geaendert.csv")
    assert "<strong>1</strong> geändert" in preview.text and "Stadtbücherei Beispielstadt" in preview.text


def ods(rows: list[list[str]]) -> bytes:
    """A minimal OpenDocument spreadsheet with the sheet "Daten" (as LibreOffice saves the template)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
            if v
            else "<table:table-cell/>"
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="Daten">{cells}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_ods_upload_reads_like_excel(served: Served, landscape: dict[str, str], browser: Browser) -> None:
    browser.sign_in("admin@kreis.example")
    rows = [line.split(";") for line in sheet(GOOD_ROWS).decode("utf-8-sig").splitlines()]
    rows[2][1] = "Kita Sonnenschein (ODS)"
    preview = browser.upload(landscape["roundtrip"], ods(rows), "akteure.ods")
    assert "0</strong> neu · <strong>1</strong> geändert · <strong>0</strong> entfernt" in flat(preview.text)
    assert "Kita Sonnenschein (ODS)" in preview.text
