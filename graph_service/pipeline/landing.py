"""Landing a batch: the gate, then ONE atomic replacement of the source's named graph with its metadata record.

Readers see the old or the new graph with its record, never a mix or nothing (the store's ``replace_graph``: one
transaction in Oxigraph; temporary graph and ``MOVE`` on a remote server). Large batches are spooled to a
temporary N-Triples file and streamed into the store.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph_service.core.iris import IriMinter
from graph_service.core.sparql_terms import iri
from graph_service.pipeline.batch import ImportBatch, graph_of
from graph_service.pipeline.diff import diff_stores, graph_content
from graph_service.pipeline.gate import GateOptions, check, target_graph
from graph_service.pipeline.provenance import ImportCounts, dataset_iri, describe_import, now
from graph_service.pipeline.report import ImportReport
from graph_service.pipeline.versions import VersionLog
from graph_service.store.base import GraphStore

#: batches up to this size are written as one SPARQL Update (with the metadata, one transaction)
SMALL_BATCH_TRIPLES = 50_000
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"


@dataclass(frozen=True)
class Keeping:
    """Where and how a landed write is kept as a version (see :mod:`graph_service.pipeline.versions`)."""

    log: VersionLog
    target: str = "public"  # public | draft | internal
    note: str = ""
    restored_from: int | None = None
    #: the state the version is compared with (default: the graph it replaces; a draft compares with the data
    #: its author saw, e.g. the released graph)
    baseline: ox.Store | None = None


def land(
    store: GraphStore,
    batch: ImportBatch,
    minter: IriMinter,
    options: GateOptions | None = None,
    *,
    account: str | None = None,
    context: Sequence[GraphStore] = (),
    keep: Keeping | None = None,
) -> ImportReport:
    """Check ``batch`` and, if it passes, replace its graph and record provenance in the same transaction.

    ``account`` is the pseudonymous id of the account that acted (provenance); ``context`` further stores the gate
    may consult; with ``keep`` the write becomes a version (content, record diff against the graph it replaces).

    Raises:
        Rejected: the gate refused the batch; the store is unchanged.
    """
    started = now()
    report = check(store, batch, minter, options or GateOptions(), context=context)
    diff = None
    if keep is not None:
        before = keep.baseline if keep.baseline is not None else graph_content(store, str(report.graph_iri))
        diff = diff_stores(before, batch.data)
    counts = ImportCounts(
        rows_read=report.rows_read,
        rows_imported=report.rows_imported,
        rows_merged=report.rows_merged,
        rows_rejected=report.rows_rejected,
        triples=batch.triples,
        entities=int(next(iter(batch.data.query(_ENTITIES)))["n"].value),
    )
    meta = describe_import(minter, batch.source, report.graph_iri, counts, started, now(), account)
    update = metadata_update(minter, batch.source.source_id, meta)
    write(store, report.graph_iri, batch.data, update)
    report.landed = True
    if keep is not None and diff is not None:
        report.diff = diff
        report.version = keep.log.record(
            batch.source.source_id,
            str(report.graph_iri),
            keep.target,
            batch.data,
            diff,
            account=account,
            note=keep.note,
            restored_from=keep.restored_from,
        )
    return report


def write(store: GraphStore, graph_iri: URIRef, data: ox.Store, then: str) -> None:
    """Replace ``graph_iri`` with the default graph of ``data`` and run ``then`` with it."""
    if len(data) <= SMALL_BATCH_TRIPLES:
        store.replace_graph(graph_iri, graph_of(data), then=then)
        return
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-import-") as folder:
        spool = Path(folder) / "batch.nt"
        data.dump(str(spool), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        store.replace_graph(graph_iri, spool, then=then)


def metadata_update(minter: IriMinter, source_id: str, meta: Graph) -> str:
    """The SPARQL Update that replaces a source's dataset description in the metadata graph (history kept)."""
    meta_graph = iri(str(minter.meta_graph()))
    ds = iri(str(dataset_iri(minter, source_id)))
    checksum = iri(str(dataset_iri(minter, source_id)) + "/checksum")
    return (
        f"DELETE WHERE {{ GRAPH {meta_graph} {{ {ds} ?p ?o }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {meta_graph} {{ {checksum} ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH {meta_graph} {{\n{meta.serialize(format='nt')}\n}} }}"
    )


def drop_source(store: GraphStore, graph_iri: URIRef, minter: IriMinter, source_id: str | None = None) -> None:
    """Remove a source's graph and its dataset description in one update."""
    meta_graph = iri(str(minter.meta_graph()))
    target = iri(str(graph_iri))
    parts = [f"DROP SILENT GRAPH {target}"]
    if source_id:
        ds = iri(str(dataset_iri(minter, source_id)))
        parts.append(f"DELETE WHERE {{ GRAPH {meta_graph} {{ {ds} ?p ?o }} }}")
    store.update(" ;\n".join(parts))


__all__ = ["Keeping", "land", "target_graph", "write"]
