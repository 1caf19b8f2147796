"""DCAT-AP.de catalogue and VoID description of the service, built from the metadata graph and live statistics.

Every source graph becomes a ``dcat:Dataset`` (the IRI its import wrote into ``<base>graph/meta``) with two
distributions: its gzipped N-Quads dump and the SPARQL endpoint (a ``dcat:DataService``). Graphs without an
import record (loaded by hand) are described from their IRI. Licence IRIs are mapped to the DCAT-AP.de licence
vocabulary where it has them, so a portal such as GovData can harvest ``/catalog`` as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD
from rdflib.term import Identifier, Node

from graph_service.core.derived import derived
from graph_service.core.iris import IriMinter, slugify
from graph_service.core.namespaces import BG, DCATDE, bind_prefixes
from graph_service.core.settings import Settings
from graph_service.pipeline.provenance import dataset_iri
from graph_service.publish.void_stats import Counts, Statistics
from graph_service.store.base import GraphInfo, GraphStore

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
NQUADS_MEDIA_TYPE = URIRef(IANA + "application/n-quads")
GZIP_MEDIA_TYPE = URIRef(IANA + "application/gzip")
NQUADS_FORMAT = URIRef(EU + "file-type/RDF_N_QUADS")
SPARQL_FORMAT = URIRef(EU + "file-type/SPARQLQ")
THEME_EDUCATION = URIRef(EU + "data-theme/EDUC")
GERMAN = URIRef(EU + "language/DEU")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
LICENCES = Namespace("http://dcat-ap.de/def/licenses/")
CONTRIBUTORS = Namespace("http://dcat-ap.de/def/contributors/")
GEOCODING = Namespace("http://dcat-ap.de/def/politicalGeocoding/")
LEVELS = Namespace("http://dcat-ap.de/def/politicalGeocoding/Level/")

#: Land key (first two digits of an AGS) -> contributorID of the Land's open-data portal that delivers to GovData
#: (from the contributors vocabulary, version 20251021); Länder without one deliver through GovData itself.
LAND_CONTRIBUTORS: dict[str, str] = {
    "01": "schleswigHolstein",
    "02": "transparenzportalHamburg",
    "03": "landNiedersachsen",
    "04": "transparenzportalBremen",
    "05": "openNRW",
    "06": "hessen",
    "07": "openGovernmentDataPortalRheinlandPfalz",
    "08": "datenBW",
    "09": "openDataBayern",
    "11": "berlinOpenData",
    "12": "openDataBrandenburg",
    "13": "mecklenburgVorpommern",
    "14": "freistaatSachsen",
    "15": "landSachsenAnhalt",
}
NO_PORTAL_CONTRIBUTOR = "govData"

#: Licence IRIs and names as the importers write them -> DCAT-AP.de (or EU) licence IRIs.
_LICENCE_MAP: dict[str, URIRef] = {
    "govdata.de/dl-de/by-2-0": LICENCES["dl-by-de/2.0"],
    "govdata.de/dl-de/zero-2-0": LICENCES["dl-zero-de/2.0"],
    "creativecommons.org/publicdomain/zero/1.0": LICENCES["cc-zero"],
    "creativecommons.org/licenses/by/4.0": LICENCES["cc-by/4.0"],
    "creativecommons.org/licenses/by-sa/4.0": LICENCES["cc-by-sa/4.0"],
    "opendatacommons.org/licenses/odbl/1-0": LICENCES["odbl"],
    "eupl-1.2": URIRef(EU + "licence/EUPL_1_2"),
}
#: Licences the DCAT-AP.de list has no entry of its own for -> the list's entry that fits (distributions only)
_LIST_FALLBACK: dict[str, URIRef] = {
    EU + "licence/EUPL_1_2": LICENCES["other-opensource"],
}

_RECORDS = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?ds ?g ?id ?title ?licence ?publisher ?attribution ?source ?modified ?issued WHERE {{
  GRAPH <{meta}> {{
    ?ds bg:namedGraph ?g .
    OPTIONAL {{ ?ds dct:identifier ?id }} OPTIONAL {{ ?ds dct:title ?title }} OPTIONAL {{ ?ds dct:license ?licence }}
    OPTIONAL {{ ?ds dct:publisher ?publisher }} OPTIONAL {{ ?ds bg:attribution ?attribution }}
    OPTIONAL {{ ?ds dct:source ?source }} OPTIONAL {{ ?ds dct:modified ?modified }}
  }}
  OPTIONAL {{
    SELECT ?g (MIN(?started) AS ?issued) WHERE {{
      GRAPH <{meta}> {{ ?activity prov:generated ?g ; prov:startedAtTime ?started }}
    }} GROUP BY ?g
  }}
}}
"""
_MUNICIPALITY_KEYS = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT DISTINCT ?ags (SAMPLE(?ars) AS ?regional) WHERE {
  ?area bg:ags ?ags FILTER(STRLEN(STR(?ags)) = 8) OPTIONAL { ?area bg:ars ?ars }
} GROUP BY ?ags
"""


@dataclass(frozen=True)
class Publisher:
    """What the publisher chooses for every dataset (settings, or defaults derived from its area)."""

    contributor: URIRef
    level: URIRef
    geocoding: URIRef | None = None
    homepage: URIRef | None = None
    licences: dict[str, URIRef] = field(default_factory=dict)


def common_key(keys: Iterable[tuple[str, str | None]]) -> str:
    """The area shared by every municipality: the longest common prefix of their 8-digit keys, cut to a level
    (the 12-digit ARS when all are one municipality and it is known, else 8, 5, 2 digits or none)."""
    pairs = sorted(set(keys))
    if not pairs:
        return ""
    first, last = pairs[0][0], pairs[-1][0]  # sorted: the common prefix of all is that of the first and last
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    prefix = first[:size]
    if len(prefix) == 8:
        regional = {ars for _, ars in pairs if ars and len(ars) == 12}
        return regional.pop() if len(regional) == 1 else prefix
    return prefix[:5] if len(prefix) >= 5 else prefix[:2] if len(prefix) >= 2 else ""


def geocoding(key: str) -> tuple[URIRef | None, URIRef]:
    """politicalGeocodingURI and LevelURI of an area key (2, 5, 8 or 12 digits; "" for the whole country)."""
    if len(key) == 12:
        return GEOCODING[f"regionalKey/{key}"], LEVELS.municipality
    if len(key) == 8:
        return GEOCODING[f"municipalityKey/{key}"], LEVELS.municipality
    if len(key) == 5:
        return GEOCODING[f"districtKey/{key}"], LEVELS.administrativeDistrict
    if len(key) == 2:
        return GEOCODING[f"stateKey/{key}"], LEVELS.state
    return None, LEVELS.federal


def area_key(store: GraphStore) -> str:
    """The area of the store's data (see :func:`common_key`), kept per write generation."""

    def compute() -> str:
        rows = store.select(_MUNICIPALITY_KEYS).rows
        return common_key((str(r["ags"]), str(r["regional"]) if r.get("regional") else None) for r in rows)

    return derived(store, "catalog-area-key", compute)


