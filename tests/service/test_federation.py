"""Federated queries: our endpoint answers as the SERVICE of another SPARQL engine (pyoxigraph, rdflib)."""

from __future__ import annotations

import pyoxigraph
from rdflib import Graph, Literal, URIRef

KITA = "https://w3id.org/bildungsgraph/id/actor/kita-a"
LOCAL = "http://local.example/"


def _federated_query(endpoint: str) -> str:
    """Join a local fact with labels only our service knows.

    pyoxigraph sends the SERVICE pattern without the local bindings, so the pattern is kept narrower than the
    test service's row cap (5): a federated client sees a capped result like any other client."""
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?note ?label WHERE {{ ?actor <{LOCAL}note> ?note .\n"
        f"  SERVICE <{endpoint}> {{ ?actor a <https://schema.org/Preschool> ; rdfs:label ?label }} }}"
    )


def test_pyoxigraph_service_clause_reaches_our_endpoint(base_url: str) -> None:
    store = pyoxigraph.Store()
    store.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(KITA),
            pyoxigraph.NamedNode(LOCAL + "note"),
            pyoxigraph.Literal("besucht"),
            pyoxigraph.DefaultGraph(),
        )
    )
    rows = [(s["note"].value, s["label"].value) for s in store.query(_federated_query(base_url + "/sparql"))]
    assert rows == [("besucht", "Kita Sonnenschein")]


def test_rdflib_service_clause_reaches_our_endpoint(base_url: str) -> None:
    graph = Graph()
    graph.add((URIRef(KITA), URIRef(LOCAL + "note"), Literal("besucht")))
    rows = [(str(r.note), str(r.label)) for r in graph.query(_federated_query(base_url + "/sparql"))]
    assert rows == [("besucht", "Kita Sonnenschein")]
