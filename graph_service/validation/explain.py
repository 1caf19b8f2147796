"""Explaining a raw SHACL result for a coordinator, the same way whichever engine found it.

An engine reports focus node, path, value, shape IRI and severity (:class:`Finding`); the texts come from the
shape (:mod:`graph_service.validation.shapes`), labels from the batch, the store context and the ontology, and
the source file and row from ``prov:wasDerivedFrom <…/offers.csv#row=12>`` on the focus node (or, for a blank
node, on the nearest named thing that refers to it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from graph_service.core.namespaces import PROV, RDFS, SKOS
from graph_service.core.ontology import load_ontology
from graph_service.store.terms import to_oxigraph
from graph_service.validation.report import SEVERITY_ORDER, ValidationResult
from graph_service.validation.shapes import pick, shape_text

_ROW_FRAGMENT = re.compile(r"#row=(\d+)$")
_LABELS = (ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel)))
_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
Node = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class Finding:
    """A raw result as an engine reports it (terms of the batch store)."""

    severity: str
    focus: Node
    path: str | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    shape: str | None


class Explainer:
    """Turns findings about one batch into :class:`ValidationResult` s."""

    def __init__(self, batch: ox.Store, context: Graph | None = None) -> None:
        self.batch = batch
        self.context = context if context is not None else Graph()

    def explain(self, finding: Finding, lang: str = "de") -> ValidationResult:
        """The finding in the coordinator's words (German and English texts, source file and row)."""
        text = shape_text(finding.shape)
        named = self.labelled_ancestor(finding.focus)
        source_file, source_row = self.origin(named)
        severity = finding.severity if finding.severity in SEVERITY_ORDER else "Violation"
        return ValidationResult(
            severity=severity,  # type: ignore[arg-type]
            focus_node=named.value if isinstance(named, ox.NamedNode) else f"_:{named.value}",
            focus_label=self.label(named, lang) or named.value,
            path=finding.path,
            path_label=text.name_de or self._path_label(finding.path, "de"),
            path_label_en=text.name_en or self._path_label(finding.path, "en"),
            value=self._value_text(finding.value, lang),
            message=text.message_de or "Regel verletzt.",
            message_en=text.message_en or "Constraint violated.",
            shape=finding.shape,
            source_file=source_file,
            source_row=source_row,
        )

    def labelled_ancestor(self, node: Node, depth: int = 4) -> Node:
        """The node itself, or for a blank node the nearest subject that refers to it."""
        current = node
        for _ in range(depth):
            if not isinstance(current, ox.BlankNode):
                return current
            parent = next(iter(self.batch.quads_for_pattern(None, None, current, ox.DefaultGraph())), None)
            if parent is None:
                return current
            current = parent.subject  # type: ignore[assignment]
        return current

    def origin(self, node: Node) -> tuple[str | None, int | None]:
        """File name and row the node was read from, if the importer recorded them."""
        for quad in self.batch.quads_for_pattern(node, _DERIVED, None, ox.DefaultGraph()):
            match = _ROW_FRAGMENT.search(quad.object.value)
            if match:
                name = quad.object.value[: match.start()].rstrip("/").rsplit("/", 1)[-1]
                return unquote(name), int(match.group(1))
        return None, None

    def label(self, node: ox.NamedNode | ox.BlankNode, lang: str) -> str | None:
        """The node's label from the batch, the store context or the ontology."""
        found = [
            Literal(q.object.value, lang=q.object.language)
            for prop in _LABELS
            for q in self.batch.quads_for_pattern(node, prop, None, ox.DefaultGraph())
            if isinstance(q.object, ox.Literal)
        ]
        if found:
            return pick(found, lang)
        if isinstance(node, ox.NamedNode):
            return graph_label(self.context, URIRef(node.value), lang) or graph_label(
                load_ontology(), URIRef(node.value), lang
            )
        return None

    def _path_label(self, path: str | None, lang: str) -> str | None:
        if not path:
            return None
        return graph_label(load_ontology(), URIRef(path), lang) or path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def _value_text(self, value: ox.NamedNode | ox.BlankNode | ox.Literal | None, lang: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, ox.Literal):
            return value.value
        return self.label(value, lang) or value.value


def graph_label(graph: Graph, node: URIRef, lang: str) -> str | None:
    """rdfs:label or skos:prefLabel of ``node`` in ``graph``, in ``lang`` if there is one."""
    labels = [o for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(node, p) if isinstance(o, Literal)]
    return pick(labels, lang)


def oxigraph_term(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """An rdflib term as a pyoxigraph term (None for paths and other non-terms)."""
    try:
        return to_oxigraph(term)  # type: ignore[arg-type]
    except TypeError:
        return None