def publisher_choices(settings: Settings, store: GraphStore) -> Publisher:
    """The publisher's choices from ``settings``; what is unset is derived from the area of the data."""
    key = settings.catalog_area_key if settings.catalog_area_key is not None else area_key(store)
    uri, level = geocoding(key)
    contributor = settings.catalog_contributor_id or CONTRIBUTORS[LAND_CONTRIBUTORS.get(key[:2], NO_PORTAL_CONTRIBUTOR)]
    if settings.catalog_political_geocoding_level:
        level = LEVELS[settings.catalog_political_geocoding_level]
    return Publisher(
        contributor=URIRef(contributor),
        level=level,
        geocoding=URIRef(settings.catalog_political_geocoding_uri) if settings.catalog_political_geocoding_uri else uri,
        homepage=URIRef(settings.catalog_landing_page) if settings.catalog_landing_page else None,
        licences={_licence_key(k): URIRef(v) for k, v in settings.catalog_licences.items()},
    )


@dataclass(frozen=True)
class ServiceUrls:
    """Where this deployment answers (absolute URLs, from the request)."""

    root: str

    def url(self, path: str) -> URIRef:
        """Absolute URL of ``path`` (``/sparql`` etc.)."""
        return URIRef(self.root.rstrip("/") + path)

    def dump(self, source_id: str | None) -> URIRef:
        """Download URL of one source's dump, or of everything."""
        return self.url(f"/dumps/{source_id or 'all'}.nq.gz")


