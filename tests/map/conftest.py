"""The map over Landkreis Meißen (session store from tests/conftest.py), served by a live uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.core.settings import Settings
from tests.support.live_server import live_server

COUNTY = "14627"
V = "https://w3id.org/bildungsgraph/vocab/"


@pytest.fixture(scope="session")
def map_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(store_path=Path(tmp_path_factory.mktemp("unused")), _env_file=None)


@pytest.fixture(scope="session")
def meissen_url(map_settings: Settings, meissen_store) -> Iterator[str]:
    with live_server(map_settings, meissen_store) as url:
        yield url
