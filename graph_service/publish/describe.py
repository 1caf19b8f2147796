"""What the service knows about one resource: its statements (with source graph), inverse links and labels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from graph_service.core.namespaces import BG, GEO, SCHEMA
from graph_service.core.ontology import label as ontology_label
from graph_service.core.sparql_terms import iri as sparql_iri
from graph_service.core.sparql_terms import is_iri
from graph_service.store.base import GraphStore

_LABEL_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} {{ ?x rdfs:label ?l }} UNION {{ ?x skos:prefLabel ?l }} }}
"""
_SOURCES_QUERY = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?g ?title ?licence ?modified WHERE {
  ?ds bg:namedGraph ?g . OPTIONAL { ?ds dct:title ?title } OPTIONAL { ?ds dct:license ?licence }
  OPTIONAL { ?ds dct:modified ?modified }
}
"""
_INVERSE_LABEL_QUERY = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?p ?l WHERE {{ VALUES ?p {{ {values} }} ?p bg:inverseLabel ?l }}
"""
_MEMBERSHIP_QUERY = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?m ?name ?role WHERE {{
  VALUES ?m {{ {values} }}
  ?m org:member ?member ; org:organization ?organization .
  OPTIONAL {{ ?m org:role/skos:prefLabel ?role FILTER(LANG(?role) = "{lang}") }}
  BIND(IF(?member = {focus}, ?organization, ?member) AS ?other)
  OPTIONAL {{ ?other rdfs:label ?name FILTER(LANG(?name) IN ("de", "")) }}
}}
"""
_PARTNERS_QUERY = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT DISTINCT ?partner ?g WHERE {{ GRAPH ?g {{ ?c bg:party {iri} , ?partner }} FILTER(?partner != {iri}) }}
LIMIT {limit}
"""
INVERSE_LIMIT = 300


@dataclass
class Statement:
    """One property value of the resource and the named graph it comes from."""

    predicate: URIRef
    value: Identifier
    graph: URIRef | None


@dataclass
class Description:
    """Everything a resource page shows."""

    iri: URIRef
    statements: list[Statement] = field(default_factory=list)
    inverse: list[Statement] = field(default_factory=list)
    partners: list[Statement] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    inverse_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.statements or self.inverse)

    def label(self, node: Identifier, lang: str) -> str:
        """Best label of ``node`` in ``lang`` (store labels, then ontology labels, then the IRI's tail)."""
        if isinstance(node, Literal):
            return str(node)
        by_lang = self.labels.get(str(node), {})
        for wanted in (lang, "de" if lang == "en" else "en", ""):
            if wanted in by_lang:
                return by_lang[wanted]
        return ontology_label(str(node), lang) or _tail(str(node))

    def inverse_label(self, predicate: URIRef, lang: str) -> str:
        """How the page heads links of ``predicate`` pointing here (its bg:inverseLabel, else '← label')."""
        by_lang = self.inverse_labels.get(str(predicate), {})
        for wanted in (lang, "de" if lang == "en" else "en"):
            if wanted in by_lang:
                return by_lang[wanted]
        return f"← {self.label(predicate, lang)}"

    def point(self) -> tuple[float, float] | None:
        """(lon, lat) when the resource has a POINT geometry."""
        for st in self.statements:
            if st.predicate == GEO.asWKT and str(st.value).lstrip().upper().startswith("POINT"):
                return _parse_point(str(st.value))
        return None

    def boundary(self) -> str | None:
        """WKT of the resource's (multi)polygon geometry, e.g. a municipality's boundary."""
        for st in self.statements:
            if st.predicate == GEO.asWKT and str(st.value).lstrip().upper().startswith(("MULTIPOLYGON", "POLYGON")):
                return str(st.value)
        return None


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _parse_point(wkt: str) -> tuple[float, float] | None:
    inner = wkt[wkt.find("(") + 1 : wkt.rfind(")")].split()
    try:
        return float(inner[0]), float(inner[1])
    except (IndexError, ValueError):
        return None


