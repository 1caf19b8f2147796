"""Service routes of the gap analysis: the whole report and each table alone, as HTML, JSON and CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from graph_service.core.settings import Settings
from graph_service.gaps import TABLE_IDS, GapReport, GapTable
from graph_service.gaps.cache import cached_report, cached_table, context_for
from graph_service.gaps.report import csv_text, default_dialect, page_link, render_html
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.templating import language

router = APIRouter(prefix="/gaps", tags=["gaps"])

CountyQuery = Annotated[str | None, Query(pattern=r"^\d{2,8}$", description="AGS prefix, e.g. 01001")]
LangQuery = Annotated[str | None, Query(pattern="^(de|en)$", description="de or en (default: Accept-Language)")]
DialectQuery = Annotated[
    str | None,
    Query(pattern="^(excel-de|rfc4180)$", description="excel-de (BOM, ;, decimal comma) or rfc4180; default by lang"),
]


def _csv_links(county: str | None, lang: str) -> dict[str, str]:
    query = f"?lang={lang}" + (f"&county={county}" if county else "")
    return {table_id: f"/gaps/{table_id}.csv{query}" for table_id in TABLE_IDS}


def _lang(request: Request, settings: Settings, lang: str | None) -> str:
    return lang or language(request, settings)


@router.get("/", response_class=HTMLResponse, summary="The whole gap report (HTML)")
async def gaps_page(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    county: CountyQuery = None,
    lang: LangQuery = None,
) -> HTMLResponse:
    """The gap report as an HTML page with the site's navigation and a CSV link per table."""
    chosen = _lang(request, settings, lang)
    report = await run_in_threadpool(cached_report, store, settings, chosen, county or settings.county)
    return HTMLResponse(_html(report, chosen, settings))


@router.get("/report.json", summary="All gap tables (JSON)")
async def gaps_json(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    county: CountyQuery = None,
    lang: LangQuery = None,
) -> JSONResponse:
    """All gap tables as JSON."""
    chosen = _lang(request, settings, lang)
    report = await run_in_threadpool(cached_report, store, settings, chosen, county or settings.county)
    return JSONResponse(report.to_dict())


async def _table(
    request: Request, store: GraphStore, settings: Settings, table_id: str, county: str | None, lang: str | None
) -> tuple[GapTable, str]:
    if table_id not in TABLE_IDS:
        raise HTTPException(404, f"Unknown analysis '{table_id}'. Known: {', '.join(TABLE_IDS)}.")
    chosen = _lang(request, settings, lang)
    table = await run_in_threadpool(cached_table, store, settings, table_id, county or settings.county, chosen)
    return table, chosen


@router.get("/{table_id}.json", summary="One gap table (JSON)")
async def table_json(
    table_id: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    county: CountyQuery = None,
    lang: LangQuery = None,
) -> JSONResponse:
    """One analysis as JSON: ``{"county": …, "tables": [table]}``."""
    table, _ = await _table(request, store, settings, table_id, county, lang)
    return JSONResponse(GapReport(county, [table]).to_dict())


@router.get("/{table_id}.csv", summary="One gap table (CSV)")
async def table_csv(
    table_id: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    county: CountyQuery = None,
    lang: LangQuery = None,
    dialect: DialectQuery = None,
) -> Response:
    """One analysis as CSV (UTF-8, headings in the chosen language, IRIs in extra columns); German Excel (BOM,
    semicolon, decimal comma) by default for German, RFC 4180 for English."""
    table, chosen = await _table(request, store, settings, table_id, county, lang)
    filename = f"luecken-{table_id}{'-' + county if county else ''}.csv"
    return Response(
        csv_text(table, chosen, dialect or default_dialect(chosen)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/{table_id}", response_class=HTMLResponse, summary="One gap table (HTML)")
async def table_page(
    table_id: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    county: CountyQuery = None,
    lang: LangQuery = None,
) -> HTMLResponse:
    """One analysis as an HTML page with its section's explanation."""
    table, chosen = await _table(request, store, settings, table_id, county, lang)
    return HTMLResponse(
        _html(GapReport(county, [table], context_for(store, settings, county).area_name()), chosen, settings)
    )


def _html(report: GapReport, lang: str, settings: Settings) -> str:
    return render_html(
        report,
        lang,
        _csv_links(report.county, lang),
        low_ratio=settings.low_coverage_ratio,
        site_header=True,
        link=page_link(settings.base_iri),
    )
