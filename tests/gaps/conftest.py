"""Fixtures of the gap-analysis tests: a tiny hand-made store and the demo county (session-wide)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.store.embedded import EmbeddedStore

TINY = Path(__file__).resolve().parents[1] / "resources" / "gaps" / "tiny.trig"


@pytest.fixture
def tiny_store() -> Iterator[EmbeddedStore]:
    """In-memory store holding tests/resources/gaps/tiny.trig."""
    store = EmbeddedStore(None)
    store.restore(TINY.open("rb"), fmt="trig")
    yield store
    store.close()
