"""Overviews that read from the back row: one node per group of actors, edges weighted by the links between groups.

"Who works with whom, by sector": actors are grouped by sector (the group of their actor type), actor type,
municipality or community; networks and committees form one group of their own. A group node carries its
members and how many links run inside it; an edge between two groups counts the facts (cooperations,
memberships, …) between their members. :func:`drill` opens one group again: its members and their partners.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

#: How actors can be grouped (view option ``aggregate``) -> node attribute holding the group key.
GROUPINGS: dict[str, str] = {
    "sector": "actor_group",
    "actor_type": "actor_type",
    "municipality": "municipality",
    "community": "community_key",
}
_LABEL_OF = {
    "actor_group": "actor_group_label",
    "actor_type": "actor_type_label",
    "municipality": "municipality_label",
    "community_key": "community_name",
}
NETWORK_GROUP = "network"
NONE_GROUP = "none"
_NONE_LABEL = {"de": "ohne Angabe", "en": "not stated"}
_NETWORK_LABEL = {"de": "Netzwerke / Gremien", "en": "Networks / committees"}


def group_key(data: Mapping[str, Any], by: str) -> str:
    """The group of one node (networks form their own group; a missing value is the group "none").

    Raises
    ------
    KeyError : ``by`` is not one of :data:`GROUPINGS`.
    """
    if data.get("kind") == "network":
        return NETWORK_GROUP
    value = data.get(GROUPINGS[by])
    return str(value) if value else NONE_GROUP


def group_label(data: Mapping[str, Any], by: str, lang: str = "de") -> str:
    """Readable name of the group of one node."""
    if data.get("kind") == "network":
        return _NETWORK_LABEL.get(lang, _NETWORK_LABEL["de"])
    value = data.get(_LABEL_OF[GROUPINGS[by]])
    return str(value) if value else _NONE_LABEL.get(lang, _NONE_LABEL["de"])


def aggregate(graph: nx.MultiGraph, by: str, *, lang: str = "de") -> nx.MultiGraph:
    """One node per group, one edge per pair of groups that are linked.

    Parameters
    ----------
    graph : a network view (nodes carry the attributes of :mod:`graph_service.network.build`).
    by : one of :data:`GROUPINGS`; ``community`` needs ``community_key`` on the nodes (set by the scene).
    lang : language of the "none" and "networks" group names.

    Returns
    -------
    A MultiGraph with ``kind="group"`` nodes (``label``, ``members``, ``count``, ``internal`` = links inside the
    group, ``shape`` and the colour key ``group_of``) and ``kind="aggregate"`` edges whose ``weight`` counts the
    links between the two groups (``kinds``: how many of each edge kind); nodes and edges in sorted order.

    Raises
    ------
    KeyError : ``by`` is not one of :data:`GROUPINGS`.
    """
    members: dict[str, list[str]] = defaultdict(list)
    sample: dict[str, Mapping[str, Any]] = {}
    for node in sorted(graph):
        data = graph.nodes[node]
        key = group_key(data, by)
        members[key].append(node)
        sample.setdefault(key, data)
    internal: Counter[str] = Counter()
    between: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    where = {node: key for key, nodes in members.items() for node in nodes}
    for a, b, data in graph.edges(data=True):
        ga, gb = where[a], where[b]
        if ga == gb:
            internal[ga] += 1
        else:
            between[(min(ga, gb), max(ga, gb))][str(data.get("kind", "cooperation"))] += 1
    out = nx.MultiGraph(group_by=by)
    for key in sorted(members):
        data = sample[key]
        uniform = by in ("sector", "actor_type") or key == NETWORK_GROUP
        out.add_node(
            key,
            label=group_label(data, by, lang),
            kind="group",
            group_by=by,
            members=members[key],
            count=len(members[key]),
            internal=internal[key],
            shape=str(data.get("shape", "dot")) if uniform else "dot",
            group_of=key,
        )
    for (ga, gb), kinds in sorted(between.items()):
        out.add_edge(
            ga,
            gb,
            key="aggregate",
            kind="aggregate",
            source=ga,
            target=gb,
            weight=sum(kinds.values()),
            kinds=dict(kinds),
        )
    return out


def drill(graph: nx.MultiGraph, by: str, key: str) -> nx.MultiGraph:
    """One group opened: its members (flagged ``member=True``) and their direct partners, with the links among them.

    Raises
    ------
    KeyError : ``by`` is not one of :data:`GROUPINGS`.
    """
    members = [n for n in sorted(graph) if group_key(graph.nodes[n], by) == key]
    keep = set(members)
    for node in members:
        keep.update(graph.neighbors(node))
    view = nx.MultiGraph(graph.subgraph(sorted(keep)))
    for node in members:
        view.nodes[node]["member"] = True
    return view
