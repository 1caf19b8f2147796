"""The workspace's own table of sources, grants, pending uploads and form edits (``workspace.sqlite``).

A source has an id (the name of its graph), a title, an owner account, the mapping its sheets are read with and a
visibility: ``public`` (released data goes to the public store) or ``internal`` (never public).
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_service.core.errors import InputError, NotFound
from graph_service.core.sqlite_files import create, transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, owner TEXT, mapping TEXT, visibility TEXT NOT NULL,
  licence TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS grants (source_id TEXT NOT NULL, account TEXT NOT NULL, PRIMARY KEY (source_id, account));
CREATE TABLE IF NOT EXISTS uploads (
  id TEXT PRIMARY KEY, source_id TEXT NOT NULL, account TEXT NOT NULL, created REAL NOT NULL, file TEXT NOT NULL,
  original_name TEXT NOT NULL, mapping TEXT NOT NULL, status TEXT NOT NULL, base_version INTEGER,
  summary TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS form_edits (
  source_id TEXT NOT NULL, iri TEXT NOT NULL, version INTEGER NOT NULL, account TEXT, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS form_edits_source ON form_edits (source_id, version);
"""
VISIBILITIES = ("public", "internal")


@dataclass(frozen=True)
class Source:
    """A source as the workspace knows it."""

    id: str
    title: str
    owner: str | None
    mapping: str | None
    visibility: str
    licence: str
    created: float
    registered: bool = True

    @property
    def internal(self) -> bool:
        return self.visibility == "internal"


@dataclass(frozen=True)
class Upload:
    """A file uploaded for a source, checked and waiting for its commit."""

    id: str
    source_id: str
    account: str
    created: float
    file: str
    original_name: str
    mapping: str
    status: str
    base_version: int | None
    summary: dict[str, Any]


