"""Fixtures of the gap-analysis tests: a tiny hand-made store and the demo county (session-wide)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.store.embedded import EmbeddedStore

TINY = Path(__file__).resolve().parents[1] / "resources" / "gaps" / "tiny.trig"


@pytest.fixture
def tiny_store() -> Iterator[EmbeddedStore]:
    """In-memory store holding tests/resources/gaps/tiny.trig."""
    store = EmbeddedStore(None)
    store.restore(TINY.open("rb"), fmt="trig")
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder with the Flensburg demo loaded by ``bildungsgraph demo`` (~12 s)."""
    path = tmp_path_factory.mktemp("gaps-demo") / "store"
    result = CliRunner().invoke(app, ["demo", "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def demo_store(demo_store_path: Path) -> Iterator[EmbeddedStore]:
    """The demo store opened read-only."""
    store = EmbeddedStore(demo_store_path, read_only=True)
    yield store
    store.close()
