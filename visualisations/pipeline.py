"""Store -> views -> scenes -> files: the few calls the CLI, the service and the slides share."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph_service.core.errors import InputError
from graph_service.network import layout
from graph_service.network.build import Landscape, build_graph
from visualisations import export, html
from visualisations.scene import Scene, make_scene
from visualisations.style import palette_for
from visualisations.views import View

#: Output suffix -> what is written.
FORMATS: tuple[str, ...] = ("html", "svg", "png", "pdf", "gexf", "graphml", "json")


class OutputFormatError(InputError, ValueError):
    """The output file name has a suffix we cannot write."""


def scenes_for(
    land: Landscape,
    views: list[View],
    *,
    lang: str = "de",
    positions_path: Path | None = None,
    community_names: dict | None = None,
    base_positions: layout.Positions | None = None,
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

    Returns
    -------
    One scene per view.

    Raises
    ------
    graph_service.network.filters.FilterError : a view's filter is invalid for this landscape (e.g. unknown ego).
    """
    graphs = [build_graph(land, view.filters, lang=lang) for view in views]
    union = nx.compose_all(graphs) if graphs else nx.MultiGraph()
    positions = layout.ensure(union, positions_path, base=base_positions)
    scenes = []
    for graph, view in zip(graphs, views, strict=True):
        palette = None if view.colour_by == "community" else palette_for(union, view.colour_by, lang)
        own = len(views) > 1 and view.filters.ego is not None  # a neighbourhood reads better laid out alone
        where = layout.compute(graph) if own else positions
        scene = make_scene(graph, view, where, lang=lang, community_names=community_names, palette=palette)
        scene.own_layout = own
        scenes.append(scene)
    return scenes


def write_view(scene: Scene, out: Path, *, theme: str = "light") -> Path:
    """Write one scene in the format named by ``out``'s suffix (see :data:`FORMATS`).

    Raises
    ------
    OutputFormatError : unknown suffix.
    """
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise OutputFormatError(f"cannot write .{suffix}; choose one of {', '.join('.' + f for f in FORMATS)}")
    if suffix == "html":
        return html.write(out, [scene], title=scene.title, lang=scene.lang, theme=theme)
    if suffix in ("svg", "png", "pdf"):
        return export.draw(scene, out, theme=theme)
    return export.write_graph(scene, out)
