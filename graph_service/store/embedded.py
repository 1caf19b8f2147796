"""Embedded store: pyoxigraph persisted on disk (the default)."""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph_service.core.sparql_terms import iri
from graph_service.store.base import (
    DumpFormat,
    GraphInfo,
    QueryKind,
    QueryTimeout,
    ResultTypes,
    SelectResult,
    StoreError,
)
from graph_service.store.evaluation import QueryRequest, run, translated_errors, write_result
from graph_service.store.ntriples import has_bnode, ntriples_lines
from graph_service.store.query_gate import inspect
from graph_service.store.query_workers import QueryWorkers
from graph_service.store.readers_gate import ReadersGate
from graph_service.store.result_cache import CachedResult, ResultCache
from graph_service.store.snapshots import Snapshots
from graph_service.store.terms import to_oxigraph, to_rdflib

__all__ = ["EmbeddedStore"]

_DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
SMALL_BATCH_TRIPLES = 50_000
JOURNAL_NAME = "bildungsgraph-bulk-load.json"
#: a bulk load of N-Triples goes in parts of this many lines: the loader holds a part's indexes in memory
LOAD_PART_LINES = 50_000


def _ntriple(quad: ox.Quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} .\n"


def _quads(lines: Iterable[str], graph: ox.NamedNode) -> Iterable[ox.Quad]:
    for quad in ox.parse("".join(lines), ox.RdfFormat.N_TRIPLES):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


