"""The SPARQL 1.1 endpoint with real clients against a live uvicorn (SPARQLWrapper, rdflib SPARQLStore, httpx)."""

from __future__ import annotations

import csv
import io
import threading
import time

import httpx
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

ORGS = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?a a org:Organization ; rdfs:label ?label } ORDER BY ?label"""
EXPECTED = ["<script>alert(1)</script>", "Grundschule am Markt", "Kita Sonnenschein"]


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
    assert (None, None, __import__("rdflib").URIRef(sd + "UnionDefaultGraph")) in graph
    html = httpx.get(f"{base_url}/sparql", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")


def test_default_graph_uri_restricts_the_dataset(base_url: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    accept = {"Accept": "application/sparql-results+json"}
    union = httpx.get(f"{base_url}/sparql", params={"query": count}, headers=accept).json()
    only = httpx.get(
        f"{base_url}/sparql",
        params={"query": count, "default-graph-uri": "https://w3id.org/bildungsgraph/id/graph/landscape"},
        headers=accept,
    ).json()
    n_union = int(union["results"]["bindings"][0]["n"]["value"])
    n_only = int(only["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_only < n_union


def test_row_cap_is_signalled(base_url: str) -> None:
    response = httpx.get(
        f"{base_url}/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.headers["X-Result-Truncated"] == "true"
    assert response.headers["X-Result-Row-Cap"] == "5"
    assert len(response.json()["results"]["bindings"]) == 5


def test_small_results_are_not_marked_truncated(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", params={"query": ORGS})
    assert "X-Result-Truncated" not in response.headers


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
