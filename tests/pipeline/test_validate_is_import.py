"""``bildungsgraph validate`` is ``bildungsgraph import`` without the write: same findings, same exit code.

Every RDF file in tests/resources and a table of spreadsheets (good, rejected, unreadable) go through both
commands against the same store (a copy of the demo); validate must write nothing, import must write exactly
when it exits 0.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from graph_service.cli import app
from graph_service.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "tests" / "resources"
DATA = REPO / "importers" / "data"
#: copies of third-party conformance material (W3C manifests, DCAT-AP.de shapes and lists) are not landscape data
THIRD_PARTY = {"w3c", "dcat-ap-de"}
RDF_FILES = sorted(
    p
    for p in RESOURCES.rglob("*")
    if p.suffix in {".ttl", ".trig"} and p.relative_to(RESOURCES).parts[0] not in THIRD_PARTY
)
AKTEURE_HEADER = DATA.joinpath("beispiel-flensburg-akteure.csv").read_text(encoding="utf-8").splitlines()[0]


def _akteure(rows: list[str]) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / "akteure.csv"
        path.write_text("\n".join([AKTEURE_HEADER, *rows]) + "\n", encoding="utf-8")
        return [str(path), "--mapping", "vorlage-akteure"]

    return make


def _shipped(file: str, mapping: str) -> Callable[[Path], list[str]]:
    return lambda tmp: [str(DATA / file), "--mapping", mapping]


def _geojson_latitude_999(tmp: Path) -> list[str]:
    data = json.loads((DATA / "kitas_in_flensburg.geojson").read_text(encoding="utf-8"))
    data["features"] = data["features"][:3]
    data["features"][1]["geometry"]["coordinates"] = [9.43, 999]
    path = tmp / "kitas.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return [str(path), "--mapping", "kitas-flensburg-geojson"]


def _ambiguous_postcode(tmp: Path) -> list[str]:
    """A mapping placing schools by postcode; one row's postcode spans several municipalities and no town helps."""
    table = REPO.parent / "shared" / "data" / "raw" / "plz_ort_landkreis" / "zuordnung_plz_ort_landkreis.csv"
    if not table.is_file():
        pytest.skip("PLZ table in ../shared not found")
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    plz_column = next(c for c in rows[0] if c.lower() == "plz")
    ags_column = next(c for c in rows[0] if "ags" in c.lower())
    by_plz: dict[str, set[str]] = {}
    for row in rows:
        by_plz.setdefault(row[plz_column], set()).add(row[ags_column])
    ambiguous = next(plz for plz, ags in sorted(by_plz.items()) if len(ags) > 1)
    (tmp / "schulen.yaml").write_text(
        "id: schulen-test\n"
        "source: {title: Testschulen, licence: 'https://creativecommons.org/publicdomain/zero/1.0/'}\n"
        "reader: {format: csv, required_columns: [Nr, Name, PLZ, Art]}\n"
        "value_maps:\n"
        "  arten:\n"
        "    GS: {types: [schema:ElementarySchool], actor_type: [grundschule]}\n"
        "entities:\n"
        "  - id: schule\n"
        "    iri: 'actor/test-{Nr}'\n"
        "    types: [org:Organization]\n"
        "    classify:\n"
        "      - {column: Art, map: arten}\n"
        "    properties:\n"
        "      - {p: rdfs:label, column: Name, lang: de, required: true}\n"
        "    municipality: {postcode: PLZ}\n",
        encoding="utf-8",
    )
    (tmp / "schulen.csv").write_text(f"Nr,Name,PLZ,Art\n1,Grundschule A,{ambiguous},GS\n", encoding="utf-8")
    return [str(tmp / "schulen.csv"), "--mapping", str(tmp / "schulen.yaml")]


TABLES: dict[str, Callable[[Path], list[str]]] = {
    "good-schools": _shipped("schulen_flensburg.csv", "schulen-flensburg"),
    "good-example-offers": _shipped("beispiel-flensburg-angebote.csv", "vorlage-angebote"),
    "sheet-with-empty-required-name": _akteure(["x-1,,vhs,,,,,,01001000,,,,", "x-2,VHS,vhs,,,,,,01001000,,,,"]),
    "sheet-with-unknown-actor-type": _akteure(["x-3,Verein,gibt-es-nicht,,,,,,01001000,,,,"]),
    "geojson-latitude-999": _geojson_latitude_999,
    "mapping-with-ambiguous-postcode": _ambiguous_postcode,
    "missing-file": lambda tmp: [str(tmp / "fehlt.csv"), "--mapping", "vorlage-angebote"],
    "empty-sheet": lambda tmp: (
        tmp.joinpath("leer.csv").write_text(""),
        [str(tmp / "leer.csv"), "--mapping", "vorlage-akteure"],
    )[1],
}


@pytest.fixture(scope="module")
def store_folder(demo_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agree") / "store"
    shutil.copytree(demo_store_path, folder)
    return folder


def _graphs(folder: Path) -> dict[str, int]:
    store = EmbeddedStore(folder)
    try:
        return {str(g.iri): g.triples for g in store.graphs() if not str(g.iri).endswith("/meta")}
    finally:
        store.close()


def _run(command: str, args: list[str], folder: Path, source_id: str) -> Result:
    return CliRunner().invoke(app, [command, *args, "--store", str(folder), "--source-id", source_id, "--json"])


def _findings(result: Result) -> object:
    """What the gate said: the JSON report without the write flag, or the one error message."""
    if result.exit_code == 2:
        return result.stderr.strip()
    report = json.loads(result.stdout)
    report.pop("landed")
    return report


def _agree(args: list[str], folder: Path, source_id: str) -> tuple[int, object]:
    before = _graphs(folder)
    checked = _run("validate", args, folder, source_id)
    assert _graphs(folder) == before, "validate wrote to the store"
    imported = _run("import", args, folder, source_id)
    assert checked.exit_code == imported.exit_code, (checked.output, imported.output)
    assert _findings(checked) == _findings(imported)
    assert (_graphs(folder) != before) == (imported.exit_code == 0) or not _findings(imported)
    if imported.exit_code != 0:
        assert _graphs(folder) == before, "a refused import changed the store"
    return imported.exit_code, _findings(imported)


@pytest.mark.parametrize("path", RDF_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rdf_files_agree(path: Path, store_folder: Path) -> None:
    code, findings = _agree([str(path)], store_folder, f"agree-{path.parent.name}-{path.stem}")
    if "invalid" in path.parts and "severity=Violation" in path.read_text(encoding="utf-8").splitlines()[0]:
        assert code == 1, findings


@pytest.mark.parametrize("case", sorted(TABLES))
def test_tables_agree(case: str, store_folder: Path, tmp_path: Path) -> None:
    code, findings = _agree(TABLES[case](tmp_path), store_folder, f"agree-{case}")
    expected = 0 if case.startswith("good-") else (2 if case in {"missing-file", "empty-sheet"} else 1)
    assert code == expected, findings
