"""FastAPI dependencies: settings and the store, overridable in tests."""

from __future__ import annotations

from fastapi import Request

from graph_service.settings import Settings
from graph_service.store.base import GraphStore


def get_app_settings(request: Request) -> Settings:
    """The settings the application was created with."""
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    """The store the application was created with."""
    return request.app.state.store
