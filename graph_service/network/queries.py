"""SPARQL texts that read the cooperation landscape (terms: docs/model-contract.md).

Each query is small and flat so it runs on any SPARQL 1.1 store (Oxigraph, Virtuoso); rows are merged in
Python by :mod:`graph_service.network.build`.
"""

from __future__ import annotations

from graph_service.core.namespaces import sparql_prefixes
from graph_service.core.sparql_terms import is_iri, values

_P = sparql_prefixes() + "\n"

ACTORS = (
    _P
    + """SELECT ?a ?type ?label ?m ?ags ?mlabel WHERE {
  ?a bg:actorType ?type .
  OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { ?a bg:municipality ?m . OPTIONAL { ?m bg:ags ?ags } OPTIONAL { ?m rdfs:label ?mlabel } }
}"""
)

#: Organisations that operate, fund or are responsible for actors but carry no actor type themselves.
RELATED_ORGS = (
    _P
    + """SELECT ?a ?label ?m ?ags ?mlabel WHERE {
  { ?x bg:operatedBy ?a } UNION { ?x bg:fundedBy ?a } UNION { ?r bg:responsibleAgent ?a } UNION { ?f bg:funder ?a }
  FILTER(isIRI(?a))
  FILTER NOT EXISTS { ?a bg:actorType ?anyType }
  FILTER NOT EXISTS { ?a a ?nt . VALUES ?nt { bg:Network bg:Committee bg:EducationConference } }
  OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { ?a bg:municipality ?m . OPTIONAL { ?m bg:ags ?ags } OPTIONAL { ?m rdfs:label ?mlabel } }
}"""
)

OFFER_FACETS = (
    _P
    + """SELECT DISTINCT ?a ?p ?v WHERE {
  ?o schema:provider ?a ; ?p ?v .
  VALUES ?p { bg:lifePhase bg:targetGroup }
}"""
)

COOPERATIONS = (
    _P
    + """SELECT ?c ?a ?b ?type ?subject ?start ?end ?net WHERE {
  ?c a bg:Cooperation ; bg:party ?a , ?b .
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?c bg:cooperationType ?type }
  OPTIONAL { ?c dct:subject ?subject }
  OPTIONAL { ?c schema:startDate ?start }
  OPTIONAL { ?c schema:endDate ?end }
  OPTIONAL { ?c bg:withinNetwork ?net }
}"""
)

NETWORKS = (
    _P
    + """SELECT ?n ?cls ?label WHERE {
  ?n a ?cls .
  VALUES ?cls { bg:Network bg:Committee bg:EducationConference }
  OPTIONAL { ?n rdfs:label ?label }
}"""
)

MEMBERSHIPS = (
    _P
    + """SELECT ?ms ?a ?n ?role ?start ?end WHERE {
  ?ms org:member ?a ; org:organization ?n .
  OPTIONAL { ?ms org:role ?role }
  OPTIONAL { ?ms schema:startDate ?start }
  OPTIONAL { ?ms schema:endDate ?end }
}"""
)

OPERATED_BY = _P + "SELECT ?a ?t WHERE { ?a bg:operatedBy ?t }"

FUNDING = (
    _P
    + """SELECT ?f ?a ?funder ?start ?end WHERE {
  { ?a bg:fundedBy ?funder }
  UNION
  { ?f a bg:Funding ; bg:funder ?funder ; bg:recipient ?a .
    OPTIONAL { ?f schema:startDate ?start } OPTIONAL { ?f schema:endDate ?end } }
}"""
)

RESPONSIBILITIES = (
    _P
    + """SELECT ?r ?agent ?target ?type ?start ?end WHERE {
  ?r bg:responsibleAgent ?agent ; bg:concerns ?c .
  OPTIONAL { ?c schema:provider ?provider }
  BIND(COALESCE(?provider, ?c) AS ?target)
  OPTIONAL { ?r bg:responsibilityType ?type }
  OPTIONAL { ?r schema:startDate ?start }
  OPTIONAL { ?r schema:endDate ?end }
}"""
)


def labels_query(iris: list[str]) -> str:
    """SELECT of the skos:prefLabel / rdfs:label of the given IRIs (one VALUES block of validated IRIs;
    values that are no IRI are left out)."""
    return (
        _P + f"SELECT ?s ?l WHERE {{ {values('s', [i for i in iris if is_iri(i)])} ?s skos:prefLabel|rdfs:label ?l }}"
    )
