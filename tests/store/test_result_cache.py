"""The result cache of the embedded store: repeated queries are answered from it, never after a write."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Event

import pytest
from rdflib import Graph, Literal, URIRef

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.factory import open_store
from graph_service.store.result_cache import CachedResult, ResultCache

G = URIRef("https://w3id.org/bildungsgraph/graph/test")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


def _count(store: EmbeddedStore) -> int:
    out = io.BytesIO()
    store.query_to(COUNT, JSON, out)
    return int(json.loads(out.getvalue())["results"]["bindings"][0]["n"]["value"])


def _graph(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(f"https://example.org/{i}"), URIRef("https://example.org/p"), Literal(i)))
    return graph


@pytest.fixture()
def store() -> EmbeddedStore:
    store = EmbeddedStore(None, result_cache=ResultCache(2**20))
    store.add_triples(G, _graph(3))
    return store


def test_a_repeated_query_is_answered_from_the_cache(store: EmbeddedStore) -> None:
    assert store.result_cache is not None
    assert _count(store) == 3
    assert _count(store) == 3
    assert (store.result_cache.hits, store.result_cache.misses) == (1, 1)


@pytest.mark.parametrize(
    "write",
    [
        lambda s: s.update(f"INSERT DATA {{ GRAPH <{G}> {{ <https://example.org/x> <https://example.org/p> 1 }} }}"),
        lambda s: s.add_triples(G, _graph(5)),
        lambda s: s.replace_graph(G, _graph(7)),
        lambda s: s.drop_graph(G),
    ],
    ids=["update", "add_triples", "replace_graph", "drop_graph"],
)
def test_every_write_invalidates(store: EmbeddedStore, write: object) -> None:
    before = _count(store)
    write(store)  # type: ignore[operator]
    assert _count(store) != before


def test_a_bulk_loaded_graph_invalidates(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store", result_cache=ResultCache(2**20))
    assert _count(store) == 0
    data = tmp_path / "big.nt"
    data.write_text(_graph(60_000).serialize(format="nt"), encoding="utf-8")
    store.replace_graph(G, data)
    assert _count(store) == 60_000
    store.close()


def test_truncation_is_remembered_with_the_result(store: EmbeddedStore) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    first = store.query_to(query, JSON, io.BytesIO(), row_cap=2)
    second = store.query_to(query, JSON, io.BytesIO(), row_cap=2)
    other_cap = store.query_to(query, JSON, io.BytesIO(), row_cap=10)
    assert first == second == ("SELECT", True)
    assert other_cap == ("SELECT", False)


def test_least_recently_used_results_go_first_and_huge_ones_are_not_kept() -> None:
    cache = ResultCache(100)
    cache.put("a", CachedResult("SELECT", False, b"x" * 20))
    cache.put("b", CachedResult("SELECT", False, b"x" * 20))
    cache.put("huge", CachedResult("SELECT", False, b"x" * 26))
    assert cache.get("a") is not None
    for key in "cdef":
        cache.put(key, CachedResult("SELECT", False, b"x" * 20))
    assert cache.get("b") is None and cache.get("huge") is None
    assert cache.get("a") is not None
    assert cache.size <= 100


def test_the_setting_switches_the_cache(tmp_path: Path) -> None:
    on = open_store(Settings(store_path=tmp_path / "on"))
    off = open_store(Settings(store_path=tmp_path / "off", result_cache_mb=0))
    assert isinstance(on, EmbeddedStore) and isinstance(off, EmbeddedStore)
    assert on.result_cache is not None and on.result_cache.max_bytes == 128 * 2**20  # the documented default
    assert off.result_cache is None
    assert on.query_slots == off.query_slots == 4
    on.close()
    off.close()


def _run_together(cache: ResultCache, produce: Callable[[], CachedResult], release: Event, callers: int) -> list:
    """``callers`` threads ask for one key; the first evaluation is held until all the others are waiting."""
    outcomes: list[CachedResult | Exception] = []

    def ask() -> None:
        try:
            outcomes.append(cache.compute("key", produce))
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test compares
            outcomes.append(exc)

    with ThreadPoolExecutor(callers) as pool:
        for _ in range(callers):
            pool.submit(ask)
        deadline = time.monotonic() + 10
        while cache.shared < callers - 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        release.set()
    return outcomes


def test_concurrent_requests_for_one_result_share_one_evaluation() -> None:
    cache, calls, release = ResultCache(2**20), [], Event()

    def produce() -> CachedResult:
        calls.append(1)
        release.wait(10)
        return CachedResult("SELECT", False, b"rows")

    outcomes = _run_together(cache, produce, release, 6)
    assert len(calls) == 1 and cache.shared == 5
    assert [o.body for o in outcomes if isinstance(o, CachedResult)] == [b"rows"] * 6
    assert cache.compute("key", produce).body == b"rows" and len(calls) == 1


def test_waiters_get_the_error_and_the_next_request_evaluates_again() -> None:
    cache, calls, release = ResultCache(2**20), [], Event()

    def fail() -> CachedResult:
        calls.append(1)
        release.wait(10)
        raise TimeoutError("query exceeded 1 s")

    outcomes = _run_together(cache, fail, release, 4)
    assert len(calls) == 1 and len(outcomes) == 4 and all(isinstance(o, TimeoutError) for o in outcomes)
    with pytest.raises(TimeoutError):
        cache.compute("key", fail)
    assert len(calls) == 2, "an error is not cached"


@pytest.mark.parametrize("cache", [None, ResultCache(2**20)], ids=["no cache", "cache"])
def test_query_slots_bound_concurrent_evaluations(cache: ResultCache | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_service.store.base import QueryTimeout

    store = EmbeddedStore(None, result_cache=cache, query_slots=1)
    store.add_triples(G, _graph(3))
    evaluating, release = Event(), Event()
    run = store._run

    def slow_evaluation(*args: object) -> object:
        evaluating.set()
        release.wait(10)
        return run(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_run", slow_evaluation)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(store.query_to, "SELECT * WHERE { ?s ?p ?o }", JSON, io.BytesIO(), timeout=10)
        assert evaluating.wait(10)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="slots"):
            store.query_to(COUNT, JSON, io.BytesIO(), timeout=0.3)
        assert 0.25 < time.monotonic() - started < 5
        release.set()
        first.result(10)
    assert _count(store) == 3, "the slot is free again"