@dataclass(frozen=True)
class SourceRecord:
    """One named graph and what the metadata graph says about it."""

    graph: URIRef
    source_id: str | None
    dataset: URIRef | None
    triples: int
    title: Literal | None = None
    licence: Identifier | None = None
    publisher: str | None = None
    attribution: Literal | None = None
    source_url: URIRef | None = None
    modified: datetime | None = None
    issued: datetime | None = None

    @property
    def described(self) -> bool:
        """Whether an import recorded this graph in the metadata graph."""
        return self.dataset is not None

    def http_date(self) -> str | None:
        """``modified`` as an HTTP date (Last-Modified)."""
        return format_datetime(self.modified, usegmt=True) if self.modified and self.modified.tzinfo else None


def source_id_of(minter: IriMinter, graph: URIRef) -> str | None:
    """``schulen-flensburg`` for ``<base>graph/schulen-flensburg``; None for graphs outside the base."""
    prefix = minter.graph("x")[:-1]
    local = str(graph).removeprefix(prefix)
    return local if local != str(graph) and local and "/" not in local else None


def source_records(store: GraphStore, minter: IriMinter, infos: list[GraphInfo]) -> list[SourceRecord]:
    """Every named graph except the metadata graph, with its import record where there is one."""
    meta = minter.meta_graph()
    rows = {URIRef(r["g"]): r for r in store.select(_RECORDS.format(meta=meta))}
    records = []
    for info in sorted(infos, key=lambda i: str(i.iri)):
        if info.iri == meta:
            continue
        row = rows.get(info.iri)
        source_id = source_id_of(minter, info.iri)
        if row is None:
            records.append(SourceRecord(info.iri, source_id, None, info.triples))
            continue
        modified, issued = row.get("modified"), row.get("issued")
        records.append(
            SourceRecord(
                graph=info.iri,
                source_id=source_id,
                dataset=URIRef(row["ds"]),
                triples=info.triples,
                title=row.get("title"),
                licence=row.get("licence"),
                publisher=str(row["publisher"]) if "publisher" in row else None,
                attribution=row.get("attribution"),
                source_url=row.get("source") if isinstance(row.get("source"), URIRef) else None,
                modified=modified.toPython() if isinstance(modified, Literal) else None,
                issued=issued.toPython().replace(microsecond=0) if isinstance(issued, Literal) else None,
            )
        )
    return records


def find_record(records: list[SourceRecord], source_id: str) -> SourceRecord | None:
    """The record whose graph is ``<base>graph/{source_id}``."""
    return next((r for r in records if r.source_id == source_id), None)


def _licence_key(licence: str) -> str:
    return licence.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")


def dcat_licence(licence: Identifier | None, overrides: dict[str, URIRef] | None = None) -> Identifier | None:
    """The DCAT-AP.de licence IRI for a recorded licence (unknown IRIs stay as they are)."""
    if licence is None:
        return None
    key = _licence_key(str(licence))
    mapped = (overrides or {}).get(key) or _LICENCE_MAP.get(key)
    return mapped or (licence if isinstance(licence, URIRef) else None)


def list_licence(licence: Identifier | None) -> Identifier | None:
    """The entry of the DCAT-AP.de licence list for a mapped licence (what a distribution must name)."""
    return _LIST_FALLBACK.get(str(licence), licence) if licence is not None else None


