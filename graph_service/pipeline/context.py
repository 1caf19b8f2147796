"""What the store knows about the IRIs a batch points at but does not describe (types, labels, schemes, AGS).

The gate validates a batch together with this context, so an offer may name a provider imported earlier.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from graph_service.core.sparql_terms import values
from graph_service.store.base import GraphStore

_CHUNK = 400
_REFERENCED = (
    "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) FILTER NOT EXISTS { ?o ?q ?v } "
    "FILTER(?p != <http://www.w3.org/ns/prov#wasDerivedFrom>) }"
)
_CONTEXT_HEAD = (
    "PREFIX bg: <https://w3id.org/bildungsgraph/def#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "CONSTRUCT { ?o a ?t . ?o bg:actorType ?at . ?o rdfs:label ?l . ?o skos:inScheme ?s . ?o bg:ags ?ags }\n"
    "WHERE { "
)
_CONTEXT_BODY = (
    " { ?o a ?t } UNION { ?o bg:actorType ?at } UNION { ?o rdfs:label ?l } UNION { ?o skos:inScheme ?s }"
    " UNION { ?o bg:ags ?ags } }"
)


def referenced_iris(batch: ox.Store) -> list[str]:
    """IRIs the batch points at without describing them (the store must tell the gate what they are)."""
    return sorted(row["o"].value for row in batch.query(_REFERENCED))


def store_context(store: GraphStore, batch: ox.Store) -> Graph:
    """Types, actor types, labels, schemes and AGS of the IRIs ``batch`` refers to, as the store knows them."""
    referenced = referenced_iris(batch)
    context = Graph()
    for start in range(0, len(referenced), _CHUNK):
        chunk = values("o", referenced[start : start + _CHUNK])
        context += store.construct(_CONTEXT_HEAD + chunk + _CONTEXT_BODY)
    return context
