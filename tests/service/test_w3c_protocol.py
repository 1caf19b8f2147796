"""The W3C SPARQL 1.1 Protocol test cases, encoded by hand from the manifest of the public w3c/rdf-tests
repository (``sparql/sparql11/protocol/manifest.ttl``; same names, requests and expected outcomes).

They run against a live uvicorn over a store of their own holding the manifest's three data graphs; the update
cases send the bearer token. Cases we deliberately do not meet are listed in ``NOT_MET`` with the reason and
in docs/linked-data.md; they run too and must keep failing the same way (so the list stays true).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from tests.support.live_server import live_server

DATA = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = URIRef("http://xmlns.com/foaf/0.1/Document")
TOKEN = "w3c-protocol"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
DC = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"

#: case name -> why we do not meet it (docs/linked-data.md repeats this list)
NOT_MET = {
    "update_dataset_default_graph": "USING via using-graph-uri is refused with 400, not applied",
    "update_dataset_default_graphs": "USING via using-graph-uri is refused with 400, not applied",
    "update_dataset_named_graphs": "USING NAMED via using-named-graph-uri is refused with 400, not applied",
    "update_dataset_full": "using-graph-uri / using-named-graph-uri are refused with 400, not applied",
}


@dataclass
class Step:
    """One HTTP request of a case and what the manifest expects of its response."""

    method: str
    params: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    content_type: str | None = None
    status: str = "2xx"  # "2xx" (2xx or 3xx in the manifest) or "4xx"
    result: str | None = None  # "boolean", "tabular", "RDF"
    boolean: bool | None = None


def q(text: str) -> bytes:
    return text.encode("utf-8")


def form(**fields: str) -> bytes:
    return "&".join(f"{k}={quote(v)}" for k, v in fields.items()).encode()


def dataset(kind: str, *names: str) -> list[tuple[str, str]]:
    return [(kind, f"{DATA}{name}.rdf") for name in names]


D0 = dataset("default-graph-uri", "data0")
ASK_1_2 = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}"
ASK_FULL = (
    f"ASK {{\n  <{DATA}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}"
)
INSERT_123 = (
    "INSERT DATA {\n"
    + "".join(f"  GRAPH <{DATA}data{i}.rdf> {{ <{DATA}data{i}.rdf> a foaf:Document }}\n" for i in (1, 2, 3))
    + "} ;\n"
)


def _update_dataset(test_graph: str, params: list[tuple[str, str]], where: str, check: str) -> list[Step]:
    update = f"{DC}DROP ALL ;\n{INSERT_123}INSERT {{ GRAPH <{test_graph}> {{ {where.split('|')[0]} }} }}"
    update += f"\nWHERE {{ {where.split('|')[1]} }}"
    return [
        Step("POST", params, q(update), UPDATE),
        Step("POST", [], q(f"ASK {{ GRAPH <{test_graph}> {{ {check} }} }}"), QUERY, result="boolean", boolean=True),
    ]


BIB = "a <http://purl.org/dc/terms/BibliographicResource>"
CASES: dict[str, list[Step]] = {
    "query_post_form": [Step("POST", D0, form(query="ASK {}"), FORM, result="boolean", boolean=True)],
    "query_dataset_default_graphs_get": [
        Step("GET", [("query", ASK_1_2), *dataset("default-graph-uri", "data1", "data2")], boolean=True)
    ],
    "query_dataset_default_graphs_post": [
        Step("POST", dataset("default-graph-uri", "data1", "data2"), q(ASK_1_2), QUERY, boolean=True)
    ],
    "query_dataset_named_graphs_post": [
        Step("POST", dataset("named-graph-uri", "data1", "data2"), q(ASK_NAMED), QUERY, boolean=True)
    ],
    "query_dataset_named_graphs_get": [
        Step("GET", [("query", ASK_NAMED), *dataset("named-graph-uri", "data1", "data2")], boolean=True)
    ],
    "query_dataset_full": [
        Step(
            "POST",
            dataset("default-graph-uri", "data3") + dataset("named-graph-uri", "data1", "data2"),
            q(ASK_FULL),
            QUERY,
            boolean=True,
        )
    ],
    "query_multiple_dataset": [
        Step(
            "POST",
            dataset("named-graph-uri", "data1", "data2"),
            q(ASK_NAMED.replace("ASK {", f"ASK FROM <{DATA}data3.rdf> {{", 1)),
            QUERY,
            boolean=True,
        )
    ],
    "query_get": [Step("GET", [("query", "ASK {}"), *D0], result="boolean", boolean=True)],
    "query_content_type_select": [Step("POST", D0, q("SELECT (1 AS ?value) {}"), QUERY, result="tabular")],
    "query_content_type_ask": [Step("POST", D0, q("ASK {}"), QUERY, result="boolean")],
    "query_content_type_describe": [Step("POST", D0, q("DESCRIBE <http://example.org/>"), QUERY, result="RDF")],
    "query_content_type_construct": [Step("POST", D0, q("CONSTRUCT { <s> <p> 1 } WHERE {}"), QUERY, result="RDF")],
    "update_dataset_default_graph": [
        Step(
            "POST",
            dataset("using-graph-uri", "data1"),
            q(
                f"{DC}CLEAR ALL ;\n"
                f"INSERT DATA {{ GRAPH <{DATA}data1.rdf> {{ <{DATA}data1.rdf> a foaf:Document }} }} ;\n"
                "INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> "
                "{ ?s a dc:BibliographicResource } }\n"
                "WHERE { ?s a foaf:Document }"
            ),
            UPDATE,
        ),
        Step(
            "POST",
            [],
            q(f"ASK {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ <{DATA}data1.rdf> {BIB} }} }}"),
            QUERY,
            boolean=True,
        ),
    ],
    "update_dataset_default_graphs": _update_dataset(
        "http://example.org/protocol-update-dataset-graphs-test/",
        dataset("using-graph-uri", "data1", "data2"),
        "?s a dc:BibliographicResource|?s a foaf:Document",
        f"<{DATA}data1.rdf> {BIB} . <{DATA}data2.rdf> {BIB} . FILTER NOT EXISTS {{ <{DATA}data3.rdf> {BIB} }}",
    ),
    "update_dataset_named_graphs": _update_dataset(
        "http://example.org/protocol-update-dataset-named-graphs-test/",
        dataset("using-named-graph-uri", "data1", "data2"),
        "?s a dc:BibliographicResource|GRAPH ?g { ?s a foaf:Document }",
        f"<{DATA}data1.rdf> {BIB} . <{DATA}data2.rdf> {BIB} . FILTER NOT EXISTS {{ <{DATA}data3.rdf> {BIB} }}",
    ),
    "update_dataset_full": _update_dataset(
        "http://example.org/protocol-update-dataset-full-test/",
        dataset("using-graph-uri", "data1") + dataset("using-named-graph-uri", "data2"),
        "?s <http://example.org/in> ?in|{ GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) } UNION "
        '{ ?s a foaf:Document . BIND("default" AS ?in) }',
        f'<{DATA}data1.rdf> <http://example.org/in> "default" . '
        f"<{DATA}data2.rdf> <http://example.org/in> <{DATA}data2.rdf> . "
        f"FILTER NOT EXISTS {{ <{DATA}data3.rdf> ?p ?o }}",
    ),
    "update_post_form": [Step("POST", [], form(update="CLEAR ALL"), FORM)],
    "update_post_direct": [Step("POST", [], q("CLEAR ALL"), UPDATE)],
    "update_base_uri": [
        Step(
            "POST",
            [],
            q(
                "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\nINSERT DATA { GRAPH "
                "<http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }"
            ),
            UPDATE,
        ),
        Step(
            "POST",
            [],
            q(
                "ASK { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> "
                '<http://example.org/p> ?o FILTER (isIRI(?o) && STR(?o) != "test") } }'
            ),
            QUERY,
            boolean=True,
        ),
    ],
    "query_post_direct": [Step("POST", [], q("ASK {}"), QUERY, result="boolean", boolean=True)],
    "bad_query_method": [Step("PUT", [("query", "ASK {}"), *D0], None, FORM, status="4xx")],
    "bad_multiple_queries": [Step("GET", [("query", "ASK {}"), ("query", "SELECT * {}")], status="4xx")],
    "bad_query_wrong_media_type": [Step("POST", [], q("ASK {}"), "text/plain", status="4xx")],
    "bad_query_missing_form_type": [Step("POST", [], form(query="ASK {}"), None, status="4xx")],
    "bad_query_missing_direct_type": [Step("POST", [], q("ASK {}"), None, status="4xx")],
    "bad_query_non_utf8": [
        Step("POST", [], "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16", status="4xx")
    ],
    "bad_query_syntax": [Step("GET", [("query", "ASK {")], status="4xx")],
    "bad_update_get": [Step("GET", [("update", "CLEAR ALL")], status="4xx")],
    "bad_multiple_updates": [Step("POST", [], b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status="4xx")],
    "bad_update_wrong_media_type": [Step("POST", [], q("CLEAR NAMED"), "text/plain", status="4xx")],
    "bad_update_missing_form_type": [Step("POST", [], form(update="CLEAR NAMED"), None, status="4xx")],
    "bad_update_non_utf8": [
        Step("POST", [], "CLEAR NAMED".encode("utf-16"), "application/sparql-update; charset=UTF-16", status="4xx")
    ],
    "bad_update_syntax": [Step("POST", [], form(update="CLEAR XYZ"), FORM, status="4xx")],
    "bad_update_dataset_conflict": [
        Step(
            "POST",
            [("using-named-graph-uri", "http://example/people")],
            q(
                "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
                "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
                "WHERE { ?person foaf:givenName 'Bill' }"
            ),
            UPDATE,
            status="4xx",
        )
    ],
}


def _load(store: EmbeddedStore) -> None:
    for i in (1, 2, 3):
        graph = Graph()
        graph.add((URIRef(f"{DATA}data{i}.rdf"), RDF.type, FOAF_DOCUMENT))
        store.replace_graph(URIRef(f"{DATA}data{i}.rdf"), graph)


@pytest.fixture
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh store with data1–3 for every case (update cases clear everything), served live."""
    store = EmbeddedStore(tmp_path_factory.mktemp("w3c") / "store")
    _load(store)
    settings = Settings(store_path=tmp_path_factory.mktemp("unused"), update_token=TOKEN, _env_file=None)
    with live_server(settings, store) as url:
        yield url + "/sparql"
    store.close()


