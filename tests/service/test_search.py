"""Search: the cases of issue 19 on Landkreis Meißen (substring in compounds, abbreviations, target groups,
facets), the text rules, the API and page, and the index's life per write generation."""

from __future__ import annotations

import threading

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph_service.core.settings import Settings
from graph_service.publish import search_index
from graph_service.publish.search_index import build_index, current_index, fold, query_terms, stem, tokens
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app
from tests.service.conftest import load_landscape

V = "https://w3id.org/bildungsgraph/vocab/"
ID = "https://w3id.org/bildungsgraph/id/"
NEWCOMERS = V + "zielgruppe/neuzugewanderte"
RIESA = ID + "region/gemeinde/14627230"
PREFIXES = """PREFIX bg: <https://w3id.org/bildungsgraph/def#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def meissen_index(meissen_store):
    return build_index(meissen_store)


def _names(result) -> list[str]:
    return [e.name() for e in result.entries]


def _iris(store, query: str) -> set[str]:
    return {str(row["x"]) for row in store.select(PREFIXES + query)}


def test_text_rules() -> None:
    assert fold("Übergang Straße") == "uebergang strasse"
    assert fold("Café") == "cafe"
    assert tokens("Kita „Sonnenschein“ e.V.") == ["kita", "sonnenschein", "e", "v"]
    assert stem("sprachkurse") == "sprachkurs" and stem("neuzugewanderten") == "neuzugewandert"
    assert stem("eltern") == "eltern"  # short words keep their ending
    assert query_terms("DaZ Kurs") == [("daz", "deutsch als zweitsprach"), ("kurs",)]
    assert query_terms("Deutsch als Zweitsprache") == [("daz", "deutsch als zweitsprach")]
    assert query_terms("k") == [("k",)]


def test_sprachkurs_finds_the_compound_word(meissen_index) -> None:
    names = _names(meissen_index.search("Sprachkurs"))
    assert "Berufssprachkurs B2" in names
    assert all("sprachkurs" in fold(n) for n in names), names  # nothing unrelated
    assert _names(meissen_index.search("Sprachkurse")) == names  # plural ending dropped


def test_vhs_finds_the_volkshochschule_and_its_offers(meissen_store, meissen_index) -> None:
    vhs_actors = _iris(meissen_store, f"SELECT ?x WHERE {{ ?x bg:actorType <{V}akteurstyp/vhs> }}")
    vhs_offers = _iris(meissen_store, f"SELECT ?x WHERE {{ ?x schema:provider/bg:actorType <{V}akteurstyp/vhs> }}")
    found = {e.iri for e in meissen_index.search("VHS", limit=500).entries}
    assert vhs_actors and vhs_offers
    assert vhs_actors | vhs_offers <= found
    assert {e.iri for e in meissen_index.search("Volkshochschule", limit=500).entries} >= vhs_actors | vhs_offers
    first = meissen_index.search("VHS").entries[0]
    assert first.iri in vhs_actors  # the organisation itself before its offers
    # the actor's own alternative name from the sheet ("Weitere Namen": KVHS Meißen)
    kvhs = meissen_index.search("KVHS", limit=500).entries
    assert kvhs[0].name() == "Volkshochschule Meißen (fiktiv)"
    assert {e.iri for e in kvhs[1:]} == {o for o in vhs_offers if o.startswith(ID + "offer/mei-")}


def test_target_group_finds_every_offer_for_newcomers(meissen_store, meissen_index) -> None:
    expected = _iris(meissen_store, f"SELECT ?x WHERE {{ ?x bg:targetGroup <{NEWCOMERS}> }}")
    result = meissen_index.search("Neuzugewanderte", limit=500)
    assert len(expected) >= 5
    assert expected <= {e.iri for e in result.entries}
    filtered = meissen_index.search("", kind="offer", group=NEWCOMERS, limit=500)
    assert {e.iri for e in filtered.entries} == expected


def test_municipality_names_and_facets(meissen_store, meissen_index) -> None:
    located = _iris(meissen_store, f"SELECT ?x WHERE {{ ?x bg:municipality <{RIESA}> }}")
    riesa = meissen_index.search("Riesa", limit=500)
    assert riesa.entries[0].iri == RIESA  # the municipality itself first
    assert located <= {e.iri for e in riesa.entries}
    result = meissen_index.search("", municipality=RIESA, with_facets=True, limit=500)
    assert {e.iri for e in result.entries} == located
    # every facet count equals the number of hits when that filter is added
    for key, pairs in result.facets.items():
        for value, count in pairs:
            narrowed = meissen_index.search("", **({"municipality": RIESA} | {_param(key): value}))
            assert narrowed.total == count, (key, value)
    kinds = dict(result.facets["kind"])
    assert kinds["actor"] + kinds["offer"] == len(located)


def _param(key: str) -> str:
    return {"type": "type_iri"}.get(key, key)


def test_short_words_match_word_beginnings(meissen_index) -> None:
    names = _names(meissen_index.search("Kita So"))
    assert "Kita Sonnenschein Meißen (fiktiv)" in names
    assert all("so" in fold(n) for n in names)
    assert meissen_index.search("zz qq").total == 0


def test_concept_and_actor_alternative_labels(tmp_path) -> None:
    """An actor found by its type's skos:altLabel and by its own, without the synonym list."""
    store = EmbeddedStore(tmp_path / "store")
    extra = Graph()
    actor = URIRef(ID + "actor/bildungswerk")
    extra.add((actor, RDFS.label, Literal("Bildungswerk Nord", lang="de")))
    extra.add(
        (actor, URIRef("https://w3id.org/bildungsgraph/def#actorType"), URIRef(V + "akteurstyp/berufsbildende-schule"))
    )
    extra.add((actor, SKOS.altLabel, Literal("BW Nord", lang="de")))
    load_landscape(store, extra)
    index = build_index(store)
    assert "berufsschule" not in search_index.synonyms()
    assert _names(index.search("Berufsschule")) == ["Bildungswerk Nord"]
    assert _names(index.search("bw nord")) == ["Bildungswerk Nord"]
    store.close()


