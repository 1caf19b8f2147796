"""``init --county AGS``: start a county from the shipped reference data, through the one import road.

Three sources, each its own named graph with provenance and licence, each through the SHACL gate:

1. ``ontology``: the ontology and concept schemes (the same source the demo loads);
2. ``gemeindeverzeichnis-{key}``: the Destatis register rows of the Land and of every Kreis, Gemeindeverband and
   Gemeinde of the area, turned into RDF by the shipped ``destatis-gv`` mapping (names, keys, population, area);
3. ``grenzen-{key}``: the BKG VG5000 boundaries of the Land, the Kreis and every Gemeinde as GeoSPARQL geometries
   (``geo:hasDefaultGeometry``/``geo:hasGeometry`` -> ``geo:asWKT``, WGS84 lon/lat, ``sf:MultiPolygon``).

Every source replaces its own graph, so running ``init`` twice leaves the store as after the first run.
Layer: uses core, pipeline and importers (the mapping engine); used by the CLI.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import GEO, bind_prefixes
from graph_service.core.ontology import ontology_files
from graph_service.core.settings import Settings
from graph_service.county.reference import Area, Boundary, boundaries, find_area, register_csv, register_rows
from graph_service.pipeline import ImportBatch, ImportReport, SourceInfo, land
from graph_service.store.base import GraphStore
from importers import build_batch

SF = Namespace("http://www.opengis.net/ont/sf#")
BKG_LICENCE = "https://www.govdata.de/dl-de/by-2-0"
BKG_ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
#: VG5000 designations written before the name in skos:altLabel ("Landkreis Meißen", "Freistaat Sachsen")
NAMED_KINDS = ("Landkreis", "Kreis", "Kreisfreie Stadt", "Stadtkreis", "Regionalverband", "Freistaat", "Land")


@dataclass(frozen=True)
class InitResult:
    """What ``init`` loaded: the area and one import report per source."""

    area: Area
    reports: list[ImportReport]
    municipalities: int


def init_county(
    store: GraphStore,
    key: str,
    settings: Settings,
    *,
    whole_land: bool = False,
    echo: Callable[[str], None] = print,
) -> InitResult:
    """Load ontology, register and boundaries of the Kreis ``key`` (or its whole Land) into ``store``.

    Raises:
        InputError: ``key`` is not a known county (or Land) key.
        Rejected: a source did not pass the gate (the store keeps the sources landed before it).
    """
    area = find_area(key, whole_land)
    batches = [ontology_batch(), register_batch(area, settings), boundary_batch(area, settings)]
    reports = []
    minter = IriMinter(settings.base_iri)
    for batch in batches:
        report = land(store, batch, minter)
        echo(report.summary())
        reports.append(report)
    municipalities = sum(1 for row in register_rows(area) if row["satzart"] == "60")
    return InitResult(area, reports, municipalities)


def ontology_batch() -> ImportBatch:
    """The ontology and concept schemes as one source (same id as the demo's, so both replace one graph)."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    info = SourceInfo("ontology", "Ontologie und Vokabulare bildungsgraph", "EUPL-1.2", publisher="bildungsgraph")
    return ImportBatch.from_graph(info, graph)


def register_batch(area: Area, settings: Settings) -> ImportBatch:
    """The register rows of ``area`` through the shipped ``destatis-gv`` mapping."""
    source_id = f"gemeindeverzeichnis-{area.key}"
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-init-") as folder:
        path = Path(folder) / f"{source_id}.csv"
        path.write_text(register_csv(register_rows(area)), encoding="utf-8")
        batch = build_batch(path, "destatis-gv", settings)  # rows point at the file's hash and name, no path
    batch.source.source_id = source_id
    batch.source.title = f"Gemeindeverzeichnis (Destatis), {area.name} ({area.key})"
    batch.source.input_path = None
    return batch


def boundary_batch(area: Area, settings: Settings) -> ImportBatch:
    """The VG5000 boundaries of ``area`` as GeoSPARQL geometries of the region nodes (one per key)."""
    minter = IriMinter(settings.base_iri)
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("sf", SF)
    for boundary in boundaries(area):
        add_boundary(graph, minter.region(boundary.ags), boundary)
    info = SourceInfo(
        source_id=f"grenzen-{area.key}",
        title=f"Verwaltungsgrenzen VG5000 (BKG, Stand 01.01.2021), {area.name} ({area.key})",
        licence=BKG_LICENCE,
        attribution=BKG_ATTRIBUTION,
        publisher="Bundesamt für Kartographie und Geodäsie (BKG)",
        source_url="https://www.bkg.bund.de",
    )
    return ImportBatch.from_graph(info, graph)


def add_boundary(graph: Graph, region: URIRef, boundary: Boundary) -> None:
    """``region`` gets its boundary as default geometry and a display name with its designation."""
    geometry = URIRef(f"{region}/grenze")
    graph.add((region, GEO.hasDefaultGeometry, geometry))
    graph.add((region, GEO.hasGeometry, geometry))
    graph.add((geometry, RDF.type, GEO.Geometry))
    graph.add((geometry, RDF.type, SF.MultiPolygon))
    graph.add((geometry, GEO.asWKT, Literal(boundary.wkt, datatype=GEO.wktLiteral)))
    name = f"{boundary.bez} {boundary.name}" if boundary.bez in NAMED_KINDS else boundary.name
    graph.add((region, SKOS.altLabel, Literal(name, lang="de")))
