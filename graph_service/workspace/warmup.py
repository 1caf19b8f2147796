"""After every write, re-evaluate the saved queries in the background so the first reader does not pay.

The :class:`Warmer` watches the store's write generation (every write path moves it: workspace, CLI through the
service, Graph Store, SPARQL Update). When it has moved on and stayed put for a moment, the warmer evaluates

- every saved competency and gap query as the query page asks for it (SPARQL JSON, the service's row cap), which
  fills the store's result cache for exactly those requests;
- the gap report of the service's county (``BILDUNGSGRAPH_COUNTY``, else the whole store; German and English),
  as the gap pages ask for it, and the VoID statistics (kept by ``core.derived``).

A write during warming stops the round; the next round starts from the new generation. A part that ran longer
than the query time limit (a reader would have got 503 anyway) is left out of later rounds (``too_slow``), so one
pathological query does not burn a core after every write. ``last`` keeps the figures of the latest complete
round (also served at ``/api/workspace/warmup``).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from graph_service.core.derived import generation
from graph_service.core.errors import BildungsgraphError
from graph_service.core.settings import Settings
from graph_service.gaps.cache import cached_report
from graph_service.gaps.context import SharedSelects
from graph_service.publish.void_stats import cached_statistics
from graph_service.queries import list_queries
from graph_service.store.base import GraphStore

QUERY_MEDIA = "application/sparql-results+json"


@dataclass
class Round:
    """One complete warming round: the generation it warmed and how long each part took (seconds)."""

    generation: int
    started: float
    seconds: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


class Warmer:
    """A background thread that warms caches after each write of ``store``."""

    def __init__(self, store: GraphStore, settings: Settings, *, settle_s: float = 0.2, poll_s: float = 0.1) -> None:
        self.store = store
        self.settings = settings
        self.settle_s = settle_s
        self.poll_s = poll_s
        self.last: Round | None = None
        self._warmed = generation(store)
        self.too_slow: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.idle = threading.Event()
        self.idle.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="bildungsgraph-warmer", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def wait(self, timeout: float = 60.0) -> bool:
        """Wait until the current generation is warm (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._warmed == generation(self.store) and self.idle.is_set():
                return True
            time.sleep(0.05)
        return False

    def _watch(self) -> None:
        while not self._stop.is_set():
            current = generation(self.store)
            if current != self._warmed:
                time.sleep(self.settle_s)
                if generation(self.store) == current:
                    self.idle.clear()
                    try:
                        self.warm_once()
                    finally:
                        self.idle.set()
                continue
            self._stop.wait(self.poll_s)

    def warm_once(self) -> Round | None:
        """One round for the current generation; None when a write interrupted it."""
        current = generation(self.store)
        result = Round(current, time.time())
        started = time.monotonic()
        for name, task in self.tasks():
            if self._stop.is_set() or generation(self.store) != current:
                return None
            if name in self.too_slow:
                continue
            t0 = time.monotonic()
            try:
                task()
            except BildungsgraphError:
                result.failed.append(name)
            result.parts[name] = time.monotonic() - t0
            if result.parts[name] > self.settings.query_timeout_s:
                self.too_slow.add(name)
        result.seconds = time.monotonic() - started
        self.last = result
        self._warmed = current
        return result

    def tasks(self) -> list[tuple[str, Callable[[], object]]]:
        """What one round evaluates, by name."""
        jobs: list[tuple[str, Callable[[], object]]] = [
            (query.id, _query_job(self.store, query.text, self.settings)) for query in list_queries()
        ]
        area = self.settings.county  # the default area of /gaps/ and /karte/ (None: the whole store)
        shared = SharedSelects(self.store)  # both languages ask the same queries: each runs once, then it is dropped
        jobs.append(("gap-report-de", lambda: cached_report(self.store, self.settings, "de", area, reads=shared)))
        jobs.append(("gap-report-en", lambda: cached_report(self.store, self.settings, "en", area, reads=shared)))
        jobs.append(("void-statistics", lambda: cached_statistics(self.store)))
        return jobs


def _query_job(store: GraphStore, text: str, settings: Settings) -> Callable[[], object]:
    def run() -> object:
        return store.query_to(
            text, QUERY_MEDIA, io.BytesIO(), timeout=settings.query_timeout_s, row_cap=settings.result_row_cap
        )

    return run
