"""Tests never read the developer's ``.env``; the service reads it unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph_service.core.settings import Settings, get_settings


def test_the_suite_reads_no_env_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".env").write_text("BILDUNGSGRAPH_BASE_IRI=https://falsch.example/\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        assert get_settings().base_iri == "https://w3id.org/bildungsgraph/id/"
        assert Settings().base_iri == "https://w3id.org/bildungsgraph/id/"
    finally:
        get_settings.cache_clear()


def test_a_real_run_reads_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BILDUNGSGRAPH_BASE_IRI=https://richtig.example/id/\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BILDUNGSGRAPH_ENV_FILE"}
    code = "from graph_service.core.settings import get_settings; print(get_settings().base_iri)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "https://richtig.example/id/"
