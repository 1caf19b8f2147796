"""``bildungsgraph serve``: run the HTTP service with uvicorn (the one writer of its store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from graph_service.core import service_file
from graph_service.core.settings import get_settings
from graph_service.publish.search_index import prepare_search
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.factory import open_store
from graph_service.web.app import create_app


def serve(
    store: Annotated[Path | None, typer.Option("--store", help="Folder of the embedded store")] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="SPARQL endpoint of a remote store")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Dienst starten: SPARQL-Endpunkt, Linked-Data-Seiten, Netzwerke, Arbeitsbereich (http://HOST:PORT)."""
    settings = get_settings().for_store(store)  # the store and, next to it, the workspace (accounts)
    graph_store = open_store(settings, endpoint=endpoint)
    app = create_app(settings, graph_store)
    prepare_search(graph_store)  # in the background: the first search need not wait for the index
    folder = graph_store.path if isinstance(graph_store, EmbeddedStore) else None
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if folder is not None:  # CLI commands find the service here while it holds the store
        app.state.local_token = service_file.announce(folder, f"http://{local}:{port}").token
    typer.echo(f"bildungsgraph: http://{local}:{port}/  (Arbeitsbereich: http://{local}:{port}/arbeitsbereich/)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        if folder is not None:
            service_file.withdraw(folder)


def register(app: typer.Typer) -> None:
    """Add the serve command."""
    app.command("serve")(serve)
