"""A bounded cache of serialised query results, valid for one state of the store.

The saved gap and competency queries are run again and again (report pages, portals, the query page) while the
data changes only when something is imported. The embedded store owns every write to its folder, so it can
count them: a result is cached under the store's *generation* and never served after any write. A remote store
is written by others and gets no cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CachedResult:
    """One serialised result with what the endpoint reports about it."""

    kind: str
    truncated: bool
    body: bytes


@dataclass
class _Flight:
    """One evaluation in progress that callers asking for the same key wait for instead of repeating it."""

    done: threading.Event = field(default_factory=threading.Event)
    result: CachedResult | None = None
    error: BaseException | None = None

    def outcome(self) -> CachedResult:
        """Wait for the evaluation; its result, or its error raised again."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


class ResultCache:
    """Least-recently-used results up to ``max_bytes`` in total; one entry at most a quarter of that.

    :meth:`compute` also coalesces concurrent requests: while a key is being evaluated, other callers with the same
    key wait for that result (or its error) instead of evaluating it again (``shared`` counts them).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, CachedResult] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.shared = 0

    def compute(self, key: Hashable, produce: Callable[[], CachedResult]) -> CachedResult:
        """The cached result for ``key``; else the one being evaluated now; else ``produce()``, kept if it fits."""
        with self._lock:
            entry = self._hit(key)
            if entry is not None:
                return entry
            flight = self._flights.get(key)
            leading = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
                self.misses += 1
            else:
                self.shared += 1
        return self._lead(key, flight, produce) if leading else flight.outcome()

    def _lead(self, key: Hashable, flight: _Flight, produce: Callable[[], CachedResult]) -> CachedResult:
        """Evaluate for everyone waiting on ``flight``; keep the result if it fits, never an error."""
        try:
            flight.result = produce()
            self.put(key, flight.result)
            return flight.result
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def get(self, key: Hashable) -> CachedResult | None:
        with self._lock:
            entry = self._hit(key)
            if entry is None:
                self.misses += 1
            return entry

    def _hit(self, key: Hashable) -> CachedResult | None:
        """The entry for ``key`` marked as most recently used and counted as a hit (lock held), or None."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            self.hits += 1
        return entry

    def put(self, key: Hashable, entry: CachedResult) -> None:
        if len(entry.body) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._entries[key] = entry
            self._size += len(entry.body)
            while self._size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._entries)
