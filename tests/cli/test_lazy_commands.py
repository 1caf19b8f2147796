"""The installed command imports only the module of the command it runs; ``COMMANDS`` names every command."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer

from graph_service.cli import COMMAND_MODULES, COMMANDS, app

HEAVY = ("fastapi", "uvicorn", "matplotlib", "scipy", "visualisations", "pyshacl", "openpyxl")  # openpyxl: xlsx only
RUN = """
import sys
import graph_service.cli as cli
sys.argv = ["bildungsgraph", *sys.argv[1:]]
try:
    cli.run()
except SystemExit:
    pass
print(sorted(name for name in {heavy!r} if name in sys.modules))
"""


def registered(module: str) -> set[str]:
    cli = typer.Typer()
    importlib.import_module(module).register(cli)
    commands = {info.name or info.callback.__name__.replace("_", "-") for info in cli.registered_commands}
    return commands | {group.name for group in cli.registered_groups if group.name}


def test_every_module_registers_exactly_the_commands_listed_for_it() -> None:
    for module in COMMAND_MODULES:
        assert registered(module) == {name for name, owner in COMMANDS.items() if owner == module}, module
    assert set(typer.main.get_command(app).commands) == {*COMMANDS, "version"}  # type: ignore[attr-defined]


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", RUN.format(heavy=HEAVY), *args], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_an_import_does_not_load_the_web_service_or_the_diagrams() -> None:
    assert run("validate", "--help") == "[]"
    assert run("version") == "[]"


def test_the_help_lists_every_command() -> None:
    assert run("--help") != "[]"  # every module, so the help can name every command
