"""rudof (pyrudof, Rust), the fast engine: the batch validated chunk by chunk, so memory is bounded by the chunks.

Each chunk of subjects is validated with the blank nodes it reaches, the triples of the IRIs it points at (one
hop, so class and node checks see their types), the store context and the ontology. Only results about the
chunk's own nodes are kept. ``tests/validation/test_engines.py`` checks that pySHACL reports the same findings.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox
import pyrudof

from graph_service.core.sparql_terms import is_iri
from graph_service.validation.explain import Finding
from graph_service.validation.shapes import shapes_turtle

#: a chunk closes once it holds this many triples of its own; rudof needs ~10 KB per triple while validating
CHUNK_TRIPLES = 7_500
#: chunks validated at the same time (pyrudof releases the GIL; the next chunk is built meanwhile)
WORKERS = min(2, os.cpu_count() or 1)
#: in IRI order, so a chunk holds neighbours (a place and its geometry, the places of one district): fewer hops
_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^(\S+))?')
_DEFAULT = ox.DefaultGraph()

Own = dict[str, ox.NamedNode | ox.BlankNode]


def findings(batch: ox.Store, background_ntriples: str) -> list[Finding]:
    """Every result about a node of the batch (at most :data:`WORKERS` chunks in memory at once)."""
    slots = threading.BoundedSemaphore(WORKERS)
    futures: list[Future[list[Finding]]] = []
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="rudof") as pool:
        for text, own in _chunks(batch):
            slots.acquire()
            future = pool.submit(_validate_chunk, text + background_ntriples, own)
            future.add_done_callback(lambda _: slots.release())
            futures.append(future)
    found = [finding for future in futures for finding in future.result()]
    release_freed_memory()
    return found


def release_freed_memory() -> None:
    """Hand the memory rudof's threads freed back to the system: glibc keeps it in per-thread arenas otherwise,
    and the write that follows a validation would add its own memory on top (the register's peak: +50 MiB)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _validate_chunk(ntriples: str, own: Own) -> list[Finding]:
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data(ntriples, pyrudof.RDFFormat.NTriples)
    engine.read_shacl(shapes_turtle(), pyrudof.ShaclFormat.Turtle)
    found = []
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


def _chunks(batch: ox.Store) -> Iterator[tuple[str, Own]]:
    """N-Triples of each chunk (subjects, their blank nodes, one hop of IRIs) and the chunk's own nodes."""
    lines: list[str] = []
    own: Own = {}
    hop: set[ox.NamedNode] = set()
    for row in batch.query(_SUBJECTS):
        _describe(batch, row["s"], lines, own, hop)  # type: ignore[arg-type]
        if len(lines) >= CHUNK_TRIPLES:
            yield _closed(batch, lines, own, hop), own
            lines, own, hop = [], {}, set()
    if lines:
        yield _closed(batch, lines, own, hop), own


def _describe(batch: ox.Store, subject: ox.NamedNode, lines: list[str], own: Own, hop: set[ox.NamedNode]) -> None:
    """Add a subject's triples and those of the blank nodes it reaches; note the IRIs it points at."""
    pending: list[ox.NamedNode | ox.BlankNode] = [subject]
    while pending:
        node = pending.pop()
        own[_rudof_name(node)] = node
        for quad in batch.quads_for_pattern(node, None, None, _DEFAULT):
            lines.append(f"{quad} .\n")
            obj = quad.object
            if isinstance(obj, ox.BlankNode):
                if _rudof_name(obj) not in own:
                    pending.append(obj)
            elif isinstance(obj, ox.NamedNode):
                hop.add(obj)


def _closed(batch: ox.Store, lines: list[str], own: Own, hop: set[ox.NamedNode]) -> str:
    """The chunk's text with the triples of the IRIs it points at that are not its own (so types are seen)."""
    for node in hop:
        if _rudof_name(node) not in own:
            lines.extend(f"{quad} .\n" for quad in batch.quads_for_pattern(node, None, None, _DEFAULT))
    return "".join(lines)


def _rudof_name(node: ox.NamedNode | ox.BlankNode) -> str:
    return node.value.lower() if isinstance(node, ox.NamedNode) else f"_:{node.value}".lower()
