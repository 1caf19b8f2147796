"""Read-only checkpoints of the embedded store, one per write generation, for the query worker processes.

``Store.read_only(path)`` while another process writes ``path`` is undefined behaviour (pyoxigraph's docstring),
so workers never open the live folder. ``Store.backup(dir)`` makes a RocksDB checkpoint (hard links of the
immutable table files, about a millisecond; ~15 ms right after a write, which flushes first) that a worker opens
read-only. A checkpoint is made when the first query after a write needs it, and removed once it is neither the
newest nor used by a running query.
"""

from __future__ import annotations

import itertools
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class _Checkpoint:
    path: Path
    generation: int
    users: int = 0


class Snapshots:
    """Checkpoints in ``folder`` (cleared on first use: the store's one writer owns it); ``make(path)`` makes one."""

    def __init__(self, folder: Path, make: Callable[[Path], None]) -> None:
        self.folder = folder
        self._make = make
        self._lock = threading.Lock()
        self._current: _Checkpoint | None = None
        self._in_use: dict[Path, _Checkpoint] = {}
        self._names = itertools.count()
        self._cleared = False

    def acquire(self, generation: int) -> Path:
        """The checkpoint of ``generation`` (made now if needed), held until :meth:`release`."""
        with self._lock:
            current = self._current
            if current is None or current.generation != generation:
                if not self._cleared:  # left by a previous run; made on first use, not for every CLI command
                    shutil.rmtree(self.folder, ignore_errors=True)
                    self.folder.mkdir(parents=True)
                    self._cleared = True
                path = self.folder / f"g{generation}-{next(self._names)}"
                self._make(path)
                current = self._current = _Checkpoint(path, generation)
                self._in_use[path] = current
                self._sweep()
            current.users += 1
            return current.path

    def release(self, path: Path) -> None:
        """One user of ``path`` is done with it."""
        with self._lock:
            checkpoint = self._in_use.get(path)
            if checkpoint is not None:
                checkpoint.users -= 1
                self._sweep()

    def _sweep(self) -> None:
        """Remove checkpoints that are neither the newest nor in use (lock held)."""
        for path, checkpoint in list(self._in_use.items()):
            if checkpoint is not self._current and checkpoint.users <= 0:
                del self._in_use[path]
                shutil.rmtree(path, ignore_errors=True)

    def __len__(self) -> int:
        return len(self._in_use)

    def close(self) -> None:
        """Remove every checkpoint (the workers are gone)."""
        with self._lock:
            self._in_use.clear()
            self._current = None
            if self._cleared:
                shutil.rmtree(self.folder, ignore_errors=True)
            self._cleared = False
