"""The fast SHACL engine for large batches: rudof (pyrudof, Rust) run chunk by chunk over a pyoxigraph batch store.

pySHACL stays the reference engine (``validation.validate``); ``tests/model/test_shacl_engines.py`` checks that
both give the same results. Here the batch's subjects are cut into chunks; each chunk is validated together with
the blank nodes it reaches, the triples of the IRIs it points at (one hop, so class and node checks see their
types), the context from the store and the ontology. Only results about the chunk's own nodes are kept, so memory
stays bounded by the chunk, not the batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox
import pyrudof
from rdflib import BNode, Graph, Literal, URIRef

from graph_service.core.namespaces import SH
from graph_service.store.terms import to_rdflib
from graph_service.validation.pyshacl_engine import (
    _SEVERITY_ORDER,
    ValidationReport,
    ValidationResult,
    _label,
    _labelled_ancestor,
    _origin,
    _pick,
    _unique,
    ontology_graph,
    shapes_graph,
)

CHUNK_SUBJECTS = 8_000
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z-]+))?')
_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"


@lru_cache(maxsize=1)
def _background_ntriples() -> str:
    return ontology_graph().serialize(format="nt")


@lru_cache(maxsize=1)
def _shapes_text() -> str:
    return shapes_graph().serialize(format="turtle")


@lru_cache(maxsize=1)
def _shape_by_message() -> dict[str, URIRef | BNode]:
    """Shapes indexed by their German message (rudof names inline shapes by its own blank-node ids)."""
    shapes = shapes_graph()
    return {str(m): s for s, m in shapes.subject_objects(SH.message) if isinstance(m, Literal) and m.language == "de"}


def validate_store(batch: ox.Store, *, context: Graph | None = None, lang: str = "de") -> ValidationReport:
    """Validate the triples of ``batch`` (its default graph) like ``validation.validate`` does, in chunks."""
    background = _background_ntriples() + (context.serialize(format="nt") if context is not None else "")
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    subjects = [row["s"] for row in batch.query(_SUBJECTS)]
    results: list[ValidationResult] = []
    for start in range(0, len(subjects), CHUNK_SUBJECTS):
        chunk = subjects[start : start + CHUNK_SUBJECTS]
        text, own = _chunk_ntriples(batch, chunk)
        engine.reset_data()
        engine.read_data(text + background, pyrudof.RDFFormat.NTriples)
        engine.read_shacl(_shapes_text(), pyrudof.ShaclFormat.Turtle)
        for entry in engine.validate_shacl():
            if entry.focus_node.lower() in own:
                results.append(_explain(batch, entry, own[entry.focus_node.lower()], lang))
    results.sort(key=lambda r: (_SEVERITY_ORDER[r.severity], r.source_file or "", r.source_row or 0, r.focus_label))
    return ValidationReport(results=_unique(results), lang=lang)


def _chunk_ntriples(batch: ox.Store, chunk: list[ox.NamedNode]) -> tuple[str, dict[str, ox.NamedNode | ox.BlankNode]]:
    """N-Triples of the chunk (subjects, their blank nodes, one hop of IRIs) and its own nodes by rudof's name."""
    lines: list[str] = []
    own: dict[str, ox.NamedNode | ox.BlankNode] = {}
    hop: set[ox.NamedNode] = set()
    pending: list[ox.NamedNode | ox.BlankNode] = list(chunk)
    seen: set[ox.NamedNode | ox.BlankNode] = set(chunk)
    while pending:
        node = pending.pop()
        own[_rudof_name(node)] = node
        for quad in batch.quads_for_pattern(node, None, None, ox.DefaultGraph()):
            lines.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
            obj = quad.object
            if isinstance(obj, ox.BlankNode) and obj not in seen:
                seen.add(obj)
                pending.append(obj)
            elif isinstance(obj, ox.NamedNode) and obj not in seen:
                hop.add(obj)
    for node in hop - seen:
        for quad in batch.quads_for_pattern(node, None, None, ox.DefaultGraph()):
            lines.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    return "".join(lines), own


