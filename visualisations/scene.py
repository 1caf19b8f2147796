"""A view made ready to draw: graph, positions, colours, shapes, sizes, label texts and their order, legend.

Both renderers (:mod:`visualisations.html` and :mod:`visualisations.export`) draw a :class:`Scene`, so the
page, the slides and the static files show the same colours, shapes and legend.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph_service.network import communities as comm
from graph_service.network import metrics
from graph_service.network.build import simple_graph
from graph_service.network.layout import Positions
from graph_service.network.placement import wrap
from graph_service.network.timeline import STATUSES
from visualisations.style import (
    Colouring,
    LegendEntry,
    colours,
    edge_kinds_present,
    shape_legend,
    sizes,
    ui_text,
)
from visualisations.views import Compare, View

#: Communities are detected for every view up to this size (always when colouring or grouping by community).
COMMUNITY_LIMIT = 2_000


@dataclass
class Scene:
    """Everything needed to draw one view."""

    graph: nx.MultiGraph
    view: View
    positions: Positions
    colours: dict[str, str]
    sizes: dict[str, float]  # relative, 0 (smallest) to 1 (largest)
    legend: list[LegendEntry]
    edge_kinds: list[str]
    lang: str = "de"
    metric_values: dict[str, dict[str, float]] = field(default_factory=dict)
    communities: list[comm.Community] = field(default_factory=list)
    articulation: set[str] = field(default_factory=set)
    own_layout: bool = False  # positions laid out for this view alone
    shapes: dict[str, str] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # label priority: the first label gets the best place
    shape_legend: list[LegendEntry] = field(default_factory=list)
    subtitle: str = ""
    aggregated: bool = False
    drills: dict[str, Scene] = field(default_factory=dict)  # group node -> the group opened (HTML drill-down)
    compare: Compare | None = None
    day: dt.date | None = None  # the date a before/after slide shows
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """Title of the view (with the date of a before/after slide)."""
        return (
            f"{self.view.title} – {self.subtitle}"
            if self.subtitle and self.view.title
            else self.subtitle or self.view.title
        )

    @property
    def colour_label(self) -> str:
        """What the colours mean, e.g. ``Akteurstyp``."""
        return ui_text(self.lang)[self.view.colour_by]

    @property
    def size_label(self) -> str:
        """What the sizes mean."""
        text = ui_text(self.lang)
        if self.aggregated:
            return text["size_members"]
        return text[self.view.size_by] if self.view.size_by else text["size_none"]

    def legend_edge_kinds(self) -> list[str]:
        """Edge kinds for the legend: "links (width = number)" in an aggregated view; none when a compared view has
        one kind of link only (its new / ended / continuing entries say it all)."""
        if self.aggregated:
            return ["aggregate"]
        kinds = [k for k in self.edge_kinds if k != "aggregate"]
        if self.compare is not None and len(kinds) == 1 and (self.status_legend() or self.day is None):
            return []
        return kinds

    def status_legend(self) -> list[tuple[str, str, int]]:
        """``(status, label, count)`` of the new / ended / continuing links of a compared view (not for the
        "before" slide, which shows the network as it was)."""
        if self.compare is None or self.day == self.compare.before:
            return []
        date = format_date(self.compare.before, self.lang)
        text = ui_text(self.lang)
        return [(s, text[s].format(date=date), self.status_counts[s]) for s in STATUSES if self.status_counts.get(s)]


def format_date(day: dt.date, lang: str) -> str:
    """``1.1.2019`` in German, ``2019-01-01`` in English."""
    return f"{day.day}.{day.month}.{day.year}" if lang == "de" else day.isoformat()


def with_communities(
    graph: nx.MultiGraph, simple: nx.Graph, view: View, names: Mapping[str, Any], lang: str
) -> list[comm.Community]:
    """Detect communities (when the view needs them or the graph is small) and name their members' nodes."""
    needed = view.colour_by == "community" or view.aggregate == "community"
    if not needed and len(simple) > COMMUNITY_LIMIT:
        return []
    found = comm.apply_names(comm.detect(simple, lang=lang), names)
    for community in found:
        if len(community.members) < 2:  # an isolated actor is no community: leave it uncoloured
            continue
        for node in community.members:
            graph.nodes[node]["community_name"] = community.name
            graph.nodes[node]["community_key"] = community.key
    return found


