"""Choose the store implementation from settings."""

from __future__ import annotations

from pathlib import Path

from graph_service.core.errors import StoreBusy
from graph_service.core.settings import Settings, get_settings
from graph_service.store.base import GraphStore, StoreError
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
    path = store_path or settings.store_path
    try:
        return EmbeddedStore(
            path, result_cache=cache, query_slots=settings.query_slots, workers=query_workers(settings)
        )
    except OSError as exc:
        if "lock" not in str(exc).lower():
            raise StoreError(
                f"Der Store {path} lässt sich nicht öffnen: {exc}", f"cannot open the store {path}: {exc}"
            ) from exc
        raise StoreBusy(
            f"Der Store {path} ist belegt: ein anderer Prozess (z. B. „bildungsgraph serve“) hält ihn offen.",
            f"the store {path} is busy: another process (e.g. 'bildungsgraph serve') holds it open.",
            fix_de="Beenden Sie diesen Prozess oder geben Sie mit --store einen anderen Ordner an.",
            fix_en="stop that process or name another folder with --store.",
        ) from exc


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
