"""CLI commands of the importers: ``template`` (empty spreadsheet), ``demo`` (load the demo data set),
``match-report`` (same school/Kita from several sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.service_client import Service, echoed_reply, open_for_writing
from graph_service.core.errors import InputError, Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.settings import get_settings
from graph_service.county.init import boundary_batch
from graph_service.county.reference import find_area
from graph_service.pipeline import land
from graph_service.store.base import GraphStore
from graph_service.store.factory import open_store
from importers.demo import run_demo
from importers.matching import find_matches, format_report, store_matches
from importers.templates import write_template

#: the demo's county (Flensburg): its VG5000 boundary comes with the demo, so the map has its outline
DEMO_COUNTY = "01001"


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
    except OSError as exc:
        raise InputError(f"Datei nicht schreibbar: {exc}", f"cannot write the file: {exc}") from exc
    typer.echo(f"Vorlage geschrieben: {path}")


def demo(
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
) -> None:
    """Demo-Datensatz laden (Ontologie, Seed-Landkreise, Destatis, Flensburg mit Grenzen, Beispieldaten); idempotent."""
    settings = get_settings()
    graph_store = open_for_writing(store)
    if isinstance(graph_store, Service):
        echoed_reply(graph_store.post("/api/workspace/demo"), "demo")
        typer.echo(f"Demo geladen über den laufenden Dienst {graph_store.url}.")
        return
    try:
        reports = run_demo(graph_store, settings, echo=typer.echo)
        boundaries = land(graph_store, boundary_batch(find_area(DEMO_COUNTY), settings), IriMinter(settings.base_iri))
        typer.echo(boundaries.summary())
        reports.append(boundaries)
    except Rejected as exc:
        typer.echo(exc.report.to_text(), err=True)
        raise typer.Exit(1) from None
    finally:
        graph_store.close()
    triples = sum(r.triples for r in reports)
    typer.echo(f"Demo geladen: {len(reports)} Quellen, je ein benannter Graph, {triples} Tripel.")


def match_report(
    store: Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")] = None,
    threshold: Annotated[float, typer.Option(help="Mindestähnlichkeit für einen Treffer (0–1)")] = 0.85,
    write: Annotated[
        bool, typer.Option("--write", help="Treffer als owl:sameAs im Graphen 'abgleich' speichern")
    ] = False,
    across_laender: Annotated[
        bool, typer.Option("--across-laender", help="Auch über Ländergrenzen hinweg vergleichen (sonst nie)")
    ] = False,
) -> None:
    """Gleiche Schulen/Kitas aus mehreren Quellen: Treffer und Beinahe-Treffer zur Bestätigung."""
    settings = get_settings()
    graph_store = _open(store)
    try:
        result = find_matches(graph_store, threshold=threshold, across_laender=across_laender)
        typer.echo(format_report(result))
        if write:
            store_matches(graph_store, result[0], settings)
            typer.echo(f"{len(result[0])} Treffer im Graphen 'abgleich' gespeichert.")
    except Rejected as exc:
        typer.echo(exc.report.to_text(), err=True)
        raise typer.Exit(1) from None
    finally:
        graph_store.close()


def _open(store: Path | None) -> GraphStore:
    """Open the store (StoreBusy with the fix when a running service holds it)."""
    return open_store(get_settings(), store_path=store)
