"""The demo data set loads through the pipeline, each source in its own graph, idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from importers import build_batch
from importers.demo import demo_steps
from tests.support.pipeline import import_batch


def graph_sizes(store_path: Path, settings: Settings) -> dict[str, int]:
    store = EmbeddedStore(store_path)
    try:
        rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(r["g"]): int(r["n"]) for r in rows if not str(r["g"]).endswith("/graph/meta")}
    finally:
        store.close()


@pytest.mark.slow
def test_demo_command_loads_every_source_and_is_idempotent(demo_store_copy: Path) -> None:
    """The session's demo store was loaded by ``bildungsgraph demo``; loading again into a copy changes nothing."""
    settings = Settings(_env_file=None)
    store = demo_store_copy
    sizes = graph_sizes(store, settings)
    minter = IriMinter(settings.base_iri)
    for step in demo_steps(settings):
        assert sizes.get(str(minter.graph(step.source_id)), 0) > 0, step.source_id
    second = CliRunner().invoke(app, ["demo", "--store", str(store)])
    assert second.exit_code == 0, second.output
    assert graph_sizes(store, settings) == sizes  # graphs replaced, not added to (meta keeps the import history)
    report = CliRunner().invoke(app, ["match-report", "--store", str(store)])
    assert report.exit_code == 0, report.output
    assert report.output.startswith("Treffer: 0")  # the demo has one source per kind: nothing to match


def test_demo_exits_non_zero_when_a_source_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importers.demo as demo

    bad = tmp_path / "bad-offers.csv"
    bad.write_text(
        "Kennung,Titel,Angebotsform,Anbieter (Kennung),Lebensphase,Zielgruppe\n"
        "x,Kurs ohne echten Anbieter,Bildungsangebot,gibt-es-nicht,weiterbildung,alle\n"
        "y,Kurs,Bildungsangebot,gibt-es-nicht,weiterbildung,Außerirdische\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "MAPPED_SOURCES", [("vorlage-angebote", str(bad))])
    monkeypatch.setattr(demo, "ontology_files", list)  # no ontology, no seed: only the bad source
    monkeypatch.setattr(demo, "ontology_dir", lambda: tmp_path)
    result = CliRunner().invoke(app, ["demo", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "Außerirdische" in result.output


def test_match_report_write_links_kitas_of_two_sources(tmp_path: Path, shared_data: Path) -> None:
    from rdflib.namespace import OWL

    settings = Settings(_env_file=None)
    store_path = tmp_path / "store"
    store = EmbeddedStore(store_path)
    try:
        steps = {s.source_id: s for s in demo_steps(settings)}
        import_batch(store, steps["ontology"].make(), settings)
        base = shared_data / "oklab_flensburg"
        csv_batch = build_batch(base / "kitas_in_flensburg.csv", "kitas-flensburg-csv", settings)
        db_batch = build_batch(
            base / "kitas_schleswig_holstein_kitadb_2023.json", "kitas-sh-kitadb", settings, {"kreis": "01001"}
        )
        for batch in (csv_batch, db_batch):
            import_batch(store, batch, settings, accept_partial=True)
    finally:
        store.close()
    result = CliRunner().invoke(app, ["match-report", "--store", str(store_path), "--write"])
    assert result.exit_code == 0, result.output
    assert "Beinahe-Treffer" in result.output
    store = EmbeddedStore(store_path)
    try:
        links = store.graph(IriMinter(settings.base_iri).graph("abgleich"))
        assert len(list(links.subject_objects(OWL.sameAs))) >= 55
    finally:
        store.close()
