"""SPARQLWrapper's return formats all get an answer (issue 17, finding 8: ``format=n3`` and ``format=json-ld``
got 406; SPARQLWrapper sends ``format=json-ld&format=application/ld+json,application/x-json+ld``)."""

from __future__ import annotations

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (None, "application/rdf+xml"),
        (N3, "text/turtle"),
        (TURTLE, "text/turtle"),
        (JSONLD, "application/ld+json"),
        (JSON, "application/ld+json"),
        (XML, "application/rdf+xml"),
        (RDFXML, "application/rdf+xml"),
    ],
)
def test_construct_in_every_sparqlwrapper_format(base_url: str, fmt: str | None, media: str) -> None:
    wrapper = SPARQLWrapper(base_url + "/sparql")
    wrapper.setQuery(CONSTRUCT)
    if fmt:
        wrapper.setReturnFormat(fmt)
    result = wrapper.query()
    assert result.response.headers["content-type"].startswith(media)
    converted = result.convert()
    if isinstance(converted, bytes):  # SPARQLWrapper leaves Turtle/N3 to the caller
        converted = Graph().parse(data=converted, format="turtle")
    assert len(converted) == 5


@pytest.mark.parametrize(
    ("fmt", "media"), [(None, "application/sparql-results+xml"), (JSON, "application/sparql-results+json")]
)
def test_select_in_sparqlwrapper_formats(base_url: str, fmt: str | None, media: str) -> None:
    wrapper = SPARQLWrapper(base_url + "/sparql")
    wrapper.setQuery("SELECT * WHERE { ?s ?p ?o } LIMIT 2")
    if fmt:
        wrapper.setReturnFormat(fmt)
    assert wrapper.query().response.headers["content-type"].startswith(media)
