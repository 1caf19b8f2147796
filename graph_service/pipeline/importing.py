"""The import pipeline: SHACL gate, then one atomic replacement of a source's named graph plus its metadata.

An import either lands whole or leaves the store exactly as it was:
- rows the importer could not read (``rejected_rows``) reject the batch unless ``accept_row_rejections``;
- SHACL violations reject it; warnings reject it only with ``strict``;
- the data graph is swapped by the store's ``replace_graph`` (one transaction in Oxigraph; temporary graph and
  ``MOVE`` on a remote server) with the metadata update in the same request, so readers see the old or the new
  graph, never a mix or nothing.

Large RDF files take the streaming path in :mod:`graph_service.pipeline.rdf_files`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef

from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings, get_settings
from graph_service.pipeline.provenance import ImportCounts, dataset_iri, describe_import, now

if TYPE_CHECKING:
    from graph_service.store.base import GraphStore
    from graph_service.validation.pyshacl_engine import ValidationReport

_CONTEXT_CHUNK = 400


@dataclass
class SourceInfo:
    """What a source is and under which licence it may be used."""

    source_id: str
    title: str
    licence: str
    attribution: str | None = None
    publisher: str | None = None
    source_url: str | None = None
    input_path: Path | None = None


@dataclass
class RowIssue:
    """One input row the importer could not turn into RDF, with the reason."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def describe(self, lang: str = "de") -> str:
        """``file Zeile 12, Spalte X: message (Wert: v)``."""
        row_word, col_word, val_word = ("Zeile", "Spalte", "Wert") if lang == "de" else ("row", "column", "value")
        parts = [self.file]
        if self.row is not None:
            parts.append(f" {row_word} {self.row}")
        if self.column:
            parts.append(f", {col_word} {self.column}")
        text = "".join(parts) + f": {self.message}"
        return text + (f" ({val_word}: {self.value!r})" if self.value not in (None, "") else "")


@dataclass
class ImportBatch:
    """The RDF of one source, ready for the gate, and how its rows fared."""

    source: SourceInfo
    graph: Graph
    rows_read: int = 0
    rows_merged: int = 0
    rejected_rows: list[RowIssue] = field(default_factory=list)


@dataclass
class ImportReport:
    """Outcome of one import (landed or rejected)."""

    source_id: str
    graph_iri: URIRef
    rows_read: int
    rows_imported: int
    rows_merged: int
    rows_rejected: int
    triples: int
    landed: bool
    rejected_rows: list[RowIssue]
    validation: ValidationReport | None
    reason: str | None = None

    def summary(self, lang: str = "de") -> str:
        """One line for the console."""
        if lang == "de":
            state = "importiert" if self.landed else f"ABGELEHNT ({self.reason})"
            return (
                f"{self.source_id}: {state}; {self.triples} Tripel; Zeilen gelesen {self.rows_read}, "
                f"importiert {self.rows_imported}, zusammengeführt {self.rows_merged}, abgelehnt {self.rows_rejected}"
            )
        state = "imported" if self.landed else f"REJECTED ({self.reason})"
        return (
            f"{self.source_id}: {state}; {self.triples} triples; rows read {self.rows_read}, "
            f"imported {self.rows_imported}, merged {self.rows_merged}, rejected {self.rows_rejected}"
        )

    def to_text(self, lang: str = "de") -> str:
        """Summary, rejected rows and the validation report, for people."""
        lines = [self.summary(lang)]
        lines += [f"  - {issue.describe(lang)}" for issue in self.rejected_rows]
        if self.validation is not None and self.validation.results:
            lines.append(self.validation.to_text(lang))
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "source_id": self.source_id,
            "graph": str(self.graph_iri),
            "landed": self.landed,
            "reason": self.reason,
            "rows": {
                "read": self.rows_read,
                "imported": self.rows_imported,
                "merged": self.rows_merged,
                "rejected": self.rows_rejected,
            },
            "triples": self.triples,
            "rejected_rows": [issue.__dict__ for issue in self.rejected_rows],
            "validation": json.loads(self.validation.to_json()) if self.validation is not None else None,
        }


