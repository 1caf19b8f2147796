"""Linked-data pages: content negotiation matrix, languages, escaping, schema.org JSON-LD, browser view."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from rdflib import Graph, URIRef

from graph_service.queries import get_query, list_queries

KITA = "/id/actor/kita-a"
KITA_IRI = URIRef("https://w3id.org/bildungsgraph/id/actor/kita-a")


@pytest.mark.parametrize(
    ("accept", "fmt", "media", "parser"),
    [
        ("text/turtle", None, "text/turtle", "turtle"),
        ("application/ld+json", None, "application/ld+json", "json-ld"),
        ("application/n-triples", None, "application/n-triples", "nt"),
        ("application/rdf+xml", None, "application/rdf+xml", "xml"),
        ("text/html", "ttl", "text/turtle", "turtle"),
        ("*/*", "jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_rdf_representations(base_url: str, accept: str, fmt: str | None, media: str, parser: str) -> None:
    params = {"format": fmt} if fmt else {}
    response = httpx.get(base_url + KITA, headers={"Accept": accept}, params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["content-location"].startswith(KITA + "?format=")
    graph = Graph().parse(data=response.text, format=parser)
    assert (KITA_IRI, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in graph
    # the address blank node comes along (concise bounded description)
    assert len(list(graph.objects(None, URIRef("https://schema.org/postalCode")))) == 1


def test_browser_accept_gets_html(base_url: str) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = httpx.get(base_url + KITA, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")
    assert "Kita Sonnenschein" in response.text
    assert "Hauptstraße 1, 24937, Flensburg" in response.text


def test_not_acceptable_and_not_found(base_url: str) -> None:
    assert httpx.get(base_url + KITA, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(base_url + "/id/actor/does-not-exist").status_code == 404
    unknown_as_turtle = httpx.get(base_url + "/id/actor/does-not-exist", headers={"Accept": "text/turtle"})
    assert unknown_as_turtle.status_code == 404


def test_labels_follow_accept_language_and_lang_override(base_url: str) -> None:
    german = httpx.get(base_url + KITA, headers={"Accept": "text/html", "Accept-Language": "de-DE,de;q=0.9"}).text
    english = httpx.get(base_url + KITA, headers={"Accept": "text/html", "Accept-Language": "en-GB"}).text
    override = httpx.get(
        base_url + KITA, headers={"Accept": "text/html", "Accept-Language": "en"}, params={"lang": "de"}
    )
    assert "Akteurstyp" in german and "Kindertageseinrichtung" in german
    assert "actor type" in english and "Day-care centre" in english
    assert "Akteurstyp" in override.text


def test_inverse_links_are_listed(base_url: str) -> None:
    html = httpx.get(base_url + KITA, headers={"Accept": "text/html", "Accept-Language": "de"}).text
    assert "Verweise hierher" in html
    assert "/id/cooperation/c1" in html


def test_inverse_links_are_grouped_under_their_reverse_reading(base_url: str) -> None:
    """bg:party pointing here reads 'Kooperationen'; the other parties are listed as partners first."""
    for lang, partners, cooperations in (
        ("de", "Kooperationspartner", "Kooperationen"),
        ("en", "cooperation partners", "cooperations"),
    ):
        html = httpx.get(base_url + KITA, headers={"Accept": "text/html"}, params={"lang": lang}).text
        headings = re.findall(r'<section class="inverse-group">\s*<h3><abbr title="[^"]*">([^<]+)</abbr>', html)
        assert headings[0] == partners
        assert cooperations in headings
        partner_block = html.split('<section class="inverse-group">')[1]
        assert "/id/actor/gs-b" in partner_block and '/id/actor/kita-a"' not in partner_block


def test_schema_org_jsonld_embedded(base_url: str) -> None:
    html = httpx.get(base_url + KITA, headers={"Accept": "text/html"}).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    data = json.loads(block.group(1))
    assert data["@type"] == "Preschool"
    assert data["name"] == "Kita Sonnenschein"
    assert data["geo"]["latitude"] == pytest.approx(54.78)


def test_script_name_is_escaped_everywhere(base_url: str) -> None:
    for path in ["/id/actor/evil", "/id/cooperation/c1"]:
        html = httpx.get(base_url + path, headers={"Accept": "text/html"}).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_concepts_and_ontology_terms_dereference(base_url: str) -> None:
    concept = httpx.get(base_url + "/vocab/akteurstyp/kita", headers={"Accept": "text/html", "Accept-Language": "de"})
    assert concept.status_code == 200 and "Kindertageseinrichtung" in concept.text
    term = httpx.get(base_url + "/def/Offer", headers={"Accept": "text/turtle"})
    assert term.status_code == 200 and "Angebot" in term.text


@pytest.mark.browser
def test_resource_page_in_chromium(base_url: str, browser_page: Any, artifacts_dir: Path) -> None:
    dialogs: list[str] = []
    browser_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    browser_page.goto(base_url + "/id/actor/evil")
    assert browser_page.inner_text("#title") == "<script>alert(1)</script>"
    browser_page.goto(base_url + "/id/cooperation/c1")
    browser_page.goto(base_url + KITA + "?lang=de")
    assert browser_page.inner_text("#title") == "Kita Sonnenschein"
    assert browser_page.locator("svg.map circle").count() == 1
    browser_page.screenshot(path=str(artifacts_dir / "resource-page.png"), full_page=True)
    assert dialogs == []
    assert browser_page.blocked_requests == []


@pytest.mark.browser
def test_query_page_runs_an_example(base_url: str, browser_page: Any, artifacts_dir: Path) -> None:
    errors: list[str] = []
    browser_page.on("pageerror", lambda e: errors.append(str(e)))
    browser_page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))  # the landscape has a <script> label
    browser_page.goto(base_url + "/sparql")
    browser_page.wait_for_selector(".yasqe .CodeMirror")
    titles = browser_page.locator(".tabsList .tab").all_inner_texts()
    assert len(titles) == 1 + len(list_queries())  # own query + one tab per saved query
    groups = browser_page.locator(".tabsList .tab[data-group]").evaluate_all("els => els.map(e => e.dataset.group)")
    assert groups == ["Kompetenzfragen", "Lückenanalyse"]
    # the own-query tab lists organisations
    browser_page.locator(".tabPanel.active .yasqe_queryButton").click()
    browser_page.wait_for_selector(".tabPanel.active .yasr .dataTable tbody td")
    assert "Kita Sonnenschein" in browser_page.locator(".tabPanel.active .yasr .dataTable").inner_text()
    # a saved gap query in its own tab: the cooperation edges include the Kita's cooperation with the school
    example = get_query("gap-cooperation-edges")
    browser_page.locator(".tabsList .tab", has_text=example.title_de).click()
    editor_text = browser_page.evaluate("() => window.bildungsgraphYasgui.getTab().getYasqe().getValue()")
    assert editor_text == example.text
    browser_page.locator(".tabPanel.active .yasqe_queryButton").click()
    browser_page.wait_for_selector(".tabPanel.active .yasr .dataTable tbody td")
    table = browser_page.locator(".tabPanel.active .yasr .dataTable")
    assert "Kita Sonnenschein" in table.inner_text() and "Grundschule am Markt" in table.inner_text()
    browser_page.screenshot(path=str(artifacts_dir / "query-page.png"), full_page=True)
    # nothing of the tabs is kept in localStorage, so a changed set of saved queries shows up at once
    keys = browser_page.evaluate("() => Object.keys(localStorage)")
    assert not [key for key in keys if key.endswith(("_config", "_response", "_query"))]
    assert errors == []
    assert browser_page.blocked_requests == []


@pytest.mark.browser
def test_query_page_result_links_open_local_pages(base_url: str, browser_page: Any) -> None:
    """Result IRIs show as prefixed names and open this service's page, not the (unresolved) w3id.org IRI."""
    query = f"SELECT ?s WHERE {{ BIND(<{KITA_IRI}> AS ?s) }}"
    browser_page.goto(base_url + "/sparql")
    browser_page.wait_for_selector(".yasqe .CodeMirror")
    browser_page.evaluate("q => window.bildungsgraphYasgui.getTab().getYasqe().setValue(q)", query)
    browser_page.locator(".tabPanel.active .yasqe_queryButton").click()
    link = browser_page.locator(".tabPanel.active .yasr .dataTable tbody td a").first
    assert link.inner_text().startswith("id:")
    with browser_page.expect_navigation():
        link.click()
    assert browser_page.url.startswith(base_url + "/resource?iri=")
    assert "Kita Sonnenschein" in browser_page.locator("h1").inner_text()
    assert browser_page.blocked_requests == []


