"""Store -> views -> scenes -> files: the few calls the CLI, the service and the slides share."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from graph_service.core.errors import InputError
from graph_service.core.namespaces import VOCAB
from graph_service.network import layout, timeline
from graph_service.network.aggregate import NETWORK_GROUP, NONE_GROUP, aggregate, drill, group_key
from graph_service.network.build import Landscape, build_graph, simple_graph
from graph_service.network.filters import FilterError, NetworkFilter
from graph_service.network.looks import ranked_colours
from visualisations import export, html
from visualisations.scene import Scene, format_date, make_scene, with_communities
from visualisations.style import Colouring, ui_text
from visualisations.views import View

#: Output suffix -> what is written.
FORMATS: tuple[str, ...] = ("html", "svg", "png", "pdf", "gexf", "graphml", "json")
#: Slug prefixes of ``drill`` values: a short name stands for the concept of this scheme.
_DRILL_SCHEMES = {"sector": "akteursgruppe", "actor_type": "akteurstyp"}


class OutputFormatError(InputError, ValueError):
    """The output file name has a suffix we cannot write."""


def colouring_for(land: Landscape) -> Colouring:
    """The colours of one landscape: concept colours, and municipalities by their fixed order (AGS)."""
    places = {a.municipality for a in land.actors.values() if a.municipality}
    return Colouring(land.looks, ranked_colours(places))


def _base_filter(view: View) -> NetworkFilter:
    """The view's filter; a compared view reads every date (the comparison picks them)."""
    if view.compare is None:
        return view.filters
    return dataclasses.replace(view.filters, at_date=None, period_start=None, period_end=None)


@dataclasses.dataclass
class _Context:
    land: Landscape
    lang: str
    positions: layout.Positions
    colouring: Colouring
    names: Mapping[str, Any]
    slides: bool
    own_ego_layout: bool


def _scene(ctx: _Context, graph: nx.MultiGraph, view: View, positions: layout.Positions) -> Scene:
    return make_scene(graph, view, positions, lang=ctx.lang, colouring=ctx.colouring, community_names=ctx.names)


def _resolve_group(graph: nx.MultiGraph, by: str, value: str, land: Landscape, lang: str) -> str:
    """The group key a ``drill`` value names (slug, IRI, AGS or label)."""
    keys = {group_key(d, by) for _, d in graph.nodes(data=True)}
    if value in keys:
        return value
    if by in _DRILL_SCHEMES and f"{VOCAB}{_DRILL_SCHEMES[by]}/{value}" in keys:
        return f"{VOCAB}{_DRILL_SCHEMES[by]}/{value}"
    for key in sorted(keys):
        names = {land.labels.get(key, lang).casefold(), key.rsplit("/", 1)[-1]}
        if value.casefold() in names:
            return key
    shown = ", ".join(sorted(k.rsplit("/", 1)[-1] for k in keys if k not in (NONE_GROUP, NETWORK_GROUP)))
    raise FilterError(f"drill: no group {value!r} in this view; groups: {shown}")


def _drill_view(view: View, key: str) -> View:
    return dataclasses.replace(view, aggregate=view.aggregate, drill=key, compare=None)


def _aggregated(graph: nx.MultiGraph, view: View, ctx: _Context) -> list[Scene]:
    by = str(view.aggregate)
    if by == "community":
        with_communities(graph, simple_graph(graph), view, ctx.names, ctx.lang)
    if view.drill:
        key = _resolve_group(graph, by, view.drill, ctx.land, ctx.lang)
        opened = drill(graph, by, key)
        own = ctx.own_ego_layout  # a slide of one group reads better laid out alone (like a neighbourhood)
        scene = _scene(ctx, opened, view, layout.compute(opened) if own else ctx.positions)
        scene.own_layout = own
        return [scene]
    groups = aggregate(graph, by, lang=ctx.lang)
    biggest_first = sorted(groups, key=lambda n: (-groups.nodes[n]["count"], n))
    scene = _scene(ctx, groups, view, layout.ring(biggest_first))
    scene.own_layout = True
    for key in sorted(groups):
        scene.drills[key] = _scene(ctx, drill(graph, by, key), _drill_view(view, key), ctx.positions)
        scene.drills[key].subtitle = str(groups.nodes[key]["label"])
    return [scene]


