"""SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph_service.core.namespaces import SD, bind_prefixes
from graph_service.core.settings import Settings

_FORMATS = [
    "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "http://www.w3.org/ns/formats/Turtle",
    "http://www.w3.org/ns/formats/N-Triples",
    "http://www.w3.org/ns/formats/JSON-LD",
    "http://www.w3.org/ns/formats/RDF_XML",
]


def service_description(endpoint: str, settings: Settings) -> Graph:
    """sd:Service for ``endpoint``: languages, formats, union default graph, limits."""
    g = Graph()
    bind_prefixes(g)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.update_token:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in _FORMATS:
        g.add((service, SD.resultFormat, URIRef(fmt)))
    dataset = BNode()
    default_graph = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    root = endpoint.removesuffix("sparql")  # VoID, DCAT catalogue (graph_service/api/catalog.py)
    g.add((service, RDFS.seeAlso, URIRef(root + ".well-known/void")))
    g.add((service, RDFS.seeAlso, URIRef(root + "catalog")))
    g.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Default graph = union of all named graphs (one per source) unless FROM / default-graph-uri "
                f"name one. Queries stop after {settings.query_timeout_s:g} s (HTTP 503 with Retry-After). A SELECT "
                f"with more than {settings.result_row_cap} rows is answered HTTP 422 (page with LIMIT/OFFSET), "
                "never shortened. SERVICE and LOAD only to allow-listed endpoints.",
                lang="en",
            ),
        )
    )
    return g
