"""Units of the workspace: the record diff and the version log (pipeline), forms generated from the shapes,
writing a form back as triples, and the warmer that re-evaluates the saved queries after a write."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from graph_service.core.derived import peek
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.gaps.cache import _knobs
from graph_service.pipeline import VersionLog, diff_stores
from graph_service.queries import list_queries
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.result_cache import ResultCache
from graph_service.workspace.forms import FormError, apply, forms, parse, values_of
from graph_service.workspace.warmup import QUERY_MEDIA, Warmer

LANDSCAPE = Path(__file__).resolve().parents[1] / "resources" / "service" / "landscape.ttl"
MINTER = IriMinter("https://w3id.org/bildungsgraph/id/")
KITA = "https://w3id.org/bildungsgraph/id/actor/kita-a"


def store_of(turtle: str) -> ox.Store:
    data = ox.Store()
    data.load(turtle.encode(), ox.RdfFormat.TURTLE)
    return data


@pytest.fixture
def landscape() -> ox.Store:
    data = ox.Store()
    data.load(LANDSCAPE.read_bytes(), ox.RdfFormat.TURTLE)
    return data


OLD = """@prefix s: <https://schema.org/> . @prefix p: <http://www.w3.org/ns/prov#> .
<http://x/actor/a> s:name "A" ; s:address [ s:postalCode "24937" ] ; p:wasDerivedFrom <http://x/file/1#row=2> .
<http://x/actor/a/geometry> s:geo "POINT(1 2)" .
<http://x/actor/b> s:name "B" ."""


def test_diff_by_record_and_field() -> None:
    new = (
        OLD.replace('"24937"', '"24939"')
        .replace("file/1#row=2", "file/2#row=7")
        .replace('"B"', '"B"')
        .replace('<http://x/actor/b> s:name "B" .', '<http://x/actor/c> s:name "C" .')
    )
    diff = diff_stores(store_of(OLD), store_of(new))
    assert diff.counts() == {"added": 1, "changed": 1, "removed": 1, "unchanged": 0, "before": 2}
    (changed,) = diff.changed
    assert changed.iri == "http://x/actor/a"
    assert [(f.predicate, f.before, f.after) for f in changed.fields] == [
        (
            "https://schema.org/address",
            ['[ <https://schema.org/postalCode> "24937" ]'],
            ['[ <https://schema.org/postalCode> "24939" ]'],
        )
    ]  # the source row (prov:wasDerivedFrom) is not content; the geometry part belongs to its record


def test_same_content_with_new_blank_nodes_is_no_change() -> None:
    assert diff_stores(store_of(OLD), store_of(OLD)).empty


def test_version_log_keeps_content_and_record_history(tmp_path: Path) -> None:
    log = VersionLog(tmp_path)
    first, second = store_of(OLD), store_of(OLD.replace('"A"', '"A2"'))
    v1 = log.record("s", "http://g", "draft", first, diff_stores(ox.Store(), first), account="k-1", note="Upload")
    v2 = log.record("s", "http://g", "public", second, diff_stores(first, second), account="k-2", note="Freigabe")
    assert (v1.added, v2.changed, v2.target) == (2, 1, "public")
    assert diff_stores(log.content(v1), first).empty and len(log.content(v1)) == len(first)
    history = log.record_history("http://x/actor/a")
    assert [(v.id, change.kind) for v, change in history] == [(v2.id, "changed"), (v1.id, "added")]


def test_forms_come_from_the_shapes() -> None:
    offer = forms()["offer"]
    by_name = {f.name_de: f for f in offer.fields}
    assert by_name["Titel"].required and by_name["Anbieter"].required  # sh:minCount + sh:Violation in shapes/
    assert by_name["Lebensphase"].recommended  # sh:Warning
    assert by_name["Lebensphase"].kind == "concept" and "Frühkindliche Bildung" in {
        o.label_de for o in by_name["Lebensphase"].options
    }  # the scheme named by the validating node shape, German labels
    assert by_name["Beginn"].kind == "date" and by_name["Beginn"].max_count == 1
    assert [g for g, _ in offer.groups("de")] == ["Grunddaten", "Einordnung", "Ort", "Zeitraum", "Weitere Angaben"]
    assert set(forms()) == {"actor", "offer", "cooperation", "responsibility", "network", "membership"}


def test_form_values_round_trip_into_triples(landscape: ox.Store) -> None:
    actor = forms()["actor"]
    shown = values_of(landscape, KITA, actor, MINTER)
    key = {f.name_de: f.key for f in actor.fields}
    assert shown[key["Name"]] == ["Kita Sonnenschein"] and shown[key["PLZ"]] == ["24937"]
    edited = {**shown, key["Name"]: ["Kita Sonnenschein am Hafen"], key["PLZ"]: [""]}
    changed = apply(landscape, KITA, actor, parse(actor, edited, MINTER), new=False)
    diff = diff_stores(landscape, changed)
    (record,) = diff.changed
    assert {f.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in record.fields} == {"label", "address"}
    assert values_of(changed, KITA, actor, MINTER)[key["Ort"]] == ["Flensburg"]  # the address keeps its town


def test_form_refuses_values_that_are_not_rdf() -> None:
    actor = forms()["actor"]
    key = {f.name_de: f.key for f in actor.fields}
    with pytest.raises(FormError) as caught:
        parse(actor, {key["Name"]: [""], key["Gemeinde (AGS)"]: ["14627X40"], key["PLZ"]: ["123"]}, MINTER)
    assert set(caught.value.problems) == {key["Name"], key["Akteurstyp"], key["Gemeinde (AGS)"], key["PLZ"]}


def test_warmer_evaluates_saved_queries_after_a_write(tmp_path: Path) -> None:
    cache = ResultCache(16 * 2**20)
    store = EmbeddedStore(tmp_path / "store", result_cache=cache)
    settings = Settings(store_path=tmp_path / "store", _env_file=None)
    warmer = Warmer(store, settings, settle_s=0.05, poll_s=0.02)
    warmer.start()
    try:
        store.add_triples(URIRef("https://w3id.org/bildungsgraph/id/graph/landscape"), Graph().parse(LANDSCAPE))
        assert warmer.wait(60)
        assert warmer.last is not None and warmer.last.generation == store.generation
        assert {q.id for q in list_queries()} <= set(warmer.last.parts)
        assert peek(store, ("gap-report", None, "de", _knobs(settings))) is not None  # the key /gaps/ reads
        before = cache.hits
        query = list_queries()[0]
        out = io.BytesIO()
        store.query_to(query.text, QUERY_MEDIA, out, timeout=30.0, row_cap=settings.result_row_cap)
        assert cache.hits == before + 1  # the first reader after the write is served from the warm cache
    finally:
        warmer.stop()
        store.close()
