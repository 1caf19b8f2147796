"""Evaluate one query on a pyoxigraph store and serialise its result: the same code in-process and in a worker.

The query form comes from the result object (solutions, boolean, triples), the serialisation format from
pyoxigraph's own media-type tables (``QueryResultsFormat.from_media_type``, ``RdfFormat.from_media_type``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from graph_service.store.base import (
    QueryEvaluationError,
    QueryKind,
    QuerySyntaxError,
    RemoteEndpointError,
    ResultTypes,
    StoreError,
)
from graph_service.store.solution_writer import write_solutions


@dataclass(frozen=True)
class QueryRequest:
    """Everything an evaluation needs, as plain values (it crosses a process boundary).

    ``has_dataset``: the text has FROM / FROM NAMED (then the union default graph does not apply);
    ``describe``: the text is a DESCRIBE (reported as such; its result is triples like a CONSTRUCT's);
    ``remote``: the text calls other endpoints (SERVICE), so an I/O error is theirs, not the store's."""

    query: str
    types: ResultTypes = field(default_factory=ResultTypes)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    row_cap: int | None = None
    timeout: float | None = None
    has_dataset: bool = False
    describe: bool = False
    remote: bool = False


def dataset_options(request: QueryRequest) -> dict[str, object]:
    """The dataset per SPARQL 1.1: the protocol's graphs if any, else the query's FROM, else the union graph."""
    if request.default_graphs or request.named_graphs:
        return {
            "default_graph": [ox.NamedNode(g) for g in request.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in request.named_graphs],
        }
    if request.has_dataset:
        return {}
    return {"use_default_graph_as_union": True}


def run(store: ox.Store, request: QueryRequest) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Start evaluating (Oxigraph evaluates lazily, while the result is read)."""
    with translated_errors(request.remote):
        return store.query(request.query, **dataset_options(request))  # type: ignore[arg-type]


def evaluate_to(store: ox.Store, request: QueryRequest, out: BinaryIO) -> tuple[QueryKind, bool]:
    """Evaluate ``request`` and write the result to ``out``; the form and whether the row cap truncated it."""
    result = run(store, request)
    with translated_errors(request.remote):
        return write_result(result, request, out)


def write_result(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, request: QueryRequest, out: BinaryIO
) -> tuple[QueryKind, bool]:
    """Serialise ``result`` in the media type the client accepts for its kind."""
    if isinstance(result, ox.QueryBoolean):
        result.serialize(out, _results_format(request.types.for_kind("ASK")))
        return "ASK", False
    if isinstance(result, ox.QueryTriples):
        kind: QueryKind = "DESCRIBE" if request.describe else "CONSTRUCT"
        result.serialize(out, _rdf_format(request.types.for_kind(kind)))
        return kind, False
    media = request.types.for_kind("SELECT")
    return "SELECT", write_solutions(result, media, out, timeout=request.timeout, row_cap=request.row_cap)


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    return ox.QueryResultsFormat.from_media_type(media_type) or ox.QueryResultsFormat.JSON


def _rdf_format(media_type: str) -> ox.RdfFormat:
    return ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE


@contextmanager
def translated_errors(remote: bool = False) -> Iterator[None]:
    """pyoxigraph's exceptions as the store's: syntax, the client's evaluation errors, remote and store I/O.

    ``remote``: the text calls other endpoints (SERVICE, LOAD), so an I/O error is theirs, not the store's."""
    try:
        yield
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        if remote:
            raise RemoteEndpointError(str(exc)) from exc
        raise StoreError(str(exc)) from exc
    except (RuntimeError, ValueError, TypeError) as exc:
        raise QueryEvaluationError(str(exc)) from exc
