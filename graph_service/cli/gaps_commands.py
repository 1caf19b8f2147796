"""CLI command ``gaps``: the gap-analysis report (HTML + a CSV per table, or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.service_client import reading_store
from graph_service.gaps import build_report
from graph_service.gaps.report import CSV_DIALECTS, write_report


def gaps(
    out: Annotated[Path, typer.Option("-o", "--output", help="Zieldatei (HTML oder JSON)")],
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
    county: Annotated[str | None, typer.Option("--county", help="AGS (Präfix) des Kreises, z. B. 01001")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Sprache des Berichts: de oder en")] = "de",
    fmt: Annotated[str, typer.Option("--format", help="html oder json")] = "html",
    csv_dialect: Annotated[
        str | None,
        typer.Option("--csv-dialect", help="excel-de (Vorgabe für Deutsch: BOM, ;, Dezimalkomma) oder rfc4180"),
    ] = None,
) -> None:
    """Lückenanalyse: Abdeckung, Übergänge, Zuständigkeiten, Netzwerkstruktur."""
    if fmt not in ("html", "json"):
        raise typer.BadParameter("html oder json", param_hint="--format")
    if lang not in ("de", "en"):
        raise typer.BadParameter("de oder en", param_hint="--lang")
    if csv_dialect not in (None, *CSV_DIALECTS):
        raise typer.BadParameter(" oder ".join(CSV_DIALECTS), param_hint="--csv-dialect")
    with reading_store(store) as graph_store:
        paths = write_report(build_report(graph_store, county, lang), out, lang=lang, fmt=fmt, dialect=csv_dialect)
    for path in paths:
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    """Add ``gaps`` to the CLI."""
    app.command("gaps")(gaps)
