"""The visitor's language: ``?lang=`` first, then Accept-Language with its q-values, then the setting."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(_env_file=None), EmbeddedStore(None)))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en;q=0.1, de;q=0.9", "de"),
        ("de;q=0.2, en;q=0.8", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("de-AT", "de"),
        ("fr-FR, fr;q=0.9", "de"),
        ("", "de"),
    ],
)
def test_accept_language_q_values(client: TestClient, header: str, expected: str) -> None:
    page = client.get("/", headers={"Accept-Language": header, "Accept": "text/html"})
    assert page.status_code == 200
    assert f'<html lang="{expected}"' in page.text


def test_lang_parameter_wins(client: TestClient) -> None:
    page = client.get("/?lang=en", headers={"Accept-Language": "de", "Accept": "text/html"})
    assert '<html lang="en"' in page.text
