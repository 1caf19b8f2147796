"""The command line next to a running service: writes go to the service, reads use a checkpoint it makes.

The service is the one writer of its store (Oxigraph locks the folder). When a command finds the store busy,
it looks for the service: ``BILDUNGSGRAPH_SERVICE_URL`` (with ``BILDUNGSGRAPH_UPDATE_TOKEN``) or the service
file the running service wrote into the store folder. Writes (import, drop, restore, demo, init) are sent to the
service's ``/api/workspace/…`` and take its pipeline; read commands (query, graphs, export, gaps, network,
slides) ask it for a read-only checkpoint of the store and read that. Without a service the store opens directly.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import typer

from graph_service.core import service_file
from graph_service.core.errors import BildungsgraphError, InputError, StoreBusy
from graph_service.core.settings import Settings, get_settings
from graph_service.store.base import GraphStore
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.factory import open_store

TIMEOUT = httpx.Timeout(10.0, read=3600.0)


class ServiceError(BildungsgraphError):
    """The running service could not be reached or answered with an error."""

    exit_code = 2
    http_status = 502


@dataclass(frozen=True)
class Service:
    """A running service that holds the store, and the token to send."""

    url: str
    token: str

    def post(
        self, path: str, data: dict[str, str | list[str]] | None = None, files: dict[str, Path] | None = None
    ) -> httpx.Response:
        """POST to the service; ServiceError when it cannot be reached or fails."""
        handles = {name: (p.name, p.open("rb")) for name, p in (files or {}).items()}
        try:
            response = httpx.post(
                f"{self.url}{path}",
                data=data or {},
                files=handles or None,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=TIMEOUT,
            )
        except httpx.HTTPError as exc:
            raise ServiceError(
                f"Der Dienst unter {self.url} antwortet nicht ({exc}).",
                f"the service at {self.url} does not answer ({exc}).",
            ) from exc
        finally:
            for _, handle in handles.values():
                handle.close()
        if response.status_code >= 400 and response.status_code != 422:
            raise ServiceError(
                f"Der Dienst lehnt ab ({response.status_code}): {_message(response)}",
                f"the service refuses ({response.status_code}): {_message(response)}",
            )
        return response


def _message(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:300]
    return str(body.get("message") or body.get("detail") or body) if isinstance(body, dict) else str(body)


def store_folder(settings: Settings, store: Path | None) -> Path:
    return store or settings.store_path


def running_service(settings: Settings, store: Path | None) -> Service | None:
    """The service holding the store: from settings, or from the service file in the store folder."""
    if settings.service_url:
        return Service(settings.service_url.rstrip("/"), settings.update_token or "")
    found = service_file.find(store_folder(settings, store))
    if found is None:
        return None
    return Service(found.url, settings.update_token or found.token)


def service_or_raise(busy: StoreBusy, settings: Settings, store: Path | None) -> Service:
    """The running service, or the StoreBusy error when no service announced itself."""
    service = running_service(settings, store)
    if service is None:
        raise busy
    return service


@contextmanager
def reading_store(store: Path | None, endpoint: str | None = None) -> Iterator[GraphStore]:
    """A store to read: opened directly, or (the store is busy) a checkpoint made by the running service."""
    settings = get_settings()
    try:
        opened = open_store(settings, store_path=store, endpoint=endpoint)
    except StoreBusy as busy:
        service = service_or_raise(busy, settings, store)
        path = Path(service.post("/api/workspace/checkpoint").json()["path"])
        checkpoint = EmbeddedStore(path, read_only=True)
        try:
            yield checkpoint
        finally:
            checkpoint.close()
            shutil.rmtree(path.parent, ignore_errors=True)
        return
    try:
        yield opened
    finally:
        opened.close()


def open_for_writing(store: Path | None, endpoint: str | None = None) -> GraphStore | Service:
    """The store opened for writing, or the running service that holds it."""
    settings = get_settings()
    try:
        return open_store(settings, store_path=store, endpoint=endpoint)
    except StoreBusy as busy:
        return service_or_raise(busy, settings, store)


def echoed_reply(response: httpx.Response, what: str) -> dict[str, Any]:
    """A reply of a command that reports as it goes (``lines``): printed; a refusal prints its text, exit 1."""
    body = check_reply(response, what)
    for line in body.get("lines", []):
        typer.echo(line)
    if response.status_code == 422:
        typer.echo(body.get("text", ""), err=True)
        raise typer.Exit(1)
    return body


def check_reply(response: httpx.Response, what: str) -> dict[str, Any]:
    """The JSON body of a service reply (422 is a refusal with a report)."""
    try:
        return response.json()
    except ValueError as exc:
        raise InputError(f"{what}: keine Antwort des Dienstes", f"{what}: no answer from the service") from exc
