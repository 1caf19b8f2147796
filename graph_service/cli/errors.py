"""One place where the CLI turns errors into messages and exit codes (no traceback unless ``--debug``).

Exit codes: 0 ok, 1 rejected by the gate (the report is printed), 2 input, usage or store problem.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from graph_service.core.errors import BildungsgraphError

F = TypeVar("F", bound=Callable[..., Any])


_debug = {"on": False}


def set_debug(on: bool) -> None:
    """Remember ``bildungsgraph --debug`` for this run."""
    _debug["on"] = on


def debug_enabled() -> bool:
    """True when the user asked for ``bildungsgraph --debug …``."""
    return _debug["on"]


def handled(command: F) -> F:
    """Run ``command``; a :class:`BildungsgraphError` becomes one line on stderr and its exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BildungsgraphError as exc:
            if debug_enabled():
                raise
            lang = kwargs.get("lang") if kwargs.get("lang") in ("de", "en") else "de"
            word = "Error" if lang == "en" else "Fehler"
            typer.echo(f"{word}: {exc.describe(lang)}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return run  # type: ignore[return-value]


def handle_all(app: typer.Typer) -> None:
    """Wrap every registered command of ``app`` with :func:`handled`."""
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = handled(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            handle_all(group.typer_instance)