class CatalogBuilder:
    """Build the DCAT catalogue and the VoID description for one request (one set of URLs)."""

    def __init__(
        self, minter: IriMinter, urls: ServiceUrls, records: list[SourceRecord], publisher: Publisher | None = None
    ) -> None:
        self.minter = minter
        self.urls = urls
        self.records = records
        self.publisher = publisher or Publisher(CONTRIBUTORS[NO_PORTAL_CONTRIBUTOR], LEVELS.federal)
        self.g = Graph()
        bind_prefixes(self.g)
        self.g.bind("dcatde", DCATDE)
        self.g.bind("foaf", FOAF)
        self.catalog = urls.url("/catalog")
        self.service = urls.url("/sparql")
        self.operator = self.agent("bildungsgraph")

    # -- shared pieces -------------------------------------------------------------------------------------------

    def add(self, s: Node, p: Node, o: Node | str | int | None, lang: str | None = None) -> None:
        """Add one triple; plain strings become literals (with ``lang``), None is skipped."""
        if o is None:
            return
        if isinstance(o, int) and not isinstance(o, bool):
            o = Literal(o, datatype=XSD.integer)
        elif isinstance(o, str) and not isinstance(o, Identifier):
            o = Literal(o, lang=lang)
        self.g.add((s, p, o))  # type: ignore[arg-type]

    def agent(self, name: str) -> URIRef:
        """A foaf:Agent for a publisher name (organisations only: the importers never record person names)."""
        iri = self.minter.entity("agent", f"publisher-{slugify(name)}")
        self.add(iri, RDF.type, FOAF.Agent)
        self.add(iri, FOAF.name, name)
        return iri

    def licence(self, record: SourceRecord) -> Identifier | None:
        """The record's licence as an IRI (a named dct:LicenseDocument when only a name was recorded)."""
        mapped = dcat_licence(record.licence, self.publisher.licences)
        if mapped is not None or record.licence is None or record.dataset is None:
            return mapped
        document = URIRef(f"{record.dataset}/licence")
        self.add(document, RDF.type, DCTERMS.LicenseDocument)
        self.add(document, DCTERMS.title, str(record.licence))
        return document

    def dataset_iri(self, record: SourceRecord) -> URIRef:
        """The record's dcat:Dataset IRI (minted like an import's when the graph has no record)."""
        if record.dataset is not None:
            return record.dataset
        if record.source_id is not None:
            return dataset_iri(self.minter, record.source_id)
        return self.urls.url(f"/.well-known/void#graph-{slugify(str(record.graph))}")

    # -- DCAT ----------------------------------------------------------------------------------------------------

    def build_catalog(self) -> Graph:
        """dcat:Catalog with one dcat:Dataset per source graph, distributions and the SPARQL data service."""
        cat = self.catalog
        self.add(cat, RDF.type, DCAT.Catalog)
        self.add(cat, DCTERMS.title, "Bildungslandschaft als Wissensgraph (bildungsgraph)", "de")
        self.add(cat, DCTERMS.title, "Education landscape knowledge graph (bildungsgraph)", "en")
        self.add(cat, DCTERMS.description, _CATALOG_DESCRIPTION_DE, "de")
        self.add(cat, DCTERMS.description, _CATALOG_DESCRIPTION_EN, "en")
        self.add(cat, DCTERMS.publisher, self.operator)
        self.add(cat, DCTERMS.language, GERMAN)
        self.add(cat, FOAF.homepage, self.publisher.homepage or self.urls.url("/"))
        self.add(cat, DCAT.themeTaxonomy, URIRef(EU + "data-theme"))
        self.add(cat, DCAT.service, self.service)
        modified = [r.modified for r in self.records if r.modified]
        if modified:
            self.add(cat, DCTERMS.modified, Literal(max(modified).isoformat(), datatype=XSD.dateTime))
        issued = [r.issued for r in self.records if r.issued]
        if issued:
            self.add(cat, DCTERMS.issued, Literal(min(issued).isoformat(), datatype=XSD.dateTime))
        for record in self.records:
            self.add(cat, DCAT.dataset, self.dataset(record))
        self.data_service()
        return self.g

    def dataset(self, record: SourceRecord) -> URIRef:
        """One dcat:Dataset with licence, publisher, modified and its distributions."""
        ds = self.dataset_iri(record)
        name = record.source_id or str(record.graph)
        self.add(ds, RDF.type, DCAT.Dataset)
        self.add(ds, DCTERMS.identifier, name)
        self.add(ds, DCTERMS.title, record.title or Literal(f"Benannter Graph {name}", lang="de"))
        self.add(ds, DCTERMS.description, _dataset_description(record, "de"), "de")
        self.add(ds, DCTERMS.description, _dataset_description(record, "en"), "en")
        self.add(ds, DCTERMS.publisher, self.agent(record.publisher) if record.publisher else self.operator)
        self.add(ds, DCTERMS.license, self.licence(record))
        self.add(ds, DCAT.landingPage, record.source_url or self.landing_page(ds))
        if record.source_url is not None:
            self.add(ds, DCTERMS.source, self.source_dataset(record, ds))
        self.common(ds)
        self.add(ds, BG.namedGraph, record.graph)
        self.add(ds, VOID.triples, record.triples)
        issued = record.issued or record.modified  # the first import; a graph without history: its last one
        if issued:
            self.add(ds, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.dateTime))
        if record.modified:
            self.add(ds, DCTERMS.modified, Literal(record.modified.isoformat(), datatype=XSD.dateTime))
        if record.attribution is not None:
            self.add(ds, DCATDE.licenseAttributionByText, record.attribution)
        if record.source_id is not None:
            self.add(ds, DCAT.distribution, self.dump_distribution(record, ds))
        self.add(ds, DCAT.distribution, self.sparql_distribution(record, ds))
        return ds

    def common(self, ds: URIRef) -> None:
        """What every dataset carries from the publisher: contributor, area, language, theme, keywords."""
        self.add(ds, DCATDE.contributorID, self.publisher.contributor)
        self.add(ds, DCATDE.politicalGeocodingLevelURI, self.publisher.level)
        self.add(ds, DCATDE.politicalGeocodingURI, self.publisher.geocoding)
        self.add(ds, DCTERMS.language, GERMAN)
        self.add(ds, DCAT.theme, THEME_EDUCATION)
        self.add(ds, DCAT.keyword, "Bildung", "de")
        self.add(ds, DCAT.keyword, "Bildungslandschaft", "de")

    def landing_page(self, ds: URIRef) -> URIRef:
        """The publisher's page, else the dataset's own page on this service."""
        return self.publisher.homepage or self.urls.url("/resource?iri=" + quote(str(ds), safe=""))

    def source_dataset(self, record: SourceRecord, ds: URIRef) -> URIRef:
        """The data the graph was imported from, as the dcat:Dataset that dct:source must name (DCAT-AP.de)."""
        node = URIRef(f"{ds}/source")
        title = str(record.title) if record.title else (record.source_id or str(record.graph))
        self.add(node, RDF.type, DCAT.Dataset)
        self.add(node, DCTERMS.title, f"Ursprungsdaten: {title}", "de")
        self.add(node, DCTERMS.title, f"Original data: {title}", "en")
        self.add(node, DCTERMS.description, f"Die Daten, aus denen „{title}“ importiert wurde.", "de")
        self.add(node, DCTERMS.description, f"The data “{title}” was imported from.", "en")
        self.add(node, DCTERMS.publisher, self.agent(record.publisher) if record.publisher else self.operator)
        self.add(node, DCAT.landingPage, record.source_url)
        self.add(node, DCTERMS.identifier, str(record.source_url))
        self.add(node, DCTERMS.license, self.licence(record))
        self.common(node)
        return node

    def dump_distribution(self, record: SourceRecord, ds: URIRef) -> URIRef:
        """The gzipped N-Quads dump of the graph (downloadURL)."""
        dist = URIRef(f"{ds}/distribution/nquads-gz")
        url = self.urls.dump(record.source_id)
        self.add(dist, RDF.type, DCAT.Distribution)
        self.add(dist, DCTERMS.title, "N-Quads-Abzug (gzip)", "de")
        self.add(dist, DCTERMS.title, "N-Quads dump (gzip)", "en")
        self.add(dist, DCTERMS.description, f"Alle {record.triples} Tripel des Graphen <{record.graph}>.", "de")
        self.add(dist, DCAT.accessURL, url)
        self.add(dist, DCAT.downloadURL, url)
        self.add(dist, DCAT.mediaType, NQUADS_MEDIA_TYPE)
        self.add(dist, DCTERMS.format, NQUADS_FORMAT)
        self.add(dist, DCAT.compressFormat, GZIP_MEDIA_TYPE)
        self.distribution_common(record, dist)
        return dist

    def sparql_distribution(self, record: SourceRecord, ds: URIRef) -> URIRef:
        """Access through the SPARQL endpoint (``GRAPH <graph> { … }``)."""
        dist = URIRef(f"{ds}/distribution/sparql")
        self.add(dist, RDF.type, DCAT.Distribution)
        self.add(dist, DCTERMS.title, "SPARQL-Endpunkt", "de")
        self.add(dist, DCTERMS.title, "SPARQL endpoint", "en")
        self.add(dist, DCTERMS.description, f"Abfrage mit GRAPH <{record.graph}> {{ … }} (SPARQL 1.1).", "de")
        self.add(dist, DCAT.accessURL, self.service)
        self.add(dist, DCAT.accessService, self.service)
        self.add(dist, DCTERMS.format, SPARQL_FORMAT)
        self.distribution_common(record, dist)
        return dist

    def distribution_common(self, record: SourceRecord, dist: URIRef) -> None:
        """Licence (an entry of the DCAT-AP.de list), attribution and date every distribution carries."""
        self.add(dist, DCTERMS.license, list_licence(self.licence(record)))
        if record.attribution is not None:
            self.add(dist, DCATDE.licenseAttributionByText, record.attribution)
        if record.modified:
            self.add(dist, DCTERMS.modified, Literal(record.modified.isoformat(), datatype=XSD.dateTime))

    def data_service(self) -> None:
        """The SPARQL endpoint as dcat:DataService serving every dataset."""
        svc = self.service
        self.add(svc, RDF.type, DCAT.DataService)
        self.add(svc, DCTERMS.title, "SPARQL-1.1-Endpunkt des bildungsgraph", "de")
        self.add(svc, DCTERMS.title, "SPARQL 1.1 endpoint of bildungsgraph", "en")
        self.add(svc, DCAT.endpointURL, svc)
        self.add(svc, DCAT.endpointDescription, svc)
        self.add(svc, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/"))
        self.add(svc, DCTERMS.publisher, self.operator)
        for record in self.records:
            self.add(svc, DCAT.servesDataset, self.dataset_iri(record))

    # -- VoID ----------------------------------------------------------------------------------------------------

    def build_void(self, stats: Statistics, meta_graph: URIRef) -> Graph:
        """void:Dataset of the whole service with a void:subset (and statistics) per named graph."""
        root = self.urls.url("/.well-known/void#bildungsgraph")
        self.add(root, RDF.type, VOID.Dataset)
        self.add(root, DCTERMS.title, "bildungsgraph: Bildungslandschaft als Wissensgraph", "de")
        self.add(root, DCTERMS.title, "bildungsgraph: education landscape knowledge graph", "en")
        self.add(root, DCTERMS.description, _CATALOG_DESCRIPTION_DE, "de")
        self.add(root, DCTERMS.publisher, self.operator)
        self.add(root, VOID.sparqlEndpoint, self.service)
        self.add(root, VOID.dataDump, self.urls.dump(None))
        self.add(root, VOID.feature, FORMATS["N-Quads"])
        self.add(root, VOID.uriSpace, self.minter.base)
        self.add(root, VOID.vocabulary, URIRef(str(BG)))
        self.add(root, RDFS.seeAlso, self.catalog)
        self.counts(root, stats.total)
        for cls, entities in stats.class_partitions:
            part = BNode()
            self.add(root, VOID.classPartition, part)
            self.add(part, VOID["class"], cls)
            self.add(part, VOID.entities, entities)
        for prop, triples in stats.property_partitions:
            part = BNode()
            self.add(root, VOID.propertyPartition, part)
            self.add(part, VOID.property, prop)
            self.add(part, VOID.triples, triples)
        by_graph = {r.graph: r for r in self.records}
        for graph, counts in sorted(stats.graphs.items()):
            self.add(root, VOID.subset, self.subset(graph, counts, by_graph.get(graph), meta_graph))
        return self.g

    def subset(self, graph: URIRef, counts: Counts, record: SourceRecord | None, meta_graph: URIRef) -> URIRef:
        """One named graph as void:Dataset (the catalogue's dataset IRI where there is one)."""
        if record is None:
            record = SourceRecord(graph, source_id_of(self.minter, graph), None, counts.triples)
        node = self.dataset_iri(record) if graph != meta_graph else self.urls.url("/.well-known/void#graph-meta")
        self.add(node, RDF.type, VOID.Dataset)
        self.add(node, BG.namedGraph, graph)
        self.add(node, DCTERMS.title, record.title)
        if record.source_id is not None:
            self.add(node, VOID.dataDump, self.urls.dump(record.source_id))
        self.counts(node, counts)
        return node

    def counts(self, node: URIRef, counts: Counts) -> None:
        """void:triples, entities, distinctSubjects, properties, classes."""
        self.add(node, VOID.triples, counts.triples)
        self.add(node, VOID.entities, counts.entities)
        self.add(node, VOID.distinctSubjects, counts.distinct_subjects)
        self.add(node, VOID.properties, counts.properties)
        self.add(node, VOID.classes, counts.classes)


_CATALOG_DESCRIPTION_DE = (
    "Akteure, Angebote, Zuständigkeiten, Kooperationen und Netzwerke einer kommunalen Bildungslandschaft als "
    "RDF-Wissensgraph. Jede Quelle liegt in einem eigenen benannten Graphen mit Lizenz und Herkunft; alle Graphen "
    "sind als N-Quads-Abzug (gzip) und über einen SPARQL-1.1-Endpunkt abrufbar."
)
_CATALOG_DESCRIPTION_EN = (
    "Organisations, offers, responsibilities, cooperations and networks of a local education landscape as an RDF "
    "knowledge graph. Each source is a named graph with licence and provenance; every graph is available as a "
    "gzipped N-Quads dump and through a SPARQL 1.1 endpoint."
)


def _dataset_description(record: SourceRecord, lang: str) -> str:
    """A generated description (the metadata graph records titles only)."""
    title = str(record.title) if record.title else (record.source_id or str(record.graph))
    if lang == "de":
        text = f"{title}: {record.triples} Tripel im benannten Graphen <{record.graph}>."
        return text + (f" Herkunft: {record.source_url}." if record.source_url else "")
    text = f"{title}: {record.triples} triples in the named graph <{record.graph}>."
    return text + (f" Origin: {record.source_url}." if record.source_url else "")


def build_catalog(
    store: GraphStore, minter: IriMinter, urls: ServiceUrls, infos: list[GraphInfo], publisher: Publisher
) -> Graph:
    """The DCAT-AP.de catalogue of every source graph in ``store``."""
    return CatalogBuilder(minter, urls, source_records(store, minter, infos), publisher).build_catalog()


def build_void(
    store: GraphStore, minter: IriMinter, urls: ServiceUrls, infos: list[GraphInfo], stats: Statistics
) -> Graph:
    """The VoID description of the service with per-graph statistics."""
    builder = CatalogBuilder(minter, urls, source_records(store, minter, infos))
    return builder.build_void(stats, minter.meta_graph())
