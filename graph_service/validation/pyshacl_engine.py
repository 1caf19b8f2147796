"""The SHACL gate: validate a batch (with the ontology, vocabularies and store context) and explain the results.

Results point back to their origin: importers put ``prov:wasDerivedFrom <file:///…/offers.csv#row=12>``
(RFC 7111 row fragment) on every focus node, so the text report reads
``offers.csv Zeile 12, Feld Anbieter: <message>``.
Blank-node focus nodes are reported under the label of the labelled resource that refers to them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Literal as TypingLiteral

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graph_service.core.data_files import ontology_dir, shapes_dir
from graph_service.core.namespaces import SH

Severity = TypingLiteral["Violation", "Warning", "Info"]
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_SEVERITY_DE = {"Violation": "Fehler", "Warning": "Warnung", "Info": "Hinweis"}
_ROW_FRAGMENT = re.compile(r"#row=(\d+)")


@dataclass
class ValidationResult:
    """One SHACL result, explained for a coordinator."""

    severity: Severity
    focus_node: str
    focus_label: str
    path: str | None
    path_label: str | None
    value: str | None
    message: str
    shape: str | None
    source_file: str | None = None
    source_row: int | None = None
    message_en: str | None = None
    path_label_en: str | None = None

    def describe(self, lang: str = "de") -> str:
        """``file Zeile 12, Feld Anbieter: message (Wert: v)``; ``message``/``path_label`` are German."""
        message = (self.message_en or self.message) if lang == "en" else self.message
        path_label = (self.path_label_en or self.path_label) if lang == "en" else self.path_label
        where = self.source_file or self.focus_label
        if self.source_row is not None:
            where += f" {'Zeile' if lang == 'de' else 'row'} {self.source_row}"
        if self.source_file:
            where += f" ({self.focus_label})"
        if path_label:
            where += f", {'Feld' if lang == 'de' else 'field'} {path_label}"
        text = f"{where}: {message}"
        if self.value:
            text += f" ({'Wert' if lang == 'de' else 'value'}: {self.value})"
        return text


@dataclass
class ValidationReport:
    """All results of one validation, grouped for people and machines."""

    results: list[ValidationResult] = field(default_factory=list)
    report_graph: Graph = field(default_factory=Graph)
    lang: str = "de"

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Info"]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and hints are allowed)."""
        return not self.violations

    def to_text(self, lang: str | None = None) -> str:
        """Results grouped by severity, then by source file and row."""
        lang = lang or self.lang
        lines: list[str] = []
        ordered = sorted(self.results, key=_sort_key)
        for severity, group in groupby(ordered, key=lambda r: r.severity):
            items = list(group)
            name = _SEVERITY_DE[severity] if lang == "de" else severity
            lines.append(f"{name} ({len(items)}):")
            lines += [f"  - {r.describe(lang)}" for r in items]
        if not lines:
            lines.append("Keine Befunde." if lang == "de" else "No findings.")
        return "\n".join(lines)

    def to_json(self) -> str:
        """The results as a JSON document."""
        return json.dumps(
            {
                "conforms": self.conforms,
                "counts": {
                    "violations": len(self.violations),
                    "warnings": len(self.warnings),
                    "infos": len(self.infos),
                },
                "results": [r.__dict__ for r in sorted(self.results, key=_sort_key)],
            },
            ensure_ascii=False,
            indent=2,
        )


