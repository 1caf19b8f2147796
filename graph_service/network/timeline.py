"""Change over time: which links are new, ended or continuing between date A and date B.

Edges carry ``start`` and ``end`` (ISO dates or None = open). An edge without dates counts as valid at every
date (an operating body, an undated membership), so it is "continuing".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import networkx as nx

STATUSES: tuple[str, ...] = ("new", "ended", "continuing")


def _day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def valid_on(data: Mapping[str, Any], day: dt.date) -> bool:
    """Whether an edge with ``start`` / ``end`` in ``data`` is valid on ``day`` (open ends count as valid)."""
    start, end = _day(data.get("start")), _day(data.get("end"))
    return (start is None or start <= day) and (end is None or end >= day)


def status(data: Mapping[str, Any], before: dt.date, after: dt.date) -> str | None:
    """``"new"`` (valid at ``after`` only), ``"ended"`` (at ``before`` only), ``"continuing"`` (both) or None."""
    a, b = valid_on(data, before), valid_on(data, after)
    if a and b:
        return "continuing"
    if b:
        return "new"
    return "ended" if a else None


def compare(graph: nx.MultiGraph, before: dt.date, after: dt.date, *, keep_all: bool = False) -> nx.MultiGraph:
    """Copy of ``graph`` with the edges valid at ``before`` or ``after``, each with its ``status``.

    Nodes are all kept (so both dates share one picture); edges valid at neither date are left out unless
    ``keep_all`` (a date slider shows them in between; their status is None).

    Raises
    ------
    ValueError : ``before`` is not earlier than ``after``.
    """
    if before >= after:
        raise ValueError(f"date A ({before}) must be earlier than date B ({after})")
    out = nx.MultiGraph(**graph.graph)
    out.add_nodes_from(sorted(graph.nodes(data=True)))
    for a, b, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        found = status(data, before, after)
        if found is not None or keep_all:
            out.add_edge(a, b, key=key, **(dict(data) | {"status": found}))
    return out


def at(graph: nx.MultiGraph, day: dt.date) -> nx.MultiGraph:
    """Copy of ``graph`` with only the edges valid on ``day`` (all nodes kept)."""
    out = nx.MultiGraph(**graph.graph)
    out.add_nodes_from(sorted(graph.nodes(data=True)))
    out.add_edges_from(
        (a, b, k, d)
        for a, b, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
        if valid_on(d, day)
    )
    return out


def change_dates(graph: nx.MultiGraph) -> list[dt.date]:
    """Every start and end date of the edges, sorted (the stops of a date slider)."""
    found: set[dt.date] = set()
    for _, _, data in graph.edges(data=True):
        for name in ("start", "end"):
            day = _day(data.get(name))
            if day is not None:
                found.add(day)
    return sorted(found)
