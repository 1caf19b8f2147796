"""Federation by policy: SERVICE and LOAD reach exactly the endpoints on ``federation_allow_list``, nothing else.

(The refusals for an anonymous SERVICE and for LOAD from file: run against a served process in
test_query_execution.py; here the allow-list is open for a local server started by the test.)
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.factory import query_workers
from tests.service.conftest import load_landscape
from tests.support.counting_server import CountingServer, counting_server
from tests.support.live_server import live_server

TURTLE = b'<urn:x:kita> <https://schema.org/name> "geladen" .\n'
AUTH = {"Authorization": "Bearer s3cret", "Content-Type": "application/sparql-update"}


@pytest.fixture(scope="module")
def remote() -> Iterator[CountingServer]:
    with counting_server({"/data.ttl": ("text/turtle", TURTLE)}) as server:
        yield server


@pytest.fixture(scope="module")
def endpoint(remote: CountingServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(
        store_path=tmp_path_factory.mktemp("unused"),
        update_token="s3cret",
        federation_allow_list=[f"{remote.url}/sparql", f"{remote.url}/data.ttl"],
        _env_file=None,
    )
    store = EmbeddedStore(tmp_path_factory.mktemp("federation") / "store", workers=query_workers(settings))
    load_landscape(store)
    with live_server(settings, store) as url:
        yield f"{url}/sparql"
    store.close()


def test_service_reaches_exactly_the_listed_endpoint(endpoint: str, remote: CountingServer) -> None:
    remote.hits.clear()
    listed = f"SELECT * WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}"
    response = httpx.post(endpoint, data={"query": listed}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [{}]
    assert remote.hits == ["/sparql"]
    for other in (f"{remote.url}/other", f"{remote.url}/sparql/", f"{remote.url}/sparql?x=1"):
        query = f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"
        assert httpx.post(endpoint, data={"query": query}).status_code == 400
    assert remote.hits == ["/sparql"]


def test_load_needs_the_token_and_a_listed_source(endpoint: str, remote: CountingServer) -> None:
    remote.hits.clear()
    load = f"LOAD <{remote.url}/data.ttl> INTO GRAPH <urn:x:loaded>"
    anonymous = httpx.post(endpoint, content=load, headers={"Content-Type": "application/sparql-update"})
    assert anonymous.status_code == 401 and remote.hits == []
    assert httpx.post(endpoint, content=load, headers=AUTH).status_code == 204
    assert remote.hits == ["/data.ttl"]
    ask = "ASK { GRAPH <urn:x:loaded> { <urn:x:kita> ?p 'geladen' } }"
    assert httpx.get(endpoint, params={"query": ask}).json()["boolean"] is True
    unlisted = f"LOAD <{remote.url}/other.ttl> INTO GRAPH <urn:x:loaded>"
    assert httpx.post(endpoint, content=unlisted, headers=AUTH).status_code == 400
    assert remote.hits == ["/data.ttl"]
