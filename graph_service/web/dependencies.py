"""FastAPI dependencies: settings and the store, overridable in tests."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from graph_service.core.settings import Settings
from graph_service.store.base import GraphStore


def get_app_settings(request: Request) -> Settings:
    """The settings the application was created with."""
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    """The store the application was created with."""
    return request.app.state.store


def require_update_token(request: Request, settings: Settings) -> None:
    """401 without a bearer token, 403 with a wrong one or when updates are switched off."""
    if not settings.update_token:
        raise HTTPException(403, "This endpoint is read-only (no update token configured).")
    auth = request.headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        raise HTTPException(
            401, "Updates need 'Authorization: Bearer <token>'.", headers={"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(auth[7:].strip().encode(), settings.update_token.encode()):
        raise HTTPException(403, "Wrong token.")
