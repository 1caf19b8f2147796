"""How a running service announces itself to the command line: a small JSON file in the store folder.

``bildungsgraph serve`` writes ``bildungsgraph-service.json`` (URL, process id, a random token; readable by the
owner only) into the folder of the embedded store it holds, and removes it when it stops. A CLI command that
finds the store busy reads it and sends its write (or asks for a read-only checkpoint) to that service instead.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "bildungsgraph-service.json"


@dataclass(frozen=True)
class ServiceFile:
    """Where the service holding a store listens, and the token it accepts from the command line."""

    url: str
    pid: int
    token: str


def announce(store_path: Path, url: str) -> ServiceFile:
    """Write the service file for ``store_path`` (mode 0600) and return it."""
    info = ServiceFile(url.rstrip("/"), os.getpid(), secrets.token_urlsafe(32))
    path = store_path / FILE_NAME
    partial = path.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(info.__dict__, handle)
    partial.replace(path)
    return info


def withdraw(store_path: Path) -> None:
    """Remove the service file (the service stops)."""
    (store_path / FILE_NAME).unlink(missing_ok=True)


def find(store_path: Path) -> ServiceFile | None:
    """The service file of ``store_path``, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads((store_path / FILE_NAME).read_text(encoding="utf-8"))
        return ServiceFile(str(data["url"]), int(data["pid"]), str(data["token"]))
    except (OSError, ValueError, KeyError):
        return None
