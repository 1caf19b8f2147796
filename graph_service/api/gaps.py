"""Service routes of the gap analysis: HTML report and JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse

from graph_service.api.dependencies import get_store
from graph_service.gaps import build_report
from graph_service.gaps.report import render_html
from graph_service.store.base import GraphStore

router = APIRouter(prefix="/gaps", tags=["gaps"])

CountyQuery = Annotated[str | None, Query(pattern=r"^\d{2,8}$", description="AGS prefix, e.g. 01001")]


@router.get("/", response_class=HTMLResponse)
def gaps_page(
    store: Annotated[GraphStore, Depends(get_store)],
    county: CountyQuery = None,
    lang: Annotated[str, Query(pattern="^(de|en)$")] = "de",
) -> HTMLResponse:
    """The gap report as an HTML page."""
    return HTMLResponse(render_html(build_report(store, county, lang), lang))


@router.get("/report.json")
def gaps_json(store: Annotated[GraphStore, Depends(get_store)], county: CountyQuery = None) -> JSONResponse:
    """All gap tables as JSON."""
    return JSONResponse(build_report(store, county).to_dict())
