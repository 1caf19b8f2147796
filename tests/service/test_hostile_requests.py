"""Issue 17, findings 3, 6 and 8 on the public pages: no SPARQL injection through an IRI parameter, 4xx for
addresses no IRI can have, HEAD wherever GET is served, CORS preflight for writes when a token is set.

Each test fails on the code before the hardening (the IRI was pasted into SPARQL; HEAD gave 405; the preflight
refused PUT/DELETE)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app
from tests.service.conftest import BASE, load_landscape
from tests.support.canary import canary

META = URIRef(BASE + "graph/meta")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("hostile") / "store")
    load_landscape(store)
    record = Graph()
    dataset = URIRef(BASE + "dataset/landscape")
    record.add((dataset, URIRef("https://w3id.org/bildungsgraph/def#namedGraph"), URIRef(BASE + "graph/landscape")))
    record.add((dataset, DCTERMS.title, Literal("Landschaft", lang="de")))
    record.add((dataset, DCTERMS.license, Literal("nach Angabe der einreichenden Stelle")))
    store.add_triples(META, record)
    return store


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> TestClient:
    return TestClient(create_app(Settings(_env_file=None, update_token="s3cret"), store))


def test_an_iri_parameter_cannot_inject_a_service_call(client: TestClient) -> None:
    with canary() as (url, hits):
        attack = f"http://a> ?p ?o }} }} SERVICE <{url}> {{ ?x ?y ?z }} }} #"
        for path in (f"/resource?iri={quote(attack)}", f"/id/{quote(attack)}", f"/def/{quote(attack)}"):
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code in (400, 404), (path, response.status_code)
            response = client.get(path, headers={"Accept": "text/turtle"})
            assert response.status_code in (400, 404), (path, response.status_code)
    assert hits == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/id/a%20b", 404),
        ("/resource?iri=", 400),
        ("/resource?iri=relative", 400),
        ("/rdf-graphs?graph=foo", 400),
        ("/rdf-graphs?graph=", 400),
        ("/rdf-graphs?graph=http://a%20b", 400),
    ],
)
def test_addresses_no_iri_can_have_are_client_errors(client: TestClient, path: str, status: int) -> None:
    assert client.get(path).status_code == status


def test_a_literal_licence_is_shown_as_text(client: TestClient) -> None:
    page = client.get("/id/actor/kita-a", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "nach Angabe der einreichenden Stelle" in page.text
    assert 'href="nach Angabe' not in page.text


@pytest.mark.parametrize(
    "path", ["/id/actor/kita-a", "/vocab/lebensphase", "/def/Offer", "/catalog", "/.well-known/void", "/sparql", "/"]
)
def test_head_answers_like_get(client: TestClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert get.status_code == head.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""


def test_cors_preflight_allows_writes_only_with_a_token(store: EmbeddedStore) -> None:
    preflight = {"Origin": "https://portal.example", "Access-Control-Request-Method": "PUT"}
    with_token = TestClient(create_app(Settings(_env_file=None, update_token="s3cret"), store))
    without = TestClient(create_app(Settings(_env_file=None), store))
    assert with_token.options("/rdf-graphs?graph=urn:x", headers=preflight).status_code == 200
    assert (
        "PUT"
        in with_token.options("/rdf-graphs?graph=urn:x", headers=preflight).headers["access-control-allow-methods"]
    )
    assert without.options("/rdf-graphs?graph=urn:x", headers=preflight).status_code == 400


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=0, max_size=60))
def test_arbitrary_iri_parameters_never_break_the_page(client: TestClient, value: str) -> None:
    for path in (f"/resource?iri={quote(value)}", f"/id/{quote(value, safe='')}", f"/vocab/{quote(value, safe='')}"):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code < 500, (path, response.status_code, response.text[:200])
