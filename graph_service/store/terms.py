"""Conversion between pyoxigraph and rdflib terms."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Identifier | None:
    """Convert one pyoxigraph term to rdflib (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def store_of(triples: Iterable[tuple[Identifier, Identifier, Identifier]]) -> ox.Store:
    """An in-memory store holding ``triples`` in its default graph; every term checked by pyoxigraph.

    Raises:
        ValueError: a term is not valid RDF (e.g. an IRI with a space); the message names the triple.
    """
    store = ox.Store()
    quads = []
    for s, p, o in triples:
        try:
            quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph()))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{s} {p} {o!r}: {exc}") from exc
    store.bulk_extend(quads)
    return store
