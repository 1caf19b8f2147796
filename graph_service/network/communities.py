"""Communities (Louvain) that come out the same on every run, with names a coordinator can change.

networkx's Louvain is only reproducible when both the seed and the node order are fixed (networkx #6655), so
the graph is rebuilt with sorted nodes and edges before detection. A community is identified by a stable
key, its smallest member IRI; renames are kept in the view file (see :mod:`visualisations.views`) with the
members at the time of renaming, so a name follows its community even when the key member leaves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

SEED = 42
#: A stored name is carried over to a changed community when at least this share of members agree (Jaccard).
MIN_OVERLAP = 0.5


@dataclass
class Community:
    """One detected community."""

    key: str
    members: list[str]
    index: int
    name: str
    renamed: bool = False


def canonical(graph: nx.Graph) -> nx.Graph:
    """Copy of ``graph`` with nodes and edges inserted in sorted order (weights kept, other data dropped)."""
    out = nx.Graph()
    out.add_nodes_from(sorted(graph))
    edges = sorted((min(a, b), max(a, b), float(d.get("weight", 1.0))) for a, b, d in graph.edges(data=True))
    out.add_weighted_edges_from(edges)
    return out


def default_name(index: int, lang: str = "de") -> str:
    """Name of the ``index``-th community before anyone renames it."""
    return f"Gemeinschaft {index}" if lang == "de" else f"Community {index}"


def detect(graph: nx.Graph, *, seed: int = SEED, resolution: float = 1.0, lang: str = "de") -> list[Community]:
    """Louvain communities, largest first (ties by key).

    Parameters
    ----------
    graph : simple graph; any insertion order gives the same result.
    seed : random seed of Louvain.
    resolution : above 1 favours smaller communities.
    lang : language of default names.

    Returns
    -------
    Communities numbered from 1; an empty list for an empty graph.
    """
    if len(graph) == 0:
        return []
    parts = nx.community.louvain_communities(canonical(graph), weight="weight", seed=seed, resolution=resolution)
    ordered = sorted((sorted(part) for part in parts), key=lambda m: (-len(m), m[0]))
    return [Community(m[0], m, i, default_name(i, lang)) for i, m in enumerate(ordered, start=1)]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def apply_names(communities: list[Community], stored: Mapping[str, Mapping[str, Any]]) -> list[Community]:
    """Give communities the names a coordinator chose earlier.

    Parameters
    ----------
    communities : result of :func:`detect`.
    stored : key -> ``{"name": str, "members": [IRI, ...]}`` as kept in the view file.

    Returns
    -------
    The same list, renamed where a stored entry matches by key, or else by member overlap >= MIN_OVERLAP.
    """
    unused = dict(stored)
    for community in communities:
        if community.key in unused:
            entry = unused.pop(community.key)
            community.name, community.renamed = str(entry["name"]), True
    for community in communities:
        if community.renamed or not unused:
            continue
        members = set(community.members)
        score, key = max((_jaccard(members, set(e.get("members", []))), k) for k, e in unused.items())
        if score >= MIN_OVERLAP:
            community.name, community.renamed = str(unused.pop(key)["name"]), True
    return communities


def rename_entry(community: Community, name: str) -> dict[str, Any]:
    """The view-file entry that renames ``community`` to ``name`` (store it under ``community.key``)."""
    return {"name": name, "members": list(community.members)}


def membership(communities: list[Community]) -> dict[str, Community]:
    """node -> its community."""
    return {node: c for c in communities for node in c.members}