class EmbeddedStore:
    """A pyoxigraph store in a folder on disk (or in memory when ``path`` is None, for tests).

    With a ``result_cache``, :meth:`query_to` keeps serialised results until the next write through this object
    (the only writer of the folder: Oxigraph locks it). With ``query_slots``, at most that many :meth:`query_to`
    evaluations run at once (on two cores more only add memory); the others wait, within their time limit.

    With ``workers`` (a folder store opened for writing), :meth:`query_to` evaluates in worker processes on a
    read-only checkpoint of the current write generation (kept in ``<folder>.snapshots``), and a query past its
    time limit is killed with its process; the pool's slots replace ``query_slots`` then."""

    def __init__(
        self,
        path: Path | None,
        *,
        read_only: bool = False,
        result_cache: ResultCache | None = None,
        query_slots: int | None = None,
        workers: QueryWorkers | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.result_cache = result_cache
        self.query_slots = query_slots
        self._slots = threading.BoundedSemaphore(query_slots) if query_slots else None
        self.generation = 0
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
            self._recover_interrupted_load()
        self._gate = ReadersGate()
        self.workers = workers if path is not None and not read_only else None
        self._snapshots = (
            Snapshots(path.with_name(path.name + ".snapshots"), self._checkpoint)
            if self.workers is not None and path is not None
            else None
        )

    # -- queries -------------------------------------------------------------------------------------
    def _run(
        self,
        query: str,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        request: QueryRequest | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        request = request or _request(query, ResultTypes(), default_graph_uris, named_graph_uris)
        with self._gate.reading():
            return run(self._store, request)

    def select(self, query: str, *, timeout: float | None = None) -> SelectResult:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        deadline = time.monotonic() + timeout if timeout else None
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout(f"query exceeded {timeout} s")
            rows.append({v: to_rdflib(solution[v]) for v in variables if solution[v] is not None})
        return SelectResult(variables, rows)

    def ask(self, query: str, *, timeout: float | None = None) -> bool:
        result = self._run(query)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("not an ASK query")
        return bool(result)

    def construct(self, query: str, *, timeout: float | None = None) -> Graph:
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph

    def query_to(
        self,
        query: str,
        media_type: str | ResultTypes,
        out: BinaryIO,
        *,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> tuple[QueryKind, bool]:
        request = _request(query, ResultTypes.of(media_type), default_graph_uris, named_graph_uris, row_cap, timeout)
        if self.result_cache is None:
            return self._query_to(request, out)
        key = (self.generation, query, request.default_graphs, request.named_graphs, request.types, row_cap)

        def evaluate() -> CachedResult:
            buffer = io.BytesIO()
            kind, truncated = self._query_to(request, buffer)
            return CachedResult(kind, truncated, buffer.getvalue())

        cached = self.result_cache.compute(key, evaluate)
        out.write(cached.body)
        return cached.kind, cached.truncated  # type: ignore[return-value]

    @contextmanager
    def _slot(self, timeout: float | None) -> Iterator[float | None]:
        """One of the query slots, waited for at most ``timeout`` s; yields the time left (QueryTimeout if none)."""
        if self._slots is None:
            yield timeout
            return
        started = time.monotonic()
        if not self._slots.acquire(timeout=timeout if timeout else -1):
            raise QueryTimeout(f"all {self.query_slots} query slots stayed busy for {timeout:g} s")
        try:
            yield None if timeout is None else max(timeout - (time.monotonic() - started), 0.001)
        finally:
            self._slots.release()

    def _query_to(self, request: QueryRequest, out: BinaryIO) -> tuple[QueryKind, bool]:
        """Evaluate and serialise: in a worker process when there are workers, else here in one query slot."""
        if self.workers is not None and self._snapshots is not None:
            snapshot = self._snapshots.acquire(self.generation)
            try:
                answer = self.workers.run(
                    snapshot, replace(request, timeout=None), timeout=request.timeout, network=request.remote
                )
            finally:
                self._snapshots.release(snapshot)
            out.write(answer.body)
            return answer.kind, answer.truncated  # type: ignore[return-value]
        with self._slot(request.timeout) as left:
            result = self._run(request.query, request.default_graphs, request.named_graphs, request)
            with translated_errors(request.remote):
                return write_result(result, replace(request, timeout=left), out)

    def _checkpoint(self, path: Path) -> None:
        """A read-only checkpoint of the store at ``path`` (never during a bulk load: readers wait for it)."""
        try:
            with self._gate.reading():
                self._store.backup(str(path))
        except OSError as exc:
            raise StoreError(f"cannot make the read-only checkpoint {path} for the query workers: {exc}") from exc

    # -- writes --------------------------------------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Every write moves the generation on before and after, so no cached result outlives it."""
        self._invalidate()
        try:
            yield
        finally:
            self._invalidate()

    def _invalidate(self) -> None:
        self.generation += 1
        if self.result_cache is not None:
            self.result_cache.clear()

    def update(self, update: str) -> None:
        """Run a SPARQL Update; the client's mistakes (a graph that exists / does not) as QueryEvaluationError."""
        shape = inspect(update)
        with translated_errors(shape.remote or bool(shape.loads)), self._writing():
            self._store.update(update)

    def replace_graph(self, graph_iri: URIRef, data: Graph | Path, *, then: str | None = None) -> int:
        """One transaction: small graphs by DROP + INSERT DATA, large ones by their difference to the old graph.

        A large first import is one ``extend`` transaction; ``then`` follows in its own small transaction."""
        if isinstance(data, Graph) and len(data) <= SMALL_BATCH_TRIPLES:
            body = data.serialize(format="nt")
            tail = f" ;\n{then}" if then else ""
            self.update(
                f"DROP SILENT GRAPH {iri(graph_iri)} ;\nINSERT DATA {{ GRAPH {iri(graph_iri)} {{\n{body}\n}} }}{tail}"
            )
            return len(data)
        return self._replace_by_difference(graph_iri, data, then)

    def _replace_by_difference(self, graph_iri: URIRef, data: Graph | Path, then: str | None) -> int:
        graph = ox.NamedNode(str(graph_iri))
        if not any(True for _ in self._store.quads_for_pattern(None, None, None, graph)):
            return self._first_load(graph, data, then)
        new_lines = set(ntriples_lines(data))
        old_lines = {_ntriple(q) for q in self._store.quads_for_pattern(None, None, None, graph)}
        removed = [line for line in old_lines - new_lines if not has_bnode(line)]
        added = [line for line in new_lines - old_lines if not has_bnode(line)]
        added += [line for line in new_lines if has_bnode(line)]
        parts = []
        if any(has_bnode(line) for line in old_lines):
            parts.append(
                f"DELETE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o "
                "FILTER(isBlank(?s) || isBlank(?o)) } }"
            )
        if removed:
            parts.append(f"DELETE DATA {{ GRAPH {iri(graph_iri)} {{\n{''.join(removed)}}} }}")
        if added:
            parts.append(f"INSERT DATA {{ GRAPH {iri(graph_iri)} {{\n{''.join(added)}}} }}")
        if then:
            parts.append(then)
        if parts:
            self.update(" ;\n".join(parts))
        return len(new_lines)

    def _first_load(self, graph: ox.NamedNode, data: Graph | Path, then: str | None) -> int:
        """A large graph that does not exist yet: Oxigraph's bulk loader, with no query watching and a journal.

        Queries wait while the loader runs (so none sees half a graph); if the process dies, the next open finds
        the journal and removes the partial graph, so the store holds the old state (no such graph)."""
        if not isinstance(data, Path):
            with self._writing():
                self._store.extend(_quads(ntriples_lines(data), graph))
            if then:
                self.update(then)
            return self._count(graph)
        fmt = ox.RdfFormat.from_extension(data.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
        with self._gate.exclusive(), self._writing():
            self._write_journal(graph, "loading", then)
            try:
                self._bulk_load(data, fmt, graph)
                self._store.flush()
            except BaseException:
                self._store.clear_graph(graph)
                self._clear_journal()
                raise
            self._write_journal(graph, "loaded", then)
            if then:
                self._store.update(then)
                self._store.flush()
            self._clear_journal()
        return self._count(graph)

    def _bulk_load(self, data: Path, fmt: ox.RdfFormat, graph: ox.NamedNode) -> None:
        """Oxigraph's bulk loader; N-Triples in parts of :data:`LOAD_PART_LINES` lines (the register: 160 -> 80 MB).

        Each call names blank nodes afresh, so every line that may hold one goes into the one last part."""
        if fmt != ox.RdfFormat.N_TRIPLES:
            self._store.bulk_load(path=str(data), format=fmt, to_graph=graph)
            return
        part: list[bytes] = []
        with_blank_nodes: list[bytes] = []
        with data.open("rb") as lines:
            for line in lines:
                (with_blank_nodes if b"_:" in line else part).append(line)
                if len(part) >= LOAD_PART_LINES:
                    self._store.bulk_load(input=b"".join(part), format=fmt, to_graph=graph)
                    part = []
        for rest in (part, with_blank_nodes):
            if rest:
                self._store.bulk_load(input=b"".join(rest), format=fmt, to_graph=graph)

    def _count(self, graph: ox.NamedNode) -> int:
        """Triples in ``graph``, counted by Oxigraph (iterating them in Python took 1.4 s at 200k)."""
        rows = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)  # type: ignore[arg-type, index]

    # -- the bulk-load journal -----------------------------------------------------------------------
    def _journal(self) -> Path | None:
        return self.path / JOURNAL_NAME if self.path is not None else None

    def _write_journal(self, graph: ox.NamedNode, phase: str, then: str | None) -> None:
        """Record the load before it starts ("loading") and once the graph is complete ("loaded")."""
        journal = self._journal()
        if journal is None:
            return
        partial = journal.with_suffix(".tmp")
        with partial.open("w", encoding="utf-8") as handle:
            json.dump({"loading_graph": graph.value, "phase": phase, "then": then}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(journal)

    def _clear_journal(self) -> None:
        journal = self._journal()
        if journal is not None:
            journal.unlink(missing_ok=True)

    def _recover_interrupted_load(self) -> None:
        """Finish what a killed bulk load left: a partial graph is removed (the old state: no such graph); a
        complete one gets its follow-up update (idempotent: it replaces the metadata record) applied again."""
        journal = self._journal()
        if journal is None or not journal.exists():
            return
        entry = json.loads(journal.read_text(encoding="utf-8"))
        if entry.get("phase") == "loaded":
            if entry.get("then"):
                self._store.update(entry["then"])
        else:
            self._store.clear_graph(ox.NamedNode(entry["loading_graph"]))
        self._store.flush()
        journal.unlink()

    def drop_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {iri(graph_iri)}")

    def graphs(self) -> list[GraphInfo]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        return [GraphInfo(URIRef(r["g"]), int(r["n"])) for r in rows]

    def graph(self, graph_iri: URIRef) -> Graph:
        graph = Graph()
        with self._gate.reading():
            for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def add_triples(self, graph_iri: URIRef, data: Graph) -> None:
        """Add triples to a graph in one transaction (used by tests and small fixtures)."""
        g = ox.NamedNode(str(graph_iri))
        with self._writing():
            self._store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g) for s, p, o in data)

    def dump(self, out: BinaryIO, fmt: DumpFormat = "nquads", graph_iri: URIRef | None = None) -> None:
        with self._gate.reading():
            if graph_iri is None:
                self._store.dump(out, _DUMP_FORMATS[fmt])
            else:
                self._store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph_iri)))

    def restore(self, src: BinaryIO, fmt: DumpFormat = "nquads") -> int:
        """Stream the dump to a temporary N-Quads file (noting its graphs), clear those graphs, bulk-load it."""
        graphs: set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = set()
        count = 0
        with tempfile.NamedTemporaryFile(suffix=".nq", prefix="bildungsgraph-restore-") as spool:
            try:
                for quad in ox.parse(src, _DUMP_FORMATS[fmt]):
                    graphs.add(quad.graph_name)
                    spool.write(f"{quad} .\n".encode())
                    count += 1
            except SyntaxError as exc:
                raise StoreError(f"the dump does not parse: {exc}") from exc
            spool.flush()
            with self._writing():
                for graph in graphs:
                    self._store.clear_graph(graph)
                self._store.bulk_load(path=spool.name, format=ox.RdfFormat.N_QUADS)
        return count

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()
        if self._snapshots is not None:
            self._snapshots.close()
        if not self.read_only:
            self._store.flush()
        del self._store

    def checkpoint(self, target: Path) -> None:
        """A consistent read-only copy of the store at ``target`` (RocksDB checkpoint: hard links, milliseconds) that
        ``EmbeddedStore(target, read_only=True)`` opens; the CLI's read commands use it next to a running service."""
        self._checkpoint(target)


def _request(
    query: str,
    types: ResultTypes,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
    row_cap: int | None = None,
    timeout: float | None = None,
) -> QueryRequest:
    """The evaluation request of ``query``: the dataset rule and the form come from the query gate's scan."""
    shape = inspect(query)
    return QueryRequest(
        query,
        types,
        tuple(default_graph_uris),
        tuple(named_graph_uris),
        row_cap=row_cap,
        timeout=timeout,
        has_dataset=shape.has_dataset,
        describe=shape.form == "DESCRIBE",
        remote=shape.remote,
    )
