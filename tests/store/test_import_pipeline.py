"""The import pipeline: SHACL gate, atomic replacement, provenance, rejection leaves the store unchanged."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.errors import Rejected as ImportRejected
from graph_service.core.namespaces import BG, ORG, SCHEMA, VOCAB
from graph_service.core.settings import Settings
from graph_service.pipeline import ImportBatch, RowIssue, SourceInfo
from graph_service.store.embedded import EmbeddedStore
from tests.support.pipeline import import_batch

BASE = "https://w3id.org/bildungsgraph/id/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def offers(n: int, *, bad_row: int | None = None, file: str = "angebote.csv") -> Graph:
    """One provider and ``n`` offers, each traced to its CSV row; ``bad_row`` lacks its provider."""
    g = Graph()
    provider = URIRef(BASE + "actor/vhs")
    g.add((provider, RDF.type, ORG.Organization))
    g.add((provider, RDFS.label, Literal("VHS Musterstadt", lang="de")))
    g.add((provider, BG.actorType, VOCAB["akteurstyp/vhs"]))
    for i in range(n):
        offer = URIRef(f"{BASE}offer/kurs-{i}")
        row = i + 2
        g.add((offer, RDF.type, BG.EducationOffer))
        g.add((offer, RDFS.label, Literal(f"Kurs {i}", lang="de")))
        g.add((offer, BG.lifePhase, VOCAB["lebensphase/weiterbildung"]))
        g.add((offer, PROV.wasDerivedFrom, URIRef(f"file:///data/{file}#row={row}")))
        if row != bad_row:
            g.add((offer, SCHEMA.provider, provider))
    return g


def batch(graph: Graph, source_id: str = "angebote", rejected: list[RowIssue] | None = None) -> ImportBatch:
    info = SourceInfo(source_id=source_id, title="Angebote", licence=CC0)
    return ImportBatch.from_graph(info, graph, rows_read=len(set(graph.subjects())), rejected_rows=rejected or [])


def dump(store: EmbeddedStore) -> list[str]:
    out = io.BytesIO()
    store.dump(out)
    return sorted(out.getvalue().decode("utf-8").splitlines())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store_path=tmp_path / "store", _env_file=None)


def test_import_lands_with_provenance(embedded_store: EmbeddedStore, settings: Settings) -> None:
    report = import_batch(embedded_store, batch(offers(3)), settings=settings)
    assert report.landed and report.triples == len(offers(3))
    graphs = {str(g.iri): g.triples for g in embedded_store.graphs()}
    assert graphs[BASE + "graph/angebote"] == len(offers(3))
    meta = embedded_store.select(
        """PREFIX dct: <http://purl.org/dc/terms/> PREFIX void: <http://rdfs.org/ns/void#>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX bg: <https://w3id.org/bildungsgraph/def#>
        SELECT ?licence ?triples ?read WHERE { ?ds bg:namedGraph ?g ; dct:license ?licence ; void:triples ?triples ;
        prov:wasGeneratedBy ?a . ?a bg:rowsRead ?read }"""
    ).rows
    assert len(meta) == 1
    assert str(meta[0]["licence"]) == CC0
    assert int(meta[0]["triples"]) == len(offers(3))
    assert int(meta[0]["read"]) == 4


def test_reimport_replaces_the_graph(embedded_store: EmbeddedStore, settings: Settings) -> None:
    import_batch(embedded_store, batch(offers(5)), settings=settings)
    import_batch(embedded_store, batch(offers(2)), settings=settings)
    graphs = {str(g.iri): g.triples for g in embedded_store.graphs()}
    assert graphs[BASE + "graph/angebote"] == len(offers(2))
    datasets = embedded_store.select("SELECT ?ds WHERE { ?ds <https://w3id.org/bildungsgraph/def#namedGraph> ?g }")
    assert len(datasets) == 1


def test_violation_rejects_and_leaves_store_identical(embedded_store: EmbeddedStore, settings: Settings) -> None:
    import_batch(embedded_store, batch(offers(10)), settings=settings)
    before = dump(embedded_store)
    with pytest.raises(ImportRejected) as caught:
        import_batch(embedded_store, batch(offers(2000, bad_row=1234)), settings=settings)
    assert dump(embedded_store) == before
    text = caught.value.report.to_text("de")
    assert "angebote.csv Zeile 1234" in text
    assert "Anbieter" in text
    assert caught.value.report.landed is False


def test_unreadable_rows_reject_unless_accepted(embedded_store: EmbeddedStore, settings: Settings) -> None:
    issue = RowIssue(file="angebote.csv", row=7, column="Beginn", value="31.02.2024", message="kein gültiges Datum")
    with pytest.raises(ImportRejected) as caught:
        import_batch(embedded_store, batch(offers(3), rejected=[issue]), settings=settings)
    assert (
        "angebote.csv, Zeile 7, Spalte „Beginn“ (Wert „31.02.2024“): kein gültiges Datum"
        in caught.value.report.to_text()
    )
    assert embedded_store.graphs() == []
    report = import_batch(embedded_store, batch(offers(3), rejected=[issue]), settings=settings, accept_partial=True)
    assert report.rows_rejected == 1 and report.landed


def test_strict_rejects_warnings(embedded_store: EmbeddedStore, settings: Settings) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_batch(embedded_store, batch(offers(1)), settings=settings, strict=True)
    assert "Warnungen" in caught.value.report.reason


def test_readers_see_old_or_new_never_a_mix(tmp_path: Path, settings: Settings) -> None:
    store = EmbeddedStore(tmp_path / "store")
    old, new = offers(800), offers(1600)
    import_batch(store, batch(old), settings=settings)
    sizes = {len(old), len(new)}
    seen: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}graph/angebote> {{ ?s ?p ?o }} }}"

    def reader() -> None:
        while not done.is_set():
            try:
                seen.append(int(store.select(count).rows[0]["n"]))
            except BaseException as exc:  # noqa: BLE001 - any failure of a reader fails the test below
                errors.append(exc)
            time.sleep(0.01)  # a client's think time; without it 20 threads starve the writer of the GIL

    threads = [threading.Thread(target=reader) for _ in range(20)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    import_batch(store, batch(new), settings=settings)
    time.sleep(0.2)
    done.set()
    for t in threads:
        t.join()
    store.close()
    assert not errors
    assert set(seen) == sizes, "readers should have seen both the old and the new graph, and nothing else"


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    good = tmp_path / "good.ttl"
    offers(2).serialize(good, format="turtle")
    bad = tmp_path / "bad.ttl"
    offers(2, bad_row=3).serialize(bad, format="turtle")
    store = str(tmp_path / "store")
    assert runner.invoke(app, ["import", str(good), "--store", store]).exit_code == 0
    rejected = runner.invoke(app, ["import", str(bad), "--store", store, "--source-id", "good"])
    assert rejected.exit_code == 1
    assert "Anbieter" in rejected.output
    (tmp_path / "empty.ttl").write_text("")
    assert runner.invoke(app, ["import", str(tmp_path / "empty.ttl"), "--store", store]).exit_code == 2
    (tmp_path / "broken.ttl").write_text("<a> <b> .")
    assert runner.invoke(app, ["import", str(tmp_path / "broken.ttl"), "--store", store]).exit_code == 2
    (tmp_path / "latin1.ttl").write_bytes('<urn:a> <urn:b> "Gr\xfc\xdfe" .'.encode("latin-1"))
    assert runner.invoke(app, ["import", str(tmp_path / "latin1.ttl"), "--store", store]).exit_code == 2
    assert runner.invoke(app, ["import", str(tmp_path / "x.unknown"), "--store", store]).exit_code == 2
    graphs = runner.invoke(app, ["graphs", "--store", store], env={"COLUMNS": "240"})
    assert "graph/good" in graphs.output


def test_rejected_first_import_leaves_no_empty_store(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "bad.ttl"
    offers(2, bad_row=3).serialize(bad, format="turtle")
    new_store = tmp_path / "new-store"
    assert runner.invoke(app, ["import", str(bad), "--store", str(new_store)]).exit_code == 1
    assert not new_store.exists()
    good = tmp_path / "good.ttl"
    offers(2).serialize(good, format="turtle")
    assert runner.invoke(app, ["import", str(good), "--store", str(new_store)]).exit_code == 0
    assert runner.invoke(app, ["import", str(bad), "--store", str(new_store), "--source-id", "good"]).exit_code == 1
    assert new_store.exists(), "an existing store is never removed"


def test_export_restore_round_trip(tmp_path: Path, settings: Settings) -> None:
    runner = CliRunner()
    source = tmp_path / "offers.ttl"
    offers(3).serialize(source, format="turtle")
    store_a, store_b = str(tmp_path / "a"), str(tmp_path / "b")
    assert runner.invoke(app, ["import", str(source), "--store", store_a]).exit_code == 0
    dump_file = tmp_path / "all.nq"
    assert runner.invoke(app, ["export", "-o", str(dump_file), "--store", store_a]).exit_code == 0
    assert runner.invoke(app, ["restore", str(dump_file), "--store", store_b]).exit_code == 0
    a, b = EmbeddedStore(Path(store_a)), EmbeddedStore(Path(store_b))
    try:
        assert dump(a) == dump(b)
    finally:
        a.close()
        b.close()


def test_read_only_store_opens_reads_and_closes(tmp_path: Path, settings: Settings) -> None:
    store = EmbeddedStore(tmp_path / "ro")
    import_batch(store, batch(offers(2)), settings=settings)
    store.close()
    reader = EmbeddedStore(tmp_path / "ro", read_only=True)
    assert reader.graphs()
    reader.close()


def test_cli_imports_a_table_through_a_shipped_mapping(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(
        app,
        [
            "import",
            str(repo / "importers" / "data" / "schulen_flensburg.csv"),
            "--mapping",
            "schulen-flensburg",
            "--store",
            store,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Zeilen gelesen 30, importiert 30" in result.output
    opened = EmbeddedStore(Path(store))
    try:
        count = opened.select(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <https://w3id.org/bildungsgraph/def#officialId> ?id }"
        )
        assert int(count.rows[0]["n"]) == 30  # the 30 schools (their operators are actors too, without number)
    finally:
        opened.close()