class Registry:
    """The workspace table (one SQLite file; every call opens its own connection)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        create(path, _SCHEMA)

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.path)

    # -- sources -------------------------------------------------------------------------------------------
    def add_source(self, source: Source) -> Source:
        """Register a new source; InputError when the id is taken."""
        if source.visibility not in VISIBILITIES:
            raise InputError(
                f"unbekannte Sichtbarkeit {source.visibility!r}", f"unknown visibility {source.visibility!r}"
            )
        try:
            with self._db() as db:
                db.execute(
                    "INSERT INTO sources (id, title, owner, mapping, visibility, licence, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        source.id,
                        source.title,
                        source.owner,
                        source.mapping,
                        source.visibility,
                        source.licence,
                        source.created or time.time(),
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise InputError(
                f"Eine Quelle „{source.id}“ gibt es schon.",
                f'a source "{source.id}" exists already.',
                fix_de="Wählen Sie einen anderen Namen oder laden Sie in die bestehende Quelle hoch.",
                fix_en="choose another name or upload into the existing source.",
            ) from exc
        return self.source(source.id)

    def source(self, source_id: str) -> Source:
        """One registered source; NotFound otherwise."""
        with self._db() as db:
            row = db.execute(
                "SELECT id, title, owner, mapping, visibility, licence, created FROM sources WHERE id = ?", (source_id,)
            ).fetchone()
        if row is None:
            raise NotFound(f"Die Quelle „{source_id}“ gibt es nicht.", f'there is no source "{source_id}".')
        return Source(*row)

    def find(self, source_id: str) -> Source | None:
        """One registered source, or None."""
        try:
            return self.source(source_id)
        except NotFound:
            return None

    def sources(self) -> list[Source]:
        """All registered sources by title."""
        with self._db() as db:
            rows = db.execute(
                "SELECT id, title, owner, mapping, visibility, licence, created FROM sources ORDER BY title"
            ).fetchall()
        return [Source(*row) for row in rows]

    def update_source(self, source_id: str, **changes: Any) -> Source:
        """Change title, owner, mapping, visibility or licence of a source."""
        allowed = {"title", "owner", "mapping", "visibility", "licence"}
        items = [(k, v) for k, v in changes.items() if k in allowed]
        if items:
            with self._db() as db:
                db.execute(
                    f"UPDATE sources SET {', '.join(f'{k} = ?' for k, _ in items)} WHERE id = ?",
                    (*[v for _, v in items], source_id),
                )
        return self.source(source_id)

    # -- grants ----------------------------------------------------------------------------------------------
    def grant(self, source_id: str, account: str) -> None:
        """Let ``account`` write ``source_id`` too."""
        with self._db() as db:
            db.execute("INSERT OR IGNORE INTO grants (source_id, account) VALUES (?, ?)", (source_id, account))

    def grantees(self, source_id: str) -> set[str]:
        """Accounts granted write access besides the owner."""
        with self._db() as db:
            rows = db.execute("SELECT account FROM grants WHERE source_id = ?", (source_id,)).fetchall()
        return {row[0] for row in rows}

    # -- uploads ---------------------------------------------------------------------------------------------
    def add_upload(self, upload: Upload) -> Upload:
        with self._db() as db:
            db.execute(
                "INSERT INTO uploads (id, source_id, account, created, file, original_name, mapping, status, "
                "base_version, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    upload.id,
                    upload.source_id,
                    upload.account,
                    upload.created,
                    upload.file,
                    upload.original_name,
                    upload.mapping,
                    upload.status,
                    upload.base_version,
                    json.dumps(upload.summary, ensure_ascii=False),
                ),
            )
        return upload

    def upload(self, upload_id: str) -> Upload:
        """One upload; NotFound otherwise."""
        with self._db() as db:
            row = db.execute(
                "SELECT id, source_id, account, created, file, original_name, mapping, status, base_version, summary "
                "FROM uploads WHERE id = ?",
                (upload_id,),
            ).fetchone()
        if row is None:
            raise NotFound("Diese Vorschau gibt es nicht mehr.", "this preview no longer exists.")
        return Upload(*row[:-1], json.loads(row[-1]))

    def last_params(self, source_id: str) -> dict[str, str]:
        """The mapping parameters of the source's last committed upload ({} when none)."""
        with self._db() as db:
            row = db.execute(
                "SELECT summary FROM uploads WHERE source_id = ? AND status = 'committed' ORDER BY created DESC",
                (source_id,),
            ).fetchone()
        return dict(json.loads(row[0]).get("params") or {}) if row else {}

    def uploads_before(self, moment: float, statuses: tuple[str, ...]) -> list[str]:
        """Ids of the uploads made before ``moment`` (seconds since the epoch) that have one of ``statuses``."""
        marks = ", ".join("?" for _ in statuses)
        with self._db() as db:
            rows = db.execute(
                f"SELECT id FROM uploads WHERE created < ? AND status IN ({marks})",  # only "?" formatted in
                (moment, *statuses),
            ).fetchall()
        return [row[0] for row in rows]

    def set_upload_status(self, upload_id: str, status: str) -> None:
        with self._db() as db:
            db.execute("UPDATE uploads SET status = ? WHERE id = ?", (status, upload_id))

    # -- form edits ------------------------------------------------------------------------------------------
    def note_form_edit(self, source_id: str, iri: str, version: int, account: str | None) -> None:
        """Remember that a record was changed in the form (the next sheet upload shows it as a conflict)."""
        with self._db() as db:
            db.execute(
                "INSERT INTO form_edits (source_id, iri, version, account, at) VALUES (?, ?, ?, ?, ?)",
                (source_id, iri, version, account, time.time()),
            )

    def form_edits_since(self, source_id: str, version: int) -> dict[str, tuple[int, str | None, float]]:
        """Records of ``source_id`` edited in the form after ``version``: iri -> (version, account, time)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT iri, version, account, at FROM form_edits WHERE source_id = ? AND version > ? ORDER BY version",
                (source_id, version),
            ).fetchall()
        return {row[0]: (row[1], row[2], row[3]) for row in rows}
