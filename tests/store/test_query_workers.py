"""The query worker pool behind the embedded store: checkpoints per write, killing, crash and network isolation.

The store's own tests (contract, result cache) run in-process; these run the same store with workers.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from rdflib import Graph, Literal, URIRef

from graph_service.store.base import QueryAborted, QueryTimeout, RemoteEndpointError, ResultTypes
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.query_workers import PoolLimits, QueryWorkers
from tests.support.counting_server import counting_server

G = URIRef("https://example.org/graph/a")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = "application/sparql-results+json"


def _graph(n: int, offset: int = 0) -> Graph:
    graph = Graph()
    for i in range(offset, offset + n):
        graph.add((URIRef(f"https://example.org/{i}"), URIRef("https://example.org/p"), Literal(i)))
    return graph


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    workers = QueryWorkers(PoolLimits(slots=1, max_workers=3, slow_after_s=0.3))
    store = EmbeddedStore(tmp_path_factory.mktemp("workers") / "store", workers=workers)
    store.replace_graph(G, _graph(200))
    yield store
    store.close()
    assert not store.path.with_name("store.snapshots").exists(), "close() removes the checkpoints"  # type: ignore[union-attr]


def _count(store: EmbeddedStore, timeout: float | None = 10) -> int:
    out = io.BytesIO()
    store.query_to(COUNT, JSON, out, timeout=timeout)
    return int(json.loads(out.getvalue())["results"]["bindings"][0]["n"]["value"])


def test_every_write_is_seen_by_the_next_query_and_old_checkpoints_go(store: EmbeddedStore) -> None:
    before = _count(store)
    for round_ in range(3):
        store.add_triples(G, _graph(10, offset=1_000 + 10 * round_))
        assert _count(store) == before + 10 * (round_ + 1)
    folder = Path(str(store.path) + ".snapshots")
    assert len(list(folder.iterdir())) == 1, "only the checkpoint of the current generation is kept"


def test_a_runaway_query_is_killed_and_a_small_one_is_not_held_up(store: EmbeddedStore) -> None:
    """One normal-priority slot: the runaway gives it up after slow_after_s, and dies at its deadline."""
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            store.query_to(RUNAWAY, JSON, io.BytesIO(), timeout=1.5)
        except QueryTimeout as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    assert store.workers is not None
    killed = store.workers.stats["killed"]
    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.6)
    started = time.monotonic()
    assert _count(store) > 0
    assert time.monotonic() - started < 1.0
    thread.join(10)
    assert isinstance(outcome.get("error"), QueryTimeout) and float(outcome["seconds"]) < 2.5  # type: ignore[arg-type]
    assert store.workers.stats["killed"] == killed + 1


def test_a_worker_that_crashes_is_an_error_and_the_next_query_works(store: EmbeddedStore) -> None:
    """Defence behind the gate: 50,000 nested groups overflow pyoxigraph's stack in the worker, not here."""
    deep = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000
    with pytest.raises(QueryAborted):
        store.query_to(deep, JSON, io.BytesIO(), timeout=30)
    assert _count(store) > 0


def test_workers_have_no_network(store: EmbeddedStore) -> None:
    """Defence behind the gate: a SERVICE that reached a worker cannot call anything."""
    assert store.workers is not None
    _count(store)
    if not store.workers.isolated:
        pytest.skip("this kernel does not let an unprivileged process leave the network (user namespaces)")
    with counting_server() as local:
        with pytest.raises(RemoteEndpointError):
            store.query_to(f"SELECT * WHERE {{ SERVICE <{local.url}/sparql> {{ ?s ?p ?o }} }}", JSON, io.BytesIO())
        assert local.hits == []


def test_the_result_kind_picks_the_media_type(store: EmbeddedStore) -> None:
    types = ResultTypes(results="text/csv", graph="application/n-triples")
    out = io.BytesIO()
    kind, _ = store.query_to(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} LIMIT 3", types, out)
    assert kind == "CONSTRUCT" and out.getvalue().count(b" .\n") == 3
    out = io.BytesIO()
    assert store.query_to("ASK { ?s ?p ?o }", types, out)[0] == "ASK"
    assert out.getvalue().strip() == b"true"


def test_workers_outlive_the_thread_that_started_them(tmp_path: Path) -> None:
    """Regression: the zygote died with the short-lived thread that first needed a worker (the search-index
    builder at start-up), because PR_SET_PDEATHSIG follows the creating thread; every next query got 422."""
    workers = QueryWorkers(PoolLimits(slots=1, max_workers=2))
    store = EmbeddedStore(tmp_path / "store", workers=workers)
    try:
        store.replace_graph(G, _graph(20))
        first: list[int] = []
        starter = threading.Thread(target=lambda: first.append(_count(store)))
        starter.start()
        starter.join()
        time.sleep(0.3)
        assert first == [20]
        assert [_count(store) for _ in range(3)] == [20, 20, 20]
    finally:
        store.close()


def test_a_workers_memory_limit_is_not_spent_on_reserved_malloc_arenas(store: EmbeddedStore) -> None:
    """The limit (RLIMIT_AS) counts address space: with glibc's default arenas a busy worker had 589 MiB of its
    1 GiB reserved while using 54 MiB, and under load died starting a thread. Two arenas: 269 MiB."""
    assert store.workers is not None
    zygote = psutil.Process(store.workers._zygote._running()[1])
    done = threading.Event()

    def runaway() -> None:
        with contextlib.suppress(QueryTimeout):
            store.query_to(RUNAWAY, JSON, io.BytesIO(), timeout=1.5)
        done.set()

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.8)  # the worker evaluates with all its threads
    reserved = [child.memory_info().vms for child in zygote.children()]
    thread.join(10)
    assert done.is_set() and reserved
    assert max(reserved) < 400 * 2**20, f"a worker reserves {max(reserved) / 2**20:.0f} MiB of address space"
