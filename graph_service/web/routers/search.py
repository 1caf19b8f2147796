"""Search page and API for actors and offers (an in-memory index; refreshed in the background when older than a
minute, so no request waits for a rebuild except the very first)."""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from graph_service.core.settings import Settings
from graph_service.publish.search_index import SearchIndex, build_index
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.routers.resources import local_path
from graph_service.web.templating import render

router = APIRouter(tags=["search"])
INDEX_TTL_S = 60.0


async def current_index(request: Request, store: Annotated[GraphStore, Depends(get_store)]) -> SearchIndex:
    """The app's search index: built on first use; past INDEX_TTL_S a background thread rebuilds it while the
    old one keeps answering (on 100k entities a build takes about 17 s)."""
    state = request.app.state
    index: SearchIndex | None = getattr(state, "search_index", None)
    if index is None:
        index = await run_in_threadpool(build_index, store)
        state.search_index = index
    elif time.time() - index.built_at > INDEX_TTL_S:
        _refresh_in_background(state, store)
    return index


_refresh_lock = threading.Lock()


def _refresh_in_background(state: object, store: GraphStore) -> None:
    """Start one rebuild thread unless one is running; it swaps the index in when done."""
    with _refresh_lock:
        if getattr(state, "search_refreshing", False):
            return
        state.search_refreshing = True  # type: ignore[attr-defined]

    def rebuild() -> None:
        try:
            state.search_index = build_index(store)  # type: ignore[attr-defined]
        finally:
            state.search_refreshing = False  # type: ignore[attr-defined]

    threading.Thread(target=rebuild, name="search-index", daemon=True).start()


def _hits(
    index: SearchIndex,
    q: str,
    kind: str | None,
    type_: str | None,
    municipality: str | None,
    phase: str | None,
    limit: int,
    settings: Settings,
) -> list[dict[str, object]]:
    return [
        {
            "iri": e.iri,
            "href": local_path(e.iri, settings),
            "name": e.name,
            "kind": e.kind,
            "types": sorted(e.types.values()),
            "municipalities": sorted(e.municipalities.values()),
            "phases": sorted(e.phases.values()),
        }
        for e in index.search(q, kind=kind, type_iri=type_, municipality=municipality, phase=phase, limit=limit)
    ]


@router.get("/api/search", summary="Find actors and offers by name, type, municipality, life phase")
async def search_api(
    index: Annotated[SearchIndex, Depends(current_index)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    q: str = "",
    kind: str | None = None,
    type: str | None = None,
    municipality: str | None = None,
    phase: str | None = None,
    limit: int = 50,
) -> dict[str, object]:
    hits = _hits(index, q, kind, type, municipality, phase, min(limit, 500), settings)
    return {"query": q, "count": len(hits), "results": hits}


@router.get("/search", response_class=HTMLResponse, summary="Search page")
async def search_page(
    request: Request,
    index: Annotated[SearchIndex, Depends(current_index)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    q: str = "",
    kind: str | None = None,
) -> str:
    hits = _hits(index, q, kind or None, None, None, None, 100, settings) if q else []
    return render("search.html.j2", request, settings, q=q, kind=kind or "", hits=hits, total=len(index.entries))