def _rudof_name(node: ox.NamedNode | ox.BlankNode) -> str:
    return node.value.lower() if isinstance(node, ox.NamedNode) else f"_:{node.value}".lower()


def _explain(batch: ox.Store, entry: pyrudof.ShaclValidationEntry, node: ox.Node, lang: str) -> ValidationResult:
    """A rudof entry in the words of ``validation.ValidationResult`` (message and field name from our shapes)."""
    data = _neighbourhood(batch, node)
    focus = to_rdflib(node)
    labelled = _labelled_ancestor(data, focus)
    source_file, source_row = _origin(data, labelled)
    messages = [Literal(text, lang=tag) if tag else Literal(text) for text, tag in _LITERAL.findall(entry.message)]
    path = entry.path if entry.path and not entry.path.startswith("(") else None
    german = _pick([m for m in messages if m.language], "de")
    shape = _shape_by_message().get(german or "") or _shape_for(entry, path)
    if shape is not None:
        messages += [m for m in shapes_graph().objects(shape, SH.message) if isinstance(m, Literal)]
        german = german or _pick([m for m in messages if m.language], "de")
    severity = entry.severity if entry.severity in _SEVERITY_ORDER else "Violation"
    return ValidationResult(
        severity=severity,  # type: ignore[arg-type]
        focus_node=str(labelled),
        focus_label=_label(data, labelled, lang) or str(labelled),
        path=path,
        path_label=_shape_name(shape, path, "de"),
        path_label_en=_shape_name(shape, path, "en"),
        value=_value_text(data, entry.value, lang),
        message=german or "Regel verletzt.",
        message_en=_pick([m for m in messages if m.language], "en") or "Constraint violated.",
        shape=str(shape) if isinstance(shape, URIRef) else None,
        source_file=source_file,
        source_row=source_row,
    )


def _shape_for(entry: pyrudof.ShaclValidationEntry, path: str | None) -> URIRef | BNode | None:
    """Our shape behind a rudof result whose text carries no message: the named source shape if it has a message,
    else the property shape on ``path`` that uses the failing constraint (or refers to the source shape)."""
    shapes = shapes_graph()
    source = URIRef(entry.source_shape) if not entry.source_shape.startswith("_:") else None
    if source is not None and shapes.value(source, SH.message) is not None:
        return source
    component = entry.constraint_component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    parameter = SH[component[:1].lower() + component[1:]]
    candidates = [s for s in shapes.subjects(SH.message, None) if path and shapes.value(s, SH.path) == URIRef(path)]
    for shape in candidates:
        if source is not None and (shape, SH.node, source) in shapes:
            return shape
    for shape in candidates:
        if shapes.value(shape, parameter) is not None:
            return shape
    return candidates[0] if len(candidates) == 1 else None


def _neighbourhood(batch: ox.Store, node: ox.Node) -> Graph:
    """The node's triples and those of the subjects pointing at it (for labels of blank nodes and row origins)."""
    graph = Graph()
    for quad in _quads_around(batch, node):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _quads_around(batch: ox.Store, node: ox.Node) -> Iterator[ox.Quad]:
    yield from batch.quads_for_pattern(node, None, None, ox.DefaultGraph())
    if isinstance(node, ox.BlankNode):
        for quad in batch.quads_for_pattern(None, None, node, ox.DefaultGraph()):
            yield quad
            yield from batch.quads_for_pattern(quad.subject, None, None, ox.DefaultGraph())


def _shape_name(shape: URIRef | BNode | None, path: str | None, lang: str) -> str | None:
    from graph_service.validation.pyshacl_engine import _path_label

    return _path_label(shape, URIRef(path) if path else None, lang)


def _value_text(data: Graph, value: str | None, lang: str) -> str | None:
    """Literal values as their lexical form, IRIs as their label (batch or ontology) like the pySHACL path."""
    if not value:
        return None
    match = _LITERAL.match(value)
    if match:
        return match.group(1)
    iri = URIRef(value.strip("<>"))
    return _label(data, iri, lang) or _label(ontology_graph(), iri, lang) or str(iri)
