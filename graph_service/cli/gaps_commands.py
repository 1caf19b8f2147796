"""CLI command ``gaps``: the gap-analysis report (HTML + a CSV per table, or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.core.settings import get_settings
from graph_service.gaps import build_report
from graph_service.gaps.report import write_report
from graph_service.store.factory import open_store


def gaps(
    out: Annotated[Path, typer.Option("-o", "--output", help="Zieldatei (HTML oder JSON)")],
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
    county: Annotated[str | None, typer.Option("--county", help="AGS (Präfix) des Kreises, z. B. 01001")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Sprache des Berichts: de oder en")] = "de",
    fmt: Annotated[str, typer.Option("--format", help="html oder json")] = "html",
) -> None:
    """Lückenanalyse: Abdeckung, Übergänge, Zuständigkeiten, Netzwerkstruktur."""
    if fmt not in ("html", "json"):
        raise typer.BadParameter("html oder json", param_hint="--format")
    if lang not in ("de", "en"):
        raise typer.BadParameter("de oder en", param_hint="--lang")
    graph_store = open_store(get_settings(), store_path=store)
    try:
        paths = write_report(build_report(graph_store, county, lang), out, lang=lang, fmt=fmt)
    finally:
        graph_store.close()
    for path in paths:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add ``gaps`` to the CLI."""
    app.command("gaps")(gaps)
