"""What enters the pipeline: the triples of ONE source, where they came from, and how the source's rows fared."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph_service.core.errors import InputError, Location
from graph_service.store.terms import store_of, to_rdflib


@dataclass
class SourceInfo:
    """What a source is and under which licence it may be used.

    ``input_path`` is only read locally (file name and SHA-256 for provenance); no directory enters the graph.
    ``graph_iri`` overrides the target graph (Graph Store writes name their graph themselves). ``mapping`` is the id
    of the mapping that read the file (recorded as the import's plan; an id, never a path)."""

    source_id: str
    title: str
    licence: str
    attribution: str | None = None
    publisher: str | None = None
    source_url: str | None = None
    input_path: Path | None = None
    graph_iri: str | None = None
    mapping: str | None = None


@dataclass
class RowIssue:
    """One input row the importer could not turn into RDF, with the reason."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    message_en: str | None = None

    def describe(self, lang: str = "de") -> str:
        """``file, Zeile 12, Spalte „X“ (Wert „v“): message``."""
        where = Location(file=self.file, row=self.row, column=self.column, value=self.value).describe(lang)
        message = (self.message_en or self.message) if lang == "en" else self.message
        return f"{where}: {message}"


@dataclass(frozen=True)
class Notice:
    """Something the importer wants the user to know although no row was rejected (German, English)."""

    message: str
    message_en: str

    def describe(self, lang: str = "de") -> str:
        return self.message_en if lang == "en" else self.message


@dataclass
class ImportBatch:
    """The triples of one source (default graph of an in-memory pyoxigraph store), ready for the gate.

    ``without_rows`` (set by importers that know their rows): the same batch built again without the given rows,
    which become rejected rows with the given reasons; the gate uses it for a partial import when the shapes
    refuse entities of some rows."""

    source: SourceInfo
    data: ox.Store
    rows_read: int = 0
    rows_merged: int = 0
    rejected_rows: list[RowIssue] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    without_rows: Callable[[list[RowIssue]], ImportBatch] | None = None

    def take(self, other: ImportBatch) -> None:
        """Become ``other`` (same source): the gate narrows a batch in place."""
        self.data, self.rows_read, self.rows_merged = other.data, other.rows_read, other.rows_merged
        self.rejected_rows, self.notices, self.without_rows = other.rejected_rows, other.notices, other.without_rows

    @classmethod
    def from_graph(cls, source: SourceInfo, graph: Graph | Iterable[tuple], **counts: object) -> ImportBatch:
        """A batch from an rdflib graph or a set of rdflib triples (mappings, forms, Graph Store bodies).

        Raises:
            InputError: a term is not valid RDF (e.g. an IRI with a space or ``>``), naming the subject.
        """
        return cls(source=source, data=checked_store(graph, source.input_path), **counts)  # type: ignore[arg-type]

    @property
    def triples(self) -> int:
        return len(self.data)

    def graph(self) -> Graph:
        """The batch as an rdflib graph (small batches: forms, previews, tests)."""
        return graph_of(self.data)


def graph_of(data: ox.Store) -> Graph:
    """The default graph of ``data`` as an rdflib graph."""
    graph = Graph()
    for quad in data.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def checked_store(graph: Graph | Iterable[tuple], origin: Path | None = None) -> ox.Store:
    """The graph as an in-memory store; a term that is not valid RDF is an :class:`InputError`."""
    try:
        return store_of(graph)
    except ValueError as exc:
        raise InputError(
            f"Ungültiger Wert: {exc}",
            f"invalid value: {exc}",
            where=Location(file=origin.name if origin else None),
            fix_de="Korrigieren Sie den Wert (z. B. eine Web-Adresse ohne Leerzeichen).",
            fix_en="correct the value (e.g. a web address without spaces).",
        ) from exc
