"""Store commands: import, validate, query, graphs, drop, export, restore.

Exit codes: 0 ok, 1 rejected import or invalid data (report printed), 2 usage or input error.
"""

from __future__ import annotations

import json
import shutil
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer
from rdflib import Graph

from graph_service.core.settings import get_settings

if TYPE_CHECKING:
    from graph_service.pipeline.importing import ImportReport
    from graph_service.store.base import GraphStore, SelectResult

StoreOpt = Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")]
EndpointOpt = Annotated[str | None, typer.Option("--endpoint", help="SPARQL-Endpunkt eines entfernten Stores")]
LangOpt = Annotated[str, typer.Option("--lang", help="Sprache der Meldungen: de oder en")]


def _open(store: Path | None, endpoint: str | None) -> GraphStore:
    from graph_service.store.factory import open_store

    return open_store(get_settings(), store_path=store, endpoint=endpoint)


def import_command(
    file: Annotated[
        Path, typer.Argument(help="Datei: Turtle/N-Triples/N-Quads/TriG/JSON-LD, oder Tabelle mit --mapping")
    ],
    mapping: Annotated[
        str | None, typer.Option("--mapping", help="Mapping-Datei oder Id eines mitgelieferten Mappings")
    ] = None,
    source_id: Annotated[str | None, typer.Option("--source-id", help="Kennung der Quelle (Name des Graphen)")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Auch Warnungen führen zur Ablehnung")] = False,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    lang: LangOpt = "de",
    as_json: Annotated[bool, typer.Option("--json", help="Bericht als JSON")] = False,
) -> None:
    """Eine Quelle importieren: prüfen (SHACL) und ihren Graphen als Ganzes ersetzen – oder nichts ändern."""
    from graph_service.pipeline.importing import ImportRejected, InputError, import_batch, import_rdf_file

    settings = get_settings()
    new_folder = store is not None and not store.exists()
    graph_store = _open(store, endpoint)
    landed = False
    try:
        if mapping:
            from importers import build_batch

            batch = build_batch(file, mapping, settings)
            if source_id:
                batch.source.source_id = source_id
            report = import_batch(graph_store, batch, settings=settings, strict=strict, lang=lang)
        else:
            report = import_rdf_file(
                graph_store, file, source_id, settings=settings, strict=strict, lang=lang, progress=sys.stderr.isatty()
            )
        landed = True
    except InputError as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from exc
    except ImportRejected as exc:
        _print_report(exc.report, lang, as_json)
        raise typer.Exit(1) from exc
    finally:
        graph_store.close()
        if new_folder and not landed and store is not None:
            shutil.rmtree(store, ignore_errors=True)  # a rejected first import leaves no empty store behind
    _print_report(report, lang, as_json)


def _print_report(report: ImportReport, lang: str, as_json: bool) -> None:
    typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if as_json else report.to_text(lang))


