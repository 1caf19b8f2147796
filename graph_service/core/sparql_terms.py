"""The one way an outside value enters SPARQL text: as a validated IRI or an escaped literal, never pasted.

IRIs are checked by pyoxigraph (oxiri, RFC 3987: absolute, no ``<>"{}|^`\\`` or spaces); literals are written
in N-Triples syntax, which is valid SPARQL. Use :func:`iri` / :func:`literal` for every value that came from a
request, a file or a setting, or bind it with ``VALUES``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graph_service.core.errors import InputError


class BadIri(InputError):
    """A value that should be an absolute IRI is not one."""


def checked_iri(value: str) -> str:
    """``value`` if it is an absolute IRI (RFC 3987), else :class:`BadIri`."""
    try:
        ox.NamedNode(value)
    except (ValueError, TypeError) as exc:
        shown = value if len(value) <= 120 else value[:117] + "…"
        raise BadIri(
            f"„{shown}“ ist keine gültige absolute IRI ({exc}).",
            f'"{shown}" is not a valid absolute IRI ({exc}).',
        ) from exc
    return value


def is_iri(value: str) -> bool:
    """True when ``value`` is an absolute IRI."""
    try:
        ox.NamedNode(value)
    except (ValueError, TypeError):
        return False
    return True


def iri(value: str) -> str:
    """``<value>`` for SPARQL text, validated first (raises :class:`BadIri`)."""
    return str(ox.NamedNode(checked_iri(str(value))))


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """``"value"`` (escaped), optionally with a language tag or datatype IRI, for SPARQL text."""
    if datatype is not None:
        return str(ox.Literal(str(value), datatype=ox.NamedNode(checked_iri(datatype))))
    if lang is not None:
        return str(ox.Literal(str(value), language=lang))
    return str(ox.Literal(str(value)))


def values(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?variable { <a> <b> }`` of validated IRIs."""
    if not variable.isidentifier():
        raise ValueError(f"not a SPARQL variable name: {variable!r}")
    return f"VALUES ?{variable} {{ {' '.join(iri(v) for v in iris)} }}"
