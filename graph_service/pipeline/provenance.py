"""Provenance and description of imported sources (DCAT datasets and PROV activities in the metadata graph).

The activity names the software agent, not the operating-system user: account names are often person names,
and person names never enter the graph."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD

from graph_service import __version__
from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, bind_prefixes
from graph_service.core.sparql_terms import is_iri
from graph_service.pipeline.batch import SourceInfo

SPDX = "http://spdx.org/rdf/terms#"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class ImportCounts:
    """Row and triple counts of one import."""

    rows_read: int
    rows_imported: int
    rows_merged: int
    rows_rejected: int
    triples: int
    entities: int


def dataset_iri(minter: IriMinter, source_id: str) -> URIRef:
    """IRI of the dcat:Dataset describing one source graph."""
    return minter.entity("dataset", source_id)


def file_iri(minter: IriMinter, path: Path) -> str:
    """IRI standing for one input file: its SHA-256 and name, never its directory (which may hold a person's name).

    Rows are ``<file IRI>#row=N`` (RFC 7111 style), so a finding can name the file and row."""
    digest = sha256_of(path)[:16] if path.is_file() else "0" * 16
    return f"{minter.base}file/{digest}/{quote(path.name)}"


def _iri_or_literal(value: str) -> URIRef | Literal:
    return URIRef(value) if is_iri(value) else Literal(value)


def describe_import(
    minter: IriMinter,
    source: SourceInfo,
    graph_iri: URIRef,
    counts: ImportCounts,
    started: datetime,
    ended: datetime,
    account: str | None = None,
) -> Graph:
    """The metadata triples of one import: the source graph's dcat:Dataset and the prov:Activity that made it.

    ``account`` is a pseudonymous account id (never a person's name); without one the software agent acts alone."""
    g = Graph()
    bind_prefixes(g)
    source_id = source.source_id
    ds = dataset_iri(minter, source_id)
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    activity = minter.entity("import", f"{source_id}-{stamp}")
    agent = minter.entity("agent", f"bildungsgraph-{__version__}")

    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(source_id)))
    g.add((ds, DCTERMS.title, Literal(source.title, lang="de")))
    g.add((ds, DCTERMS.license, _iri_or_literal(source.licence)))
    if source.attribution:
        g.add((ds, BG.attribution, Literal(source.attribution, lang="de")))
    if source.publisher:
        g.add((ds, DCTERMS.publisher, Literal(source.publisher)))
    if source.source_url:
        g.add((ds, DCTERMS.source, _iri_or_literal(source.source_url)))
    g.add((ds, BG.namedGraph, graph_iri))
    g.add((ds, DCTERMS.modified, Literal(ended.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)))
    g.add((ds, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    g.add((ds, PROV.wasGeneratedBy, activity))
    path = source.input_path
    if path is not None and path.is_file():
        checksum = URIRef(f"{ds}/checksum")
        g.add((ds, BG.inputFile, Literal(path.name)))
        g.add((ds, URIRef(SPDX + "checksum"), checksum))
        g.add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
        g.add((checksum, URIRef(SPDX + "checksumValue"), Literal(sha256_of(path), datatype=XSD.hexBinary)))
        g.add((activity, PROV.used, URIRef(file_iri(minter, path))))
        g.add((URIRef(file_iri(minter, path)), DCTERMS.title, Literal(path.name)))

    if source.mapping:
        plan = minter.entity("mapping", source.mapping)  # the workspace reads it back: the next upload's mapping
        g.add((activity, PROV.used, plan))
        g.add((plan, RDF.type, PROV.Plan))
        g.add((plan, DCTERMS.identifier, Literal(source.mapping)))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"Import {source_id}", lang="de")))
    g.add((activity, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((activity, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    g.add((activity, PROV.wasAssociatedWith, agent))
    if account:
        person = minter.entity("account", account)
        g.add((activity, PROV.wasAssociatedWith, person))
        g.add((person, RDF.type, PROV.Agent))
    g.add((activity, PROV.generated, graph_iri))
    for prop, value in (
        (BG.rowsRead, counts.rows_read),
        (BG.rowsImported, counts.rows_imported),
        (BG.rowsMerged, counts.rows_merged),
        (BG.rowsRejected, counts.rows_rejected),
    ):
        g.add((activity, prop, Literal(value, datatype=XSD.integer)))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"bildungsgraph {__version__}")))
    return g


def now() -> datetime:
    """Current time in UTC (one place, so tests can reason about it)."""
    return datetime.now(UTC)
