"""Store commands: import, validate, query, graphs, drop, export, restore.

Exit codes: 0 ok, 1 rejected by the gate (report printed), 2 usage, input or store problem (one message; the
traceback only with ``bildungsgraph --debug``). ``validate`` is ``import`` without the write.
"""

from __future__ import annotations

import json
import shutil
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, Annotated

import typer
from rdflib import URIRef
from rich.console import Console
from rich.table import Table

from graph_service.cli.service_client import Service, check_reply, open_for_writing, reading_store
from graph_service.core.errors import InputError, Location, NotFound, Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings, get_settings
from graph_service.core.sparql_terms import checked_iri
from graph_service.pipeline import GateOptions, ImportBatch, ImportReport, check, drop_source, land, read_rdf_file
from graph_service.pipeline.rdf_files import reader
from graph_service.store.base import GraphStore, SelectResult
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.factory import open_store
from importers import build_batch, params_from_pairs

StoreOpt = Annotated[Path | None, typer.Option("--store", help="Ordner des eingebetteten Stores")]
MappingOpt = Annotated[
    str | None, typer.Option("--mapping", help="Mapping-Datei oder Id eines mitgelieferten Mappings")
]
SourceIdOpt = Annotated[str | None, typer.Option("--source-id", help="Kennung der Quelle (Name des Graphen)")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Auch Warnungen führen zur Ablehnung")]
PartialOpt = Annotated[bool, typer.Option("--accept-partial", help="Abgelehnte Zeilen weglassen, den Rest importieren")]
EmptyOpt = Annotated[bool, typer.Option("--allow-empty", help="Eine Datei ohne Daten darf die Quelle leeren")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Bericht als JSON")]
EndpointOpt = Annotated[str | None, typer.Option("--endpoint", help="SPARQL-Endpunkt eines entfernten Stores")]
LangOpt = Annotated[str, typer.Option("--lang", help="Sprache der Meldungen: de oder en")]
ParamOpt = Annotated[
    list[str] | None,
    typer.Option("--param", help="Parameter des Mappings als name=wert (mehrfach möglich), z. B. --param kreis=01001"),
]


def _open(store: Path | None, endpoint: str | None) -> GraphStore:
    """The store named on the command line (or in settings); StoreBusy when a service holds it."""
    return open_store(get_settings(), store_path=store, endpoint=endpoint)


def read_batch(
    file: Path, mapping: str | None, source_id: str | None, settings: Settings, params: dict[str, str] | None = None
) -> ImportBatch:
    """The batch of ``file``: through ``mapping`` for tables, else read as RDF (the same for import and validate)."""
    minter = IriMinter(settings.base_iri)
    if params and not mapping:
        raise InputError("--param gilt nur zusammen mit --mapping", "--param only applies together with --mapping")
    if mapping:
        if not file.exists():
            raise NotFound("Datei nicht gefunden", "file not found", where=Location(file=str(file)))
        batch = build_batch(file, mapping, settings, params)
    else:
        batch = read_rdf_file(file, minter, source_id, progress=sys.stderr.isatty())
    if source_id:
        batch.source.source_id = source_id
    return batch


def import_command(
    file: Annotated[
        Path, typer.Argument(help="Datei: Turtle/N-Triples/N-Quads/TriG/JSON-LD, oder Tabelle mit --mapping")
    ],
    mapping: MappingOpt = None,
    source_id: SourceIdOpt = None,
    strict: StrictOpt = False,
    accept_partial: PartialOpt = False,
    allow_empty: EmptyOpt = False,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    lang: LangOpt = "de",
    as_json: JsonOpt = False,
    param: ParamOpt = None,
) -> None:
    """Eine Quelle importieren: prüfen (SHACL) und ihren Graphen als Ganzes ersetzen – oder nichts ändern."""
    settings = get_settings()
    options = GateOptions(strict=strict, accept_partial=accept_partial, allow_empty=allow_empty, lang=lang)
    batch = read_batch(file, mapping, source_id, settings, params_from_pairs(param or []))  # input errors first
    new_folder = store is not None and endpoint is None and not store.exists()
    graph_store = open_for_writing(store, endpoint)
    if isinstance(graph_store, Service):
        _import_through(graph_store, file, mapping, source_id, options, lang, as_json, param or [])
        return
    landed = False
    try:
        report = land(graph_store, batch, IriMinter(settings.base_iri), options)
        landed = True
    except Rejected as exc:
        _print_report(exc.report, lang, as_json)
        raise typer.Exit(1) from None
    finally:
        graph_store.close()
        if new_folder and not landed and store is not None:
            shutil.rmtree(store, ignore_errors=True)  # a rejected first import leaves no empty store behind
    _print_report(report, lang, as_json)


def _import_through(
    service: Service,
    file: Path,
    mapping: str | None,
    source_id: str | None,
    options: GateOptions,
    lang: str,
    as_json: bool,
    params: list[str],
) -> None:
    """Send the import to the running service (it holds the store); same report and exit code as locally."""
    if not file.is_file():
        raise NotFound("Datei nicht gefunden", "file not found", where=Location(file=str(file)))
    data = {
        "strict": str(options.strict),
        "accept_partial": str(options.accept_partial),
        "allow_empty": str(options.allow_empty),
        "lang": lang,
        "source_id": source_id or "",
        "param": params,
    }
    files = {"file": file}
    if mapping and Path(mapping).is_file():
        files["mapping_file"] = Path(mapping)
    elif mapping:
        data["mapping"] = mapping
    response = service.post("/api/workspace/import", data=data, files=files)
    body = check_reply(response, "import")
    typer.echo(json.dumps(body["report"], ensure_ascii=False, indent=2) if as_json else body["text"])
    typer.echo(
        f"(über den laufenden Dienst {service.url})" if lang != "en" else f"(through the service {service.url})",
        err=True,
    )
    if response.status_code == 422:
        raise typer.Exit(1)


def _print_report(report: ImportReport, lang: str, as_json: bool) -> None:
    typer.echo(json.dumps(report.to_json(lang), ensure_ascii=False, indent=2) if as_json else report.to_text(lang))


def validate_command(
    file: Annotated[Path, typer.Argument(help="RDF-Datei oder Tabelle (mit --mapping)")],
    mapping: MappingOpt = None,
    source_id: SourceIdOpt = None,
    strict: StrictOpt = False,
    accept_partial: PartialOpt = False,
    allow_empty: EmptyOpt = False,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    lang: LangOpt = "de",
    as_json: JsonOpt = False,
    param: ParamOpt = None,
) -> None:
    """Nur prüfen, nichts schreiben: dieselben Befunde und derselbe Exit-Code wie „import“."""
    settings = get_settings()
    options = GateOptions(strict=strict, accept_partial=accept_partial, allow_empty=allow_empty, lang=lang)
    batch = read_batch(file, mapping, source_id, settings, params_from_pairs(param or []))
    folder = store or settings.store_path
    if endpoint is None and settings.endpoint is None and not folder.exists():
        reading: AbstractContextManager[GraphStore] = nullcontext(EmbeddedStore(None))  # no store yet: empty too
    else:
        reading = reading_store(store, endpoint)
    with reading as graph_store:
        try:
            report = check(graph_store, batch, IriMinter(settings.base_iri), options)
        except Rejected as exc:
            _print_report(exc.report, lang, as_json)
            raise typer.Exit(1) from None
    _print_report(report, lang, as_json)


def query_command(
    query: Annotated[str, typer.Argument(help="SPARQL-Abfrage oder @datei.rq")],
    output: Annotated[str, typer.Option("--output", "-f", help="table, csv, tsv, json oder xml")] = "table",
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Eine SPARQL-Abfrage ausführen."""
    if query.startswith("@") and not Path(query[1:]).is_file():
        raise NotFound("Abfragedatei nicht gefunden", "query file not found", where=Location(file=query[1:]))
    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    media = {
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
    }
    if output != "table" and output not in media:
        raise InputError(f"Unbekanntes Ausgabeformat: {output}", f"unknown output format: {output}")
    with reading_store(store, endpoint) as graph_store:
        if output == "table":
            _print_table(graph_store.select(text))
        else:
            graph_store.query_to(text, media[output], sys.stdout.buffer)


def _print_table(result: SelectResult) -> None:
    table = Table(*result.variables)
    for row in result.rows:
        table.add_row(*[str(row.get(v, "")) for v in result.variables])
    Console().print(table)


def graphs_command(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Benannte Graphen mit Tripelzahl, Lizenz und Importdatum."""
    query = """PREFIX dct: <http://purl.org/dc/terms/> PREFIX bg: <https://w3id.org/bildungsgraph/def#>
    SELECT ?g ?licence ?modified WHERE { ?ds bg:namedGraph ?g OPTIONAL { ?ds dct:license ?licence }
    OPTIONAL { ?ds dct:modified ?modified } }"""
    with reading_store(store, endpoint) as graph_store:
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


def drop_command(
    graph: Annotated[str, typer.Argument(help="IRI des Graphen oder Kennung der Quelle")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Einen Quellgraphen mit seiner Beschreibung löschen."""
    minter = IriMinter(get_settings().base_iri)
    is_iri = "://" in graph
    iri = URIRef(checked_iri(graph)) if is_iri else minter.graph(graph)
    graph_store = open_for_writing(store, endpoint)
    if isinstance(graph_store, Service):
        check_reply(graph_store.post("/api/workspace/drop", data={"graph": graph}), "drop")
        typer.echo(f"gelöscht: {iri} (über den laufenden Dienst)")
        return
    try:
        drop_source(graph_store, iri, minter, None if is_iri else graph)
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
    with reading_store(store, endpoint) as graph_store, output.open("wb") as handle:
        graph_store.dump(handle, fmt)  # type: ignore[arg-type]
    typer.echo(f"geschrieben: {output}")


def restore_command(
    dump: Annotated[Path, typer.Argument(help="Sicherung (.nq oder .trig)")],
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Eine Sicherung einspielen."""
    fmt = "trig" if dump.suffix == ".trig" else "nquads"
    if not dump.is_file():
        raise NotFound("Sicherung nicht gefunden", "backup not found", where=Location(file=str(dump)))
    graph_store = open_for_writing(store, endpoint)
    if isinstance(graph_store, Service):
        body = check_reply(graph_store.post("/api/workspace/restore", files={"file": dump}), "restore")
        typer.echo(f"{body['quads']} Quads eingespielt (über den laufenden Dienst)")
        return
    try:
        with _progress_reader(dump) as handle:
            count = graph_store.restore(handle, fmt)  # type: ignore[arg-type]
    finally:
        graph_store.close()
    typer.echo(f"{count} Quads eingespielt")


def _progress_reader(path: Path) -> AbstractContextManager[IO[bytes]]:
    """``path`` opened for reading, with a progress bar on an interactive terminal."""
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
