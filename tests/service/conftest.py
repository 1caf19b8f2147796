"""A live service over a small landscape (plus ontology) in an on-disk embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph_service.core.ontology import load_ontology
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from tests.support.live_server import live_server

LANDSCAPE = Path(__file__).resolve().parents[1] / "resources" / "service" / "landscape.ttl"
BASE = "https://w3id.org/bildungsgraph/id/"


def load_landscape(store: EmbeddedStore, extra: Graph | None = None) -> None:
    """Ontology into graph/ontology, the landscape into graph/landscape."""
    store.replace_graph(URIRef(BASE + "graph/ontology"), load_ontology())
    data = Graph().parse(LANDSCAPE)
    if extra is not None:
        data += extra
    store.replace_graph(URIRef(BASE + "graph/landscape"), data)


@pytest.fixture(scope="module")
def service_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("svc") / "store")
    load_landscape(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def service_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        store_path=tmp_path_factory.mktemp("unused"),
        update_token="s3cret",
        query_timeout_s=2.0,
        result_row_cap=5,
        _env_file=None,
    )


@pytest.fixture(scope="module")
def base_url(service_settings: Settings, service_store: EmbeddedStore) -> Iterator[str]:
    with live_server(service_settings, service_store) as url:
        yield url