def _label_text(data: Mapping[str, Any], node: str) -> str:
    label = str(data.get("label") or node)
    return f"{label} ({data['count']})" if data.get("kind") == "group" else label


def label_order(graph: nx.MultiGraph, view: View, ranking: Mapping[str, float]) -> list[str]:
    """Nodes in the order their labels are placed: focus and highlighted first, then by ``ranking``."""
    first = [n for n in [view.focus, view.filters.ego, *view.highlight] if n and n in graph]
    rest = sorted(
        graph,
        key=lambda n: (-ranking.get(n, 0.0), -graph.degree(n), str(graph.nodes[n].get("label", n)).casefold(), n),
    )
    return list(dict.fromkeys([*first, *rest]))


def make_scene(
    graph: nx.MultiGraph,
    view: View,
    positions: Positions,
    *,
    lang: str = "de",
    community_names: Mapping[str, Any] | None = None,
    colouring: Colouring | None = None,
) -> Scene:
    """Compute what a view needs to be drawn.

    Parameters
    ----------
    graph : the filtered network (from :func:`graph_service.network.build.build_graph`) or an aggregated one
        (from :func:`graph_service.network.aggregate.aggregate`); community names are added to its nodes.
    view : colour, size, label, highlight and focus choices.
    positions : unit positions of (at least) every node of ``graph``.
    lang : language of legend texts.
    community_names : stored renames (see :func:`graph_service.network.communities.apply_names`).
    colouring : the landscape's colours (default: the shipped schemes).

    Returns
    -------
    A :class:`Scene`.

    Raises
    ------
    KeyError : a node of ``graph`` has no position.
    """
    missing = [n for n in graph if n not in positions]
    if missing:
        raise KeyError(f"{len(missing)} nodes have no position, e.g. {missing[0]}")
    colouring = colouring or Colouring()
    aggregated = any(d.get("kind") == "group" for _, d in graph.nodes(data=True))
    simple = simple_graph(graph)
    found = [] if aggregated else with_communities(graph, simple, view, community_names or {}, lang)
    wanted = sorted({"degree", view.size_by, view.ranking} - {None})
    values = {} if aggregated else metrics.compute(simple, wanted)
    node_colours, legend = colours(graph, view.colour_by, lang, colouring)
    nodes = sorted(graph)
    if aggregated:
        counts = {n: float(graph.nodes[n].get("count", 1)) for n in nodes}
        rel, ranking = sizes(counts, nodes), counts
    else:
        rel = sizes(values.get(view.size_by) if view.size_by else None, nodes)
        ranking = values.get(view.ranking, values.get("degree", {}))
    statuses = Counter(str(d["status"]) for _, _, d in graph.edges(data=True) if d.get("status"))
    return Scene(
        graph=graph,
        view=view,
        positions={n: positions[n] for n in graph},
        colours=node_colours,
        sizes=rel,
        legend=legend,
        edge_kinds=edge_kinds_present(graph),
        lang=lang,
        metric_values=values,
        communities=found,
        articulation=set() if aggregated else set(metrics.articulation_points(simple)),
        shapes={n: colouring.shape(graph.nodes[n]) for n in nodes},
        lines={n: wrap(_label_text(graph.nodes[n], n)) for n in nodes},
        order=label_order(graph, view, ranking),
        shape_legend=[] if view.colour_by in ("actor_type", "sector") or aggregated else shape_legend(graph, lang),
        aggregated=aggregated,
        compare=view.compare,
        status_counts=dict(statuses),
    )
