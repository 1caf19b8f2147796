"""The model as data: ontology and SKOS concept schemes loaded from ontology/, with label look-ups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph_service.core.data_files import ontology_dir
from graph_service.core.namespaces import VOCAB


@dataclass(frozen=True)
class Concept:
    """One SKOS concept of our schemes."""

    iri: URIRef
    notation: str
    label_de: str
    label_en: str
    definition_de: str | None
    broader: URIRef | None
    definition_en: str | None = None

    def label(self, lang: str = "de") -> str:
        """Label in ``lang`` (German unless ``en``)."""
        return self.label_en if lang == "en" else self.label_de

    def definition(self, lang: str = "de") -> str | None:
        """Definition in ``lang`` (German unless ``en``), falling back to the other language."""
        first, second = (
            (self.definition_en, self.definition_de) if lang == "en" else (self.definition_de, self.definition_en)
        )
        return first or second


def ontology_files() -> list[Path]:
    """The ontology and every concept scheme file (examples excluded)."""
    root = ontology_dir()
    return sorted(root.glob("*.ttl")) + sorted((root / "vocab").glob("*.ttl"))


@lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """Ontology + all concept schemes in one graph (cached: do not mutate it)."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def _literal(graph: Graph, node: URIRef, prop: URIRef, lang: str) -> str | None:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
    for wanted in (lang, "de", "en", None):
        for value in values:
            if value.language == wanted:
                return str(value)
    return None


def concepts(scheme: str) -> list[Concept]:
    """Concepts of one scheme (by slug, e.g. ``lebensphase``), top concepts first, then by German label."""
    graph = load_ontology()
    scheme_iri = VOCAB[scheme]
    found = []
    for iri in graph.subjects(SKOS.inScheme, scheme_iri):
        assert isinstance(iri, URIRef)
        found.append(
            Concept(
                iri=iri,
                notation=str(graph.value(iri, SKOS.notation) or iri.rsplit("/", 1)[-1]),
                label_de=_literal(graph, iri, SKOS.prefLabel, "de") or str(iri),
                label_en=_literal(graph, iri, SKOS.prefLabel, "en") or str(iri),
                definition_de=_literal(graph, iri, SKOS.definition, "de"),
                broader=graph.value(iri, SKOS.broader),  # type: ignore[arg-type]
                definition_en=_literal(graph, iri, SKOS.definition, "en"),
            )
        )
    return sorted(found, key=lambda c: (c.broader is not None, c.label_de.casefold()))


def label(iri: str | URIRef, lang: str = "de") -> str | None:
    """Label of an ontology term or concept in ``lang`` (falls back to the other language)."""
    node = URIRef(str(iri))
    graph = load_ontology()
    return _literal(graph, node, RDFS.label, lang) or _literal(graph, node, SKOS.prefLabel, lang)


def scheme_of(concept: str | URIRef) -> URIRef | None:
    """The concept scheme a concept belongs to."""
    value = load_ontology().value(URIRef(str(concept)), SKOS.inScheme)
    return value if isinstance(value, URIRef) else None
