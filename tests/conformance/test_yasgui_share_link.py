"""A YASGUI share link with ``requestMethod=GET`` (and YASGUI's other URL parameters) opens the query page with the
query loaded and run against this endpoint, in headless Chromium. Both spellings YASGUIs produce: the parameters
in the fragment (``/sparql#query=…``) and in the query string (``/sparql?query=…``; a browser then gets the page,
a SPARQL client the results as before)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from tests.service.conftest import load_landscape
from tests.support.live_server import live_server

QUERY = (
    "SELECT ?label WHERE { <https://w3id.org/bildungsgraph/id/actor/kita-a> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)
#: what YASGUI's share button writes (createShareConfig), pointing at some other YASGUI's endpoint
SHARE = {
    "query": QUERY,
    "endpoint": "https://example.org/sparql",
    "requestMethod": "GET",
    "tabTitle": "Kitas",
    "headers": "{}",
    "contentTypeConstruct": "text/turtle,*/*;q=0.9",
    "contentTypeSelect": "application/sparql-results+json,*/*;q=0.9",
    "outputFormat": "table",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = EmbeddedStore(tmp_path_factory.mktemp("yasgui") / "store")
    load_landscape(store)
    with live_server(Settings(store_path=tmp_path_factory.mktemp("unused"), _env_file=None), store) as url:
        yield url
    store.close()


@pytest.mark.browser
@pytest.mark.parametrize("separator", ["#", "?"], ids=["fragment", "query-string"])
def test_a_share_link_with_request_method_get_opens_the_page_with_the_query(
    base_url: str, browser_page: Any, separator: str
) -> None:
    errors: list[str] = []
    browser_page.on("pageerror", lambda e: errors.append(str(e)))
    queries: list[str] = []
    browser_page.on("request", lambda r: queries.append(f"{r.method} {r.url}") if "query=" in r.url else None)
    response = browser_page.goto(f"{base_url}/sparql{separator}{urlencode(SHARE)}")
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    browser_page.wait_for_selector(".tabPanel.active .yasr .dataTable tbody td")
    assert browser_page.evaluate("() => window.bildungsgraphYasgui.getTab().getYasqe().getValue()") == QUERY
    assert browser_page.locator(".tabsList .tab.active a > span").inner_text() == "Geteilte Abfrage"
    assert "Kita Sonnenschein" in browser_page.locator(".tabPanel.active .yasr .dataTable").inner_text()
    runs = [q for q in queries if q.startswith(f"GET {base_url}/sparql?") and "requestMethod" not in q]
    assert runs, queries  # run by GET, as the link asks, against this endpoint (never the link's endpoint)
    assert errors == []
    assert browser_page.blocked_requests == []


def test_a_sparql_client_still_gets_results_for_the_same_url(base_url: str) -> None:
    for accept in (None, "*/*", "application/sparql-results+json"):
        headers = {"Accept": accept} if accept else {}
        response = httpx.get(f"{base_url}/sparql?{urlencode(SHARE)}", headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json"), accept
        assert response.json()["results"]["bindings"][0]["label"]["value"] == "Kita Sonnenschein"
