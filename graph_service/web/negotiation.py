"""Content negotiation: a module-level format table and pure helpers (python-mimeparse parses Accept q-values)."""

from __future__ import annotations

import mimeparse

#: ?format= short names -> media types.
FORMAT_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "html": "text/html",
}

#: ?format= names that mean an RDF serialisation when a graph is answered (CONSTRUCT, DESCRIBE, resource pages):
#: SPARQLWrapper sends ``format=xml`` / ``format=n3`` / ``format=json`` for its XML, N3 and JSON return formats.
GRAPH_FORMAT_ALIASES: dict[str, str] = {
    "xml": "application/rdf+xml",
    "n3": "text/turtle",  # Turtle is N3 without its extensions
    "json": "application/ld+json",
}

SELECT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
RESOURCE_TYPES = ["text/html", *GRAPH_TYPES]


class NotAcceptable(Exception):
    """No offered media type satisfies the client's Accept header."""


def choose(accept: str | None, offered: list[str], format_param: str | None = None) -> str:
    """Pick the media type for a response.

    ``?format=`` wins over Accept; a missing or ``*/*`` Accept gets the first offered type.

    Raises:
        NotAcceptable: nothing offered matches.
    """
    if format_param:
        for part in format_param.split(","):  # SPARQLWrapper sends e.g. "application/ld+json,application/x-json+ld"
            name = part.strip().lower()
            for wanted in (FORMAT_ALIASES.get(name), GRAPH_FORMAT_ALIASES.get(name), name):
                if wanted in offered:
                    return wanted
        raise NotAcceptable(f"format '{format_param}' is not available here; choose one of {', '.join(offered)}")
    if not accept or not accept.strip():
        return offered[0]
    # mimeparse prefers the LAST of equally good candidates: offer in reverse so ties go to our first choice.
    best = mimeparse.best_match(list(reversed(offered)), accept)
    if not best:
        raise NotAcceptable(f"none of {', '.join(offered)} is acceptable for Accept: {accept}")
    return best


def select_media_type(accept: str | None, format_param: str | None = None) -> str:
    """Media type for a SELECT/ASK result (``application/json`` is served as SPARQL JSON)."""
    chosen = choose(accept, SELECT_TYPES, format_param)
    return "application/sparql-results+json" if chosen == "application/json" else chosen
