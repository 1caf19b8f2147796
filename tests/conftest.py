"""Shared fixtures. Area-specific fixtures live in tests/<area>/conftest.py or tests/support/.

The environment is isolated in ``tests/__init__.py`` (imported before this file and any project module).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data" / "raw"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh store folder."""
    return Settings(store_path=tmp_path / "store", _env_file=None)


@pytest.fixture
def embedded_store(tmp_path: Path):
    """A fresh embedded (on-disk) store."""
    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ONE store folder with the demo loaded by ``bildungsgraph demo`` for the whole run (~10 s).

    Tests open it read-only (``demo_store``) or copy it (``demo_store_copy``) before they write."""
    path = tmp_path_factory.mktemp("demo") / "store"
    result = CliRunner().invoke(app, ["demo", "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def demo_store(demo_store_path: Path) -> Iterator[EmbeddedStore]:
    """The demo store opened read-only, shared by every test that only reads."""
    store = EmbeddedStore(demo_store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture
def demo_store_copy(demo_store_path: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store folder that a test may write to."""
    copy = tmp_path / "demo-copy"
    shutil.copytree(demo_store_path, copy)
    return copy


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data in ../shared/data/raw (skips when absent)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Folder for screenshots and other test artefacts (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


from tests.support.browser import browser_page, chromium_browser  # noqa: E402,F401  (shared fixtures)
from tests.support.meissen import build_meissen  # noqa: E402


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """One throw-away Virtuoso 7 on 127.0.0.1 for the whole session (skips with an install hint when absent)."""
    from tests.support.virtuoso import INSTALL_HINT, VirtuosoServer, virtuoso_available

    if not virtuoso_available():
        pytest.skip(INSTALL_HINT)
    server = VirtuosoServer.start(tmp_path_factory.mktemp("virtuoso"), buffers=100_000, threads=8)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def empty_virtuoso(virtuoso_server):
    """The run's one Virtuoso, emptied for a module that reads the union of all graphs."""
    return virtuoso_server.reset()


@pytest.fixture(scope="session")
def meissen_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder with Landkreis Meißen: init plus the invented example sheets (~10 s, once per session)."""
    path = tmp_path_factory.mktemp("meissen") / "store"
    build_meissen(path)
    return path


@pytest.fixture(scope="session")
def meissen_store(meissen_store_path: Path):
    """The Meißen store opened read-only."""
    store = EmbeddedStore(meissen_store_path, read_only=True)
    yield store
    store.close()
