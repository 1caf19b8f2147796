"""The public endpoint under hostile queries, against the service running as its own process (issue 17).

The server is a real ``bildungsgraph serve`` subprocess with the default query execution (worker processes):
a crash would end that process, not the test run, and its CPU use is measured from outside.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from graph_service.store.embedded import EmbeddedStore
from tests.service.conftest import load_landscape
from tests.support.counting_server import CountingServer, counting_server
from tests.support.server_process import ServerProcess, server_process

TIMEOUT_S = 3
JSON = {"Accept": "application/sparql-results+json"}
ORGS = "SELECT ?a WHERE { ?a a <http://www.w3.org/ns/org#Organization> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENV = {
    "BILDUNGSGRAPH_QUERY_TIMEOUT_S": str(TIMEOUT_S),
    "BILDUNGSGRAPH_QUERY_SLOW_AFTER_S": "0.5",
    "BILDUNGSGRAPH_QUERY_MEMORY_MB": "1024",
    "BILDUNGSGRAPH_UPDATE_TOKEN": "s3cret",
    "BILDUNGSGRAPH_RESULT_CACHE_MB": "0",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("query-exec")
    store = EmbeddedStore(folder / "store")
    load_landscape(store)
    store.close()
    with server_process(folder / "store", ENV, folder) as running:
        yield running


@pytest.fixture(scope="module")
def patient_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The same service with a time limit far above what the memory test needs, even on a loaded CI machine.

    With the 3 s of ``server`` a slow machine stopped the doubling query by time (503) before it reached its
    memory limit (the CI run of 2026-12-01 did), so the memory test would have measured the clock.
    """
    folder = tmp_path_factory.mktemp("query-exec-memory")
    store = EmbeddedStore(folder / "store")
    load_landscape(store)
    store.close()
    with server_process(folder / "store", ENV | {"BILDUNGSGRAPH_QUERY_TIMEOUT_S": "120"}, folder) as running:
        yield running


def _ok_after(server: ServerProcess) -> None:
    """The server is alive and answers an ordinary query."""
    assert server.alive(), "the server process died"
    response = httpx.get(f"{server.url}/sparql", params={"query": ORGS}, headers=JSON, timeout=10)
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 3


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 3_000 + "}" * 3_000,
        "SELECT * WHERE { ?s ?p ?o FILTER" + "(" * 5_000 + "?o" + ")" * 5_000 + " }",
    ],
    ids=["3000-nested-braces", "5000-nested-parentheses"],
)
def test_a_deeply_nested_query_gets_400_and_the_server_lives_on(server: ServerProcess, query: str) -> None:
    """Regression (issue 17, finding 1): both segfaulted the whole service."""
    response = httpx.post(f"{server.url}/sparql", data={"query": query}, headers=JSON, timeout=30)
    assert response.status_code == 400, response.text[:300]
    assert "verschachtelt" in response.json()["detail"]
    _ok_after(server)


def test_the_gate_answers_in_english_on_request(server: ServerProcess) -> None:
    query = "SELECT * WHERE " + "{" * 500 + "}" * 500
    response = httpx.post(f"{server.url}/sparql?lang=en", data={"query": query}, timeout=30)
    assert response.status_code == 400 and "nests 500 levels" in response.json()["detail"]


def test_runaway_queries_are_stopped_and_do_not_hold_the_endpoint(server: ServerProcess) -> None:
    """Regression (finding 4): past the time limit the client got 503 but the evaluating thread ran on at full
    speed, four such requests blocked /sparql for everyone until their limit, and /health slowed down."""
    with ThreadPoolExecutor(4) as pool:
        started = time.monotonic()
        runaways = [
            pool.submit(httpx.get, f"{server.url}/sparql", params={"query": RUNAWAY}, timeout=60) for _ in range(4)
        ]
        time.sleep(1.0)  # all four evaluate and have passed query_slow_after_s
        waits = []
        for query_or_health in (ORGS, None, ORGS, None):
            asked = time.monotonic()
            if query_or_health is None:
                assert httpx.get(f"{server.url}/health", timeout=60).status_code == 200
            else:
                small = httpx.get(f"{server.url}/sparql", params={"query": ORGS}, headers=JSON, timeout=60)
                assert small.status_code == 200
            waits.append(time.monotonic() - asked)
        answers = [r.result() for r in runaways]
        ended = time.monotonic() - started
    assert max(waits) < 2.0, f"small queries and /health waited {waits} s behind four runaway queries"
    assert [a.status_code for a in answers] == [503] * 4
    assert {a.headers["Retry-After"] for a in answers} == {str(TIMEOUT_S)}
    assert ended < TIMEOUT_S + 3
    time.sleep(0.3)
    before = server.cpu_seconds()
    time.sleep(1.5)
    used = server.cpu_seconds() - before
    assert used < 0.3, f"the service used {used:.2f} CPU-seconds in 1.5 s after the queries were stopped"
    _ok_after(server)


