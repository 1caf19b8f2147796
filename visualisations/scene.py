"""A view made ready to draw: graph, positions, colours, sizes, legend and communities in one object.

Both renderers (:mod:`visualisations.html` and :mod:`visualisations.export`) draw a :class:`Scene`, so the
page, the slides and the static files show the same colours and the same legend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph_service.network import communities as comm
from graph_service.network import metrics
from graph_service.network.build import simple_graph
from graph_service.network.layout import Positions
from visualisations.style import LegendEntry, colours, edge_kinds_present, sizes, ui_text
from visualisations.views import View

#: Communities are detected for every view up to this size (always when colouring by community).
COMMUNITY_LIMIT = 2_000


@dataclass
class Scene:
    """Everything needed to draw one view."""

    graph: nx.MultiGraph
    view: View
    positions: Positions
    colours: dict[str, str]
    sizes: dict[str, float]
    legend: list[LegendEntry]
    edge_kinds: list[str]
    lang: str = "de"
    metric_values: dict[str, dict[str, float]] = field(default_factory=dict)
    communities: list[comm.Community] = field(default_factory=list)
    articulation: set[str] = field(default_factory=set)
    own_layout: bool = False  # positions laid out for this view alone (an ego view in a slide show)

    @property
    def title(self) -> str:
        """Title of the view."""
        return self.view.title

    @property
    def colour_label(self) -> str:
        """What the colours mean, e.g. ``Akteurstyp``."""
        return ui_text(self.lang)[self.view.colour_by]

    @property
    def size_label(self) -> str:
        """What the sizes mean."""
        size_by = self.view.size_by
        return ui_text(self.lang)[size_by] if size_by else ui_text(self.lang)["size_none"]


def _with_communities(graph: nx.MultiGraph, simple: nx.Graph, view: View, names: Mapping[str, Any], lang: str):
    if view.colour_by != "community" and len(simple) > COMMUNITY_LIMIT:
        return []
    found = comm.apply_names(comm.detect(simple, lang=lang), names)
    for community in found:
        if len(community.members) < 2:  # an isolated actor is no community: leave it uncoloured
            continue
        for node in community.members:
            graph.nodes[node]["community_name"] = community.name
            graph.nodes[node]["community_key"] = community.key
    return found


def make_scene(
    graph: nx.MultiGraph,
    view: View,
    positions: Positions,
    *,
    lang: str = "de",
    community_names: Mapping[str, Any] | None = None,
    palette: Mapping[str, str] | None = None,
) -> Scene:
    """Compute what a view needs to be drawn.

    Parameters
    ----------
    graph : the filtered network (from :func:`graph_service.network.build.build_graph`); community names are added
        to its nodes.
    view : colour, size, highlight and focus choices.
    positions : unit positions of (at least) every node of ``graph``.
    lang : language of legend texts.
    community_names : stored renames (see :func:`graph_service.network.communities.apply_names`).
    palette : category -> colour shared with other views (default: this view's own).

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
    simple = simple_graph(graph)
    found = _with_communities(graph, simple, view, community_names or {}, lang)
    wanted = sorted({"degree", view.size_by} - {None})
    values = metrics.compute(simple, wanted)
    node_colours, legend = colours(graph, view.colour_by, lang, palette)
    return Scene(
        graph=graph,
        view=view,
        positions={n: positions[n] for n in graph},
        colours=node_colours,
        sizes=sizes(values.get(view.size_by) if view.size_by else None, sorted(graph)),
        legend=legend,
        edge_kinds=edge_kinds_present(graph),
        lang=lang,
        metric_values=values,
        communities=found,
        articulation=set(metrics.articulation_points(simple)),
    )
