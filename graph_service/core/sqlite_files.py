"""The workspace's small SQLite files (accounts, registry, versions): one way to open them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def transaction(path: Path, timeout: float = 30) -> Iterator[sqlite3.Connection]:
    """A connection of its own (safe across threads) in WAL mode; commits on success, rolls back on error, closes."""
    db = sqlite3.connect(path, timeout=timeout)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        with db:
            yield db
    finally:
        db.close()


def create(path: Path, schema: str) -> None:
    """Create the file (and its folder) with ``schema`` unless its tables exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with transaction(path) as db:
        db.executescript(schema)
