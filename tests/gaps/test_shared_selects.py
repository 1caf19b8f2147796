"""The warmer's German and English gap reports share the store's answers: the same reports, each query run once,
and no answer outlives a write."""

from __future__ import annotations

from collections import Counter

from graph_service.gaps import build_report
from graph_service.gaps.context import SharedSelects
from graph_service.store.base import SelectResult
from graph_service.store.embedded import EmbeddedStore


class CountingStore:
    """A store that counts the SELECTs it answers (and may pretend a write happened)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.asked: Counter[str] = Counter()
        self.generation = 0

    def select(self, query: str, *, timeout: float | None = None) -> SelectResult:
        self.asked[query] += 1
        return self.store.select(query, timeout=timeout)


def test_both_languages_from_shared_answers_equal_the_reports_made_alone(demo_store: EmbeddedStore) -> None:
    counting = CountingStore(demo_store)
    shared = SharedSelects(counting)
    for lang in ("de", "en"):
        alone = build_report(demo_store, "01001", lang).to_dict()
        assert build_report(shared, "01001", lang).to_dict() == alone  # type: ignore[arg-type]
    assert counting.asked and max(counting.asked.values()) == 1


def test_answers_are_forgotten_when_the_store_is_written(demo_store: EmbeddedStore) -> None:
    counting = CountingStore(demo_store)
    shared = SharedSelects(counting)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    shared.select(query)
    shared.select(query)
    assert counting.asked[query] == 1
    counting.generation += 1  # a write landed
    shared.select(query)
    assert counting.asked[query] == 2
