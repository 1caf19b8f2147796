"""Choose the store implementation from settings."""

from __future__ import annotations

from pathlib import Path

from graph_service.core.settings import Settings, get_settings
from graph_service.store.base import GraphStore
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.query_workers import PoolLimits, QueryWorkers
from graph_service.store.remote import RemoteStore
from graph_service.store.result_cache import ResultCache


def open_store(
    settings: Settings | None = None, *, store_path: Path | None = None, endpoint: str | None = None
) -> GraphStore:
    """Open the embedded store, or the remote one when an endpoint is configured or passed."""
    settings = settings or get_settings()
    endpoint = endpoint or settings.endpoint
    if endpoint:
        return RemoteStore.from_settings(settings, endpoint=endpoint)
    cache = ResultCache(settings.result_cache_mb * 2**20) if settings.result_cache_mb else None
    return EmbeddedStore(
        store_path or settings.store_path,
        result_cache=cache,
        query_slots=settings.query_slots,
        workers=query_workers(settings),
    )


def query_workers(settings: Settings) -> QueryWorkers | None:
    """The worker pool the settings ask for (None: evaluate in-process)."""
    if settings.query_execution != "workers":
        return None
    limits = PoolLimits(
        slots=settings.query_slots,
        max_workers=max(settings.query_workers_max, settings.query_slots),
        memory_mb=settings.query_memory_mb,
        slow_after_s=settings.query_slow_after_s,
        allow_network=bool(settings.federation_allow_list),
    )
    return QueryWorkers(limits)
