"""Metrics on tiny named graphs with the expected values written out."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph_service.network import metrics
from tests.visualisations.conftest import star, two_triangles


def test_empty_graph() -> None:
    graph = nx.Graph()
    assert metrics.compute(graph) == {name: {} for name in metrics.METRICS}
    assert metrics.articulation_points(graph) == []
    assert metrics.bridges(graph) == []


def test_one_node() -> None:
    graph = nx.Graph()
    graph.add_node("x")
    assert metrics.compute(graph) == {
        "degree": {"x": 0.0},
        "degree_centrality": {"x": 0.0},
        "betweenness": {"x": 0.0},
        "closeness": {"x": 0.0},
        "eigenvector": {"x": 0.0},
    }


def test_star() -> None:
    graph = star(4)
    values = metrics.compute(graph)
    assert values["degree"] == {"c": 4, "l1": 1, "l2": 1, "l3": 1, "l4": 1}
    assert values["degree_centrality"]["c"] == 1.0
    assert values["degree_centrality"]["l1"] == 0.25
    assert values["betweenness"] == {"c": 1.0, "l1": 0.0, "l2": 0.0, "l3": 0.0, "l4": 0.0}
    assert values["closeness"]["c"] == 1.0
    assert values["closeness"]["l2"] == pytest.approx(4 / 7)
    assert values["eigenvector"]["c"] == pytest.approx(1 / math.sqrt(2), abs=1e-6)
    assert values["eigenvector"]["l3"] == pytest.approx(1 / (2 * math.sqrt(2)), abs=1e-6)
    assert metrics.articulation_points(graph) == ["c"]
    assert metrics.bridges(graph) == [("c", "l1"), ("c", "l2"), ("c", "l3"), ("c", "l4")]


def test_two_communities_joined_by_a_bridge() -> None:
    graph = two_triangles()
    values = metrics.compute(graph)
    assert values["degree"] == {"a1": 2, "a2": 2, "a3": 3, "b1": 3, "b2": 2, "b3": 2}
    assert values["betweenness"] == pytest.approx({"a1": 0, "a2": 0, "a3": 0.6, "b1": 0.6, "b2": 0, "b3": 0})
    assert values["closeness"]["a3"] == pytest.approx(5 / 7)
    assert values["closeness"]["a1"] == pytest.approx(0.5)
    eig = values["eigenvector"]
    assert eig["a3"] == pytest.approx(eig["b1"], abs=1e-6)
    assert eig["a3"] > eig["a1"] == pytest.approx(eig["b3"], abs=1e-6)
    assert sum(v * v for v in eig.values()) == pytest.approx(1.0, abs=1e-6)
    assert metrics.articulation_points(graph) == ["a3", "b1"]
    assert metrics.bridges(graph) == [("a3", "b1")]


def test_eigenvector_of_disconnected_graph_is_scaled_per_component() -> None:
    graph = nx.Graph([("a", "b")])
    graph.add_node("c")
    assert metrics.eigenvector(graph) == pytest.approx({"a": 2 / 3 / math.sqrt(2), "b": 2 / 3 / math.sqrt(2), "c": 0})


def test_eigenvector_of_bipartite_graph_converges() -> None:
    graph = nx.complete_bipartite_graph(2, 3)
    values = metrics.eigenvector(graph)
    assert values[0] == pytest.approx(values[1])
    assert values[0] > values[2]


def test_unknown_metric_is_rejected() -> None:
    with pytest.raises(KeyError, match="pagerank"):
        metrics.compute(star(), ["pagerank"])


def test_annotate_sets_attributes() -> None:
    graph = two_triangles()
    metrics.annotate(graph, names=["degree"])
    assert graph.nodes["a3"]["degree"] == 3
    assert graph.nodes["a3"]["articulation"] is True
    assert graph.nodes["a1"]["articulation"] is False
