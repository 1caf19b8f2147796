"""Search index and the search page/API."""

from __future__ import annotations

import httpx
from rdflib import Graph

from graph_service.publish.search_index import build_index, fold, tokens
from graph_service.store.embedded import EmbeddedStore
from tests.service.conftest import load_landscape

OFFER = """
@prefix bg: <https://w3id.org/bildungsgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> . @prefix v: <https://w3id.org/bildungsgraph/vocab/> .
<https://w3id.org/bildungsgraph/id/offer/sprachkurs> a bg:EducationOffer ; rdfs:label "Sprachkurs für Eltern"@de ;
    schema:provider <https://w3id.org/bildungsgraph/id/actor/kita-a> ; bg:lifePhase v:lebensphase\\/weiterbildung .
"""


def test_fold_and_tokens() -> None:
    assert fold("Übergang Straße") == "uebergang strasse"
    assert tokens("Kita „Sonnenschein“ e.V.") == ["kita", "sonnenschein", "e", "v"]


def test_index_finds_by_words_prefix_and_facets() -> None:
    store = EmbeddedStore(None)
    load_landscape(store, Graph().parse(data=OFFER, format="turtle"))
    index = build_index(store)
    assert [e.name for e in index.search("kita sonn")] == ["Kita Sonnenschein"]
    assert [e.name for e in index.search("grundschule")] == ["Grundschule am Markt"]
    assert [e.name for e in index.search("sprach")] == ["Sprachkurs für Eltern"]
    assert index.search("markt kita") == []
    offers = index.search("", kind="offer")
    assert [e.name for e in offers] == ["Sprachkurs für Eltern"]
    assert list(offers[0].phases.values()) == ["Weiterbildung"]
    kitas = index.search("", type_iri="https://w3id.org/bildungsgraph/vocab/akteurstyp/kita")
    assert [e.name for e in kitas] == ["Kita Sonnenschein"]
    assert index.search("", phase="https://w3id.org/bildungsgraph/vocab/lebensphase/hochschule") == []


def test_search_api_and_page(base_url: str) -> None:
    data = httpx.get(f"{base_url}/api/search", params={"q": "kita"}).json()
    assert data["count"] == 1
    assert data["results"][0]["href"] == "/id/actor/kita-a"
    assert data["results"][0]["types"] == ["Kindertageseinrichtung (Kita)"]
    page = httpx.get(f"{base_url}/search", params={"q": "script"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_stale_index_is_rebuilt_in_the_background(tmp_path) -> None:
    import time

    from fastapi.testclient import TestClient
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    from graph_service.core.settings import Settings
    from graph_service.store.embedded import EmbeddedStore
    from graph_service.web.app import create_app

    store = EmbeddedStore(None)
    actor_type = URIRef("https://w3id.org/bildungsgraph/def#actorType")
    kita = URIRef("https://w3id.org/bildungsgraph/vocab/akteurstyp/kita")

    def add(name: str) -> None:
        graph = Graph()
        slug = name.lower().replace(" ", "-")
        iri = URIRef(f"https://w3id.org/bildungsgraph/id/actor/{slug}")
        graph.add((iri, RDFS.label, Literal(name, lang="de")))
        graph.add((iri, actor_type, kita))
        store.add_triples(URIRef(f"https://w3id.org/bildungsgraph/id/graph/{slug}"), graph)

    add("Kita Alt")
    client = TestClient(create_app(Settings(store_path=tmp_path, _env_file=None), store=store))
    assert [r["name"] for r in client.get("/api/search", params={"q": "kita"}).json()["results"]] == ["Kita Alt"]
    add("Kita Neu")
    client.app.state.search_index.built_at -= 3600  # stale
    first = client.get("/api/search", params={"q": "kita"}).json()["results"]
    assert [r["name"] for r in first] == ["Kita Alt"]  # the old index answers at once
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        names = [r["name"] for r in client.get("/api/search", params={"q": "kita"}).json()["results"]]
        if names == ["Kita Alt", "Kita Neu"]:
            break
        time.sleep(0.05)
    assert names == ["Kita Alt", "Kita Neu"]
