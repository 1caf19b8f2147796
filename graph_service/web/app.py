"""The FastAPI application: wiring only (settings, store, middleware, routers, static files)."""

from __future__ import annotations

import copy
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.utils import generate_unique_id
from starlette.middleware.sessions import SessionMiddleware

from graph_service import __version__
from graph_service.core.settings import Settings, get_settings
from graph_service.store.base import GraphStore
from graph_service.store.factory import open_store
from graph_service.web import errors, workspace_errors
from graph_service.web.routers import (
    catalog,
    gaps,
    graph_store,
    map,
    networks,
    pages,
    resources,
    search,
    sparql,
    workspace_api,
    workspace_auth,
    workspace_records,
    workspace_sources,
)
from graph_service.workspace.warmup import Warmer

STATIC = Path(__file__).resolve().parent / "static"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Warm the saved queries after every write while the service runs; close the workspace at the end."""
    warmer: Warmer | None = app.state.warmer
    if warmer is not None:
        warmer.start()
    try:
        yield
    finally:
        if warmer is not None:
            warmer.stop()
        workspace = getattr(app.state, "workspace", None)
        if workspace is not None:
            app.state.workspace = None
            workspace.close()


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app around one store (opened from settings when not given)."""
    settings = settings or get_settings()
    if store is None:
        store = open_store(settings)
    app = FastAPI(
        title="bildungsgraph",
        version=__version__,
        description="SPARQL 1.1 endpoint, linked-data pages, networks and gap reports of an education landscape.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.warmer = Warmer(store, settings) if settings.rewarm_after_write else None
    writes = ["PUT", "DELETE"] if settings.update_token else []  # Graph Store writes from browsers, with the token
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS", *writes],
        allow_headers=["*"],
        expose_headers=["X-Result-Truncated", "X-Result-Row-Cap", "X-Query-Time-Ms", "Content-Location"],
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret or secrets.token_urlsafe(32),
        session_cookie="bildungsgraph_sitzung",
        max_age=settings.session_max_s,
        same_site="lax",
        https_only=settings.session_https_only,
    )
    errors.install(app)
    workspace_errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (pages, sparql, graph_store, resources, search, map, networks, gaps, catalog):
        answer_head_like_get(module.router)
        app.include_router(module.router)
    for module in (workspace_auth, workspace_sources, workspace_records, workspace_api):
        app.include_router(module.router)
    return app


def answer_head_like_get(router: APIRouter) -> None:
    """Every GET route also answers HEAD (same status and headers; the server sends no body), as HTTP asks.

    HEAD is a copy of the GET route with its own ``operationId``: one route with both methods gave both
    operations the same id, which OpenAPI forbids and client generators trip over.
    """
    answered = {route.path for route in router.routes if isinstance(route, APIRoute) and route.methods == {"HEAD"}}
    heads = []
    for route in router.routes:
        if isinstance(route, APIRoute) and "GET" in route.methods and route.path not in answered:
            route.methods.discard("HEAD")
            route.unique_id = generate_unique_id(route)
            head = copy.copy(route)
            head.methods = {"HEAD"}
            head.unique_id = generate_unique_id(head)
            heads.append(head)
    router.routes.extend(heads)
