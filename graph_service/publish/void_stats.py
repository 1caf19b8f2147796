"""VoID statistics of the store's named graphs, computed with SPARQL through the store interface (any backend).

A handful of aggregate queries, each one pass over the quads; about 5 s on 1M triples in Oxigraph. The result
is kept per write generation of the store (see :func:`cached_statistics`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from graph_service.core.derived import derived
from graph_service.store.base import GraphInfo, GraphStore

_PER_GRAPH = (
    "SELECT ?g (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) "
    "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
)
_BLANK_SUBJECTS = "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s)) } GROUP BY ?g"
_CLASSES_PER_GRAPH = "SELECT ?g (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g"
_TOTALS = "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) WHERE { GRAPH ?g { ?s ?p ?o } }"
_CLASS_PARTITIONS = (
    "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } "
    "GROUP BY ?c ORDER BY DESC(?n) ?c"
)
_PROPERTY_PARTITIONS = "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY DESC(?n) ?p"


@dataclass(frozen=True)
class Counts:
    """VoID figures of one dataset (a named graph or the whole store)."""

    triples: int
    entities: int
    distinct_subjects: int
    properties: int
    classes: int


@dataclass
class Statistics:
    """Per-graph and overall counts plus class and property partitions of the whole store."""

    graphs: dict[URIRef, Counts]
    total: Counts
    class_partitions: list[tuple[URIRef, int]] = field(default_factory=list)
    property_partitions: list[tuple[URIRef, int]] = field(default_factory=list)


def _by_graph(store: GraphStore, query: str, column: str = "n") -> dict[URIRef, int]:
    return {URIRef(r["g"]): int(r[column]) for r in store.select(query) if "g" in r}


def _partitions(store: GraphStore, query: str, key: str) -> list[tuple[URIRef, int]]:
    return [(URIRef(r[key]), int(r["n"])) for r in store.select(query) if isinstance(r.get(key), URIRef)]


def compute_statistics(store: GraphStore, infos: list[GraphInfo] | None = None, *, max_classes: int = 25) -> Statistics:
    """Count triples, entities (distinct IRI subjects), subjects, properties and classes per graph and overall.

    Overall entities = distinct subjects minus blank subjects summed over graphs (blank nodes are graph-local)."""
    infos = store.graphs() if infos is None else infos
    per_graph = store.select(_PER_GRAPH).rows
    subjects = {URIRef(r["g"]): int(r["subjects"]) for r in per_graph}
    properties = {URIRef(r["g"]): int(r["properties"]) for r in per_graph}
    blanks = _by_graph(store, _BLANK_SUBJECTS)
    classes = _by_graph(store, _CLASSES_PER_GRAPH)
    graphs = {
        info.iri: Counts(
            triples=info.triples,
            entities=subjects.get(info.iri, 0) - blanks.get(info.iri, 0),
            distinct_subjects=subjects.get(info.iri, 0),
            properties=properties.get(info.iri, 0),
            classes=classes.get(info.iri, 0),
        )
        for info in infos
    }
    totals = store.select(_TOTALS).rows[0]
    class_partitions = _partitions(store, _CLASS_PARTITIONS, "c")
    total = Counts(
        triples=sum(info.triples for info in infos),
        entities=int(totals["subjects"]) - sum(blanks.values()),
        distinct_subjects=int(totals["subjects"]),
        properties=int(totals["properties"]),
        classes=len(class_partitions),
    )
    return Statistics(
        graphs=graphs,
        total=total,
        class_partitions=class_partitions[:max_classes],
        property_partitions=_partitions(store, _PROPERTY_PARTITIONS, "p"),
    )


def cached_statistics(store: GraphStore, infos: list[GraphInfo] | None = None) -> Statistics:
    """Statistics of ``store``, computed once per write generation (:func:`graph_service.core.derived.derived`)."""
    return derived(store, "void-statistics", lambda: compute_statistics(store, infos))
