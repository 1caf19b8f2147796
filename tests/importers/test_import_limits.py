"""Import limits (issue 17, finding 7): hostile files are refused before parsing, with one message and exit 2.

Each test fails on a build without the limits: the 205 KB workbook with one 200 MB cell and the one with 200 MB of
empty rows used to import with exit 0 (3.1 GB RSS), a 400,000-level JSON raised RecursionError inside the parser.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.settings import Settings
from importers import run_mapping
from importers.readers import ReaderOptions, ReadLimits, TooLarge, json_depth, open_table

CHUNK = 1 << 20


def _workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Daten"
    sheet.append(["Kennung", "Name", "Akteurstyp"])
    sheet.append(["a1", "PLATZHALTER", "kita"])
    book.save(path)


def _rewrite(path: Path, member: str, chunks) -> None:
    """Copy the workbook, replacing one member by streamed chunks (deflated: 200 MB of one letter is ~200 KB)."""
    source = zipfile.ZipFile(path)
    target_path = path.with_suffix(".tmp")
    with zipfile.ZipFile(target_path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename == member:
                with target.open(member, "w", force_zip64=True) as out:
                    for chunk in chunks:
                        out.write(chunk)
            else:
                target.writestr(info, source.read(info.filename))
    source.close()
    target_path.replace(path)


@pytest.fixture(scope="module")
def huge_cell_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "eine-zelle.xlsx"
    _workbook(path)
    text = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")  # openpyxl writes inline strings
    head, tail = text.split(b"PLATZHALTER")
    _rewrite(path, "xl/worksheets/sheet1.xml", [head, *([b"a" * CHUNK] * 200), tail])
    return path


@pytest.fixture(scope="module")
def empty_rows_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "leere-zeilen.xlsx"
    _workbook(path)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"</sheetData>")
    rows = b"".join(b'<row r="%d"/>' % n for n in range(3, 3 + 20_000))
    _rewrite(path, "xl/worksheets/sheet1.xml", [head, *([rows] * 700), b"</sheetData>", tail])
    return path


def _import(path: Path, tmp: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["import", str(path), "--mapping", "vorlage-akteure", "--store", str(tmp / "s"), *extra]
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return result.exit_code, lines[0]


def test_a_small_workbook_with_a_200_mb_cell_is_refused_from_its_zip_directory(
    huge_cell_xlsx: Path, tmp_path: Path
) -> None:
    assert huge_cell_xlsx.stat().st_size < 1_000_000
    code, line = _import(huge_cell_xlsx, tmp_path)
    assert code == 2
    assert line.startswith("Fehler: eine-zelle.xlsx: Datei zu groß: 200.") and "BILDUNGSGRAPH_IMPORT_MAX_BYTES" in line


def test_a_workbook_with_200_mb_of_empty_rows_is_refused(empty_rows_xlsx: Path, tmp_path: Path) -> None:
    code, line = _import(empty_rows_xlsx, tmp_path, "--lang", "en")
    assert code == 2 and line.startswith("Error: leere-zeilen.xlsx: file too large:")


def test_a_workbook_whose_dimension_claims_too_many_rows_is_refused_unparsed(tmp_path: Path) -> None:
    path = tmp_path / "dim.xlsx"
    _workbook(path)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'ref="A1:C2"', b'ref="A1:C1048576"')
    _rewrite(path, "xl/worksheets/sheet1.xml", [sheet])
    with pytest.raises(TooLarge, match="zu viele Zeilen: 1,048,575"):
        open_table(path, ReaderOptions(limits=ReadLimits(max_rows=1000)))


def test_csv_cell_longer_than_the_limit_makes_its_row_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "lang.csv"
    path.write_text("Nummer,Name\n1,kurz\n2," + "x" * 2000 + "\n3,auch kurz\n", encoding="utf-8")
    records = list(open_table(path, ReaderOptions(limits=ReadLimits(max_cell_chars=1000))).records)
    assert [r.problem for r in records] == [None, "Zeile nicht lesbar: eine Zelle ist länger als 1,000 Zeichen", None]


def test_csv_with_more_rows_than_allowed_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "viele.csv"
    path.write_text("Nummer,Name\n" + "".join(f"{i},n\n" for i in range(101)), encoding="utf-8")
    settings = Settings(import_max_rows=100, _env_file=None)
    with pytest.raises(TooLarge, match="zu viele Zeilen: 101, erlaubt sind 100"):
        run_mapping(path, "vorlage-akteure", settings)


def test_file_size_limit_applies_to_csv_and_json(tmp_path: Path) -> None:
    path = tmp_path / "gross.json"
    path.write_text(json.dumps([{"id": i} for i in range(2000)]), encoding="utf-8")
    with pytest.raises(TooLarge, match="Datei zu groß"):
        open_table(path, ReaderOptions(format="json", limits=ReadLimits(max_bytes=10_000)))


def test_json_nesting_is_refused_with_a_message_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "tief.json"
    path.write_text("[" * 400_000 + "]" * 400_000, encoding="utf-8")
    with pytest.raises(TooLarge, match="JSON zu tief verschachtelt") as info:
        open_table(path, ReaderOptions(format="json"))
    assert "BILDUNGSGRAPH_IMPORT_MAX_JSON_DEPTH" in info.value.describe("de")


def test_json_depth_skips_brackets_inside_strings() -> None:
    assert json_depth('[{"a": "[[[[{{{{"}, [1, [2]]]', 100) == 3


def test_geojson_nan_coordinates_are_rejected_per_row(tmp_path: Path) -> None:
    kitas = Path(__file__).resolve().parents[2] / "importers" / "data" / "kitas_in_flensburg.geojson"
    data = json.loads(kitas.read_text(encoding="utf-8"))
    data["features"] = data["features"][:3]
    data["features"][1]["geometry"]["coordinates"] = [float("nan"), 54.7]
    path = tmp_path / "kitas.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_mapping(path, "kitas-flensburg-geojson", Settings(_env_file=None))
    assert result.counts == {"imported": 2, "rejected": 1}
    assert "NaN" in (result.outcomes[1].message or "")
