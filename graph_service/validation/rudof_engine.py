"""rudof (pyrudof, Rust), the fast engine: the batch validated chunk by chunk, so memory is bounded by a chunk.

Each chunk of subjects is validated with the blank nodes it reaches, the triples of the IRIs it points at (one
hop, so class and node checks see their types), the store context and the ontology. Only results about the
chunk's own nodes are kept. ``tests/validation/test_engines.py`` checks that pySHACL reports the same findings.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pyrudof

from graph_service.core.sparql_terms import is_iri
from graph_service.validation.explain import Finding
from graph_service.validation.shapes import shapes_turtle

CHUNK_SUBJECTS = 8_000
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^(\S+))?')
_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"


def findings(batch: ox.Store, background_ntriples: str) -> list[Finding]:
    """Every result about a node of the batch."""
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    subjects = [row["s"] for row in batch.query(_SUBJECTS)]
    found: list[Finding] = []
    for start in range(0, len(subjects), CHUNK_SUBJECTS):
        text, own = _chunk_ntriples(batch, subjects[start : start + CHUNK_SUBJECTS])
        engine.reset_data()
        engine.read_data(text + background_ntriples, pyrudof.RDFFormat.NTriples)
        engine.read_shacl(shapes_turtle(), pyrudof.ShaclFormat.Turtle)
        for entry in engine.validate_shacl():
            node = own.get(entry.focus_node.lower())
            if node is not None:
                found.append(_finding(entry, node))
    return found


def _finding(entry: pyrudof.ShaclValidationEntry, node: ox.NamedNode | ox.BlankNode) -> Finding:
    path = entry.path if entry.path and not entry.path.startswith("(") else None
    shape = entry.source_shape if entry.source_shape and not entry.source_shape.startswith("_:") else None
    return Finding(severity=entry.severity, focus=node, path=path, value=term(entry.value), shape=shape)


def term(text: str | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """A term as rudof prints it: ``<iri>``, ``_:b``, ``"v"@de``, ``"1"^^xsd:integer`` or ``"1"^^<dt>``."""
    if not text:
        return None
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if not text.startswith('"'):
        iri = text.strip("<>")
        return ox.NamedNode(iri) if is_iri(iri) else ox.Literal(text)
    literal = _LITERAL.fullmatch(text)
    if literal:
        lexical, language, datatype = literal.groups()
        datatype = _XSD + datatype[4:] if datatype and datatype.startswith("xsd:") else (datatype or "").strip("<>")
        suffix = f"@{language}" if language else (f"^^<{datatype}>" if datatype else "")
        text = f'"{lexical}"{suffix}'
    try:
        return next(iter(ox.parse(f"<urn:s> <urn:p> {text} .", ox.RdfFormat.N_TRIPLES))).object  # type: ignore[return-value]
    except (SyntaxError, StopIteration):
        return ox.Literal(text)


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
