"""Shipped mappings pass the SHACL gate on the real files; rejected batches leave the store unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.core.errors import Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from importers import build_batch
from importers.demo import demo_steps
from importers.readers import read_records
from tests.support.pipeline import import_batch


@pytest.fixture(scope="module")
def gated_store(tmp_path_factory: pytest.TempPathFactory):
    """A store with the ontology and the shipped Destatis rows (the context the gate looks up)."""
    config = Settings(_env_file=None)
    store = EmbeddedStore(tmp_path_factory.mktemp("gate"))
    steps = {s.source_id: s for s in demo_steps(config)}
    for source_id in ("ontology", "destatis-gv"):
        if source_id in steps:
            import_batch(store, steps[source_id].make(), config)
    yield store, config
    store.close()


@pytest.mark.parametrize(
    ("file", "mapping", "imported"),
    [
        ("jedeschule_2016/rlp_abs_gesamt_2016.csv", "schulen-rlp-2016", 70),
        ("jedeschule_2016/mv_abs_gesamt_2016.csv", "schulen-mv-2016", 79),
        ("sachsen_projekt30/schools_sachsen_schuldatenbank.json", "schulen-sachsen-2026", 85),
        ("konstanz_in_zahlen", "konstanz-statistik", 383),
    ],
)
def test_real_source_passes_the_gate(shared_data: Path, gated_store, file: str, mapping: str, imported: int) -> None:
    store, config = gated_store
    report = import_batch(store, build_batch(shared_data / file, mapping, config), config)
    assert report.landed
    assert report.rows_imported == imported and report.rows_rejected == 0
    assert report.rows_read == report.rows_imported + report.rows_merged + report.rows_rejected


def sizes(store) -> dict[str, int]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(r["g"]): int(r["n"]) for r in rows}


HEADER = "Kennung,Titel,Angebotsform,Anbieter (Kennung),Lebensphase,Zielgruppe,Beginn\n"
cells = st.one_of(st.text(max_size=8), st.sampled_from(["weiterbildung", "alle", "2024-01-01", "1.1.24", "", "-"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=8), min_size=1, max_size=6))
def test_rejected_batch_leaves_store_unchanged(tmp_path: Path, gated_store, rows: list[list[str]]) -> None:
    store, config = gated_store
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "angebote.csv"
    path.write_text(HEADER + buffer.getvalue(), encoding="utf-8")
    before = sizes(store)
    batch = build_batch(path, "vorlage-angebote", config)
    assert batch.rows_read == len(list(read_records(path)))  # every row: imported, merged or rejected
    try:
        import_batch(store, batch, config)
    except Rejected:
        assert sizes(store) == before
    else:
        store.drop_graph(IriMinter(config.base_iri).graph("vorlage-angebote"))


NEW_LAND = Path(__file__).resolve().parents[1] / "resources" / "importers"


def test_a_new_lands_list_imports_with_a_mapping_file_alone(gated_store, shared_data: Path) -> None:
    """Address in one text field, bitmask school forms, a branch site: the schools sit in their municipalities.

    Needs the postcode table, which is not shipped (OSM-derived, ODbL): ``shared_data`` skips without it."""
    store, config = gated_store
    batch = build_batch(NEW_LAND / "schulen-neuland.csv", NEW_LAND / "schulen-neuland.yaml", config)
    report = import_batch(store, batch, config)
    assert report.landed and (report.rows_imported, report.rows_merged, report.rows_rejected) == (5, 1, 0)
    rows = store.select(
        "PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX org: <http://www.w3.org/ns/org#> "
        "SELECT ?id ?m (COUNT(DISTINCT ?site) AS ?sites) WHERE { "
        "GRAPH <https://w3id.org/bildungsgraph/id/graph/schulen-neuland> { ?s bg:officialId ?id ; "
        "bg:municipality ?m ; org:hasSite ?site } } GROUP BY ?id ?m"
    )
    placed = {(str(r["id"]), str(r["m"]).rsplit("/gemeinde/", 1)[-1], int(r["sites"])) for r in rows}
    assert placed == {
        ("1001", "15002000", 2),  # Halle (Saale), main building and Außenstelle
        ("1002", "15086005", 1),  # 39175 Biederitz: the postcode spans three municipalities, the town decides
        ("1003", "15086055", 1),  # 39175 Gommern
        ("1004", "15003000", 1),  # Magdeburg
        ("1005", "15003000", 1),
    }
    store.drop_graph(IriMinter(config.base_iri).graph("schulen-neuland"))
