"""The one cache rule: anything derived from the store is kept per store *write generation*.

Each store counts the writes that pass through it (``store.generation``; the running service is the only
writer of its store). :func:`derived` keeps one value per (store, name, key) and recomputes it when the
generation has moved on, so no page, statistic, index or report outlives a write. Concurrent callers for the
same missing value wait for one computation instead of repeating it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_tables: weakref.WeakKeyDictionary[Any, dict[Hashable, tuple[int, Any]]] = weakref.WeakKeyDictionary()
_locks: weakref.WeakKeyDictionary[Any, dict[Hashable, threading.Lock]] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def generation(store: Any) -> int:
    """The store's write generation (0 for a store that does not count writes)."""
    return int(getattr(store, "generation", 0))


def derived(store: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """The value of ``compute()`` for the store's current generation, computed at most once per generation."""
    with _guard:
        table = _tables.setdefault(store, {})
        lock = _locks.setdefault(store, {}).setdefault(key, threading.Lock())
    with lock:
        current = generation(store)
        hit = table.get(key)
        if hit is not None and hit[0] == current:
            return hit[1]
        value = compute()
        table[key] = (current, value)
        return value


def peek(store: Any, key: Hashable) -> Any | None:
    """The value kept for ``key`` if it belongs to the current generation, else None (never computes)."""
    hit = _tables.get(store, {}).get(key)
    return hit[1] if hit is not None and hit[0] == generation(store) else None


def forget(store: Any) -> None:
    """Drop everything kept for ``store`` (e.g. when it is closed)."""
    with _guard:
        _tables.pop(store, None)
        _locks.pop(store, None)