def describe(store: GraphStore, iri: URIRef) -> Description:
    """Statements about ``iri`` (with geometry folded in), inverse links, labels and source graphs.

    Raises:
        BadIri: ``iri`` is not an absolute IRI (it is never pasted into a query unchecked).
    """
    desc = Description(iri)
    term = sparql_iri(str(iri))
    rows = store.select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }}")
    desc.statements = [Statement(r["p"], r["o"], r.get("g")) for r in rows]  # type: ignore[arg-type]
    wkt_path = f"{sparql_iri(GEO.hasGeometry)}/{sparql_iri(GEO.asWKT)}"
    wkt_query = f"SELECT ?w ?g WHERE {{ GRAPH ?g {{ {term} {wkt_path} ?w }} }}"
    for r in store.select(wkt_query):
        desc.statements.append(Statement(GEO.asWKT, r["w"], r.get("g")))  # type: ignore[arg-type]
    desc.labels.update(_blank_node_labels(store, iri))
    rows = store.select(
        f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {term} }} FILTER(isIRI(?s)) }} LIMIT {INVERSE_LIMIT}"
    )
    desc.inverse = [Statement(r["p"], r["s"], r.get("g")) for r in rows]  # type: ignore[arg-type]
    partners = store.select(_PARTNERS_QUERY.format(iri=term, limit=INVERSE_LIMIT))
    desc.partners = [Statement(BG.party, r["partner"], r.get("g")) for r in partners]  # type: ignore[arg-type]
    inverse_predicates = sorted({str(s.predicate) for s in desc.inverse})
    desc.inverse_labels = _literals_by_lang(store, _INVERSE_LABEL_QUERY, inverse_predicates)
    linked = desc.statements + desc.inverse + desc.partners
    nodes = {str(iri)} | {str(s.predicate) for s in linked}
    nodes |= {str(s.value) for s in linked if isinstance(s.value, URIRef)}
    desc.labels = _labels(store, sorted(nodes)) | desc.labels
    desc.labels.update(_membership_labels(store, iri, sorted({str(s.value) for s in desc.inverse})))
    desc.sources = {str(r["g"]): {k: str(v) for k, v in r.items() if k != "g"} for r in store.select(_SOURCES_QUERY)}
    return desc


def _blank_node_labels(store: GraphStore, iri: URIRef) -> dict[str, dict[str, str]]:
    """Blank-node values (addresses and the like) shown as their literal parts (street, postcode, town)."""
    term = sparql_iri(str(iri))
    rows = store.select(
        f"SELECT ?b ?x ?v WHERE {{ {term} ?p ?b . FILTER(isBlank(?b)) ?b ?x ?v . FILTER(isLiteral(?v)) }}"
        " ORDER BY ?b DESC(?x)"
    )
    parts: dict[str, list[str]] = {}
    for row in rows:
        parts.setdefault(str(row["b"]), []).append(str(row["v"]))
    return {node: {"": ", ".join(values)} for node, values in parts.items()}


def _membership_labels(store: GraphStore, focus: URIRef, iris: list[str]) -> dict[str, dict[str, str]]:
    """Memberships among ``iris`` (which have no name of their own) named after the other side and the role:
    on a network's page "Volkshochschule Meißen (Mitglied)", on the member's page the network's name."""
    found: dict[str, dict[str, str]] = {}
    for lang in ("de", "en"):
        for start in range(0, len(iris), 300):
            chunk = " ".join(sparql_iri(i) for i in iris[start : start + 300] if is_iri(i))
            if not chunk:
                continue
            query = _MEMBERSHIP_QUERY.format(values=chunk, lang=lang, focus=sparql_iri(str(focus)))
            for row in store.select(query):
                if "name" not in row:
                    continue
                name = str(row["name"]) + (f" – {row['role']}" if "role" in row else "")
                found.setdefault(str(row["m"]), {}).setdefault(lang, name)
    return found


def _labels(store: GraphStore, iris: list[str]) -> dict[str, dict[str, str]]:
    return _literals_by_lang(store, _LABEL_QUERY, iris)


def _literals_by_lang(store: GraphStore, query: str, iris: list[str]) -> dict[str, dict[str, str]]:
    """First literal per IRI and language from ``query`` (which binds ?x or ?p to the IRI and ?l to the literal)."""
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(iris), 300):
        values = " ".join(sparql_iri(i) for i in iris[start : start + 300] if is_iri(i))
        for row in store.select(query.format(values=values)):
            lit, key = row["l"], str(row.get("x") or row.get("p"))
            found.setdefault(key, {}).setdefault(getattr(lit, "language", None) or "", str(lit))
    return found


def schema_org_jsonld(desc: Description) -> str:
    """schema.org JSON-LD for search engines, safe to embed in <script> (``</`` escaped)."""
    types = [str(st.value).removeprefix(str(SCHEMA)) for st in desc.statements if str(st.value).startswith(str(SCHEMA))]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@id": str(desc.iri),
        "name": desc.label(desc.iri, "de"),
    }
    if types:
        data["@type"] = types[0] if len(types) == 1 else types
    for st in desc.statements:
        if st.predicate in (SCHEMA.telephone, SCHEMA.email, SCHEMA.url):
            data[_tail(str(st.predicate))] = str(st.value)
    point = desc.point()
    if point:
        data["geo"] = {"@type": "GeoCoordinates", "longitude": point[0], "latitude": point[1]}
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
