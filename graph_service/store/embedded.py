"""Embedded store: pyoxigraph persisted on disk (the default)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph_service.store.base import (
    DumpFormat,
    GraphInfo,
    QueryKind,
    QuerySyntaxError,
    QueryTimeout,
    SelectResult,
    StoreError,
)
from graph_service.store.terms import to_oxigraph, to_rdflib

_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
_RDFLIB_RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
}


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword after the prologue."""
    import re

    body = re.sub(r"(?im)^\s*(PREFIX|BASE)\s+[^\n]*$", "", re.sub(r"#[^\n]*", "", query))
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


def _write_select(
    result: ox.QuerySolutions, media_type: str, out: BinaryIO, *, timeout: float | None, row_cap: int | None
) -> bool:
    """Serialise a SELECT row by row, stopping at the deadline (QueryTimeout) or the row cap (returns True)."""
    from rdflib.query import Result
    from rdflib.term import Variable

    deadline = time.monotonic() + timeout if timeout else None
    variables = [v.value for v in result.variables]
    bindings = []
    truncated = False
    for solution in result:
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout(f"query exceeded {timeout} s")
        if row_cap is not None and len(bindings) >= row_cap:
            truncated = True
            break
        bindings.append({Variable(v): to_rdflib(solution[v]) for v in variables if solution[v] is not None})
    if media_type == "text/tab-separated-values":
        _write_tsv(variables, bindings, out)
        return truncated
    rdflib_result = Result("SELECT")
    rdflib_result.vars = [Variable(v) for v in variables]
    rdflib_result.bindings = bindings
    fmt = _RDFLIB_RESULT_FORMATS.get(media_type, "json")
    rdflib_result.serialize(out, format=fmt, encoding="utf-8")
    return truncated


def _write_tsv(variables: list[str], bindings: list[dict], out: BinaryIO) -> None:
    """SPARQL 1.1 TSV: header of ?vars, terms in N-Triples syntax, empty cell when unbound."""
    from rdflib.term import Variable

    out.write(("\t".join(f"?{v}" for v in variables) + "\n").encode("utf-8"))
    for row in bindings:
        cells = [row[Variable(v)].n3().replace("\t", "\\t") if Variable(v) in row else "" for v in variables]
        out.write(("\t".join(cells) + "\n").encode("utf-8"))


class EmbeddedStore:
    """A pyoxigraph store in a folder on disk (or in memory when ``path`` is None, for tests)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))

    # -- queries -------------------------------------------------------------------------------------
    def _run(
        self,
        query: str,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        default = [ox.NamedNode(u) for u in default_graph_uris]
        named = [ox.NamedNode(u) for u in named_graph_uris]
        try:
            return self._store.query(
                query,
                use_default_graph_as_union=not default,
                default_graph=default or None,
                named_graphs=named or None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

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
        media_type: str,
        out: BinaryIO,
        *,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        timeout: float | None = None,
        row_cap: int | None = None,
    ) -> tuple[QueryKind, bool]:
        result = self._run(query, default_graph_uris, named_graph_uris)
        if isinstance(result, ox.QueryBoolean):
            result.serialize(out, _RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON))
            return "ASK", False
        if isinstance(result, ox.QueryTriples):
            result.serialize(out, _RDF_FORMATS.get(media_type, ox.RdfFormat.TURTLE))
            kind: QueryKind = "DESCRIBE" if query_form(query) == "DESCRIBE" else "CONSTRUCT"
            return kind, False
        truncated = _write_select(result, media_type, out, timeout=timeout, row_cap=row_cap)
        return "SELECT", truncated

    # -- writes --------------------------------------------------------------------------------------
    def update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def replace_graph(self, graph_iri: URIRef, data: Graph | Path) -> int:
        if isinstance(data, Path):
            graph = Graph()
            graph.parse(data)
            data = graph
        body = data.serialize(format="nt")
        self.update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")
        return len(data)

    def drop_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def graphs(self) -> list[GraphInfo]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        return [GraphInfo(URIRef(r["g"]), int(r["n"])) for r in rows]

    def graph(self, graph_iri: URIRef) -> Graph:
        graph = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def add_triples(self, graph_iri: URIRef, data: Graph) -> None:
        """Add triples to a graph in one transaction (used by tests and small fixtures)."""
        g = ox.NamedNode(str(graph_iri))
        self._store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g) for s, p, o in data)

    def dump(self, out: BinaryIO, fmt: DumpFormat = "nquads", graph_iri: URIRef | None = None) -> None:
        if graph_iri is None:
            self._store.dump(out, _DUMP_FORMATS[fmt])
        else:
            self._store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph_iri)))

    def restore(self, src: BinaryIO, fmt: DumpFormat = "nquads") -> int:
        before = len(self._store)
        self._store.bulk_load(src, _DUMP_FORMATS[fmt])
        return len(self._store) - before

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store
