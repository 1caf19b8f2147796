"""Presentation mode: the saved views of a view file played as slides in ONE offline HTML file.

Nodes keep their place from slide to slide (one layout for all views, stored next to the view file), the
caption is large, and the talk is driven with the arrow keys, Page Up/Down (presenter remotes) or the buttons.
"""

from __future__ import annotations

from pathlib import Path

from graph_service.network.build import Landscape, read_landscape
from graph_service.store.base import GraphStore
from visualisations import html
from visualisations.pipeline import scenes_for
from visualisations.scene import Scene
from visualisations.views import ViewFile, ViewFileError


def slide_scenes(land: Landscape, views: ViewFile) -> list[Scene]:
    """One scene per saved view, laid out together.

    Raises
    ------
    ViewFileError : the file has no views, or a view does not fit the data (e.g. unknown ego actor).
    """
    if not views.views:
        raise ViewFileError(f"{views.path}: no views to show")
    try:
        return scenes_for(
            land, views.views, lang=views.lang, positions_path=views.positions_path, community_names=views.communities
        )
    except ValueError as exc:
        raise ViewFileError(f"{views.path}: {exc}") from exc


def render_slides(land: Landscape, views: ViewFile) -> str:
    """The slide show as HTML text."""
    return html.render(slide_scenes(land, views), title=views.title, lang=views.lang, theme=views.theme, slides=True)


def write_slides(store: GraphStore, view_file: Path, out: Path) -> Path:
    """Read the store and the view file, write the slide show to ``out``.

    Parameters
    ----------
    store : any graph store.
    view_file : YAML file of saved views (see :mod:`visualisations.views`).
    out : the HTML file to write.

    Returns
    -------
    ``out``.

    Raises
    ------
    ViewFileError : the view file is invalid.
    """
    views = ViewFile.load(view_file)
    out.write_text(render_slides(read_landscape(store), views), encoding="utf-8")
    return out
