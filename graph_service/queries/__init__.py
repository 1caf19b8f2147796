"""Saved SPARQL queries (competency ``cq-*.rq`` and gap ``gap-*.rq``) with their structured header comments.

A query file starts with comment lines that describe it; the first non-comment line ends the header::

    # title@de: Welche Kreise werden aus welchem Programm gefördert, seit wann?
    # title@en: Which counties are funded by which programme, since when?
    # description@de: Förderungen mit Programm, Projekt, Beginn und Ende ...
    #   a line indented by two or more spaces continues the previous field
    # description@en: Fundings with programme, project, start and end ...
    # param ?county: IRI of a Kreis (default: Landkreis Neuwied)

Parameters: each declared ``?name`` appears in the query as a one-variable ``VALUES ?name { <default> }`` block.
The query runs as written (with the default); a caller binds other values with :func:`with_values`, which
replaces the block's content. This stays plain SPARQL 1.1, so the same text runs on Oxigraph and Virtuoso.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from graph_service.core.data_files import queries_dir
from graph_service.core.errors import InputError
from graph_service.core.sparql_terms import iri, literal

REQUIRED_FIELDS = ("title@de", "title@en", "description@de", "description@en")
_FIELD = re.compile(r"#\s*(?P<key>[A-Za-z][\w-]*(?:@[a-z]{2})?)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(r"#\s*param\s+\?(?P<name>\w+)\s*:\s*(?P<value>.*)$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_QUERY_ID = re.compile(r"[A-Za-z0-9_-]+")
_CONTINUATION = re.compile(r"#\s{2,}(?P<value>\S.*)$")


class SavedQueryError(InputError, ValueError):
    """A saved query file lacks a required header field or a declared parameter block."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: id (file stem), bilingual title and description, parameters and the SPARQL text."""

    id: str
    title_de: str
    title_en: str
    description_de: str
    description_en: str
    text: str
    path: Path
    parameters: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str = "de") -> str:
        """Title in ``lang`` (``de`` or ``en``; German otherwise)."""
        return self.title_en if lang == "en" else self.title_de

    def description(self, lang: str = "de") -> str:
        """Description in ``lang`` (``de`` or ``en``; German otherwise)."""
        return self.description_en if lang == "en" else self.description_de

    def bind(self, **values: Identifier | str | list[Identifier | str]) -> str:
        """The query text with parameter blocks replaced (see :func:`with_values`)."""
        return with_values(self.text, **values)


def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        lines.append(stripped)
    return lines


def parse_header(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Header fields (``key`` or ``key@lang`` -> value) and declared parameters (name -> description)."""
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    last: tuple[dict[str, str], str] | None = None
    for line in _header_lines(text):
        if match := _PARAM.match(line):
            params[match["name"]] = match["value"].strip()
            last = (params, match["name"])
        elif match := _FIELD.match(line):
            fields[match["key"]] = match["value"].strip()
            last = (fields, match["key"])
        elif (match := _CONTINUATION.match(line)) and last is not None:
            target, key = last
            target[key] = f"{target[key]} {match['value'].strip()}".strip()
    return fields, params


def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(rf"VALUES\s+\?{re.escape(name)}\s*\{{[^}}]*\}}", re.IGNORECASE)


def _term_text(value: Identifier | str) -> str:
    """One SPARQL term, never pasted text: rdflib terms and IRI strings through :mod:`core.sparql_terms`; other
    text must already be exactly one RDF term (e.g. ``"14627"`` from ``sparql_terms.literal``)."""
    if isinstance(value, URIRef):
        return iri(str(value))
    if isinstance(value, Literal):
        datatype = str(value.datatype) if value.datatype else None
        return literal(str(value), lang=value.language, datatype=datatype)
    if _ABSOLUTE_IRI.match(str(value)):
        return iri(str(value))
    try:
        parsed = list(ox.parse(f"<urn:s> <urn:p> {value} .", ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise InputError(f"kein einzelner RDF-Term: {value!r}", f"not a single RDF term: {value!r}") from exc
    return str(parsed[0].object)


def with_values(text: str, **values: Identifier | str | list[Identifier | str]) -> str:
    """Replace the ``VALUES ?name { ... }`` block of each given parameter.

    Parameters: a value is an rdflib term, an IRI string (wrapped in ``<>``), a SPARQL term as text, or a list.
    Raises: KeyError if the query has no VALUES block for a given name."""
    for name, value in values.items():
        terms = value if isinstance(value, list) else [value]
        replacement = f"VALUES ?{name} {{ {' '.join(_term_text(t) for t in terms)} }}"
        pattern = _values_block(name)
        if not pattern.search(text):
            raise KeyError(f"query has no VALUES block for ?{name}")
        text = pattern.sub(lambda _m, r=replacement: r, text, count=1)
    return text


def load_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file. Raises :class:`SavedQueryError` when a field or parameter block is missing."""
    text = path.read_text(encoding="utf-8")
    fields, params = parse_header(text)
    missing = [key for key in REQUIRED_FIELDS if not fields.get(key)]
    if missing:
        raise SavedQueryError(path, f"missing header field(s): {', '.join(missing)}")
    for name in params:
        if not _values_block(name).search(text):
            raise SavedQueryError(path, f"parameter ?{name} declared but no 'VALUES ?{name} {{ ... }}' block")
    extra = {k: v for k, v in fields.items() if k not in REQUIRED_FIELDS}
    return SavedQuery(
        id=path.stem,
        title_de=fields["title@de"],
        title_en=fields["title@en"],
        description_de=fields["description@de"],
        description_en=fields["description@en"],
        text=text,
        path=path,
        parameters=params,
        extra=extra,
    )


def list_queries(prefix: str | None = None, directory: Path | None = None) -> list[SavedQuery]:
    """All saved queries in ``directory`` (default: the shipped ones), sorted by id; ``prefix`` e.g. ``"cq-"``."""
    directory = directory or queries_dir()
    paths = sorted(directory.glob(f"{prefix or ''}*.rq"))
    return [load_query(path) for path in paths]


def get_query(query_id: str, directory: Path | None = None) -> SavedQuery:
    """One saved query by id (file stem). Raises FileNotFoundError if there is none."""
    if not _QUERY_ID.fullmatch(query_id):
        raise FileNotFoundError(f"no saved query {query_id!r}")
    path = (directory or queries_dir()) / f"{query_id}.rq"
    if not path.is_file():
        raise FileNotFoundError(f"no saved query {query_id!r}")
    return load_query(path)