@pytest.mark.browser
def test_query_page_share_link_round_trip(base_url: str, browser_page: Any, artifacts_dir: Path) -> None:
    """The share button's link opens the query as its own tab (here in English) and runs it against /sparql."""
    query = f"SELECT ?label WHERE {{ <{KITA_IRI}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
    browser_page.goto(base_url + "/sparql?lang=en")
    browser_page.wait_for_selector(".yasqe .CodeMirror")
    browser_page.evaluate("q => window.bildungsgraphYasgui.getTab().getYasqe().setValue(q)", query)
    browser_page.locator(".tabPanel.active .yasqe_share").click()
    link = browser_page.locator(".yasqe_sharePopup input").input_value()
    assert link.startswith(base_url + "/sparql?lang=en#")
    browser_page.goto("about:blank")
    browser_page.goto(link)
    browser_page.wait_for_selector(".tabPanel.active .yasr .dataTable tbody td")
    assert browser_page.locator(".tabsList .tab.active a > span").inner_text() == "Shared query"
    assert browser_page.locator(".tabsList .tab").count() == 2 + len(list_queries())
    assert browser_page.evaluate("() => window.bildungsgraphYasgui.getTab().getYasqe().getValue()") == query
    assert "Kita Sonnenschein" in browser_page.locator(".tabPanel.active .yasr .dataTable").inner_text()
    browser_page.screenshot(path=str(artifacts_dir / "query-page-shared-en.png"), full_page=True)
    # a crafted link cannot point the page at another endpoint
    fragment = urlencode({"query": query, "endpoint": "https://example.org/sparql"})
    browser_page.goto("about:blank")
    browser_page.goto(f"{base_url}/sparql#{fragment}")
    browser_page.wait_for_selector(".tabPanel.active .yasr .dataTable tbody td")
    assert browser_page.evaluate("() => window.bildungsgraphYasgui.getTab().getEndpoint()") == base_url + "/sparql"
    assert browser_page.blocked_requests == []
