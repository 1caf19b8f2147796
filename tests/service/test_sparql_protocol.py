"""The SPARQL 1.1 endpoint with real clients against a live uvicorn (SPARQLWrapper, rdflib SPARQLStore, httpx).

The store evaluates in query worker processes, as the service does by default.
"""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from graph_service.store.embedded import EmbeddedStore
from graph_service.store.query_workers import PoolLimits, QueryWorkers
from tests.service.conftest import load_landscape

ORGS = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?a a org:Organization ; rdfs:label ?label } ORDER BY ?label"""
EXPECTED = ["<script>alert(1)</script>", "Grundschule am Markt", "Kita Sonnenschein"]
LANDSCAPE = "https://w3id.org/bildungsgraph/id/graph/landscape"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def service_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The conftest's landscape, evaluated in worker processes (overrides the in-process store)."""
    workers = QueryWorkers(PoolLimits(slots=4, max_workers=8, slow_after_s=1.0))
    store = EmbeddedStore(tmp_path_factory.mktemp("svc-workers") / "store", workers=workers)
    load_landscape(store)
    yield store
    store.close()


def _count(base_url: str, query: str = COUNT, **params: str) -> int:
    response = httpx.get(f"{base_url}/sparql", params={"query": query, **params}, headers=SPARQL_JSON)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _wrapper(base_url: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{base_url}/sparql")
    sparql.setQuery(ORGS)
    sparql.setReturnFormat(fmt)
    return sparql


def test_sparqlwrapper_json(base_url: str) -> None:
    result = _wrapper(base_url, JSON).queryAndConvert()
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == EXPECTED
    assert result["results"]["bindings"][1]["label"]["xml:lang"] == "de"


def test_sparqlwrapper_xml(base_url: str) -> None:
    document = _wrapper(base_url, XML).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == EXPECTED


def test_sparqlwrapper_csv(base_url: str) -> None:
    text = _wrapper(base_url, CSV).queryAndConvert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["label"], *[[x] for x in EXPECTED]]


def test_sparqlwrapper_tsv(base_url: str) -> None:
    text = _wrapper(base_url, TSV).queryAndConvert().decode("utf-8")
    lines = text.strip().split("\n")
    assert lines[0] == "?label"
    assert lines[1:] == [f'"{x}"@de' for x in EXPECTED]


def test_rdflib_sparqlstore(base_url: str) -> None:
    graph = Graph(store=SPARQLStore(f"{base_url}/sparql"))
    labels = sorted(str(row[0]) for row in graph.query(ORGS))
    assert labels == sorted(EXPECTED)


