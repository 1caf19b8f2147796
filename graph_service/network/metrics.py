"""Centrality and structure of a network view: degree, betweenness, closeness, eigenvector, cut points.

All functions take a simple :class:`networkx.Graph` (see :func:`graph_service.network.build.simple_graph`), accept
empty, one-node and disconnected graphs, and return plain dicts keyed by node in sorted order.
Communities live in :mod:`graph_service.network.communities`.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

#: Above this many nodes betweenness is estimated from a seeded sample of pivots (exact is O(n·m)).
BETWEENNESS_EXACT_LIMIT = 1_000
BETWEENNESS_SAMPLES = 300
SEED = 42


def _sorted(values: dict[str, float]) -> dict[str, float]:
    return {node: float(values[node]) for node in sorted(values)}


def degree(graph: nx.Graph) -> dict[str, float]:
    """Number of distinct partners of each node.

    Returns
    -------
    node -> degree (0 for isolated nodes; empty dict for an empty graph).
    """
    return _sorted(dict(graph.degree()))


def degree_centrality(graph: nx.Graph) -> dict[str, float]:
    """Degree divided by ``n - 1`` (1.0 for the centre of a star; 0.0 for a single node)."""
    if len(graph) <= 1:
        return dict.fromkeys(sorted(graph), 0.0)
    return _sorted(nx.degree_centrality(graph))


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness centrality (share of shortest paths through a node).

    Exact up to :data:`BETWEENNESS_EXACT_LIMIT` nodes, otherwise estimated from a seeded sample, so the
    result is the same run to run.
    """
    k = BETWEENNESS_SAMPLES if len(graph) > BETWEENNESS_EXACT_LIMIT else None
    return _sorted(nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED if k else None))


def closeness(graph: nx.Graph) -> dict[str, float]:
    """Closeness centrality; in disconnected graphs scaled by the reachable share (Wasserman–Faust)."""
    return _sorted(nx.closeness_centrality(graph, wf_improved=True))


def eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality computed per connected component.

    A graph with several components has no single leading eigenvector, so each component of two or more
    nodes is solved on its own, then scaled by its share of all nodes; isolated nodes get 0.0.

    Returns
    -------
    node -> centrality in [0, 1].
    """
    result = dict.fromkeys(graph, 0.0)
    n = len(graph)
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        sub = graph.subgraph(sorted(component))
        try:
            values = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-9)
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality_numpy(sub)
        share = len(component) / n
        result.update({node: abs(v) * share for node, v in values.items()})
    return _sorted(result)


def articulation_points(graph: nx.Graph) -> list[str]:
    """Nodes whose removal splits their component (sorted)."""
    return sorted(nx.articulation_points(graph))


def bridges(graph: nx.Graph) -> list[tuple[str, str]]:
    """Edges whose removal splits their component, each as a sorted pair, sorted."""
    return sorted(tuple(sorted(edge)) for edge in nx.bridges(graph))


#: Metrics a view can size nodes by (name -> function).
METRICS: dict[str, Callable[[nx.Graph], dict[str, float]]] = {
    "degree": degree,
    "degree_centrality": degree_centrality,
    "betweenness": betweenness,
    "closeness": closeness,
    "eigenvector": eigenvector,
}


def compute(graph: nx.Graph, names: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Several metrics at once.

    Parameters
    ----------
    graph : a simple graph.
    names : metric names from :data:`METRICS` (default: all).

    Returns
    -------
    metric name -> (node -> value).

    Raises
    ------
    KeyError : an unknown metric name.
    """
    names = list(METRICS) if names is None else names
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise KeyError(f"unknown metrics {unknown}; known: {list(METRICS)}")
    return {name: METRICS[name](graph) for name in names}


def annotate(graph: nx.Graph, target: nx.Graph | None = None, names: list[str] | None = None) -> None:
    """Store metric values and the ``articulation`` flag as node attributes of ``target`` (default: ``graph``)."""
    target = graph if target is None else target
    for name, values in compute(graph, names).items():
        nx.set_node_attributes(target, values, name)
    cut = set(articulation_points(graph))
    nx.set_node_attributes(target, {node: node in cut for node in graph}, "articulation")
