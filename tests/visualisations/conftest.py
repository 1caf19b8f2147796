"""Fixtures of the network tests: the hand-made landscape in an in-memory store, tiny named graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from graph_service.network.build import Landscape, read_landscape
from graph_service.store.embedded import EmbeddedStore

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
    from visualisations.pipeline import scenes_for
    from visualisations.views import View

    view = View(title="Kooperationen im Beispielkreis", caption="Alle Akteure", highlight=[ACT + "vhs-beispielkreis"])
    [scene] = scenes_for(landscape, [view])
    return scene
