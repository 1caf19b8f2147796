"""DCAT-AP.de catalogue and VoID description of the service, built from the metadata graph and live statistics.

Every source graph becomes a ``dcat:Dataset`` (the IRI its import wrote into ``<base>graph/meta``) with two
distributions: its gzipped N-Quads dump and the SPARQL endpoint (a ``dcat:DataService``). Graphs without an
import record (loaded by hand) are described from their IRI. Licence IRIs are mapped to the DCAT-AP.de licence
vocabulary where it has them, so a portal such as GovData can harvest ``/catalog`` as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD
from rdflib.term import Identifier, Node

from graph_service.core.iris import IriMinter, slugify
from graph_service.core.namespaces import BG, DCATDE, bind_prefixes
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

_RECORDS = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?ds ?g ?id ?title ?licence ?publisher ?attribution ?source ?modified WHERE {{
  GRAPH <{meta}> {{
    ?ds bg:namedGraph ?g .
    OPTIONAL {{ ?ds dct:identifier ?id }} OPTIONAL {{ ?ds dct:title ?title }} OPTIONAL {{ ?ds dct:license ?licence }}
    OPTIONAL {{ ?ds dct:publisher ?publisher }} OPTIONAL {{ ?ds bg:attribution ?attribution }}
    OPTIONAL {{ ?ds dct:source ?source }} OPTIONAL {{ ?ds dct:modified ?modified }}
  }}
}}
"""


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
        modified = row.get("modified")
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
            )
        )
    return records


def find_record(records: list[SourceRecord], source_id: str) -> SourceRecord | None:
    """The record whose graph is ``<base>graph/{source_id}``."""
    return next((r for r in records if r.source_id == source_id), None)


def dcat_licence(licence: Identifier | None) -> Identifier | None:
    """The DCAT-AP.de licence IRI for a recorded licence (unknown IRIs stay as they are)."""
    if licence is None:
        return None
    key = str(licence).lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return _LICENCE_MAP.get(key, licence if isinstance(licence, URIRef) else None)


class CatalogBuilder:
    """Build the DCAT catalogue and the VoID description for one request (one set of URLs)."""

    def __init__(self, minter: IriMinter, urls: ServiceUrls, records: list[SourceRecord]) -> None:
        self.minter = minter
        self.urls = urls
        self.records = records
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
        mapped = dcat_licence(record.licence)
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
        self.add(cat, FOAF.homepage, self.urls.url("/"))
        self.add(cat, DCAT.themeTaxonomy, URIRef(EU + "data-theme"))
        self.add(cat, DCAT.service, self.service)
        modified = [r.modified for r in self.records if r.modified]
        if modified:
            self.add(cat, DCTERMS.modified, Literal(max(modified).isoformat(), datatype=XSD.dateTime))
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
        self.add(ds, DCTERMS.source, record.source_url)
        self.add(ds, DCAT.landingPage, record.source_url)
        self.add(ds, DCTERMS.language, GERMAN)
        self.add(ds, DCAT.theme, THEME_EDUCATION)
        self.add(ds, DCAT.keyword, "Bildung", "de")
        self.add(ds, DCAT.keyword, "Bildungslandschaft", "de")
        self.add(ds, BG.namedGraph, record.graph)
        self.add(ds, VOID.triples, record.triples)
        if record.modified:
            self.add(ds, DCTERMS.modified, Literal(record.modified.isoformat(), datatype=XSD.dateTime))
        if record.attribution is not None:
            self.add(ds, DCATDE.licenseAttributionByText, record.attribution)
        if record.source_id is not None:
            self.add(ds, DCAT.distribution, self.dump_distribution(record, ds))
        self.add(ds, DCAT.distribution, self.sparql_distribution(record, ds))
        return ds

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
        """Licence, attribution and date every distribution of ``record`` carries."""
        self.add(dist, DCTERMS.license, self.licence(record))
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


def build_catalog(store: GraphStore, minter: IriMinter, urls: ServiceUrls, infos: list[GraphInfo]) -> Graph:
    """The DCAT-AP.de catalogue of every source graph in ``store``."""
    return CatalogBuilder(minter, urls, source_records(store, minter, infos)).build_catalog()


def build_void(
    store: GraphStore, minter: IriMinter, urls: ServiceUrls, infos: list[GraphInfo], stats: Statistics
) -> Graph:
    """The VoID description of the service with per-graph statistics."""
    builder = CatalogBuilder(minter, urls, source_records(store, minter, infos))
    return builder.build_void(stats, minter.meta_graph())
