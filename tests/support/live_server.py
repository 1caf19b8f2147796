"""A real uvicorn serving the app on 127.0.0.1 (free port) in a background thread, for tests with real clients."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.types import ASGIApp

from graph_service.core.settings import Settings
from graph_service.store.base import GraphStore
from graph_service.web.app import create_app


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(settings: Settings, store: GraphStore) -> Iterator[str]:
    """Serve ``create_app(settings, store)``; yields the base URL and stops the server afterwards."""
    with serve_app(create_app(settings, store)) as url:
        yield url


@contextmanager
def serve_app(app: ASGIApp, health: str = "/health") -> Iterator[str]:
    """Serve any ASGI ``app`` (it must answer 200 at ``health``); yields the base URL, stops it afterwards."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}{health}", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        raise RuntimeError("uvicorn did not start within 15 s")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
