"""Property-based tests: malformed rows never crash the importer, and every row is accounted for."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.core.settings import Settings
from importers import ReaderError, run_mapping
from importers.mapping import Mapping
from importers.readers import read_records

MAPPING = Mapping.model_validate(
    {
        "id": "prop-test",
        "source": {"title": "t", "licence": "CC0"},
        "reader": {"format": "csv", "optional_columns": ["Zahl", "Fläche", "Leitung"]},
        "personal_data": ["Leitung"],
        "entities": [
            {
                "id": "x",
                "iri": "actor/x-{Nummer}",
                "types": ["org:Organization"],
                "properties": [
                    {"p": "rdfs:label", "column": "Name", "lang": "de", "required": True},
                    {"p": "bg:population", "column": "Zahl", "datatype": "integer"},
                    {"p": "bg:area", "column": "Fläche", "datatype": "decimal"},
                ],
            }
        ],
    }
)
HEADER = ["Nummer", "Name", "Zahl", "Fläche", "Leitung"]
SETTINGS = Settings(_env_file=None)

cell = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["-", "", " 90 164", "9,43751", "1.234,5", "abc", '"', "\t x \t", "a;b", "a,b", "\r\n", "12.5"]),
)
row = st.lists(cell, min_size=0, max_size=7)


def write(tmp: Path, rows: list[list[str]], delimiter: str, bom: bool, crlf: bool) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows([HEADER, *rows])
    path = tmp / "in.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(row, max_size=15), delimiter=st.sampled_from([",", ";", "\t"]), bom=st.booleans(), crlf=st.booleans()
)
def test_wellformed_csv_with_messy_cells(
    tmp_path: Path, rows: list[list[str]], delimiter: str, bom: bool, crlf: bool
) -> None:
    path = write(tmp_path, rows, delimiter, bom, crlf)
    try:
        result = run_mapping(path, MAPPING, SETTINGS)
    except ReaderError:
        return  # a whole-file problem with a message (e.g. the delimiter cannot be recognised)
    c = result.counts
    assert set(c) <= {"imported", "merged", "rejected", "filtered"}
    assert sum(c.values()) == result.rows_read == len(list(read_records(path)))
    assert all(o.message for o in result.outcomes if o.status == "rejected")
    imported_iris = {o.iris[0] for o in result.outcomes if o.status == "imported"}
    assert len(imported_iris) == c["imported"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"Nummer,Name,Zahl\n" + raw)
    try:
        result = run_mapping(path, MAPPING, SETTINGS)
    except ReaderError as exc:
        assert "junk.csv" in str(exc)
        return
    assert sum(result.counts.values()) == result.rows_read


@pytest.mark.parametrize(
    ("content", "rejected"),
    [
        (b"Nummer,Name,Zahl\n1,A,12\n2,B,zwoelf\n", 1),  # bad number
        (b"Nummer,Name,Zahl\n1,A,1\n2,B,2,3,4\n", 1),  # too many cells
        (b'Nummer,Name,Zahl\n1,"A,1\n2,B,2\n', 1),  # broken quoting swallows the rest
        (b"Nummer,Name,Zahl\n1,,1\n", 1),  # required name missing
        (b"Nummer,Name,Zahl\r\n1,A,\t90 164\t\r\n", 0),  # CRLF, tabs, blank thousands separator
    ],
)
def test_malformed_rows_are_rejected_with_a_reason(tmp_path: Path, content: bytes, rejected: int) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(content)
    result = run_mapping(path, MAPPING, SETTINGS)
    assert result.counts["rejected"] == rejected
    assert sum(result.counts.values()) == result.rows_read


def test_personal_data_never_reaches_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Nummer,Name,Leitung\n1,Schule A,Erika Mustermann\n2,Erika Muster,Erika Muster\n", encoding="utf-8")
    result = run_mapping(path, MAPPING, SETTINGS)
    assert result.counts == {"imported": 1, "rejected": 1}  # row 3 would copy the head's name into the graph
    literals = {str(o) for o in result.graph.objects()}
    assert "Erika Mustermann" not in literals and "Erika Muster" not in literals
