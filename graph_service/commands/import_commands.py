"""CLI commands of the importers: ``template`` (empty spreadsheet), ``demo`` (load the demo data set),
``match-report`` (same school/Kita from several sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add the importer commands to the CLI."""
    app.command("template")(template)
    app.command("demo")(demo)
    app.command("match-report")(match_report)


def template(
    kind: Annotated[
        str, typer.Argument(help="akteure, angebote, kooperationen, zustaendigkeiten, netzwerke, mitgliedschaften")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Zieldatei (.xlsx oder .csv)")],
) -> None:
    """Leere Tabellenvorlage schreiben (Excel mit Erläuterungen und Auswahllisten, oder CSV)."""
    from importers.templates import TemplateError, write_template

    aliases = {
        "actors": "akteure",
        "offers": "angebote",
        "cooperations": "kooperationen",
        "responsibilities": "zustaendigkeiten",
        "networks": "netzwerke",
        "memberships": "mitgliedschaften",
    }
    try:
        path = write_template(aliases.get(kind, kind), output)
    except (TemplateError, OSError) as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"Vorlage geschrieben: {path}")


def demo(
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
) -> None:
    """Demo-Datensatz laden (Ontologie, Seed-Landkreise, Destatis, Flensburg, Beispieldaten); idempotent."""
    from graph_service.store.factory import open_store
    from importers.demo import run_demo

    try:
        from graph_service.importing import ImportRejected
    except ModuleNotFoundError:  # the store engineer's module is not there yet: run_demo loads ungated
        ImportRejected = RuntimeError

    settings = get_settings()
    graph_store = open_store(settings, store_path=store)
    try:
        run_demo(graph_store, settings, echo=typer.echo)
    except ImportRejected as exc:
        typer.echo(exc.report.to_text(), err=True)
        raise typer.Exit(1) from exc
    finally:
        graph_store.close()
    typer.echo("Demo geladen.")


def match_report(
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
    threshold: Annotated[float, typer.Option(help="Mindestähnlichkeit für einen Treffer (0–1)")] = 0.85,
) -> None:
    """Gleiche Schulen/Kitas aus mehreren Quellen: Treffer und Beinahe-Treffer zur Bestätigung."""
    from graph_service.store.factory import open_store
    from importers.matching import find_matches, format_report

    graph_store = open_store(get_settings(), store_path=store)
    try:
        typer.echo(format_report(find_matches(graph_store, threshold=threshold)))
    finally:
        graph_store.close()
