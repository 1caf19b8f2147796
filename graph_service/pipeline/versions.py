"""Every landed write of a source is a version: who (account id), when, what (counts, record diff), the content.

Versions live outside the graph store (so never in the union default graph): a SQLite index
(``versions.sqlite``) and one gzipped N-Triples file per version. A record's history is the list of versions
that added, changed or removed it; restoring a version lands its content again through the gate.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph_service.core.errors import NotFound
from graph_service.core.sqlite_files import create, transaction
from graph_service.pipeline.diff import GraphDiff, RecordChange

_SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, source_id TEXT NOT NULL, graph_iri TEXT NOT NULL, target TEXT NOT NULL,
  account TEXT, created REAL NOT NULL, note TEXT NOT NULL, triples INTEGER NOT NULL, added INTEGER NOT NULL,
  changed INTEGER NOT NULL, removed INTEGER NOT NULL, file TEXT NOT NULL, restored_from INTEGER);
CREATE INDEX IF NOT EXISTS versions_source ON versions (source_id, id);
CREATE TABLE IF NOT EXISTS record_changes (
  version INTEGER NOT NULL, iri TEXT NOT NULL, kind TEXT NOT NULL, change TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS record_changes_iri ON record_changes (iri, version);
CREATE INDEX IF NOT EXISTS record_changes_version ON record_changes (version);
"""
_COLUMNS = (
    "id, source_id, graph_iri, target, account, created, note, triples, added, changed, removed, file, restored_from"
)


@dataclass(frozen=True)
class Version:
    """One landed state of a source graph."""

    id: int
    source_id: str
    graph_iri: str
    target: str  # public | draft | internal | dropped
    account: str | None
    created: float
    note: str
    triples: int
    added: int
    changed: int
    removed: int
    file: str
    restored_from: int | None = None


class VersionLog:
    """The versions of every source of one store, kept in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        create(folder / "versions.sqlite", _SCHEMA)

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.folder / "versions.sqlite")

    def record(
        self,
        source_id: str,
        graph_iri: str,
        target: str,
        content: ox.Store,
        diff: GraphDiff,
        *,
        account: str | None = None,
        note: str = "",
        restored_from: int | None = None,
    ) -> Version:
        """Keep ``content`` (default graph) as the newest version of ``source_id`` with its record changes."""
        with self._lock:
            folder = self.folder / _safe(source_id)
            folder.mkdir(parents=True, exist_ok=True)
            with (
                tempfile.NamedTemporaryFile(dir=folder, suffix=".nt.gz", delete=False) as spool,
                gzip.open(spool, "wb", compresslevel=5) as handle,
            ):
                content.dump(handle, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            counts = diff.counts()
            with self._db() as db:
                cursor = db.execute(
                    "INSERT INTO versions (source_id, graph_iri, target, account, created, note, triples, added,"
                    " changed, removed, file, restored_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)",
                    (
                        source_id,
                        graph_iri,
                        target,
                        account,
                        time.time(),
                        note,
                        len(content),
                        counts["added"],
                        counts["changed"],
                        counts["removed"],
                        restored_from,
                    ),
                )
                number = int(cursor.lastrowid or 0)
                name = f"{_safe(source_id)}/{number}.nt.gz"
                shutil.move(spool.name, self.folder / name)
                db.execute("UPDATE versions SET file = ? WHERE id = ?", (name, number))
                db.executemany(
                    "INSERT INTO record_changes (version, iri, kind, change) VALUES (?, ?, ?, ?)",
                    [(number, c.iri, c.kind, json.dumps(c.to_json(), ensure_ascii=False)) for c in diff.changes],
                )
        return self.get(number)

    def get(self, number: int) -> Version:
        """One version; NotFound when there is none with this number."""
        with self._db() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM versions WHERE id = ?", (number,)).fetchone()
        if row is None:
            raise NotFound(f"Version {number} gibt es nicht.", f"there is no version {number}.")
        return Version(*row)

    def versions(self, source_id: str | None = None, limit: int = 200) -> list[Version]:
        """Versions of one source (or of all), newest first."""
        with self._db() as db:
            if source_id is None:
                rows = db.execute(f"SELECT {_COLUMNS} FROM versions ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            else:
                rows = db.execute(
                    f"SELECT {_COLUMNS} FROM versions WHERE source_id = ? ORDER BY id DESC LIMIT ?",
                    (source_id, limit),
                ).fetchall()
        return [Version(*row) for row in rows]

    def latest(self, source_id: str, target: str | None = None) -> Version | None:
        """The newest version of a source (of one target, if given)."""
        for version in self.versions(source_id):
            if target is None or version.target == target:
                return version
        return None

    def content(self, version: Version) -> ox.Store:
        """The content of ``version`` as the default graph of an in-memory store."""
        data = ox.Store()
        with gzip.open(self.folder / version.file, "rb") as handle:
            data.bulk_load(handle, ox.RdfFormat.N_TRIPLES)
        return data

    def changes(self, number: int) -> list[RecordChange]:
        """The record changes of one version."""
        with self._db() as db:
            rows = db.execute("SELECT change FROM record_changes WHERE version = ? ORDER BY iri", (number,)).fetchall()
        return [RecordChange.from_json(json.loads(row[0])) for row in rows]

    def record_history(self, iri: str) -> list[tuple[Version, RecordChange]]:
        """Every version that added, changed or removed the record ``iri``, newest first."""
        with self._db() as db:
            rows = db.execute(
                f"SELECT {', '.join('v.' + c.strip() for c in _COLUMNS.split(','))}, r.change FROM record_changes r "
                "JOIN versions v ON v.id = r.version WHERE r.iri = ? ORDER BY v.id DESC",
                (iri,),
            ).fetchall()
        return [(Version(*row[:-1]), RecordChange.from_json(json.loads(row[-1]))) for row in rows]


def _safe(source_id: str) -> str:
    """A file-system-safe folder name for a source id."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in source_id) or "_"
