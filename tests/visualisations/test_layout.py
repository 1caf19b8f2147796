"""Layout: seeded, independent of input order, stored and reused."""

from __future__ import annotations

import networkx as nx
import pytest

from graph_service.network import layout
from tests.visualisations.conftest import two_triangles


def test_empty_and_one_node() -> None:
    assert layout.compute(nx.Graph()) == {}
    one = nx.Graph()
    one.add_node("x")
    assert list(layout.compute(one)) == ["x"]


def test_deterministic_and_order_independent() -> None:
    graph = two_triangles()
    reversed_graph = nx.Graph()
    reversed_graph.add_nodes_from(reversed(list(graph)))
    reversed_graph.add_edges_from((b, a) for a, b in reversed(list(graph.edges)))
    assert layout.compute(graph) == layout.compute(graph) == layout.compute(reversed_graph)


def test_stored_positions_are_reused_and_new_nodes_placed(tmp_path) -> None:
    path = tmp_path / "positions.json"
    first = layout.ensure(two_triangles(), path)
    assert layout.load(path) == first
    grown = two_triangles()
    grown.add_edge("b3", "c1")
    second = layout.ensure(grown, path)
    assert {n: second[n] for n in first} == first
    assert "c1" in layout.load(path)


def test_bad_positions_file(tmp_path) -> None:
    path = tmp_path / "positions.json"
    path.write_text('{"nodes": []}')
    with pytest.raises(layout.LayoutError, match="keine Positionsdatei") as caught:
        layout.load(path)
    assert "not a positions file" in caught.value.describe("en") and path.name in caught.value.describe("en")


def test_canvas_scale_grows_with_size() -> None:
    assert layout.to_canvas({"a": (1.0, 1.0)}, 100)["a"][0] > layout.to_canvas({"a": (1.0, 1.0)}, 10)["a"][0]


def test_fast_layout_of_a_large_component_is_deterministic_and_spread() -> None:
    graph = nx.relabel_nodes(nx.powerlaw_cluster_graph(layout.FAST_LAYOUT_FROM + 100, 2, 0.3, seed=1), str)
    first = layout.compute(graph)
    assert first == layout.compute(graph)
    xs = sorted(x for x, _ in first.values())
    assert xs[0] >= -1.0001 and xs[-1] <= 1.0001
    assert len({(round(x, 3), round(y, 3)) for x, y in first.values()}) > 0.95 * len(graph)  # no collapse


def test_service_style_base_positions_are_reused(tmp_path) -> None:
    base = layout.compute(two_triangles())
    sub = two_triangles().subgraph(["a1", "a2", "a3"])
    assert layout.ensure(sub, None, base=base) == {n: base[n] for n in ["a1", "a2", "a3"]}
