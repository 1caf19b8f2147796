"""The Bildungslandkarte: a county's municipalities as a choropleth of offers (with gaps), its actors as points,
as a page (``/karte/``), as data (``/karte/daten.json``) and as a static PNG or PDF for reports.

Offline by default: the page loads only our files (vendored Leaflet) and our GeoJSON; the setting
``map_tile_url`` adds a tile layer for online deployments.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from graph_service.core.errors import InputError, NotFound
from graph_service.core.settings import Settings
from graph_service.gaps.map_data import (
    DIMENSIONS,
    TEXTS,
    Area,
    MapBase,
    Selection,
    default_area,
    map_areas,
    map_base,
    map_data,
    selection_for,
    to_json,
)
from graph_service.gaps.map_export import FORMATS, export_map
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.routers.resources import local_path
from graph_service.web.templating import language, render_page

router = APIRouter(prefix="/karte", tags=["map"])
DIMENSION_TITLES = {lang: {key: TEXTS[lang][key] for key in DIMENSIONS} for lang in TEXTS}


class MapParams(BaseModel):
    """Which area and selection the map shows (query parameters of page, data and exports)."""

    county: str | None = Field(None, pattern=r"^\d{2,5}$", description="AGS of the county (or Land), e.g. 14627")
    phase: str | None = Field(None, max_length=300, description="IRI of a life phase")
    group: str | None = Field(None, max_length=300, description="IRI of a target group")
    type: str | None = Field(None, max_length=300, description="IRI of an offer type")
    measure: str = Field(
        "offers", pattern="^(offers|per1000)$", description="offers or per1000 (per 1,000 inhabitants)"
    )
    lang: str | None = Field(None, pattern="^(de|en)$", description="de or en (default: Accept-Language)")

    def query(self, **changes: str | None) -> str:
        """This view's query string (with ``changes``), for links between page, data and exports."""
        values = self.model_dump() | changes
        return urlencode(
            {k: v for k, v in values.items() if v not in (None, "") and not (k == "measure" and v == "offers")}
        )


def _selection(base: MapBase, params: MapParams) -> Selection:
    """The selection of ``params`` (concept IRIs or their last parts); an unknown category is a 400."""
    return selection_for(base, {key: getattr(params, key) for key in DIMENSIONS}, params.measure)


def _area(store: GraphStore, params: MapParams, fallback: str | None = None) -> tuple[Area | None, list[Area]]:
    """The chosen area (``?county=``, else the setting ``county``), else the only one in the store (None when
    there are several to choose from)."""
    areas = map_areas(store)
    wanted = params.county or fallback
    if wanted:
        chosen = next((a for a in areas if a.ags == wanted), None)
        if chosen is None:
            raise NotFound(
                f"Für das Gebiet {wanted} sind keine Gemeinden geladen (bildungsgraph init --county …).",
                f"No municipalities of area {wanted} are loaded (bildungsgraph init --county …).",
            )
        return chosen, areas
    return default_area(areas), areas


def _view(store: GraphStore, settings: Settings, area: Area, params: MapParams, lang: str) -> dict:
    base = map_base(store, settings, area.ags)
    data = map_data(base, _selection(base, params), lang)
    for feature in data["municipalities"]["features"] + data["actors"]["features"]:
        feature["properties"]["href"] = local_path(feature["properties"]["iri"], settings)
    data["name"] = data["name"] or area.name
    options = {
        key: [{"iri": iri, "label": labels.get(lang) or labels.get("de", iri)} for iri, labels in concepts.items()]
        for key, concepts in base.concepts.items()
    }
    return {"data": data, "options": options}


@router.get("/", response_class=HTMLResponse, summary="Bildungslandkarte (map page)")
async def map_page(
    request: Request,
    params: Annotated[MapParams, Query()],
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> str:
    lang = params.lang or language(request, settings)
    area, areas = await run_in_threadpool(_area, store, params, settings.county)
    if area is None:
        return render_page("map/choose.html.j2", request, settings, lang=lang, areas=areas, params=params)
    view = await run_in_threadpool(_view, store, settings, area, params, lang)
    query = params.query(county=area.ags)
    return render_page(
        "map/map.html.j2",
        request,
        settings,
        lang=lang,
        params=params,
        area=area,
        data=view["data"],
        data_json=to_json(view["data"]),
        options=view["options"],
        titles=DIMENSION_TITLES[lang],
        query=query,
        exports={fmt: f"/karte/karte.{fmt}?{query}" for fmt in FORMATS},
        tiles={"url": settings.map_tile_url, "attribution": settings.map_tile_attribution},
    )


@router.get("/daten.json", summary="The map's data: municipalities (GeoJSON with measure and flag), actors, legend")
async def map_json(
    request: Request,
    params: Annotated[MapParams, Query()],
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    lang = params.lang or language(request, settings)
    area, areas = await run_in_threadpool(_area, store, params, settings.county)
    if area is None:
        raise InputError(
            "Mehrere Gebiete geladen: bitte ?county= angeben (" + ", ".join(a.ags for a in areas) + ").",
            "Several areas are loaded: please give ?county= (" + ", ".join(a.ags for a in areas) + ").",
        )
    view = await run_in_threadpool(_view, store, settings, area, params, lang)
    return Response(to_json(view["data"]), media_type="application/json")


@router.get("/karte.{fmt}", summary="The map as PNG or PDF for reports (legend and attribution included)")
async def map_export(
    fmt: str,
    request: Request,
    params: Annotated[MapParams, Query()],
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    if fmt not in FORMATS:
        raise NotFound(f"Kein Kartenformat „{fmt}“ (png, pdf).", f'No map format "{fmt}" (png, pdf).')
    lang = params.lang or language(request, settings)
    area, _ = await run_in_threadpool(_area, store, params, settings.county)
    if area is None:
        raise InputError("Bitte ?county= angeben.", "Please give ?county=.")
    view = await run_in_threadpool(_view, store, settings, area, params, lang)
    body = await run_in_threadpool(export_map, view["data"], fmt, lang)
    filename = f"bildungslandkarte-{area.ags}.{fmt}"
    return Response(body, media_type=FORMATS[fmt], headers={"Content-Disposition": f'inline; filename="{filename}"'})
