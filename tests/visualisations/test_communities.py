"""Louvain communities: expected split, identical across runs and input orders, renames that stick."""

from __future__ import annotations

import random

import networkx as nx

from graph_service.network import communities
from tests.visualisations.conftest import star, two_triangles


def _shuffled(graph: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    nodes, edges = list(graph.nodes), [(b, a) if rng.random() < 0.5 else (a, b) for a, b in graph.edges]
    rng.shuffle(nodes)
    rng.shuffle(edges)
    out = nx.Graph()
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


def test_empty_and_one_node() -> None:
    assert communities.detect(nx.Graph()) == []
    one = nx.Graph()
    one.add_node("x")
    [only] = communities.detect(one)
    assert (only.key, only.members, only.index, only.name) == ("x", ["x"], 1, "Gemeinschaft 1")


def test_two_triangles_split_at_the_bridge() -> None:
    found = communities.detect(two_triangles(), lang="en")
    assert [(c.key, c.members, c.name) for c in found] == [
        ("a1", ["a1", "a2", "a3"], "Community 1"),
        ("b1", ["b1", "b2", "b3"], "Community 2"),
    ]


def test_star_is_one_community() -> None:
    assert [c.members for c in communities.detect(star(5))] == [["c", "l1", "l2", "l3", "l4", "l5"]]


def test_identical_across_runs_and_input_orders() -> None:
    graph = nx.relaxed_caveman_graph(6, 7, 0.25, seed=3)
    graph = nx.relabel_nodes(graph, {n: f"n{n:03d}" for n in graph})
    reference = [c.members for c in communities.detect(graph)]
    assert len(reference) > 2
    for seed in range(5):
        assert [c.members for c in communities.detect(_shuffled(graph, seed))] == reference


def test_renames_survive_recomputation() -> None:
    found = communities.detect(two_triangles())
    stored = {found[1].key: communities.rename_entry(found[1], "Übergang Schule–Beruf")}
    again = communities.apply_names(communities.detect(two_triangles()), stored)
    assert [(c.name, c.renamed) for c in again] == [("Gemeinschaft 1", False), ("Übergang Schule–Beruf", True)]


def test_rename_follows_members_when_key_member_leaves() -> None:
    found = communities.detect(two_triangles())
    stored = {found[1].key: communities.rename_entry(found[1], "B-Team")}
    changed = two_triangles()
    changed.remove_node("b1")
    changed.add_edges_from([("b2", "b4"), ("b3", "b4"), ("a3", "b2")])
    renamed = communities.apply_names(communities.detect(changed), stored)
    b_side = next(c for c in renamed if "b2" in c.members)
    assert b_side.key == "b2"
    assert b_side.name == "B-Team"


def test_unrelated_community_keeps_default_name() -> None:
    stored = {"zzz": {"name": "Fremd", "members": ["x", "y"]}}
    assert [c.name for c in communities.apply_names(communities.detect(two_triangles()), stored)] == [
        "Gemeinschaft 1",
        "Gemeinschaft 2",
    ]
