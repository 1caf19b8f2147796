"""Backend-independent SPARQL result handling: the streaming SELECT writer (rdflib terms) with row cap."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import BinaryIO

from rdflib.query import Result
from rdflib.term import Identifier, Variable

from graph_service.store.base import QueryTimeout

_RDFLIB_RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
}


def write_select(
    variables: list[str],
    rows: Iterable[Mapping[str, Identifier]],
    media_type: str,
    out: BinaryIO,
    *,
    timeout: float | None = None,
    row_cap: int | None = None,
) -> bool:
    """Serialise SELECT rows as ``media_type``, stopping at the deadline (QueryTimeout) or the row cap.

    Returns True when the row cap truncated the result."""
    deadline = time.monotonic() + timeout if timeout else None
    bindings: list[dict[Variable, Identifier]] = []
    truncated = False
    for row in rows:
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout(f"query exceeded {timeout} s")
        if row_cap is not None and len(bindings) >= row_cap:
            truncated = True
            break
        bindings.append({Variable(v): term for v, term in row.items() if term is not None})
    if media_type == "text/tab-separated-values":
        _write_tsv(variables, bindings, out)
        return truncated
    result = Result("SELECT")
    result.vars = [Variable(v) for v in variables]
    result.bindings = bindings
    result.serialize(out, format=_RDFLIB_RESULT_FORMATS.get(media_type, "json"), encoding="utf-8")
    return truncated


def _write_tsv(variables: list[str], bindings: list[dict[Variable, Identifier]], out: BinaryIO) -> None:
    """SPARQL 1.1 TSV: header of ?vars, terms in N-Triples syntax, empty cell when unbound."""
    out.write(("\t".join(f"?{v}" for v in variables) + "\n").encode("utf-8"))
    for row in bindings:
        cells = [row[Variable(v)].n3().replace("\t", "\\t") if Variable(v) in row else "" for v in variables]
        out.write(("\t".join(cells) + "\n").encode("utf-8"))
