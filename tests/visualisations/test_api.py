"""The /networks router: filter form, shareable URLs, the same view as downloads."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from graph_service.web.routers.networks import router
from tests.visualisations.conftest import ACT


@pytest.fixture(scope="module")
def client(landscape_store) -> TestClient:
    app = FastAPI()
    app.include_router(router)
    app.state.store = landscape_store
    return TestClient(app)


def test_page_has_form_with_current_filters_and_download_links(client) -> None:
    response = client.get("/networks/", params={"areas": "99999", "edge_kinds": "cooperation", "title": "Koop"})
    assert response.status_code == 200
    page = response.text
    assert '<option value="99999" selected>Kreis 99999</option>' in page
    assert "99999001 Beispielstadt" in page
    assert 'name="edge_kinds" value="cooperation" checked' in page
    assert 'src="view.html?areas=99999&amp;edge_kinds=cooperation&amp;title=Koop"' in page
    for fmt in ("svg", "png", "pdf", "gexf", "graphml", "json"):
        assert f'href="view.{fmt}?areas=99999&amp;edge_kinds=cooperation' in page
    assert "Volkshochschule" in page  # actor type options come from the data
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_view_html_follows_the_url(client) -> None:
    response = client.get("/networks/view.html", params={"actor_types": "kita,grundschule", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '"ui":{' in response.text and "Find an actor" in response.text
    assert response.text.count(ACT) == 2


def test_downloads_of_the_same_view(client) -> None:
    query = {"areas": "99999", "edge_kinds": "cooperation", "at_date": "2022-06-01"}
    gexf = client.get("/networks/view.gexf", params=query)
    assert gexf.headers["content-disposition"] == 'attachment; filename="network.gexf"'
    graph = nx.read_gexf(io.BytesIO(gexf.content))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (13, 3)
    svg = client.get("/networks/view.svg", params=query)
    assert svg.headers["content-type"] == "image/svg+xml"
    assert ET.fromstring(svg.content).tag.endswith("svg")
    png = client.get("/networks/view.png", params=query)
    assert Image.open(io.BytesIO(png.content)).info["dpi"][0] == pytest.approx(300, abs=0.5)
    assert client.get("/networks/view.json", params=query).json()["edges"]


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/networks/view.html", {"edge_kinds": "friendship"}, 400, "edge_kinds"),
        ("/networks/view.html", {"ego": ACT + "nobody"}, 400, "nicht im gefilterten Netz"),
        ("/networks/view.html", {"ego": ACT + "nobody", "lang": "en"}, 400, "not in the filtered network"),
        ("/networks/view.html", {"aggregate": "mood"}, 400, "aggregate"),
        ("/networks/view.html", {"compare_before": "2025-01-01", "compare_after": "2019-01-01"}, 400, "before"),
        ("/networks/view.docx", {}, 404, "unknown format"),
        ("/networks/", {"lang": "fr"}, 400, "lang"),
    ],
)
def test_errors(client, path, params, status, message) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_overview_and_comparison_by_url(client) -> None:
    page = client.get("/networks/", params={"aggregate": "sector", "compare_before": "", "connected_only": "true"})
    assert page.status_code == 200
    assert '<option value="sector" selected>' in page.text and 'name="connected_only" value="true" checked' in page.text
    groups = client.get("/networks/view.json", params={"aggregate": "sector"}).json()
    assert {n["kind"] for n in groups["nodes"]} == {"group"} and "Schule" in {n["label"] for n in groups["nodes"]}
    compared = client.get("/networks/view.html", params={"compare_before": "2020-01-01", "compare_after": "2024-06-01"})
    assert compared.status_code == 200 and '"timeline":{"dates":[' in compared.text
