"""Write pyoxigraph SELECT solutions straight to the SPARQL 1.1 result formats, with deadline and row cap.

pyoxigraph's own ``QuerySolutions.serialize`` runs in Rust to the end: it can neither stop at the row cap nor
at the query time limit. Converting every term to rdflib and using rdflib's writers stops where we want but
costs more than the query itself on large results (profiled: ``Literal.__new__`` and rdflib's JSON writer).
This writer reads the pyoxigraph terms directly; each distinct term is encoded once per result.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterable
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph_service.store.base import QueryTimeout

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def write_solutions(
    solutions: ox.QuerySolutions,
    media_type: str,
    out: BinaryIO,
    *,
    timeout: float | None = None,
    row_cap: int | None = None,
) -> bool:
    """Serialise ``solutions`` as ``media_type`` (JSON by default); True when the row cap truncated them."""
    variables = [v.value for v in solutions.variables]
    rows, truncated = _collect(solutions, len(variables), timeout, row_cap)
    writer = _WRITERS.get(ox.QueryResultsFormat.from_media_type(media_type), _write_json)
    writer(variables, rows, out)
    return truncated


def _collect(
    solutions: Iterable[ox.QuerySolution], width: int, timeout: float | None, row_cap: int | None
) -> tuple[list[tuple[Term | None, ...]], bool]:
    """Pull rows until the end, the row cap (then truncated) or the deadline (then QueryTimeout)."""
    deadline = time.monotonic() + timeout if timeout else None
    rows: list[tuple[Term | None, ...]] = []
    positions = range(width)
    for solution in solutions:
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout(f"query exceeded {timeout} s")
        if row_cap is not None and len(rows) >= row_cap:
            return rows, True
        rows.append(tuple(solution[i] for i in positions))
    return rows, False


def _memo(encode: Callable[[Term], str]) -> Callable[[Term], str]:
    """Encode each distinct term once (results repeat municipalities, concepts, labels)."""
    cache: dict[Term, str] = {}

    def cached(term: Term) -> str:
        text = cache.get(term)
        if text is None:
            text = cache[term] = encode(term)
        return text

    return cached


# -- SPARQL 1.1 Query Results JSON ------------------------------------------------------------------------
def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            encoded["datatype"] = term.datatype.value
        return encoded
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _write_json(variables: list[str], rows: list[tuple[Term | None, ...]], out: BinaryIO) -> None:
    encode = _memo(lambda term: json.dumps(_json_term(term), ensure_ascii=False))
    names = [json.dumps(v, ensure_ascii=False) for v in variables]
    out.write(f'{{"head": {{"vars": [{", ".join(names)}]}}, "results": {{"bindings": ['.encode())
    for index, row in enumerate(rows):
        cells = ", ".join(f"{name}: {encode(term)}" for name, term in zip(names, row, strict=True) if term is not None)
        out.write(f"{',' if index else ''}\n{{{cells}}}".encode())
    out.write(b"\n]}}\n")


# -- SPARQL Query Results XML -----------------------------------------------------------------------------
def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    return "<triple>" + "".join(f"<{name}>{_xml_term(part)}</{name}>" for name, part in parts) + "</triple>"


def _write_xml(variables: list[str], rows: list[tuple[Term | None, ...]], out: BinaryIO) -> None:
    encode = _memo(_xml_term)
    names = [quoteattr(v) for v in variables]
    head = "".join(f"<variable name={name}/>" for name in names)
    out.write(
        '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{head}</head><results>\n".encode()
    )
    for row in rows:
        cells = "".join(
            f"<binding name={name}>{encode(term)}</binding>"
            for name, term in zip(names, row, strict=True)
            if term is not None
        )
        out.write(f"<result>{cells}</result>\n".encode())
    out.write(b"</results></sparql>\n")


# -- SPARQL 1.1 CSV and TSV -------------------------------------------------------------------------------
def _csv_term(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _write_csv(variables: list[str], rows: list[tuple[Term | None, ...]], out: BinaryIO) -> None:
    encode = _memo(_csv_term)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if term is None else encode(term) for term in row])
    out.write(text.getvalue().encode())


def _write_tsv(variables: list[str], rows: list[tuple[Term | None, ...]], out: BinaryIO) -> None:
    encode = _memo(str)  # N-Triples syntax; pyoxigraph escapes tabs and newlines inside literals
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if term is None else encode(term) for term in row) for row in rows]
    out.write(("\n".join(lines) + "\n").encode())


_WRITERS: dict[ox.QueryResultsFormat | None, Callable[[list[str], list[tuple[Term | None, ...]], BinaryIO], None]] = {
    ox.QueryResultsFormat.JSON: _write_json,
    ox.QueryResultsFormat.XML: _write_xml,
    ox.QueryResultsFormat.CSV: _write_csv,
    ox.QueryResultsFormat.TSV: _write_tsv,
}
