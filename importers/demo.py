"""The demo data set: ontology + vocabularies, seed counties, Destatis rows, Flensburg schools and Kitas, and the
example spreadsheets (Beispieldaten). Each source goes through the pipeline (``land``) into its own named graph,
so re-running replaces the graphs (idempotent). Every file is found through the package's data files, so an
installed wheel loads the same demo as a source tree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from graph_service.core.data_files import ontology_dir
from graph_service.core.iris import IriMinter
from graph_service.core.ontology import ontology_files
from graph_service.core.settings import Settings
from graph_service.pipeline import ImportBatch, ImportReport, SourceInfo, land
from graph_service.store.base import GraphStore
from importers.batch import run_mapping

DATA = Path(__file__).resolve().parent / "data"

#: (mapping id, file in importers/data) in load order; actors before the things that refer to them.
MAPPED_SOURCES: list[tuple[str, str]] = [
    ("destatis-gv", "destatis-gv-auszug-demo.csv"),
    ("schulen-flensburg", "schulen_flensburg.csv"),
    ("kitas-flensburg-geojson", "kitas_in_flensburg.geojson"),
    ("vorlage-akteure", "beispiel-flensburg-akteure.csv"),
    ("vorlage-netzwerke", "beispiel-flensburg-netzwerke.csv"),
    ("vorlage-angebote", "beispiel-flensburg-angebote.csv"),
    ("vorlage-kooperationen", "beispiel-flensburg-kooperationen.csv"),
    ("vorlage-zustaendigkeiten", "beispiel-flensburg-zustaendigkeiten.csv"),
    ("vorlage-mitgliedschaften", "beispiel-flensburg-mitgliedschaften.csv"),
]

#: The example spreadsheets get their own source ids (so a coordinator's real import does not replace them).
EXAMPLE_SOURCE_IDS = {
    m: f"beispiel-flensburg-{m.removeprefix('vorlage-')}" for m, _ in MAPPED_SOURCES if m.startswith("vorlage-")
}


@dataclass
class DemoStep:
    """One source of the demo: a name and how to make its batch."""

    source_id: str
    make: Callable[[], ImportBatch]


def turtle_graph(files: list[Path]) -> Graph:
    """The triples of some Turtle files."""
    graph = Graph()
    for file in files:
        graph.parse(file, format="turtle")
    return graph


def rdf_batch(source_id: str, title: str, files: list[Path], licence: str) -> ImportBatch:
    """A pass-through batch of Turtle files (ontology, vocabularies, the seed graph)."""
    info = SourceInfo(source_id=source_id, title=title, licence=licence, publisher="bildungsgraph", input_path=files[0])
    return ImportBatch.from_graph(info, turtle_graph(files))


def mapped_batch(mapping: str, file: str, settings: Settings) -> ImportBatch:
    """A batch from a shipped file and mapping; the example sheets are marked as Beispieldaten."""
    batch = run_mapping(DATA / file, mapping, settings).to_import_batch()
    if mapping in EXAMPLE_SOURCE_IDS:
        batch.source.source_id = EXAMPLE_SOURCE_IDS[mapping]
        batch.source.title = f"Beispieldaten Flensburg (fiktiv): {batch.source.title}"
        batch.source.licence = "https://creativecommons.org/publicdomain/zero/1.0/"
        batch.source.attribution = "Beispieldaten des Projekts bildungsgraph – erfunden, nur zur Demonstration"
    return batch


def demo_steps(settings: Settings) -> list[DemoStep]:
    """All demo sources in load order (ontology and seed only when their files exist)."""
    steps: list[DemoStep] = []
    ontology = ontology_files()
    if ontology:
        steps.append(
            DemoStep(
                "ontology",
                lambda: rdf_batch("ontology", "Ontologie und Vokabulare bildungsgraph", ontology, "EUPL-1.2"),
            )
        )
    seed = ontology_dir() / "examples" / "seed-counties.ttl"
    if seed.is_file():
        steps.append(
            DemoStep(
                "seed-counties",
                lambda: rdf_batch("seed-counties", "Beispielgraph der Seed-Landkreise", [seed], "EUPL-1.2"),
            )
        )
    for mapping, file in MAPPED_SOURCES:
        steps.append(
            DemoStep(
                EXAMPLE_SOURCE_IDS.get(mapping, mapping),
                _mapped(mapping, file, settings),
            )
        )
    return steps


def _mapped(mapping: str, file: str, settings: Settings) -> Callable[[], ImportBatch]:
    return lambda: mapped_batch(mapping, file, settings)


def run_demo(store: GraphStore, settings: Settings, echo: Callable[[str], None] = print) -> list[ImportReport]:
    """Load every demo source through the pipeline; raises Rejected on the first rejected source."""
    minter = IriMinter(settings.base_iri)
    reports = []
    for step in demo_steps(settings):
        report = land(store, step.make(), minter)
        echo(report.summary())
        reports.append(report)
    return reports
