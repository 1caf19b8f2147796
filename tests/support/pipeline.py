"""Short calls of the pipeline for tests: land a batch or an RDF file with gate options."""

from __future__ import annotations

from pathlib import Path

from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.pipeline import GateOptions, ImportBatch, ImportReport, land, read_rdf_file
from graph_service.store.base import GraphStore


def import_batch(store: GraphStore, batch: ImportBatch, settings: Settings, **options: object) -> ImportReport:
    """``land`` with ``GateOptions(**options)`` under the settings' base IRI."""
    return land(store, batch, IriMinter(settings.base_iri), GateOptions(**options))  # type: ignore[arg-type]


def import_rdf_file(store: GraphStore, path: Path, source: str, settings: Settings, **options: object) -> ImportReport:
    """One RDF file through the pipeline as source ``source``."""
    minter = IriMinter(settings.base_iri)
    return land(store, read_rdf_file(path, minter, source), minter, GateOptions(**options))  # type: ignore[arg-type]
