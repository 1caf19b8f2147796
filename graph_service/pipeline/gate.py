"""The one SHACL gate and its one rejection rule; ``validate`` is exactly ``import`` without the write.

:func:`check` reads the store context, validates the batch and decides. A batch is refused when
- the shapes find a violation;
- the importer rejected rows (unless the caller accepts a partial import);
- ``strict`` and the shapes find a warning;
- it holds no data but would replace a source that has some (unless ``allow_empty``): nothing empties a source
  silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef

from graph_service.core.errors import Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.sparql_terms import iri
from graph_service.pipeline.batch import ImportBatch
from graph_service.pipeline.context import store_context
from graph_service.pipeline.report import ImportReport
from graph_service.store.base import GraphStore
from graph_service.validation import Engine, validate


@dataclass(frozen=True)
class GateOptions:
    """How strict the gate is for one batch."""

    strict: bool = False
    accept_partial: bool = False
    allow_empty: bool = False
    lang: str = "de"
    engine: Engine = "auto"


def target_graph(batch: ImportBatch, minter: IriMinter) -> URIRef:
    """The named graph the batch replaces."""
    return URIRef(batch.source.graph_iri) if batch.source.graph_iri else minter.graph(batch.source.source_id)


def check(
    store: GraphStore,
    batch: ImportBatch,
    minter: IriMinter,
    options: GateOptions,
    *,
    context: Sequence[GraphStore] = (),
) -> ImportReport:
    """Validate ``batch`` against the shapes with the store's context and apply the rule; writes nothing.

    ``context`` names further stores whose knowledge the batch may use (a draft in the workspace's private store
    may point at actors of the public store).

    Raises:
        Rejected: the batch may not land; ``.report`` holds every finding (the same as a passing report has).
    """
    graph_iri = target_graph(batch, minter)
    known = Graph()
    for source in (store, *context):
        known += store_context(source, batch.data)
    validation = validate(batch.data, known, lang=options.lang, engine=options.engine)
    rejected = len(batch.rejected_rows)
    report = ImportReport(
        source_id=batch.source.source_id,
        graph_iri=graph_iri,
        rows_read=batch.rows_read,
        rows_imported=max(batch.rows_read - batch.rows_merged - rejected, 0),
        rows_merged=batch.rows_merged,
        rows_rejected=rejected,
        triples=batch.triples,
        landed=False,
        rejected_rows=list(batch.rejected_rows),
        validation=validation,
    )
    if batch.triples == 0 and not options.allow_empty:
        report.previous_triples = graph_size(store, graph_iri)
    reasons = rejection(report, options)
    if reasons is not None:
        report.reason, report.reason_en = reasons
        raise Rejected(reasons[0], reasons[1], report=report)
    return report


def rejection(report: ImportReport, options: GateOptions) -> tuple[str, str] | None:
    """The one rule: why the batch may not land (German, English), or None."""
    validation = report.validation
    if validation is not None and validation.violations:
        n = len(validation.violations)
        return f"{n} Verstöße gegen die Regeln", f"{n} rule violations"
    if report.rows_rejected and not options.accept_partial:
        n = report.rows_rejected
        return f"{n} Zeilen abgelehnt", f"{n} rows rejected"
    if options.strict and validation is not None and validation.warnings:
        n = len(validation.warnings)
        return f"{n} Warnungen (streng)", f"{n} warnings (strict)"
    if report.previous_triples:
        n = report.previous_triples
        return (
            f"keine Daten: die Quelle hätte danach 0 statt {n} Tripel; zum Leeren --allow-empty angeben",
            f"no data: the source would go from {n} to 0 triples; pass --allow-empty to empty it",
        )
    return None


def graph_size(store: GraphStore, graph_iri: URIRef) -> int:
    """Triples in one named graph (0 when it does not exist)."""
    rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri(str(graph_iri))} {{ ?s ?p ?o }} }}")
    return int(rows.rows[0]["n"]) if rows.rows else 0