def _sort_key(result: ValidationResult) -> tuple[int, str, int, str]:
    return (
        _SEVERITY_ORDER[result.severity],
        result.source_file or result.focus_label,
        result.source_row or 0,
        result.message,
    )


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """All shapes in shapes/*.ttl (cached; do not mutate)."""
    graph = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Ontology and vocabularies (every .ttl below ontology/ except examples; cached; do not mutate)."""
    graph = Graph()
    for path in sorted(ontology_dir().rglob("*.ttl")):
        if "examples" not in path.relative_to(ontology_dir()).parts:
            graph.parse(path, format="turtle")
    return graph


def validate(data: Graph, *, context: Graph | None = None, lang: str = "de") -> ValidationReport:
    """Validate ``data`` against the shapes, with ontology, vocabularies and ``context`` as background.

    Only results whose focus node belongs to ``data`` are reported (context is not re-validated).
    """
    data_graph = Graph()
    data_graph += data
    data_graph += ontology_graph()
    if context is not None:
        data_graph += context
    _conforms, report_graph, _text = shacl_validate(
        data_graph,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    own_nodes = set(data.subjects())
    explained = [
        _explain(report_graph, node, data_graph, lang)
        for node in report_graph.subjects(RDF.type, SH.ValidationResult)
        if report_graph.value(node, SH.focusNode) in own_nodes
    ]
    return ValidationReport(results=_unique(explained), report_graph=report_graph, lang=lang)


def _unique(results: list[ValidationResult]) -> list[ValidationResult]:
    """One result per thing, field, value and message: a shape with several failing components (e.g. datatype
    and minimum) explains the problem once."""
    seen: set[tuple[str | None, ...]] = set()
    unique = []
    for result in results:
        key = (result.severity, result.focus_node, result.path, result.value, result.message)
        if key not in seen:
            seen.add(key)
            unique.append(result)
    return unique


def _explain(report: Graph, result: Node, data: Graph, lang: str) -> ValidationResult:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    shape = report.value(result, SH.sourceShape)
    severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
    labelled = _labelled_ancestor(data, focus)
    source_file, source_row = _origin(data, labelled)
    return ValidationResult(
        severity=severity if severity in _SEVERITY_ORDER else "Violation",  # type: ignore[arg-type]
        focus_node=str(labelled),
        focus_label=_label(data, labelled, lang) or str(labelled),
        path=str(path) if isinstance(path, URIRef) else None,
        path_label=_path_label(shape, path, "de"),
        path_label_en=_path_label(shape, path, "en"),
        value=_value_text(data, value, lang),
        message=_message(report, result, shape, "de"),
        message_en=_message(report, result, shape, "en"),
        shape=str(shape) if isinstance(shape, URIRef) else None,
        source_file=source_file,
        source_row=source_row,
    )


def _labelled_ancestor(data: Graph, node: Node, depth: int = 4) -> Node:
    """The node itself, or for a blank node the nearest subject that refers to it (which has a name)."""
    current = node
    for _ in range(depth):
        if not isinstance(current, BNode):
            return current
        parent = next(data.subjects(None, current), None)
        if parent is None:
            return current
        current = parent
    return current


def _origin(data: Graph, node: Node) -> tuple[str | None, int | None]:
    for source in data.objects(node, PROV.wasDerivedFrom):
        text = str(source)
        match = _ROW_FRAGMENT.search(text)
        if match:
            name = text[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            return name, int(match.group(1))
    return None, None


def _pick(literals: list[Literal], lang: str) -> str | None:
    for wanted in (lang, "de" if lang == "en" else "en", None):
        for lit in literals:
            if lit.language == wanted:
                return str(lit)
    return str(literals[0]) if literals else None


def _label(graph: Graph, node: Node | None, lang: str) -> str | None:
    if node is None:
        return None
    labels = [o for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(node, p) if isinstance(o, Literal)]
    return _pick(labels, lang)


def _path_label(shape: Node | None, path: Node | None, lang: str) -> str | None:
    shapes = shapes_graph()
    if shape is not None:
        names = [o for o in shapes.objects(shape, SH.name) if isinstance(o, Literal)]
        if names:
            return _pick(names, lang)
    if isinstance(path, URIRef):
        return _label(ontology_graph(), path, lang) or path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return None


def _value_text(data: Graph, value: Node | None, lang: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return str(value)
    return _label(data, value, lang) or str(value)


def _message(report: Graph, result: Node, shape: Node | None, lang: str) -> str:
    messages = [o for o in report.objects(result, SH.resultMessage) if isinstance(o, Literal)]
    if shape is not None:
        messages += [o for o in shapes_graph().objects(shape, SH.message) if isinstance(o, Literal)]
    picked = _pick([m for m in messages if m.language], lang) or _pick(messages, lang)
    return picked or ("Regel verletzt." if lang == "de" else "Constraint violated.")


def validate_file(path: Path, *, lang: str = "de") -> ValidationReport:
    """Validate one Turtle file on its own (used by ``bildungsgraph validate``)."""
    graph = Graph()
    graph.parse(path)
    return validate(graph, lang=lang)
