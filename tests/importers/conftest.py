"""Fixtures of the importer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.core.settings import Settings
from importers import BuildResult, run_mapping


@pytest.fixture(scope="session")
def importer_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings with the default base IRI and a throw-away store folder."""
    return Settings(store_path=tmp_path_factory.mktemp("store"), _env_file=None)


@pytest.fixture(scope="session")
def destatis_result(shared_data: Path, importer_settings: Settings) -> BuildResult:
    """The whole Destatis register, built once per session (about 10 s)."""
    return run_mapping(shared_data / "destatis_gv_auszug" / "AuszugGV4QAktuell.csv", "destatis-gv", importer_settings)
