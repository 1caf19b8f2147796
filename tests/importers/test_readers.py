"""Readers: dialects, encodings, BOM, CRLF, tabs, duplicate headers, broken rows, numbers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from importers.readers import ReaderError, ReaderOptions, read_records, sniff_delimiter
from importers.values import CellValueError, parse_decimal, parse_integer


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" 90 164", Decimal(90164)),
        ("53.02", Decimal("53.02")),
        ("9,43751", Decimal("9.43751")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234.567", Decimal(1234567)),
        (7, Decimal(7)),
    ],
)
def test_parse_decimal(text: object, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "nan", "inf", "12.5x"])
def test_bad_numbers_raise_cell_value_error(text: str) -> None:
    with pytest.raises(CellValueError):
        parse_decimal(text)


def test_parse_integer_rejects_fractions() -> None:
    assert parse_integer(" 1 701") == 1701
    with pytest.raises(CellValueError):
        parse_integer("12,5")


def test_bom_crlf_semicolon_and_null_markers(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "\ufeffName;Zahl\r\nA;-\r\nB; 90 164\r\n".encode())
    records = list(read_records(path))
    assert [r.row for r in records] == [2, 3]
    assert records[0].data == {"Name": "A", "Zahl": None}
    assert records[1].data["Zahl"] == "90 164"


def test_tabs_inside_fields_and_padding_are_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", b'Name,Tel\n"Schule   ","\t(02641)34778\t"\n')
    assert next(iter(read_records(path))).data == {"Name": "Schule", "Tel": "(02641)34778"}


def test_duplicate_headers_are_renamed(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", b"Ort,Plz,Ort\nA,1,B\n")
    assert next(iter(read_records(path))).data == {"Ort": "A", "Plz": "1", "Ort#2": "B"}


def test_too_many_cells_is_a_row_problem_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", b"a,b\n1,2\n1,2,3\n")
    records = list(read_records(path))
    assert records[0].problem is None
    assert "3 Zellen statt 2" in (records[1].problem or "")


def test_windows_1252_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", "Straße,Ort\nHauptstraße 1,Köln\n".encode("cp1252"))
    assert next(iter(read_records(path))).data == {"Straße": "Hauptstraße 1", "Ort": "Köln"}


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", b"a,b\n1,2\n")
    with pytest.raises(ReaderError, match=r"m\.csv.*Spalte\(n\) fehlen: c"):
        list(read_records(path, ReaderOptions(required_columns=["c"])))


@pytest.mark.parametrize(
    ("header", "delimiter"), [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x,y";b;c', ";")]
)
def test_sniff_delimiter(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header + "\n1,2,3\n") == delimiter


def test_json_and_geojson(tmp_path: Path) -> None:
    j = write(tmp_path, "a.json", json.dumps([{"id": 1, "address": {"town": " Kiel "}}, 5]).encode())
    records = list(read_records(j))
    assert records[0].data == {"id": 1, "address.town": "Kiel"}
    assert records[1].problem
    geo = {
        "type": "FeatureCollection",
        "features": [{"geometry": {"type": "Point", "coordinates": [9.4, 54.7]}, "properties": {"n": "x"}}],
    }
    g = write(tmp_path, "a.geojson", json.dumps(geo).encode())
    assert next(iter(read_records(g))).data == {"n": "x", "geometry.lon": 9.4, "geometry.lat": 54.7}


def test_broken_json_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "b.json", b'[{"a": 1},\n{"b": }]')
    with pytest.raises(ReaderError, match=r"b\.json.*Zeile 2"):
        list(read_records(path))


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Zahl"])
    sheet.append(["A", 3])
    sheet.append([None, None])
    sheet.append(["B", "4,5"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    records = list(read_records(path))
    assert [(r.row, r.data["Name"]) for r in records] == [(2, "A"), (4, "B")]


def test_missing_file_is_a_reader_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="nicht gefunden"):
        list(read_records(tmp_path / "nope.csv"))
