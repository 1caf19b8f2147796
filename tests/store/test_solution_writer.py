"""The direct pyoxigraph SELECT writer: every format parses back (with rdflib's parsers) to the same solutions."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Variable

from graph_service.store.base import QueryTimeout
from graph_service.store.solution_writer import write_solutions

DATA = """
PREFIX ex: <http://example.org/>
INSERT DATA {
  ex:a ex:p "Kita \\"Sonne\\"\\tund\\nMond <&>"@de .
  ex:b ex:p 42 .
  ex:c ex:p "plain" .
  ex:d ex:p "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .
  ex:e ex:p _:node .
  ex:f ex:p "Grüße, \\"Zitat\\""@de .
}
"""
QUERY = "SELECT ?s ?o ?unbound WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
VAR_S, VAR_O = Variable("s"), Variable("o")
PARSERS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/tab-separated-values": "tsv",
}


@pytest.fixture()
def store() -> ox.Store:
    store = ox.Store()
    store.update(DATA)
    return store


def _written(store: ox.Store, media_type: str, **kwargs: object) -> tuple[bytes, bool]:
    out = io.BytesIO()
    truncated = write_solutions(store.query(QUERY), media_type, out, **kwargs)  # type: ignore[arg-type]
    return out.getvalue(), truncated


@pytest.mark.parametrize("media_type", sorted(PARSERS))
def test_each_format_parses_back_to_the_same_terms(store: ox.Store, media_type: str) -> None:
    body, truncated = _written(store, media_type)
    result = Result.parse(io.BytesIO(body), format=PARSERS[media_type])
    rows = [(row.get(VAR_S), row.get(VAR_O), row.get(Variable("unbound"))) for row in result.bindings]
    assert not truncated
    assert [str(v) for v in result.vars] == ["s", "o", "unbound"]
    assert rows[0] == (URIRef("http://example.org/a"), Literal('Kita "Sonne"\tund\nMond <&>', lang="de"), None)
    assert rows[1][1] == Literal("42", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
    assert rows[2][1] == Literal("plain")
    assert rows[3][1] == Literal("2024-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert isinstance(rows[4][1], BNode)
    assert rows[5][1] == Literal('Grüße, "Zitat"', lang="de")


def test_csv_quotes_commas_quotes_and_newlines(store: ox.Store) -> None:
    body, _ = _written(store, "text/csv")
    result = Result.parse(io.BytesIO(body), format="csv")
    values = [str(row.get(VAR_O)) for row in result.bindings]
    assert values[0] == 'Kita "Sonne"\tund\nMond <&>'
    assert values[5] == 'Grüße, "Zitat"'
    assert values[4].startswith("_:")
    assert body.splitlines()[0] == b"s,o,unbound"


def test_row_cap_truncates_and_says_so(store: ox.Store) -> None:
    body, truncated = _written(store, "application/sparql-results+json", row_cap=2)
    assert truncated
    assert len(Result.parse(io.BytesIO(body), format="json").bindings) == 2
    _, exact = _written(store, "application/sparql-results+json", row_cap=6)
    assert not exact


def test_deadline_stops_a_long_result() -> None:
    store = ox.Store()
    store.update("INSERT DATA { " + " ".join(f"<http://e/{i}> <http://p> {i} ." for i in range(300)) + " }")
    cross = "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"  # 27 million rows
    with pytest.raises(QueryTimeout):
        write_solutions(store.query(cross), "text/csv", io.BytesIO(), timeout=0.2)
