"""Network pages of the service: a filter form, the interactive view, and the same view as downloads.

The view's filters live in the URL (``/networks/?areas=01001&edge_kinds=cooperation``), so a view can be
shared as a link; ``/networks/view.{html,svg,png,pdf,gexf,graphml,json}`` with the same query returns the file.
The store comes from ``request.app.state.store`` when the application set one, otherwise from settings;
tests override :func:`get_network_store`.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from graph_service.core.derived import derived
from graph_service.core.errors import BildungsgraphError
from graph_service.core.settings import get_settings
from graph_service.core.templating import environment
from graph_service.network import layout
from graph_service.network.aggregate import GROUPINGS
from graph_service.network.build import Landscape, build_graph, read_landscape
from graph_service.network.filters import EDGE_KINDS, FilterError, NetworkFilter
from graph_service.network.layout import Positions
from graph_service.network.metrics import METRICS
from graph_service.store.base import GraphStore
from graph_service.store.factory import open_store
from visualisations.pipeline import FORMATS, scenes_for, write_view
from visualisations.style import COLOUR_ATTRIBUTES, EDGE_STYLES, THEMES, ui_text
from visualisations.views import Compare, View

router = APIRouter(prefix="/networks", tags=["networks"])

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
    "json": "application/json",
}


@cache
def _settings_store() -> GraphStore:
    return open_store(get_settings())


def get_network_store(request: Request) -> GraphStore:
    """The store the application holds (``app.state.store``), else one opened from settings."""
    store = getattr(request.app.state, "store", None)
    return store if store is not None else _settings_store()


def landscape(store: GraphStore) -> tuple[Landscape, Positions]:
    """The landscape of ``store`` and a layout of all of it, computed once per write generation of the store.

    Every filtered view reuses these positions, so views open fast and an actor stays in its place.
    """

    def compute() -> tuple[Landscape, Positions]:
        land = read_landscape(store)
        return land, layout.compute(build_graph(land, NetworkFilter(mode="bipartite")))

    return derived(store, "networks:landscape", compute)


def view_from_query(request: Request) -> tuple[View, str, str]:
    """The view, language and theme named by the query string.

    Raises
    ------
    HTTPException : 400 with the reason when a parameter is invalid.
    """
    params = request.query_params
    lang = params.get("lang", get_settings().default_language)
    theme = params.get("theme", "light")
    try:
        if lang not in ("de", "en") or theme not in THEMES:
            raise FilterError("lang must be de or en, theme light or dark")
        flt = NetworkFilter.from_query(params.multi_items())
        size_by = params.get("size_by", "degree")
        before, after = params.get("compare_before"), params.get("compare_after")
        view = View(
            title=params.get("title", ""),
            caption=params.get("caption", ""),
            filters=flt,
            colour_by=params.get("colour_by", "actor_type"),
            size_by=None if size_by in ("", "none") else size_by,
            label_by=params.get("label_by") or None,
            focus=flt.ego,
            highlight=params.getlist("highlight"),
            aggregate=params.get("aggregate") or None,
            drill=params.get("drill") or None,
            compare=Compare.from_mapping({"before": before, "after": after}) if before and after else None,
            timeline=params.get("timeline") in ("1", "true", "on"),
        )
    except FilterError as exc:
        raise HTTPException(status_code=400, detail=exc.describe(lang)) from exc
    return view, lang, theme


def _choices(land: Landscape, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Values offered by the filter form: only those that occur in the data, sorted by label."""
    types = {t for a in land.actors.values() for t in a.types}
    phases = {p for a in land.actors.values() for p in a.life_phases}
    groups = {g for a in land.actors.values() for g in a.target_groups}
    areas = {a.ags: land.labels.get(a.municipality, lang) for a in land.actors.values() if a.ags and a.municipality}

    def labelled(iris: set[str]) -> list[tuple[str, str]]:
        return sorted(((iri, land.labels.get(iri, lang)) for iri in iris), key=lambda p: p[1].casefold())

    kreise = sorted({ags[:5] for ags in areas})
    return {
        "actor_types": labelled(types),
        "life_phases": labelled(phases),
        "target_groups": labelled(groups),
        "areas": [(k, f"Kreis {k}") for k in kreise] + [(ags, f"{ags} {areas[ags]}") for ags in sorted(areas)],
        "actors": sorted(((i, land.labels.get(i, lang)) for i in land.actors), key=lambda p: p[1].casefold()),
    }


@router.get("/", response_class=HTMLResponse, summary="Network page with a filter form")
def network_page(request: Request, store: Annotated[GraphStore, Depends(get_network_store)]) -> HTMLResponse:
    """The filter form, the interactive view of the current filters, and download links for every format."""
    view, lang, theme = view_from_query(request)
    land, _ = landscape(store)
    query = request.url.query
    context: dict[str, Any] = {
        "lang": lang,
        "theme": theme,
        "ui": ui_text(lang),
        "view": view,
        "flt": view.filters,
        "query": query,
        "formats": [f for f in FORMATS if f != "html"],
        "choices": _choices(land, lang),
        "edge_kinds": [(k, EDGE_STYLES[k].label(lang)) for k in EDGE_KINDS],
        "colour_options": [(k, ui_text(lang)[k]) for k in COLOUR_ATTRIBUTES],
        "aggregate_options": [(k, ui_text(lang)[k]) for k in GROUPINGS],
        "size_options": [(k, ui_text(lang)[k]) for k in METRICS],
        "base": str(request.url_for("network_page")),
    }
    return HTMLResponse(environment().get_template("networks/index.html.j2").render(**context))


@router.get("/view.{fmt}", summary="The filtered network as HTML, SVG, PNG, PDF, GEXF, GraphML or JSON")
def network_file(fmt: str, request: Request, store: Annotated[GraphStore, Depends(get_network_store)]) -> Response:
    """One view in one format; same query parameters as the page. Files other than HTML come as downloads."""
    if fmt not in FORMATS:
        raise HTTPException(status_code=404, detail=f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    view, lang, theme = view_from_query(request)
    try:
        land, positions = landscape(store)
        [scene] = scenes_for(land, [view], lang=lang, base_positions=positions)
    except BildungsgraphError as exc:
        raise HTTPException(status_code=exc.http_status, detail=exc.describe(lang)) from exc
    except KeyError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    with tempfile.TemporaryDirectory() as tmp:
        body = write_view(scene, Path(tmp) / f"network.{fmt}", theme=theme).read_bytes()
    headers = {} if fmt == "html" else {"Content-Disposition": f'attachment; filename="network.{fmt}"'}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)
