"""SPARQL Update takes the one road too: it runs on a scratch copy, and every named graph it changes is checked by
the gate as one batch and then written with provenance, like an import.

1. The store is copied (the embedded store: a RocksDB checkpoint, milliseconds; any other store: a dump into
   memory) and the update runs on the copy; the real store is not touched.
2. The named graphs whose content differs between the copy and the store are the update's batches. An update that
   writes into the default graph (no ``GRAPH <…>``) or into the metadata graph is refused: every triple belongs to
   a source, and source records are the pipeline's.
3. Every batch is checked first; only when all pass are they written, each graph atomically with its record.
   (Across several graphs the write is not one transaction: a crash between two graphs leaves the first one new.)

The cost is one pass over the store's quads to find the changed graphs: an update is an administrator's tool (the
bearer token), not the coordinators' road (the workspace).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from graph_service.core.errors import InputError
from graph_service.core.iris import IriMinter
from graph_service.pipeline.batch import ImportBatch, SourceInfo
from graph_service.pipeline.gate import GateOptions, check
from graph_service.pipeline.landing import land
from graph_service.pipeline.rdf_files import DEFAULT_LICENCE
from graph_service.pipeline.report import ImportReport
from graph_service.store.base import GraphStore, QuerySyntaxError


def source_for_graph(graph_iri: str, minter: IriMinter, title: str = "Graph Store") -> SourceInfo:
    """The source a direct write to ``graph_iri`` describes: our ``graph/<id>`` graphs keep their id, others get
    a hash of their IRI."""
    prefix = str(minter.graph(""))
    tail = graph_iri[len(prefix) :] if graph_iri.startswith(prefix) else ""
    source_id = tail if tail and "/" not in tail else "graph-" + hashlib.sha1(graph_iri.encode()).hexdigest()[:12]
    return SourceInfo(source_id, f"{title}: {graph_iri}", DEFAULT_LICENCE, graph_iri=graph_iri)


def apply_update(
    store: GraphStore,
    update: str,
    minter: IriMinter,
    options: GateOptions | None = None,
    *,
    account: str | None = None,
) -> list[ImportReport]:
    """Run ``update`` through the gate; returns one report per changed graph (empty when nothing changed).

    Raises:
        QuerySyntaxError: the update does not parse or fails on the copy.
        InputError: it writes the default or the metadata graph.
        Rejected: a changed graph does not pass the gate; nothing was written.
    """
    options = options or GateOptions(allow_empty=True)
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-update-") as folder:
        scratch: ox.Store | None = _scratch_copy(store, Path(folder))
        try:
            scratch.update(update)
            batches, problem = _changed_graphs(store, scratch, minter)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc), str(exc)) from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QuerySyntaxError(f"Die Änderung schlug fehl: {exc}", f"the update failed: {exc}") from exc
        finally:
            scratch = None  # closes the copy before its folder is removed
    if problem is not None:
        raise problem  # raised here, not inside: its traceback would keep the copy open
    for batch in batches:
        check(store, batch, minter, options)
    return [land(store, batch, minter, options, account=account) for batch in batches]


def _scratch_copy(store: GraphStore, folder: Path) -> ox.Store:
    """A writable copy of ``store``: a checkpoint of an embedded store, else its dump in memory."""
    checkpoint = getattr(store, "checkpoint", None)
    if callable(checkpoint):
        checkpoint(folder / "copy")
        return ox.Store(str(folder / "copy"))
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    copy = ox.Store()
    copy.bulk_load(buffer.getvalue(), ox.RdfFormat.N_QUADS)
    return copy


def _content(store: GraphStore | ox.Store, graph: str) -> set[str]:
    if isinstance(store, ox.Store):
        return {
            f"{q.subject} {q.predicate} {q.object}" for q in store.quads_for_pattern(None, None, None, _node(graph))
        }
    buffer = io.BytesIO()
    store.dump(buffer, "nquads", URIRef(graph))
    return {line.rstrip(" .") for line in buffer.getvalue().decode("utf-8").splitlines() if line.strip()}


def _node(graph: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph == "" else ox.NamedNode(graph)


def _changed_graphs(
    store: GraphStore, scratch: ox.Store, minter: IriMinter
) -> tuple[list[ImportBatch], InputError | None]:
    """The named graphs the update changed, each as the batch of its new content, or why it may not land."""
    if any(True for _ in scratch.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        return [], InputError(
            "Die Änderung schreibt in den Standardgraphen: jedes Tripel gehört zu einer Quelle.",
            "the update writes into the default graph: every triple belongs to a source.",
            fix_de="Schreiben Sie mit GRAPH <…> in den benannten Graphen der Quelle.",
            fix_en="write into the source's named graph with GRAPH <…>.",
        )
    before = {info.iri: info.triples for info in store.graphs()}
    after = {g.value for g in scratch.named_graphs() if isinstance(g, ox.NamedNode)}
    counts = _counts(scratch)
    batches = []
    for graph in sorted({str(g) for g in before} | after):
        if before.get(URIRef(graph), 0) == counts.get(graph, 0) and _content(store, graph) == _content(scratch, graph):
            continue
        if graph == str(minter.meta_graph()):
            return [], InputError(
                "Die Quellenbeschreibungen (graph/meta) führt die Import-Strecke; keine Änderung darf sie schreiben.",
                "the source records (graph/meta) belong to the import road; an update may not write them.",
            )
        data = ox.Store()
        data.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in scratch.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        )
        batches.append(ImportBatch(source_for_graph(graph, minter, "SPARQL Update"), data, rows_read=0))
    return batches, None


def _counts(scratch: ox.Store) -> dict[str, int]:
    rows = scratch.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}
