"""Gzipped N-Quads dumps of one named graph or of the whole store, written to a file (never held in memory).

A store dumps one graph as N-Triples (the graph name is implied); those lines get the graph name appended, so
every dump is N-Quads and can be loaded back with ``bildungsgraph restore`` or any quad store.
"""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from rdflib import URIRef

from graph_service.core.sparql_terms import iri
from graph_service.store.base import GraphStore

CHUNK = 1 << 20
COMPRESS_LEVEL = 6


def write_dump(store: GraphStore, out: BinaryIO, graph_iri: URIRef | None = None) -> None:
    """Write gzip-compressed N-Quads of ``graph_iri`` (or of every graph) to ``out``."""
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=COMPRESS_LEVEL, mtime=0) as gz:
        if graph_iri is None:
            store.dump(gz, "nquads")
            return
        with tempfile.TemporaryFile(prefix="bildungsgraph-dump-") as spool:
            store.dump(spool, "nquads", graph_iri)
            spool.seek(0)
            for line in _as_quads(spool, graph_iri):
                gz.write(line)


def _as_quads(lines: BinaryIO, graph_iri: URIRef) -> Iterator[bytes]:
    """N-Triples lines (one statement per line, as stores write them) -> N-Quads lines in ``graph_iri``."""
    suffix = f" {iri(graph_iri)} .\n".encode()
    for line in lines:
        statement = line.strip()
        if not statement or statement.startswith(b"#"):
            continue
        if not statement.endswith(b"."):
            raise ValueError(f"not an N-Triples statement: {statement[:200]!r}")
        yield statement[:-1].rstrip() + suffix


def dump_file(store: GraphStore, graph_iri: URIRef | None = None) -> BinaryIO:
    """A temporary file (deleted on close) holding the gzipped N-Quads dump, positioned at its start."""
    spool = tempfile.TemporaryFile(prefix="bildungsgraph-dump-", suffix=".nq.gz")  # noqa: SIM115 (closed by chunks)
    try:
        write_dump(store, spool, graph_iri)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool


def chunks(file: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    """Read ``file`` in chunks and close it at the end (or when the consumer stops early)."""
    try:
        while chunk := file.read(size):
            yield chunk
    finally:
        file.close()