def _compared(graph: nx.MultiGraph, view: View, ctx: _Context) -> list[Scene]:
    assert view.compare is not None
    if not ctx.slides:  # one page with a date slider: every edge, marked for date B
        return [
            _scene(
                ctx,
                timeline.compare(graph, view.compare.before, view.compare.after, keep_all=True),
                view,
                ctx.positions,
            )
        ]
    both = timeline.compare(graph, view.compare.before, view.compare.after)
    text = ui_text(ctx.lang)
    scenes = []
    for day, shown in ((view.compare.before, timeline.at(graph, view.compare.before)), (view.compare.after, both)):
        scene = _scene(ctx, shown, view, ctx.positions)
        scene.day, scene.subtitle = day, text["state"].format(date=format_date(day, ctx.lang))
        scenes.append(scene)
    scenes[0].sizes = scenes[1].sizes  # nodes keep their size from before to after: only the links change
    return scenes


def _scenes_of(graph: nx.MultiGraph, view: View, ctx: _Context) -> list[Scene]:
    if view.aggregate:
        return _aggregated(graph, view, ctx)
    if view.compare:
        return _compared(graph, view, ctx)
    own = ctx.own_ego_layout and view.filters.ego is not None  # a neighbourhood reads better laid out alone
    where = layout.compute(graph) if own else ctx.positions
    scene = _scene(ctx, graph, view, where)
    scene.own_layout = own
    return [scene]


def scenes_for(
    land: Landscape,
    views: list[View],
    *,
    lang: str = "de",
    positions_path: Path | None = None,
    community_names: Mapping[str, Any] | None = None,
    base_positions: layout.Positions | None = None,
    slides: bool = False,
) -> list[Scene]:
    """Build every view and lay them out together, so a node keeps its place from view to view.

    Parameters
    ----------
    land : the landscape read from the store.
    views : the views to show.
    lang : language of labels.
    positions_path : JSON of stored positions (reused, and extended with new nodes); None = compute only.
    community_names : stored community renames.
    base_positions : positions to reuse (e.g. of the whole landscape, cached by the service).
    slides : a compared view becomes a before/after pair of scenes (otherwise one scene with a date slider).

    Returns
    -------
    The scenes in order (one per view, two for a compared view in slides).

    Raises
    ------
    graph_service.network.filters.FilterError : a view's filter is invalid for this landscape (e.g. unknown ego).
    """
    graphs = [build_graph(land, _base_filter(view), lang=lang) for view in views]
    union = nx.compose_all(graphs) if graphs else nx.MultiGraph()
    positions = layout.ensure(union, positions_path, base=base_positions)
    ctx = _Context(land, lang, positions, colouring_for(land), community_names or {}, slides, len(views) > 1)
    return [scene for graph, view in zip(graphs, views, strict=True) for scene in _scenes_of(graph, view, ctx)]


def write_view(scene: Scene, out: Path, *, theme: str = "light") -> Path:
    """Write one scene in the format named by ``out``'s suffix (see :data:`FORMATS`).

    Raises
    ------
    OutputFormatError : unknown suffix.
    """
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        choices = ", ".join("." + f for f in FORMATS)
        raise OutputFormatError(
            f"„.{suffix}“ kann nicht geschrieben werden; möglich: {choices}.",
            f"cannot write .{suffix}; choose one of {choices}",
        )
    if suffix == "html":
        return html.write(out, [scene], title=scene.title, lang=scene.lang, theme=theme)
    if suffix in ("svg", "png", "pdf"):
        return export.draw(scene, out, theme=theme)
    return export.write_graph(scene, out)
