"""Command line of bildungsgraph: a thin layer over plain functions.

Each concern registers its commands from its own module (``register(app)``); :data:`COMMANDS` says which module
owns which command. The installed ``bildungsgraph`` command (:func:`run`) imports only the module of the command
it runs (the diagram and web modules pull in matplotlib, scipy and FastAPI: 1.5 s and 90 MB for every import);
``app`` holds every command (help, tests).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from graph_service import __version__
from graph_service.cli.errors import handle_all, set_debug

#: the module that registers each command (``register(app: typer.Typer) -> None``), in the order of the help
COMMANDS: dict[str, str] = {
    "network": "graph_service.cli.network_commands",
    "slides": "graph_service.cli.network_commands",
    "communities": "graph_service.cli.network_commands",
    "template": "graph_service.cli.importer_commands",
    "demo": "graph_service.cli.importer_commands",
    "match-report": "graph_service.cli.importer_commands",
    "serve": "graph_service.cli.serve_command",
    "import": "graph_service.cli.store_commands",
    "validate": "graph_service.cli.store_commands",
    "query": "graph_service.cli.store_commands",
    "graphs": "graph_service.cli.store_commands",
    "drop": "graph_service.cli.store_commands",
    "export": "graph_service.cli.store_commands",
    "restore": "graph_service.cli.store_commands",
    "gaps": "graph_service.cli.gaps_commands",
    "init": "graph_service.cli.county_commands",
    "user": "graph_service.cli.user_commands",
    "map": "graph_service.cli.map_commands",
}
COMMAND_MODULES: list[str] = list(dict.fromkeys(COMMANDS.values()))


def main(
    debug: Annotated[bool, typer.Option("--debug", help="Bei Fehlern den Python-Traceback zeigen")] = False,
) -> None:
    """Wissensgraph der kommunalen Bildungslandschaft."""
    set_debug(debug)


def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def build_app(modules: Iterable[str] = COMMAND_MODULES) -> typer.Typer:
    """The command line with the commands of ``modules`` (every command by default)."""
    cli = typer.Typer(
        name="bildungsgraph",
        help="Wissensgraph der kommunalen Bildungslandschaft / knowledge graph of a county's education landscape.",
        no_args_is_help=True,
        add_completion=False,
    )
    cli.callback()(main)
    cli.command()(version)
    for name in modules:
        importlib.import_module(name).register(cli)
    handle_all(cli)
    return cli


def run() -> None:
    """The ``bildungsgraph`` command: builds only the module of the command named on the command line."""
    named = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    modules = [] if named == "version" else [COMMANDS[named]] if named in COMMANDS else COMMAND_MODULES
    build_app(modules)()


def __getattr__(name: str) -> typer.Typer:
    """``app``: every command, built on first use (so that :func:`run` does not import them all)."""
    if name != "app":
        raise AttributeError(name)
    cli = globals()["app"] = build_app()
    return cli