def test_a_query_that_needs_too_much_memory_ends_its_worker_not_the_service(patient_server: ServerProcess) -> None:
    """Regression (finding 4): ten CONCAT doublings pushed the service from 190 MB to 800 MB; here 2^22 x 1 KB."""
    server = patient_server
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(22))
    query = f'SELECT (STRLEN(?x22) AS ?n) WHERE {{ BIND("{"a" * 1024}" AS ?x0) {binds} }}'
    response = httpx.post(f"{server.url}/sparql", data={"query": query}, headers=JSON, timeout=180)
    assert response.status_code == 422, response.text[:300]
    assert "1024 MiB" in response.json()["detail"]
    rss = sum(p.memory_info().rss for p in server.tree())
    assert rss < 1024 * 2**20, f"the service tree holds {rss / 2**20:.0f} MiB after the query"
    _ok_after(server)


@pytest.fixture(scope="module")
def bystander() -> Iterator[CountingServer]:
    """A local server that the endpoint must never call."""
    with counting_server() as local:
        yield local


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        "PREFIX x: <{url}/> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ],
    ids=["iri", "silent-lowercase", "prefixed-name", "variable"],
)
def test_an_anonymous_service_call_never_reaches_a_local_server(
    server: ServerProcess, bystander: CountingServer, template: str
) -> None:
    """Regression (finding 2, SSRF): the endpoint called any address it was told and returned its answer."""
    url, hits = bystander.url, bystander.hits
    response = httpx.post(f"{server.url}/sparql", data={"query": template.format(url=url)}, timeout=30)
    assert response.status_code == 400 and "SERVICE" in response.json()["detail"]
    assert hits == [], f"the endpoint called the local server: {hits}"


def test_load_from_a_file_or_an_unlisted_server_is_refused_with_the_token(
    server: ServerProcess, bystander: CountingServer
) -> None:
    """Regression (finding 6): LOAD <file:///…> gave 500; an unlisted LOAD target is never fetched."""
    url, hits = bystander.url, bystander.hits
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/sparql-update"}
    for update in ("LOAD <file:///etc/passwd> INTO GRAPH <urn:x:g>", f"LOAD <{url}/data.ttl> INTO GRAPH <urn:x:g>"):
        response = httpx.post(f"{server.url}/sparql", content=update, headers=auth, timeout=30)
        assert response.status_code == 400 and "LOAD" in response.json()["detail"], response.text[:300]
    assert hits == []


def test_a_graph_iri_that_is_no_iri_is_400(server: ServerProcess) -> None:
    """Regression (finding 6): default-graph-uri=not an iri gave 500."""
    for name in ("default-graph-uri", "named-graph-uri"):
        response = httpx.get(f"{server.url}/sparql", params={"query": ORGS, name: "not an iri"}, timeout=30)
        assert response.status_code == 400 and name in response.json()["detail"]


@pytest.mark.parametrize(
    "update",
    ["DROP GRAPH <urn:x:does-not-exist>", "CREATE GRAPH <https://w3id.org/bildungsgraph/id/graph/landscape>"],
)
def test_an_update_that_fails_by_the_clients_mistake_is_400(server: ServerProcess, update: str) -> None:
    """Regression (finding 6): the store's error for a graph that does (not) exist gave 500."""
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/sparql-update"}
    response = httpx.post(f"{server.url}/sparql", content=update, headers=auth, timeout=30)
    assert response.status_code == 400, response.text[:300]
    assert "graph" in response.json()["detail"].lower()
