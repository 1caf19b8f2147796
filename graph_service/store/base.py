"""The store interface every component talks to (importers, service, visualisations, gap reports).

Results are rdflib terms so callers do not depend on the backend. The SPARQL endpoint uses
:meth:`GraphStore.query_to` to stream a result already serialised in the client's format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal, Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier, URIRef

from graph_service.core.errors import BildungsgraphError, InputError

QueryKind = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
DumpFormat = Literal["nquads", "trig"]


class StoreError(BildungsgraphError):
    """A store operation failed (connection, server error, bad dump)."""

    http_status = 502


class QuerySyntaxError(InputError, StoreError):
    """The SPARQL text does not parse; ``message`` is the parser's own message."""


class QueryTimeout(StoreError):
    """The query ran longer than its time limit and was stopped."""

    http_status = 503


class QueryEvaluationError(InputError, StoreError):
    """The query parsed but cannot be evaluated as written (e.g. an unbound SERVICE variable): the client's fault."""


class QueryAborted(StoreError):
    """The process evaluating the query ended abnormally (its memory limit, or an engine limit); the store is fine."""

    http_status = 422


class RemoteEndpointError(StoreError):
    """An allowed remote endpoint (SERVICE, LOAD) failed or could not be reached."""

    http_status = 502


class NotAcceptableResult(StoreError):
    """The result of the query (``kind``) has none of the media types the client accepts."""

    http_status = 406

    def __init__(self, kind: str) -> None:
        super().__init__(f"no acceptable media type for a {kind} result")
        self.kind = kind


@dataclass(frozen=True)
class ResultTypes:
    """The media types a client accepts, one per result family; None when that family is not acceptable.

    The query form is known only from the result (pyoxigraph returns solutions, a boolean or triples), so the
    caller names both and the store picks by what the query returns."""

    results: str | None = "application/sparql-results+json"
    graph: str | None = "text/turtle"

    @classmethod
    def of(cls, media_type: str | ResultTypes) -> ResultTypes:
        """``media_type`` for the family it belongs to, the default for the other one."""
        if isinstance(media_type, ResultTypes):
            return media_type
        if ox.QueryResultsFormat.from_media_type(media_type) is not None:
            return cls(results=media_type)
        if ox.RdfFormat.from_media_type(media_type) is not None:
            return cls(graph=media_type)
        return cls()

    def for_kind(self, kind: QueryKind) -> str:
        """The media type of a ``kind`` result (raises :class:`NotAcceptableResult`)."""
        media = self.results if kind in {"SELECT", "ASK"} else self.graph
        if media is None:
            raise NotAcceptableResult(kind)
        return media


@dataclass
class SelectResult:
    """Variables and rows of a SELECT; a row maps variable name -> term (absent when unbound)."""

    variables: list[str]
    rows: list[dict[str, Identifier]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Identifier]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class GraphInfo:
    """A named graph and how many triples it holds."""

    iri: URIRef
    triples: int


@runtime_checkable
class GraphStore(Protocol):
    """Operations of a quad store. Both implementations pass the same contract tests."""

    def select(self, query: str, *, timeout: float | None = None) -> SelectResult:
        """Run a SELECT (default graph = union of all named graphs)."""
        ...

    def ask(self, query: str, *, timeout: float | None = None) -> bool:
        """Run an ASK."""
        ...

    def construct(self, query: str, *, timeout: float | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the triples."""
        ...

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
        """Run any query and write the result serialised as ``media_type`` to ``out``.

        ``media_type``: one type (used for the result family it belongs to) or :class:`ResultTypes`. The dataset is
        ``default_graph_uris`` / ``named_graph_uris`` when given (SPARQL 1.1 Protocol), else the query's own
        ``FROM`` / ``FROM NAMED``, else the union of all graphs. Returns the query form (from the result type) and
        whether the row cap truncated the result."""
        ...

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update."""
        ...

    def replace_graph(self, graph_iri: URIRef, data: Graph | Path, *, then: str | None = None) -> int:
        """Atomically replace one named graph with ``data`` (a graph or an RDF file, streamed).

        ``then`` is a SPARQL Update run in the same transaction as the swap (e.g. the metadata record).
        Readers see the old or the new content, never a mix. Returns the new triple count."""
        ...

    def drop_graph(self, graph_iri: URIRef) -> None:
        """Remove one named graph (no error if absent)."""
        ...

    def graphs(self) -> list[GraphInfo]:
        """All named graphs with their triple counts."""
        ...

    def graph(self, graph_iri: URIRef) -> Graph:
        """Copy of one named graph's triples."""
        ...

    def dump(self, out: BinaryIO, fmt: DumpFormat = "nquads", graph_iri: URIRef | None = None) -> None:
        """Stream all quads (or one graph) to ``out``."""
        ...

    def restore(self, src: BinaryIO, fmt: DumpFormat = "nquads") -> int:
        """Load a dump, replacing each graph it contains. Returns quads loaded."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...
