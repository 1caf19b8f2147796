"""Choose the store implementation from settings."""

from __future__ import annotations

from pathlib import Path

from graph_service.core.settings import Settings, get_settings
from graph_service.store.base import GraphStore


def open_store(
    settings: Settings | None = None, *, store_path: Path | None = None, endpoint: str | None = None
) -> GraphStore:
    """Open the embedded store, or the remote one when an endpoint is configured or passed."""
    settings = settings or get_settings()
    endpoint = endpoint or settings.endpoint
    if endpoint:
        from graph_service.store.remote import RemoteStore

        return RemoteStore.from_settings(settings, endpoint=endpoint)
    from graph_service.store.embedded import EmbeddedStore
    from graph_service.store.result_cache import ResultCache

    cache = ResultCache(settings.result_cache_mb * 2**20) if settings.result_cache_mb else None
    return EmbeddedStore(store_path or settings.store_path, result_cache=cache, query_slots=settings.query_slots)
