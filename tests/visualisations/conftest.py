"""Fixtures of the network tests: the hand-made landscape, the demo county and a generated 300-actor county in
in-memory stores (each read once per session), tiny named graphs."""

from __future__ import annotations

import io
from itertools import takewhile
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from graph_service.network.build import Landscape, read_landscape
from graph_service.store.embedded import EmbeddedStore
from scripts.synthetic_landscape import Proportions, as_nquads, generate
from visualisations.pipeline import scenes_for
from visualisations.views import View

LANDSCAPE_TTL = Path(__file__).resolve().parents[1] / "resources" / "networks" / "landscape.ttl"
ACT = "https://w3id.org/bildungsgraph/id/actor/"


@pytest.fixture(scope="session")
def landscape_store() -> EmbeddedStore:
    """In-memory store holding tests/resources/networks/landscape.ttl in one named graph."""
    data = Graph()
    data.parse(LANDSCAPE_TTL)
    store = EmbeddedStore(None)
    store.add_triples(URIRef("https://w3id.org/bildungsgraph/id/graph/network-test"), data)
    return store


@pytest.fixture(scope="session")
def landscape(landscape_store) -> Landscape:
    """The landscape read once from the store."""
    return read_landscape(landscape_store)


def star(leaves: int = 4) -> nx.Graph:
    """A star: centre ``c`` joined to ``l1`` .. ``l<leaves>``."""
    graph = nx.Graph()
    graph.add_edges_from(("c", f"l{i}") for i in range(1, leaves + 1))
    return graph


def two_triangles() -> nx.Graph:
    """Triangles a1-a2-a3 and b1-b2-b3 joined by the bridge a3-b1."""
    graph = nx.Graph()
    graph.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")])
    graph.add_edge("a3", "b1")
    return graph


@pytest.fixture(scope="session")
def landscape_scene(landscape):
    """The whole landscape as one scene (VHS highlighted), laid out once."""
    view = View(title="Kooperationen im Beispielkreis", caption="Alle Akteure", highlight=[ACT + "vhs-beispielkreis"])
    [scene] = scenes_for(landscape, [view])
    return scene


@pytest.fixture(scope="session")
def demo_landscape(demo_store) -> Landscape:
    """The demo county (``bildungsgraph demo``: Flensburg and the seed counties) of the session's demo store."""
    return read_landscape(demo_store)


@pytest.fixture(scope="session")
def meissen_landscape(meissen_store) -> Landscape:
    """The invented Landkreis Meißen (27 actors, 16 cooperations, 2 networks) of the session's Meißen store."""
    return read_landscape(meissen_store)


@pytest.fixture(scope="session")
def county300_landscape() -> Landscape:
    """One generated county of 6 municipalities with 50 actors each (plus offices; 312 actors, 12 networks),
    realistic names and proportions (scripts/synthetic_landscape.py), read once."""
    sizes = Proportions(municipalities_per_county=6, actors_per_municipality=50)
    first = takewhile(lambda line: "region/kreis/99001>" not in line, generate(10**9, seed=42, proportions=sizes))
    body = "".join(as_nquads(first, "https://w3id.org/bildungsgraph/id/graph/county300")).encode("utf-8")
    store = EmbeddedStore(None)
    store.restore(io.BytesIO(body), fmt="nquads")
    return read_landscape(store)
