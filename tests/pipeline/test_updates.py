"""SPARQL Update through the one road: the gate decides, provenance is written, nothing lands half."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.core.errors import InputError, Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.pipeline import apply_update
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app
from tests.service.conftest import BASE, load_landscape

MINTER = IriMinter(BASE)
G = f"{BASE}graph/landscape"
PREFIXES = "PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
OFFER_WITHOUT_PROVIDER = PREFIXES + (
    f'INSERT DATA {{ GRAPH <{G}> {{ <{BASE}offer/neu> a bg:EducationOffer ; rdfs:label "Neuer Kurs"@de ; '
    "bg:lifePhase <https://w3id.org/bildungsgraph/vocab/lebensphase/weiterbildung> } }"
)
RENAME = PREFIXES + (
    f"DELETE {{ GRAPH <{G}> {{ <{BASE}actor/kita-a> rdfs:label ?l }} }} "
    f'INSERT {{ GRAPH <{G}> {{ <{BASE}actor/kita-a> rdfs:label "Kita Am Bach"@de }} }} '
    f"WHERE {{ GRAPH <{G}> {{ <{BASE}actor/kita-a> rdfs:label ?l }} }}"
)


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "store")
    load_landscape(store)
    yield store
    store.close()


def _dump(store: EmbeddedStore) -> bytes:
    out = io.BytesIO()
    store.dump(out)
    return out.getvalue()


def test_a_violating_update_is_refused_and_changes_nothing(store: EmbeddedStore) -> None:
    before = _dump(store)
    with pytest.raises(Rejected) as caught:
        apply_update(store, OFFER_WITHOUT_PROVIDER, MINTER)
    assert "Anbieter" in caught.value.report.to_text()
    assert _dump(store) == before


def test_an_update_lands_with_its_source_record(store: EmbeddedStore) -> None:
    [report] = apply_update(store, RENAME, MINTER)
    assert report.landed and str(report.graph_iri) == G
    labels = store.select(f"SELECT ?l WHERE {{ <{BASE}actor/kita-a> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    assert [str(r["l"]) for r in labels] == ["Kita Am Bach"]
    record = store.ask(
        f"ASK {{ GRAPH <{MINTER.meta_graph()}> {{ ?ds <https://w3id.org/bildungsgraph/def#namedGraph> <{G}> ; "
        "<http://www.w3.org/ns/prov#wasGeneratedBy> ?activity } }"
    )
    assert record
    assert apply_update(store, RENAME, MINTER) == []  # the same change again changes nothing


@pytest.mark.parametrize(
    "update",
    [
        f'INSERT DATA {{ <{BASE}x> <{BASE}p> "ohne Graph" }}',
        f'INSERT DATA {{ GRAPH <{BASE}graph/meta> {{ <{BASE}x> <{BASE}p> "Meta" }} }}',
    ],
    ids=["default-graph", "meta-graph"],
)
def test_updates_of_the_default_or_metadata_graph_are_input_errors(store: EmbeddedStore, update: str) -> None:
    before = _dump(store)
    with pytest.raises(InputError):
        apply_update(store, update, MINTER)
    assert _dump(store) == before


def test_the_endpoint_answers_422_with_the_report(store: EmbeddedStore) -> None:
    client = TestClient(create_app(Settings(_env_file=None, update_token="t", query_execution="in-process"), store))
    refused = client.post(
        "/sparql",
        content=OFFER_WITHOUT_PROVIDER,
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"},
    )
    assert refused.status_code == 422, refused.text
    assert "Anbieter" in refused.text
    done = client.post(
        "/sparql", content=RENAME, headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"}
    )
    assert done.status_code == 204, done.text
