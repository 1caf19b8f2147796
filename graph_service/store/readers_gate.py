"""A readers/writer gate: many queries at once, or one bulk write that no query may watch half-done."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadersGate:
    """Shared entry for readers, exclusive entry for a writer; a waiting writer holds back new readers."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writer_waiting = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Enter as one of many readers (waits while a writer writes or waits)."""
        with self._condition:
            self._condition.wait_for(lambda: not self._writing and not self._writer_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Enter alone: waits until the current readers are done."""
        with self._condition:
            self._writer_waiting += 1
            self._condition.wait_for(lambda: not self._writing and self._readers == 0)
            self._writer_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()
