"""Landing page and health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from graph_service import __version__
from graph_service.core.settings import Settings
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.templating import render

router = APIRouter(tags=["pages"])

_SOURCES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?g ?title ?licence ?modified ?triples WHERE {
  ?ds bg:namedGraph ?g ; dct:title ?title .
  OPTIONAL { ?ds dct:license ?licence } OPTIONAL { ?ds dct:modified ?modified } OPTIONAL { ?ds void:triples ?triples }
} ORDER BY ?title
"""


@router.get("/", response_class=HTMLResponse, summary="Start page")
async def home(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> str:
    rows = await run_in_threadpool(store.select, _SOURCES)
    sources = [
        {
            "title": str(r.get("title", r["g"])),
            "licence": str(r.get("licence", "")),
            "modified": str(r.get("modified", ""))[:10],
            "triples": str(r.get("triples", "")),
        }
        for r in rows
    ]
    return render("index.html.j2", request, settings, sources=sources)


@router.get("/health", summary="Liveness and store reachability")
async def health(store: Annotated[GraphStore, Depends(get_store)]) -> dict[str, object]:
    ok = await run_in_threadpool(store.ask, "ASK { }")
    return {"status": "ok" if ok else "degraded", "version": __version__}