class ImportRejected(Exception):
    """The batch did not pass the gate; the store is unchanged. ``args[0]`` / ``report`` is the ImportReport."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report)
        self.report = report

    def __str__(self) -> str:
        return self.report.summary()


class InputError(Exception):
    """An input file cannot be read as RDF (unknown format, parse error, wrong encoding, empty)."""


def import_batch(
    store: GraphStore,
    batch: ImportBatch,
    *,
    settings: Settings | None = None,
    strict: bool = False,
    accept_row_rejections: bool = False,
    lang: str = "de",
) -> ImportReport:
    """Validate ``batch`` and, if it passes, replace its source graph atomically and record provenance.

    Raises:
        ImportRejected: violations, rejected rows (unless accepted) or, with ``strict``, warnings.
    """
    from graph_service.validation.pyshacl_engine import validate

    settings = settings or get_settings()
    minter = IriMinter(settings.base_iri)
    started = now()
    graph_iri = minter.graph(batch.source.source_id)
    context = fetch_context(store, batch.graph)
    validation = validate(batch.graph, context=context, lang=lang)
    report = _report(batch, graph_iri, validation, landed=False)
    reason = _rejection_reason(report, strict, accept_row_rejections, lang)
    if reason:
        report.reason = reason
        raise ImportRejected(report)
    counts = ImportCounts(
        rows_read=report.rows_read,
        rows_imported=report.rows_imported,
        rows_merged=report.rows_merged,
        rows_rejected=report.rows_rejected,
        triples=len(batch.graph),
        entities=len({s for s in batch.graph.subjects() if isinstance(s, URIRef)}),
    )
    meta = describe_source(minter, batch.source, counts, started)
    store.replace_graph(graph_iri, batch.graph, then=metadata_update(minter, batch.source.source_id, meta))
    report.landed = True
    return report


def describe_source(minter: IriMinter, source: SourceInfo, counts: ImportCounts, started: datetime) -> Graph:
    """The dcat:Dataset and prov:Activity of one import of ``source``."""
    return describe_import(
        minter,
        source_id=source.source_id,
        title=source.title,
        licence=source.licence,
        attribution=source.attribution,
        publisher=source.publisher,
        source_url=source.source_url,
        input_path=source.input_path,
        counts=counts,
        started=started,
        ended=now(),
    )


def _report(batch: ImportBatch, graph_iri: URIRef, validation: ValidationReport, *, landed: bool) -> ImportReport:
    rejected = len(batch.rejected_rows)
    return ImportReport(
        source_id=batch.source.source_id,
        graph_iri=graph_iri,
        rows_read=batch.rows_read,
        rows_imported=max(batch.rows_read - batch.rows_merged - rejected, 0),
        rows_merged=batch.rows_merged,
        rows_rejected=rejected,
        triples=len(batch.graph),
        landed=landed,
        rejected_rows=list(batch.rejected_rows),
        validation=validation,
    )


def _rejection_reason(report: ImportReport, strict: bool, accept_rows: bool, lang: str) -> str | None:
    validation = report.validation
    de = lang == "de"
    if validation is not None and validation.violations:
        n = len(validation.violations)
        return f"{n} Verstöße gegen die Regeln" if de else f"{n} rule violations"
    if report.rows_rejected and not accept_rows:
        n = report.rows_rejected
        return f"{n} Zeilen nicht lesbar" if de else f"{n} unreadable rows"
    if strict and validation is not None and validation.warnings:
        n = len(validation.warnings)
        return f"{n} Warnungen (streng)" if de else f"{n} warnings (strict)"
    return None


def metadata_update(minter: IriMinter, source_id: str, meta: Graph) -> str:
    """The SPARQL Update that replaces a source's dataset description in the metadata graph (history kept)."""
    meta_graph = minter.meta_graph()
    ds = dataset_iri(minter, source_id)
    return (
        f"DELETE WHERE {{ GRAPH <{meta_graph}> {{ <{ds}> ?p ?o }} }} ;\n"
        f"DELETE WHERE {{ GRAPH <{meta_graph}> {{ <{ds}/checksum> ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{meta_graph}> {{\n{meta.serialize(format='nt')}\n}} }}"
    )


def fetch_context(store: GraphStore, data: Graph) -> Graph:
    """Facts from the store about IRIs the batch refers to but does not describe (types, labels, schemes)."""
    described = set(data.subjects())
    return context_for(store, sorted({o for o in data.objects() if isinstance(o, URIRef) and o not in described}))


def context_for(store: GraphStore, referenced: list[URIRef]) -> Graph:
    """Types, actor types, labels, schemes and AGS of ``referenced`` IRIs, as the store knows them."""
    context = Graph()
    for start in range(0, len(referenced), _CONTEXT_CHUNK):
        values = " ".join(f"<{iri}>" for iri in referenced[start : start + _CONTEXT_CHUNK])
        context += store.construct(
            "PREFIX bg: <https://w3id.org/bildungsgraph/def#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "CONSTRUCT { ?o a ?t . ?o bg:actorType ?at . ?o rdfs:label ?l . ?o skos:inScheme ?s . ?o bg:ags ?ags }\n"
            f"WHERE {{ VALUES ?o {{ {values} }} "
            "{ ?o a ?t } UNION { ?o bg:actorType ?at } UNION { ?o rdfs:label ?l } UNION { ?o skos:inScheme ?s }"
            " UNION { ?o bg:ags ?ags } }"
        )
    return context


def import_rdf_file(
    store: GraphStore,
    path: Path,
    source_id: str | None = None,
    **options: Any,
) -> ImportReport:
    """Import an RDF file as one source graph (streamed; see ``rdf_files.import_rdf_file``)."""
    from graph_service.pipeline.rdf_files import import_rdf_file as streaming_import

    return streaming_import(store, path, source_id, **options)
