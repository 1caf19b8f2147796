"""The SHACL shapes (shapes/*.ttl) and the coordinator's texts of each shape, looked up by the shape's IRI.

Every shape that can produce a result is named by an IRI (``bgsh:…``), so both engines report the same
``sourceShape`` and a result is explained by its shape and path, never by matching message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from graph_service.core.data_files import shapes_dir
from graph_service.core.namespaces import SH


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """All shapes in shapes/*.ttl (cached; do not mutate)."""
    graph = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def shapes_turtle() -> str:
    """The shapes as one Turtle text (for engines that read text)."""
    return shapes_graph().serialize(format="turtle")


@dataclass(frozen=True)
class ShapeText:
    """What a shape tells the coordinator: the field name and the message, in German and English."""

    name_de: str | None
    name_en: str | None
    message_de: str | None
    message_en: str | None


def pick(literals: list[Literal], lang: str) -> str | None:
    """The literal in ``lang``, else German, else English, else untagged, else any."""
    for wanted in (lang, "de", "en", None):
        for lit in literals:
            if lit.language == wanted:
                return str(lit)
    return str(literals[0]) if literals else None


@lru_cache(maxsize=512)
def shape_text(shape: str | None) -> ShapeText:
    """The texts of the shape ``shape`` (an IRI); empty texts for unknown or unnamed shapes."""
    if not shape or shape.startswith("_:"):
        return ShapeText(None, None, None, None)
    graph, node = shapes_graph(), URIRef(shape)
    names = [o for o in graph.objects(node, SH.name) if isinstance(o, Literal)]
    messages = [o for o in graph.objects(node, SH.message) if isinstance(o, Literal)]
    return ShapeText(pick(names, "de"), pick(names, "en"), pick(messages, "de"), pick(messages, "en"))
