"""The query gate: one scan of a SPARQL text before anything evaluates it.

Oxigraph parses and evaluates recursively: ~1,000 nested ``{``/``(`` or ~3,000 chained ``BIND``/``MINUS`` overflow
the native stack and kill the process (segfault, no Python exception). The gate tokenises the text once, as the
SPARQL 1.1 grammar's terminals define them (comments, strings, IRIs and prefixed names are single tokens, so a
brace in a string or a ``#`` inside an IRI is no structure), and refuses before evaluation:

- nesting of ``{ ( [`` deeper than ``max_nesting``;
- more than ``max_operators`` operators and keywords outside ``VALUES`` data (chains of ``UNION``, ``BIND``,
  ``MINUS``, ``.``, ``+`` … build an operator tree as deep as the chain is long);
- ``SERVICE`` and ``LOAD`` to any IRI that is not on the allow-list (a variable endpoint is never allowed),
  and ``LOAD`` from ``file:`` always.

The same scan tells the query form (the first form keyword at the top level) and whether the text has its own
dataset (``FROM`` / ``FROM NAMED``), which decides whether the union default graph applies.

Why a lexer of our own and not a library: the gate must see the text exactly as Oxigraph will (``\\u`` escapes
inside IRIs, prefixed-name escapes, ``\\r`` ending a comment, ``?a<?b`` as a comparison). A general highlighter
(Pygments) is built to be lenient, and a lenient scanner can be fooled into missing a ``SERVICE``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from graph_service.core.errors import InputError

# -- terminals of the SPARQL 1.1 grammar (section 19.8), as one master pattern ---------------------------
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"

_TOKEN = re.compile(
    rf"""
    (?P<ws>[\x20\t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
              |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
              |'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'
              |"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*")
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:\.[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>[{{(\[])
  | (?P<close>[}})\]])
  | (?P<op>\^\^|\|\||&&|!=|<=|>=|<<|>>|\{{\||\|}}|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_TERM_WORDS = {"A", "TRUE", "FALSE", "UNDEF"}
_UNESCAPE = re.compile(_UCHAR)
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class Token(NamedTuple):
    """One terminal: its kind (a group name of the master pattern) and its text."""

    kind: str
    text: str

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when this token is a bare word (keywords are case-insensitive)."""
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` without white space and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "op"
        if kind not in {"ws", "comment"}:
            yield Token(kind, match.group())


@dataclass(frozen=True)
class GateLimits:
    """What the gate lets through. ``allowed_remote``: endpoint IRIs that SERVICE and LOAD may name."""

    max_nesting: int = 200
    max_operators: int = 1000
    allowed_remote: frozenset[str] = frozenset()


@dataclass
class QueryShape:
    """What one scan found out about a query or update."""

    form: str | None = None
    has_dataset: bool = False
    max_nesting: int = 0
    operators: int = 0
    services: list[str | None] = field(default_factory=list)
    loads: list[str | None] = field(default_factory=list)

    @property
    def remote(self) -> bool:
        """True when evaluation may call another server (SERVICE)."""
        return bool(self.services)


class QueryRefused(InputError):
    """The gate refused the text before evaluation (HTTP 400)."""


@lru_cache(maxsize=256)
def inspect(text: str, base_iri: str | None = None) -> QueryShape:
    """Scan ``text`` once (see the module docstring). ``base_iri`` resolves relative SERVICE/LOAD IRIs.

    The router and the store both ask; the answer is kept for the last few texts (do not change it)."""
    return _Scan(base_iri).run(tokens(text))


def check(text: str, limits: GateLimits, *, base_iri: str | None = None) -> QueryShape:
    """:func:`inspect` ``text`` and raise :class:`QueryRefused` when it breaks ``limits``."""
    shape = inspect(text, base_iri)
    if shape.max_nesting > limits.max_nesting:
        raise QueryRefused(
            f"Die Abfrage ist {shape.max_nesting} Ebenen tief verschachtelt ({{ ( [); erlaubt sind "
            f"{limits.max_nesting}.",
            f"The query nests {shape.max_nesting} levels deep ({{ ( [); at most {limits.max_nesting} are allowed.",
            fix_de="Verschachtelung verringern, z. B. Gruppen zusammenfassen.",
            fix_en="Flatten the query, e.g. merge groups.",
        )
    if shape.operators > limits.max_operators:
        raise QueryRefused(
            f"Die Abfrage hat {shape.operators} Operatoren und Schlüsselwörter; erlaubt sind {limits.max_operators} "
            "(Werte in VALUES zählen nicht).",
            f"The query has {shape.operators} operators and keywords; at most {limits.max_operators} are allowed "
            "(values in VALUES do not count).",
            fix_de="Lange Ketten (UNION, BIND, FILTER …) kürzen oder Werte in einen VALUES-Block legen.",
            fix_en="Shorten long chains (UNION, BIND, FILTER …) or put values into a VALUES block.",
        )
    _check_remote("SERVICE", shape.services, limits.allowed_remote)
    _check_remote("LOAD", shape.loads, limits.allowed_remote)
    return shape


def _check_remote(keyword: str, targets: Iterable[str | None], allowed: frozenset[str]) -> None:
    for target in targets:
        if target is not None and target in allowed and not target.lower().startswith("file:"):
            continue
        shown = target or "?variable"
        listed = ", ".join(sorted(allowed)) if allowed else None
        raise QueryRefused(
            f"{keyword} <{shown}> ist hier nicht erlaubt: dieser Dienst ruft nur freigegebene Endpunkte auf"
            + (f" ({listed})." if listed else " (keine freigegeben)."),
            f"{keyword} <{shown}> is not allowed here: this service only calls endpoints on its allow-list"
            + (f" ({listed})." if listed else " (none are listed)."),
            fix_de=f"{keyword} entfernen oder den Endpunkt vom Betreiber freigeben lassen "
            "(BILDUNGSGRAPH_FEDERATION_ALLOW_LIST).",
            fix_en=f"Remove the {keyword} or ask the operator to list the endpoint "
            "(BILDUNGSGRAPH_FEDERATION_ALLOW_LIST).",
        )


class _Scan:
    """The state of one pass over the tokens."""

    def __init__(self, base_iri: str | None) -> None:
        self.shape = QueryShape()
        self.base = base_iri
        self.prefixes: dict[str, str] = {}
        self.depth = 0
        self.values_pending = False  # VALUES seen, its data block not opened yet
        self.values_depth: int | None = None  # depth of the open VALUES data block, if inside one

    def run(self, stream: Iterable[Token]) -> QueryShape:
        items = list(stream)
        for index, token in enumerate(items):
            self._structure(token)
            word = token.keyword
            if word is None:
                continue
            if word in {"PREFIX", "BASE"}:
                self._prologue(word, items[index + 1 : index + 3])
            elif word in {"SERVICE", "LOAD"}:
                target = self._target(items[index + 1 : index + 3])
                (self.shape.services if word == "SERVICE" else self.shape.loads).append(target)
            if self.depth == 0:
                self._top_level(word)
        return self.shape

    def _structure(self, token: Token) -> None:
        """Nesting depth, and operators counted outside VALUES data blocks."""
        if token.kind == "open":
            self.depth += 1
            self.shape.max_nesting = max(self.shape.max_nesting, self.depth)
            if self.values_pending and token.text == "{":
                self.values_pending, self.values_depth = False, self.depth
        elif token.kind == "close":
            self.depth -= 1
            if self.values_depth is not None and self.depth < self.values_depth:
                self.values_depth = None
        if self.values_depth is not None:
            return
        if token.kind == "op" or (token.kind == "word" and token.keyword not in _TERM_WORDS):
            self.shape.operators += 1
        if token.keyword == "VALUES":
            self.values_pending = True

    def _top_level(self, word: str) -> None:
        if self.shape.form is None and (word in _FORMS or word in _UPDATE_WORDS):
            self.shape.form = word if word in _FORMS else "UPDATE"
        if word == "FROM":
            self.shape.has_dataset = True

    def _prologue(self, word: str, following: list[Token]) -> None:
        if word == "BASE" and following and following[0].kind == "iri":
            self.base = self._resolve(following[0].text)
        elif word == "PREFIX" and [t.kind for t in following] == ["pname", "iri"]:
            self.prefixes[following[0].text[:-1]] = self._resolve(following[1].text) or ""

    def _target(self, following: list[Token]) -> str | None:
        """The IRI named after SERVICE / LOAD (SILENT skipped); None when it is a variable or unknown."""
        if following and following[0].keyword == "SILENT":
            following = following[1:]
        if not following:
            return None
        token = following[0]
        if token.kind == "iri":
            return self._resolve(token.text)
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        return None

    def _resolve(self, iri_token: str) -> str | None:
        """The IRI of an ``<…>`` token: escapes decoded, resolved against BASE; None if it stays relative."""
        value = _UNESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), iri_token[1:-1])
        if urlsplit(value).scheme:
            return value
        return urljoin(self.base, value) if self.base else None