def validate_command(
    file: Annotated[Path, typer.Argument(help="RDF-Datei oder Tabelle (mit --mapping)")],
    mapping: Annotated[str | None, typer.Option("--mapping", help="Mapping-Datei oder Id")] = None,
    lang: LangOpt = "de",
    as_json: Annotated[bool, typer.Option("--json", help="Bericht als JSON")] = False,
) -> None:
    """Nur prüfen, nichts schreiben."""
    from graph_service.pipeline.importing import InputError
    from graph_service.pipeline.rdf_files import load_rdf_file, validate_batch
    from graph_service.validation.pyshacl_engine import validate

    try:
        if mapping:
            from importers import build_batch

            report = validate(build_batch(file, mapping, get_settings()).graph, lang=lang)
        else:
            report = validate_batch(load_rdf_file(file, progress=sys.stderr.isatty()), Graph(), lang)
    except InputError as exc:
        typer.echo(f"Fehler: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(report.to_json() if as_json else report.to_text(lang))
    if not report.conforms:
        raise typer.Exit(1)


def query_command(
    query: Annotated[str, typer.Argument(help="SPARQL-Abfrage oder @datei.rq")],
    output: Annotated[str, typer.Option("--output", "-f", help="table, csv, tsv, json oder xml")] = "table",
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Eine SPARQL-Abfrage ausführen."""
    from graph_service.store.base import QuerySyntaxError

    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    media = {
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
    }
    graph_store = _open(store, endpoint)
    try:
        if output == "table":
            _print_table(graph_store.select(text))
        elif output in media:
            graph_store.query_to(text, media[output], sys.stdout.buffer)
        else:
            typer.echo(f"Unbekanntes Ausgabeformat: {output}", err=True)
            raise typer.Exit(2)
    except QuerySyntaxError as exc:
        typer.echo(f"SPARQL-Syntaxfehler: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        graph_store.close()


def _print_table(result: SelectResult) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*result.variables)
    for row in result.rows:
        table.add_row(*[str(row.get(v, "")) for v in result.variables])
    Console().print(table)


def graphs_command(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Benannte Graphen mit Tripelzahl, Lizenz und Importdatum."""
    from rich.console import Console
    from rich.table import Table

    query = """PREFIX dct: <http://purl.org/dc/terms/> PREFIX bg: <https://w3id.org/bildungsgraph/def#>
    SELECT ?g ?licence ?modified WHERE { ?ds bg:namedGraph ?g OPTIONAL { ?ds dct:license ?licence }
    OPTIONAL { ?ds dct:modified ?modified } }"""
    graph_store = _open(store, endpoint)
    try:
        meta = {str(r["g"]): r for r in graph_store.select(query)}
        table = Table()
        for column in ("Graph", "Tripel", "Lizenz", "Stand"):
            table.add_column(column, overflow="fold")
        for info in graph_store.graphs():
            row = meta.get(str(info.iri), {})
            table.add_row(
                str(info.iri), str(info.triples), str(row.get("licence", "")), str(row.get("modified", ""))[:19]
            )
        Console().print(table)
    finally:
        graph_store.close()


def drop_command(
    graph: Annotated[str, typer.Argument(help="IRI des Graphen oder Kennung der Quelle")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Einen Quellgraphen löschen."""
    from rdflib import URIRef

    from graph_service.core.iris import IriMinter

    iri = URIRef(graph) if "://" in graph else IriMinter(get_settings().base_iri).graph(graph)
    graph_store = _open(store, endpoint)
    try:
        graph_store.drop_graph(iri)
    finally:
        graph_store.close()
    typer.echo(f"gelöscht: {iri}")


def export_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="Zieldatei (.nq oder .trig)")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Alles als N-Quads oder TriG sichern (gestreamt)."""
    fmt = "trig" if output.suffix == ".trig" else "nquads"
    graph_store = _open(store, endpoint)
    try:
        with output.open("wb") as handle:
            graph_store.dump(handle, fmt)  # type: ignore[arg-type]
    finally:
        graph_store.close()
    typer.echo(f"geschrieben: {output}")


def restore_command(
    dump: Annotated[Path, typer.Argument(help="Sicherung (.nq oder .trig)")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Eine Sicherung einspielen."""
    fmt = "trig" if dump.suffix == ".trig" else "nquads"
    if not dump.is_file():
        typer.echo(f"Fehler: {dump} nicht gefunden", err=True)
        raise typer.Exit(2)
    from graph_service.store.base import StoreError

    graph_store = _open(store, endpoint)
    try:
        with _progress_reader(dump) as handle:
            count = graph_store.restore(handle, fmt)  # type: ignore[arg-type]
    except StoreError as exc:
        typer.echo(f"Fehler: {dump.name}: {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        graph_store.close()
    typer.echo(f"{count} Quads eingespielt")


def _progress_reader(path: Path) -> AbstractContextManager[IO[bytes]]:
    """``path`` opened for reading, with a progress bar on an interactive terminal."""
    from graph_service.pipeline.rdf_files import reader

    return reader(path, progress=sys.stderr.isatty())


def register(app: typer.Typer) -> None:
    """Add the store commands."""
    app.command("import")(import_command)
    app.command("validate")(validate_command)
    app.command("query")(query_command)
    app.command("graphs")(graphs_command)
    app.command("drop")(drop_command)
    app.command("export")(export_command)
    app.command("restore")(restore_command)