def test_search_api_and_page(base_url: str) -> None:
    data = httpx.get(f"{base_url}/api/search", params={"q": "kita"}).json()
    assert data["total"] >= 1 and data["upToDate"] is True
    kita = next(r for r in data["results"] if r["href"] == "/id/actor/kita-a")
    assert kita["types"] == ["Kindertageseinrichtung (Kita)"]
    assert {f["label"] for f in data["facets"]["kind"]} >= {"Einrichtung"}
    english = httpx.get(f"{base_url}/api/search", params={"q": "kita", "lang": "en"}).json()
    assert "Organisation" in {f["label"] for f in english["facets"]["kind"]}
    page = httpx.get(f"{base_url}/search", params={"q": "script"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert httpx.get(f"{base_url}/api/search", params={"kind": "bogus"}).status_code == 422
    assert httpx.get(f"{base_url}/api/search", params={"limit": 10_000}).status_code == 422


def test_page_shows_facets_and_toggles_filters(meissen_store) -> None:
    client = TestClient(create_app(Settings(store_path="unused", _env_file=None), store=meissen_store))
    page = client.get("/search", params={"q": "Neuzugewanderte"}).text
    assert "Zielgruppe" in page and "Lebensphase" in page and "Gemeinde" in page
    assert f"group={NEWCOMERS.replace(':', '%3A').replace('/', '%2F')}" in page
    filtered = client.get("/search", params={"q": "Neuzugewanderte", "group": NEWCOMERS}).text
    assert 'aria-current="true"' in filtered  # the chosen value is marked and links back to all


def test_index_follows_the_write_generation(tmp_path) -> None:
    store = EmbeddedStore(tmp_path / "store")

    def add(name: str) -> None:
        graph = Graph()
        iri = URIRef(ID + "actor/" + name.lower().replace(" ", "-"))
        graph.add((iri, RDFS.label, Literal(name, lang="de")))
        graph.add((iri, URIRef("https://w3id.org/bildungsgraph/def#actorType"), URIRef(V + "akteurstyp/kita")))
        store.add_triples(URIRef(ID + "graph/" + name.lower().replace(" ", "-")), graph)

    add("Kita Alt")
    index, fresh = current_index(store, wait_s=5)
    assert fresh and _names(index.search("kita")) == ["Kita Alt"]
    assert current_index(store, wait_s=5)[0] is index  # kept while nothing is written
    add("Kita Neu")
    index, fresh = current_index(store, wait_s=5)
    assert fresh and _names(index.search("kita")) == ["Kita Alt", "Kita Neu"]
    store.close()


def test_slow_rebuild_answers_from_the_previous_generation(tmp_path, monkeypatch) -> None:
    store = EmbeddedStore(tmp_path / "store")
    load_landscape(store)
    first, _ = current_index(store, wait_s=5)
    release = threading.Event()
    real_build = search_index.build_index

    def slow_build(s):
        release.wait(10)
        return real_build(s)

    monkeypatch.setattr(search_index, "build_index", slow_build)
    load_landscape(store)  # a write: the generation moves on
    index, fresh = current_index(store, wait_s=0.05)
    assert index is first and fresh is False
    release.set()
    index, fresh = current_index(store, wait_s=10)
    assert fresh and index is not first
    store.close()
