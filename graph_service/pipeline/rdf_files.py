"""Streaming import of RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) as one source graph.

The file is parsed once by pyoxigraph into an in-memory batch store (no rdflib graph of the whole file), checked by
the SHACL gate together with the context the store holds about the IRIs it refers to, written to a temporary
N-Triples file and handed to the store's atomic ``replace_graph`` with the metadata update. Memory stays at about
one copy of the batch; a progress bar follows the bytes read when the console is interactive.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings, get_settings
from graph_service.pipeline.importing import (
    ImportRejected,
    ImportReport,
    InputError,
    SourceInfo,
    _rejection_reason,
    context_for,
    describe_source,
    metadata_update,
)
from graph_service.pipeline.provenance import ImportCounts, now

if TYPE_CHECKING:
    from graph_service.store.base import GraphStore
    from graph_service.validation.pyshacl_engine import ValidationReport

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
_REFERENCED = (
    "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) FILTER NOT EXISTS { ?o ?q ?v } "
    "FILTER(?p != <http://www.w3.org/ns/prov#wasDerivedFrom>) }"
)


def load_rdf_file(path: Path, *, progress: bool = False) -> ox.Store:
    """Parse ``path`` into an in-memory store (quads become triples of the default graph; blank nodes renamed).

    Raises:
        InputError: unknown suffix, missing or empty file, wrong encoding or a syntax error (with line and column).
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path.name}: unbekanntes Format '{path.suffix}' (bekannt: {', '.join(sorted(FORMATS))})")
    if not path.is_file():
        raise InputError(f"{path}: Datei nicht gefunden")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: Die Datei ist leer (0 Bytes).")
    batch = ox.Store()
    with reader(path, progress) as handle:
        try:
            batch.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in ox.parse(handle, fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
            )
        except SyntaxError as exc:
            message = str(exc)
            if "UTF-8" in message:
                raise InputError(f"{path.name}: keine gültige UTF-8-Datei ({message})") from exc
            raise InputError(f"{path.name}: Syntaxfehler: {message}") from exc
    if len(batch) == 0:
        raise InputError(f"{path.name}: Die Datei enthält keine Tripel.")
    return batch


@contextmanager
def reader(path: Path, progress: bool) -> Iterator[IO[bytes]]:
    """The file opened for binary reading, wrapped in a rich progress bar when asked for."""
    if not progress:
        with path.open("rb") as handle:
            yield handle
        return
    from rich.progress import wrap_file

    with path.open("rb") as raw, wrap_file(raw, path.stat().st_size, description=f"Lese {path.name}") as handle:
        yield handle


def referenced_iris(batch: ox.Store) -> list[URIRef]:
    """IRIs the batch points at without describing them (the store must tell the gate what they are)."""
    return sorted(URIRef(row["o"].value) for row in batch.query(_REFERENCED))


def validate_batch(batch: ox.Store, context: Graph, lang: str) -> ValidationReport:
    """The SHACL gate on a batch store: rudof chunk by chunk (same results as pySHACL, checked by the tests)."""
    from graph_service.validation.rudof_engine import validate_store

    return validate_store(batch, context=context, lang=lang)


def import_rdf_file(
    store: GraphStore,
    path: Path,
    source_id: str | None = None,
    *,
    title: str | None = None,
    licence: str = "https://creativecommons.org/licenses/by/4.0/",
    settings: Settings | None = None,
    strict: bool = False,
    lang: str = "de",
    progress: bool = False,
    **_: Any,
) -> ImportReport:
    """Gate and land one RDF file as the source graph ``<base>graph/<source_id>`` (default: the file's stem).

    Raises:
        InputError: the file cannot be read as RDF.
        ImportRejected: SHACL violations (or warnings with ``strict``); the store is unchanged.
    """
    settings = settings or get_settings()
    minter = IriMinter(settings.base_iri)
    started = now()
    source = SourceInfo(source_id or path.stem, title or path.name, licence, input_path=path)
    graph_iri = minter.graph(source.source_id)
    batch = load_rdf_file(path, progress=progress)
    validation = validate_batch(batch, context_for(store, referenced_iris(batch)), lang)
    subjects = _count(batch, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
    report = ImportReport(
        source_id=source.source_id,
        graph_iri=graph_iri,
        rows_read=subjects,
        rows_imported=subjects,
        rows_merged=0,
        rows_rejected=0,
        triples=len(batch),
        landed=False,
        rejected_rows=[],
        validation=validation,
    )
    report.reason = _rejection_reason(report, strict, False, lang)
    if report.reason:
        raise ImportRejected(report)
    counts = ImportCounts(subjects, subjects, 0, 0, len(batch), subjects)
    meta = describe_source(minter, source, counts, started)
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-import-") as folder:
        spool = Path(folder) / "batch.nt"
        batch.dump(str(spool), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        del batch
        store.replace_graph(graph_iri, spool, then=metadata_update(minter, source.source_id, meta))
    report.landed = True
    return report


def _count(batch: ox.Store, query: str) -> int:
    solutions = batch.query(query)
    return int(next(iter(solutions))["n"].value)
