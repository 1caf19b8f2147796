"""SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graphs, against the live service (token "s3cret")."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef

from graph_service.store.embedded import EmbeddedStore

BASE = "https://w3id.org/bildungsgraph/id/"
NEW = BASE + "graph/gsp-test"
AUTH = {"Authorization": "Bearer s3cret"}
ACTOR = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix bg: <https://w3id.org/bildungsgraph/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/bildungsgraph/id/actor/gsp-{n}> a org:Organization ; rdfs:label "GSP-Schule {n}"@de ;
    bg:actorType <https://w3id.org/bildungsgraph/vocab/akteurstyp/grundschule> .
"""
TURTLE = {"Content-Type": "text/turtle"}


def _get(base_url: str, graph: str, accept: str = "text/turtle") -> httpx.Response:
    return httpx.get(base_url + "/rdf-graphs", params={"graph": graph}, headers={"Accept": accept})


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_get_a_named_graph_in_every_format(base_url: str, service_store: EmbeddedStore, accept: str, fmt: str) -> None:
    response = _get(base_url, BASE + "graph/landscape", accept)
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=fmt)
    assert len(graph) == len(service_store.graph(URIRef(BASE + "graph/landscape")))


def test_n_quads_carry_the_graph_name(base_url: str, service_store: EmbeddedStore) -> None:
    landscape = URIRef(BASE + "graph/landscape")
    response = _get(base_url, landscape, "application/n-quads")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/n-quads")
    dataset = Dataset()
    dataset.parse(data=response.content, format="nquads")
    assert {g.identifier for g in dataset.graphs() if len(g)} == {landscape}
    assert len(dataset.graph(landscape)) == len(service_store.graph(landscape))
    default = httpx.get(base_url + "/rdf-graphs?default&format=nq")
    assert default.status_code == 200 and Graph().parse(data=default.content, format="nt")


def test_default_graph_is_the_union_and_head_has_no_body(base_url: str, service_store: EmbeddedStore) -> None:
    union = Graph().parse(data=httpx.get(base_url + "/rdf-graphs?default").text, format="turtle")
    assert len(union) >= len(service_store.graph(URIRef(BASE + "graph/landscape")))
    head = httpx.head(base_url + "/rdf-graphs", params={"graph": BASE + "graph/landscape"})
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0


def test_unknown_graph_and_bad_target(base_url: str) -> None:
    assert _get(base_url, BASE + "graph/nope").status_code == 404
    assert _get(base_url, BASE + "graph/landscape> } } ASK { <urn:x").status_code == 400  # not an IRI: refused
    assert httpx.get(base_url + "/rdf-graphs").status_code == 400
    assert _get(base_url, BASE + "graph/landscape", "image/png").status_code == 406


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"Authorization": "Bearer wrong"}, 403)])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_need_the_token(base_url: str, method: str, headers: dict[str, str], status: int) -> None:
    response = httpx.request(
        method,
        base_url + "/rdf-graphs",
        params={"graph": NEW},
        content=ACTOR.format(n=1),
        headers={**TURTLE, **headers},
    )
    assert response.status_code == status
    assert _get(base_url, NEW).status_code == 404


def test_put_post_delete_round_trip(base_url: str) -> None:
    url = base_url + "/rdf-graphs"
    put = httpx.put(url, params={"graph": NEW}, content=ACTOR.format(n=1), headers={**TURTLE, **AUTH})
    assert put.status_code == 201
    assert (
        httpx.put(url, params={"graph": NEW}, content=ACTOR.format(n=1), headers={**TURTLE, **AUTH}).status_code == 204
    )
    assert (
        httpx.post(url, params={"graph": NEW}, content=ACTOR.format(n=2), headers={**TURTLE, **AUTH}).status_code == 204
    )
    graph = Graph().parse(data=_get(base_url, NEW).text, format="turtle")
    assert len(set(graph.subjects())) == 2
    assert httpx.delete(url, params={"graph": NEW}, headers=AUTH).status_code == 204
    assert _get(base_url, NEW).status_code == 404
    assert httpx.delete(url, params={"graph": NEW}, headers=AUTH).status_code == 404


def test_writes_pass_the_shapes_and_leave_the_store_as_it_was(base_url: str) -> None:
    url = base_url + "/rdf-graphs"
    nameless = ACTOR.format(n=3).replace('rdfs:label "GSP-Schule 3"@de ;', "")
    response = httpx.put(url, params={"graph": NEW}, content=nameless, headers={**TURTLE, **AUTH})
    assert response.status_code == 422 and "Name" in response.text
    assert _get(base_url, NEW).status_code == 404
    bad = httpx.put(url, params={"graph": NEW}, content=b"<a> <b> .", headers={**TURTLE, **AUTH})
    assert bad.status_code == 400
    wrong_type = httpx.put(url, params={"graph": NEW}, content=b"x", headers={"Content-Type": "text/plain", **AUTH})
    assert wrong_type.status_code == 415
    default = httpx.put(url + "?default", content=ACTOR.format(n=4), headers={**TURTLE, **AUTH})
    assert default.status_code == 400