def _send(url: str, step: Step) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if step.content_type:
        headers["Content-Type"] = step.content_type
    if step.result == "boolean" or step.boolean is not None:
        headers["Accept"] = "application/sparql-results+json"
    return httpx.request(step.method, url, params=step.params, content=step.body, headers=headers, timeout=30)


def _check(step: Step, response: httpx.Response) -> None:
    if step.status == "4xx":
        assert 400 <= response.status_code < 500, response.text
        return
    assert 200 <= response.status_code < 400, response.text
    media = response.headers.get("content-type", "").split(";")[0]
    if step.result == "tabular":
        assert media in {"application/sparql-results+json", "application/sparql-results+xml"}, media
    if step.result == "RDF":
        Graph().parse(data=response.text, format={"text/turtle": "turtle"}.get(media, media))
    if step.boolean is not None:
        assert response.json()["boolean"] is step.boolean


@pytest.mark.parametrize("name", list(CASES))
def test_w3c_protocol_case(name: str, endpoint: str) -> None:
    steps = CASES[name]
    if name in NOT_MET:
        response = _send(endpoint, steps[0])
        assert response.status_code == 400 and "using-" in response.text, NOT_MET[name]
        return
    for step in steps:
        _check(step, _send(endpoint, step))


def test_every_manifest_case_is_encoded() -> None:
    assert len(CASES) == 34 and set(NOT_MET) <= set(CASES)
    assert len(CASES) - len(NOT_MET) == 30
