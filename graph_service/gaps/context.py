"""What every analysis of one report run shares: the store, the area filter, thresholds and cached results."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import networkx as nx
from rdflib.term import Identifier, Literal

from graph_service.core.derived import generation
from graph_service.core.settings import get_settings
from graph_service.core.sparql_terms import literal
from graph_service.gaps.expectations import (
    NetworkExpectation,
    SizeClass,
    load_expectations,
    load_size_classes,
    size_class_of,
)
from graph_service.gaps.table import Cell, GapTable
from graph_service.queries import get_query, with_values
from graph_service.store.base import SelectResult

VOCAB = "https://w3id.org/bildungsgraph/vocab/"
_CONCEPT_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?label WHERE {
  ?concept skos:prefLabel ?label . FILTER(LANG(?label) = "%s")
  FILTER(STRSTARTS(STR(?concept), "%s"))
}"""
_AREA_NAME = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (MIN(?alt) AS ?display) (MIN(?label) AS ?name) WHERE {
  ?area bg:ags %s .
  OPTIONAL { ?area skos:altLabel ?alt FILTER(LANG(?alt) IN ("de", "")) }
  OPTIONAL { ?area rdfs:label ?label FILTER(LANG(?label) IN ("de", "")) }
}"""
#: label column -> column holding the concept IRI, translated when the report is not German
_CONCEPT_COLUMNS = {"conceptLabel": "concept", "typeLabel": "type", "lifePhaseLabel": "lifePhase"}


def cell(term: Identifier | None) -> Cell:
    """A SPARQL result term as a plain number or string ("" when unbound)."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float) and not isinstance(value, bool) else str(term)
    return str(term)


class Selects(Protocol):
    """What an analysis asks of the store: SELECT answers (a store, or :class:`SharedSelects` over one)."""

    def select(self, query: str, *, timeout: float | None = None) -> SelectResult: ...


class SharedSelects:
    """A store's SELECT answers kept for reports that ask the same queries (the German and the English report
    of one write generation: only labels and texts differ). Answers are read, never changed, and forgotten when
    the store's write generation moves on, so no answer is older than the generation a report is kept for."""

    def __init__(self, store: Selects) -> None:
        self._store = store
        self._answers: dict[str, SelectResult] = {}
        self._generation = generation(store)
        self._lock = threading.Lock()

    def select(self, query: str, *, timeout: float | None = None) -> SelectResult:
        with self._lock:
            now = generation(self._store)
            if now != self._generation:
                self._answers, self._generation = {}, now
            known = self._answers.get(query)
        if known is None:
            known = self._store.select(query, timeout=timeout)
            with self._lock:
                if generation(self._store) == now == self._generation:
                    self._answers[query] = known
        return known


def _default_low_ratio() -> float:
    return get_settings().low_coverage_ratio


@dataclass
class GapContext:
    """One report run. ``county`` is an AGS prefix; rows of queries with an ``?ags`` column outside it are dropped.

    ``low_ratio``: a coverage rate below this share of the category's median counts as low (setting
    ``BILDUNGSGRAPH_LOW_COVERAGE_RATIO``). ``expectations``: which actor types a network should have as members.
    ``size_classes``: what is expected in a municipality of each size (expectations.toml, ``[[size_class]]``).
    """

    store: Selects
    county: str | None = None
    lang: str = "de"
    low_ratio: float = field(default_factory=_default_low_ratio)
    expectations: list[NetworkExpectation] = field(default_factory=load_expectations)
    size_classes: list[SizeClass] = field(default_factory=load_size_classes)

    def rows(self, query_id: str, **values: str | list[str]) -> list[dict[str, Cell]]:
        """Rows of a saved query, restricted to the county when the query returns ``?ags``.

        A query that declares ``?area`` gets the county's AGS prefix bound (so the store filters); ``values``
        bind other declared parameters (IRIs)."""
        query = get_query(query_id)
        if "area" in query.parameters:
            values = {**values, "area": literal(self.county or "")}
        result = self.store.select(with_values(query.text, **values) if values else query.text)
        rows = [{var: cell(row.get(var)) for var in result.variables} for row in result.rows]
        if self.county is None or "ags" not in result.variables:
            return rows
        return [row for row in rows if self.in_county(row.get("ags"))]

    def in_county(self, ags: Cell | None) -> bool:
        """True when there is no county filter or ``ags`` lies in it."""
        return self.county is None or str(ags or "").startswith(self.county)

    def area_name(self) -> str | None:
        """The name of the county filter's area ("Landkreis Meißen"), None without a filter or when unknown."""
        if not self.county:
            return None
        rows = self.store.select(_AREA_NAME % literal(self.county)).rows
        name = (rows[0].get("display") or rows[0].get("name")) if rows else None
        return str(name) if name else None

    @cached_property
    def municipalities(self) -> dict[str, dict[str, Cell]]:
        """AGS -> row of every municipality of the area: label, population, counts of actors, offers, sites."""
        return {str(row["ags"]): row for row in self.rows("gap-municipalities")}

    def has_data(self, ags: Cell | None) -> bool:
        """True when some source records an actor, offer or site in the municipality ``ags``."""
        row = self.municipalities.get(str(ags or ""))
        return row is not None and any(int(row.get(k) or 0) for k in ("actors", "offers", "sites"))

    def size_class(self, ags: Cell | None) -> SizeClass | None:
        """The size class of the municipality ``ags`` (None when its population is unknown)."""
        row = self.municipalities.get(str(ags or ""))
        return size_class_of(row.get("population") if row else None, self.size_classes)

    @cached_property
    def cooperation_graph(self) -> nx.Graph:
        """Undirected actor graph of the county: an edge per pair of parties of a cooperation.

        Node attributes: ``label``, ``ags``. With a county filter, ties with no party in the county are left out
        (a partner from outside, e.g. a ministry, stays as the other end of a tie)."""
        graph = nx.Graph()
        for row in self.store.select(get_query("gap-cooperation-edges").text).rows:
            a, b = str(row["a"]), str(row["b"])
            if not (self.in_county(cell(row.get("aAgs"))) or self.in_county(cell(row.get("bAgs")))):
                continue
            graph.add_node(a, label=cell(row.get("aLabel")) or a, ags=cell(row.get("aAgs")))
            graph.add_node(b, label=cell(row.get("bLabel")) or b, ags=cell(row.get("bAgs")))
            graph.add_edge(a, b)
        return graph

    def concept_labels(self, lang: str | None = None) -> dict[str, str]:
        """Preferred labels of all vocabulary concepts in ``lang`` (the report's language by default)."""
        query = _CONCEPT_LABELS % (lang or self.lang, VOCAB)
        return {str(r["concept"]): str(r["label"]) for r in self.store.select(query).rows}

    def translate(self, tables: list[GapTable]) -> None:
        """Replace German concept labels by those of the report's language where the vocabulary has one."""
        if self.lang == "de":
            return
        labels = self.concept_labels()
        for table in tables:
            for row in table.rows:
                for label_column, iri_column in _CONCEPT_COLUMNS.items():
                    if label_column in row and str(row.get(iri_column, "")) in labels:
                        row[label_column] = labels[str(row[iri_column])]
