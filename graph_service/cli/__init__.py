"""Command line of bildungsgraph: a thin layer over plain functions.

Each concern registers its commands from its own module (``register(app)``), listed in COMMAND_MODULES.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from graph_service import __version__
from graph_service.cli.errors import handle_all, set_debug

app = typer.Typer(
    name="bildungsgraph",
    help="Wissensgraph der kommunalen Bildungslandschaft / knowledge graph of a county's education landscape.",
    no_args_is_help=True,
    add_completion=False,
)

#: Modules that define ``register(app: typer.Typer) -> None``.
COMMAND_MODULES: list[str] = [
    "graph_service.cli.network_commands",
    "graph_service.cli.importer_commands",
    "graph_service.cli.serve_command",
    "graph_service.cli.store_commands",
    "graph_service.cli.gaps_commands",
    "graph_service.cli.county_commands",
    "graph_service.cli.user_commands",
    "graph_service.cli.map_commands",
]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Bei Fehlern den Python-Traceback zeigen")] = False,
) -> None:
    """Wissensgraph der kommunalen Bildungslandschaft."""
    set_debug(debug)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)
handle_all(app)