def test_post_forms_and_direct_body_agree(base_url: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_form = httpx.post(f"{base_url}/sparql", data={"query": ORGS}, headers=accept).json()
    direct = httpx.post(
        f"{base_url}/sparql", content=ORGS, headers={**accept, "Content-Type": "application/sparql-query"}
    ).json()
    by_get = httpx.get(f"{base_url}/sparql", params={"query": ORGS}, headers=accept).json()
    assert by_form == direct == by_get


def test_construct_negotiates_rdf_formats(base_url: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <http://www.w3.org/ns/org#Organization> ; ?p ?o }"
    for media, fmt in [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")]:
        response = httpx.get(f"{base_url}/sparql", params={"query": query}, headers={"Accept": media})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert len(Graph().parse(data=response.text, format=fmt)) > 5


def test_accept_q_values_and_format_override(base_url: str) -> None:
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    response = httpx.get(f"{base_url}/sparql", params={"query": ORGS}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    response = httpx.get(f"{base_url}/sparql", params={"query": ORGS, "format": "csv"}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/csv")


def test_unacceptable_format_is_406(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", params={"query": ORGS}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_syntax_error_is_400_with_parser_message(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", params={"query": "SELEKT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "syntax" in response.json()["detail"].lower()


def test_service_description_without_query(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, None, URIRef(sd + "UnionDefaultGraph")) in graph
    html = httpx.get(f"{base_url}/sparql", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")


def test_default_graph_uri_restricts_the_dataset(base_url: str) -> None:
    assert 0 < _count(base_url, **{"default-graph-uri": LANDSCAPE}) < _count(base_url)


def test_from_in_the_query_text_chooses_the_dataset(base_url: str) -> None:
    """Regression (issue 17, finding 5): FROM was ignored and the whole store counted."""
    union = _count(base_url)
    from_landscape = _count(base_url, f"SELECT (COUNT(*) AS ?n) FROM <{LANDSCAPE}> WHERE {{ ?s ?p ?o }}")
    assert 0 < from_landscape < union
    assert from_landscape == _count(base_url, **{"default-graph-uri": LANDSCAPE})
    only_named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{LANDSCAPE}> WHERE {{ ?s ?p ?o }}"
    assert _count(base_url, only_named) == 0, "FROM NAMED alone: the default graph is empty (SPARQL 1.1, 13.2)"
    in_graphs = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{LANDSCAPE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _count(base_url, in_graphs) == from_landscape


def test_the_protocol_graphs_override_from(base_url: str) -> None:
    """SPARQL 1.1 Protocol 2.1.4: default-graph-uri / named-graph-uri win over FROM / FROM NAMED."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{LANDSCAPE}> WHERE {{ ?s ?p ?o }}"
    ontology = "https://w3id.org/bildungsgraph/id/graph/ontology"
    assert _count(base_url, query, **{"default-graph-uri": ontology}) == _count(
        base_url, **{"default-graph-uri": ontology}
    )


def test_a_result_over_the_row_cap_is_an_error_not_a_shorter_200(base_url: str) -> None:
    """Regression (finding 5): the cap truncated with only a header, and clients counted the shortened rows."""
    response = httpx.get(f"{base_url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=SPARQL_JSON)
    assert response.status_code == 422
    assert "5 Zeilen" in response.json()["detail"] and "LIMIT" in response.json()["detail"]
    english = httpx.get(f"{base_url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "lang": "en"})
    assert "more than 5 rows" in english.json()["detail"]
    paged = httpx.get(
        f"{base_url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}, headers=SPARQL_JSON
    )
    assert paged.status_code == 200 and len(paged.json()["results"]["bindings"]) == 5


def test_small_results_are_whole_and_unmarked(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", params={"query": ORGS})
    assert response.status_code == 200 and "X-Result-Truncated" not in response.headers


ONE_LINE_CONSTRUCT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?a rdfs:label ?l } "
    "WHERE { ?a a <http://www.w3.org/ns/org#Organization> ; rdfs:label ?l }"
)


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/sparql-results+json, text/turtle;q=0.5", "text/turtle", "turtle"),
    ],
)
def test_a_one_line_construct_with_a_prefix_is_rdf(base_url: str, accept: str | None, media: str, fmt: str) -> None:
    """Regression (issue 16): the regex took the ``#`` of the PREFIX IRI for a comment, answered N-Triples
    labelled application/sparql-results+json, and 406 for Accept: text/turtle."""
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{base_url}/sparql", params={"query": ONE_LINE_CONSTRUCT}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    labels = {str(o) for o in Graph().parse(data=response.text, format=fmt).objects()}
    assert labels == set(EXPECTED)


def test_the_result_kind_decides_what_is_acceptable(base_url: str) -> None:
    turtle_only = httpx.get(f"{base_url}/sparql", params={"query": ORGS}, headers={"Accept": "text/turtle"})
    assert turtle_only.status_code == 406
    results_only = httpx.get(f"{base_url}/sparql", params={"query": ONE_LINE_CONSTRUCT}, headers=SPARQL_JSON)
    assert results_only.status_code == 406
    ask = httpx.get(f"{base_url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert ask.status_code == 200 and ask.headers["content-type"].startswith("text/csv")


def test_cors_for_reads(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", params={"query": ORGS}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_oversized_query_is_413(base_url: str) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    assert httpx.post(f"{base_url}/sparql", data={"query": big}).status_code == 413


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403)],
)
def test_update_needs_the_token(base_url: str, headers: dict[str, str], status: int) -> None:
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 'x' } }"
    response = httpx.post(
        f"{base_url}/sparql", content=update, headers={**headers, "Content-Type": "application/sparql-update"}
    )
    assert response.status_code == status
    ask = httpx.get(f"{base_url}/sparql", params={"query": "ASK { GRAPH <urn:x:g> { ?s ?p ?o } }"}).json()
    assert ask["boolean"] is False


def test_update_with_token_then_removed(base_url: str) -> None:
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/sparql-update"}
    insert = "INSERT DATA { GRAPH <urn:x:tmp> { <urn:x:a> <urn:x:p> 'x' } }"
    assert httpx.post(f"{base_url}/sparql", content=insert, headers=auth).status_code == 204
    ask = "ASK { GRAPH <urn:x:tmp> { ?s ?p ?o } }"
    assert httpx.get(f"{base_url}/sparql", params={"query": ask}).json()["boolean"] is True
    assert httpx.post(f"{base_url}/sparql", content="DROP GRAPH <urn:x:tmp>", headers=auth).status_code == 204
    assert httpx.get(f"{base_url}/sparql", params={"query": ask}).json()["boolean"] is False


def test_pathological_query_times_out_while_others_are_served(base_url: str) -> None:
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["status"] = httpx.get(f"{base_url}/sparql", params={"query": cross}, timeout=60).status_code
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    quick = httpx.get(f"{base_url}/sparql", params={"query": ORGS}, timeout=10)
    quick_seconds = time.monotonic() - started
    thread.join(timeout=60)
    assert quick.status_code == 200
    assert quick_seconds < 1.5
    assert slow["status"] == 503
    assert float(slow["seconds"]) < 10  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [10, (1 << 20) + 1, 3 * (256 << 10) + 7])
def test_large_results_are_streamed_whole_with_their_length(size: int) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from graph_service.web.routers.sparql import _Body

    payload = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    app = FastAPI()

    @app.get("/r")
    def result() -> object:
        body = _Body()
        body.write(payload[: size // 2])
        body.write(payload[size // 2 :])
        return body.response("application/sparql-results+json", {"X-Query-Time-Ms": "1"})

    response = TestClient(app).get("/r")
    assert response.content == payload
    assert response.headers["content-length"] == str(size)
    assert response.headers["x-query-time-ms"] == "1"
