"""Competency questions: every ``cq-*.rq`` answers its question on the seed graph or the hand-made fixture.

Data-driven: each query has ``tests/resources/competency/<query-id>.json`` with one or more cases::

    {"cases": [{"dataset": "seed" | "fixture", "bindings": {"county": "<iri>"},
                "columns": ["countyLabel", ...], "rows": [["Landkreis Börde", ...], ...]}]}

Rows are compared as sorted lists of strings (IRIs as text, literals by lexical form, unbound as null).
The datasets are loaded into an in-memory Oxigraph store as named graphs (seed or fixture + ontology and
vocabularies), and the queries run on the union default graph, as in the service.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier

from graph_service.core.data_files import ontology_dir
from graph_service.queries import SavedQuery, SavedQueryError, get_query, list_queries
from graph_service.store.embedded import EmbeddedStore
from tests.support.virtuoso import VirtuosoServer

REPO_ROOT = Path(__file__).resolve().parents[2]
EXPECTED_DIR = REPO_ROOT / "tests" / "resources" / "competency"
SEED_GRAPH = REPO_ROOT / "ontology" / "examples" / "seed-counties.ttl"
FIXTURE_GRAPH = EXPECTED_DIR / "fixture-landscape.ttl"
BASE = "https://w3id.org/bildungsgraph/id/"
DATASETS = {"seed": (SEED_GRAPH, f"{BASE}graph/seed-counties"), "fixture": (FIXTURE_GRAPH, f"{BASE}graph/test-fixture")}

QUERIES = list_queries(prefix="cq-")


def ontology_files() -> list[Path]:
    """Ontology and vocabulary Turtle files (everything under ontology/ except the examples)."""
    root = ontology_dir()
    return sorted(p for p in root.rglob("*.ttl") if "examples" not in p.relative_to(root).parts)


def load_store(dataset: str) -> EmbeddedStore:
    """An in-memory store with one dataset and the ontology/vocabularies, each in its own named graph."""
    store = EmbeddedStore(None)
    data_path, graph_iri = DATASETS[dataset]
    store.add_triples(URIRef(graph_iri), Graph().parse(data_path, format="turtle"))
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path, format="turtle")
    store.add_triples(URIRef(f"{BASE}graph/ontology"), ontology)
    return store


@pytest.fixture(scope="module")
def stores() -> dict[str, EmbeddedStore]:
    stores = {name: load_store(name) for name in DATASETS}
    has_vocab = "ASK { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(STRSTARTS(STR(?c), '%s')) }"
    if not stores["seed"].ask(has_vocab % "https://w3id.org/bildungsgraph/vocab/lebensphase/"):
        pytest.skip("concept schemes (ontology/) not written yet: competency answers need their labels")
    return stores


def cell(term: Identifier | None) -> str | None:
    """One result cell as text (None when unbound)."""
    return None if term is None else str(term)


def run(store: EmbeddedStore, query: SavedQuery, bindings: dict[str, str], columns: list[str]) -> list[list[Any]]:
    """Rows of the query's answer, restricted to ``columns``, in the query's order."""
    result = store.select(query.bind(**bindings))
    unknown = set(columns) - set(result.variables)
    assert not unknown, f"{query.id}: expected columns not in the query: {unknown}"
    return [[cell(row.get(c)) for c in columns] for row in result.rows]


def _sorted(rows: list[list[Any]]) -> list[list[Any]]:
    return sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False))


def test_there_are_at_least_fifteen_competency_queries() -> None:
    assert len(QUERIES) >= 15


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_query_is_plain_sparql_over_the_union_graph(query: SavedQuery) -> None:
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"^\s*FROM\b", body, re.IGNORECASE | re.MULTILINE), "no FROM: queries use the union graph"
    prepareQuery(body)  # a second SPARQL 1.1 parser (rdflib) besides Oxigraph
    for text in (query.title_de, query.title_en, query.description_de, query.description_en):
        assert len(text) > 10


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_query_answers_its_question(query: SavedQuery, stores: dict[str, EmbeddedStore]) -> None:
    expected_path = EXPECTED_DIR / f"{query.id}.json"
    assert expected_path.is_file(), f"expected answer missing: {expected_path.name}"
    cases = json.loads(expected_path.read_text(encoding="utf-8"))["cases"]
    assert cases
    for case in cases:
        rows = run(stores[case["dataset"]], query, case.get("bindings", {}), case["columns"])
        expected = case["rows"]
        if case.get("ordered"):
            assert rows == expected, f"{query.id} on {case['dataset']}"
        else:
            assert _sorted(rows) == _sorted(expected), f"{query.id} on {case['dataset']}"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_query_runs_with_its_defaults(query: SavedQuery, stores: dict[str, EmbeddedStore]) -> None:
    for store in stores.values():
        store.select(query.text)


# -- the loader (graph_service.queries) --------------------------------------------------------------------

HEADER = """# title@de: Wer koordiniert?
# title@en: Who coordinates?
# description@de: Erste Zeile
#   und Fortsetzung.
# description@en: First line
#   and continuation.
# param ?county: IRI des Kreises
# source: example
SELECT * WHERE { VALUES ?county { <https://example.org/a> } ?s ?p ?county }
"""


def test_loader_reads_fields_continuations_and_parameters(tmp_path: Path) -> None:
    (tmp_path / "cq-99-example.rq").write_text(HEADER, encoding="utf-8")
    (query,) = list_queries(prefix="cq-", directory=tmp_path)
    assert query.id == "cq-99-example"
    assert (query.title_de, query.title_en) == ("Wer koordiniert?", "Who coordinates?")
    assert query.description_de == "Erste Zeile und Fortsetzung."
    assert query.description("en") == "First line and continuation."
    assert query.parameters == {"county": "IRI des Kreises"}
    assert query.extra == {"source": "example"}


def test_binding_replaces_only_the_values_block(tmp_path: Path) -> None:
    (tmp_path / "cq-99-example.rq").write_text(HEADER, encoding="utf-8")
    query = get_query("cq-99-example", directory=tmp_path)
    bound = query.bind(county=["https://example.org/b", URIRef("https://example.org/c")])
    assert "VALUES ?county { <https://example.org/b> <https://example.org/c> }" in bound
    assert "<https://example.org/a>" not in bound
    with pytest.raises(KeyError):
        query.bind(municipality="https://example.org/x")


def test_loader_rejects_missing_titles_and_undeclared_blocks(tmp_path: Path) -> None:
    (tmp_path / "cq-98-bad.rq").write_text("# title@de: Nur deutsch\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(SavedQueryError, match="title@en"):
        list_queries(directory=tmp_path)
    (tmp_path / "cq-98-bad.rq").write_text(HEADER.replace("VALUES ?county", "VALUES ?other"), encoding="utf-8")
    with pytest.raises(SavedQueryError, match=r"\?county"):
        list_queries(directory=tmp_path)


def test_get_query_refuses_paths(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        get_query("../secrets", directory=tmp_path)


def test_shipped_query_parameters_have_defaults() -> None:
    declared = {q.id: set(q.parameters) for q in QUERIES if q.parameters}
    assert declared["cq-02-who-coordinates-county"] == {"county"}
    assert declared["cq-03-life-phases-without-offer"] == {"municipality"}


# -- the same answers from Virtuoso (the real SPARQL server for scale-out) -----------------------------------


def load_only(server: VirtuosoServer, graph: Graph) -> None:
    """Replace everything in ``server`` with ``graph`` (one named graph), through Virtuoso's own loader."""
    path = server.folder / "data.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    server.isql("RDF_GLOBAL_RESET();")
    server.isql(f"DB.DBA.TTLP_MT(file_to_string_output('{path}'), '', 'urn:test:data', 0);")


@pytest.fixture(scope="module")
def virtuoso(empty_virtuoso: VirtuosoServer) -> VirtuosoServer:
    """The run's one Virtuoso (loading resets the whole database)."""
    return empty_virtuoso


@pytest.mark.virtuoso
@pytest.mark.slow
def test_queries_give_the_same_answers_on_virtuoso(virtuoso: VirtuosoServer, stores: dict[str, EmbeddedStore]) -> None:
    for dataset in DATASETS:
        load_only(
            virtuoso,
            stores[dataset].graph(URIRef(DATASETS[dataset][1]))
            + stores[dataset].graph(URIRef(f"{BASE}graph/ontology")),
        )
        for query in QUERIES:
            for case in json.loads((EXPECTED_DIR / f"{query.id}.json").read_text(encoding="utf-8"))["cases"]:
                if case["dataset"] != dataset:
                    continue
                bindings = virtuoso.select(query.bind(**case.get("bindings", {})))["results"]["bindings"]
                rows = [[b.get(c, {}).get("value") for c in case["columns"]] for b in bindings]
                assert _sorted(rows) == _sorted(case["rows"]), f"{query.id} on {dataset} (Virtuoso)"
