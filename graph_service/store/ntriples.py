"""N-Triples lines: the streaming exchange format between readers, stores and uploads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph


def has_bnode(line: str) -> bool:
    """True when an N-Triples line has a blank node as subject or object (not inside a literal)."""
    if "_:" not in line:
        return False
    if line.startswith("_:"):
        return True
    tail = line.rstrip().removesuffix(".").rstrip()
    return not tail.endswith('"') and not tail.endswith(">") and "_:" in tail.rsplit(" ", 1)[-1]


def ntriples_lines(data: Graph | Path) -> Iterator[str]:
    """N-Triples lines of a graph or of an RDF file (any format pyoxigraph parses, streamed)."""
    if isinstance(data, Graph):
        yield from _lines(ox.parse(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES))
        return
    fmt = ox.RdfFormat.from_extension(data.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    with data.open("rb") as handle:
        yield from _lines(ox.parse(handle, fmt))


def _lines(items: Iterator[ox.Triple | ox.Quad]) -> Iterator[str]:
    """Oxigraph's canonical N-Triples form of each triple (quads lose their graph)."""
    for item in items:
        triple = item.triple if isinstance(item, ox.Quad) else item
        yield f"{triple.subject} {triple.predicate} {triple.object} .\n"
