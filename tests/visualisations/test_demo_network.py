"""The demo county's network (``bildungsgraph demo`` data) renders, plays as slides, and opens offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_service.network.filters import NetworkFilter
from visualisations import html
from visualisations.pipeline import scenes_for
from visualisations.slides import render_slides
from visualisations.views import View, ViewFile

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parents[2] / "visualisations" / "examples"


def test_flensburg_has_cooperations_networks_and_labels(demo_landscape) -> None:
    [scene] = scenes_for(demo_landscape, [View(filters=NetworkFilter(areas=["01001"]))])
    kinds = {d["kind"] for _, _, d in scene.graph.edges(data=True)}
    assert {"cooperation", "membership", "operated_by", "responsibility"} <= kinds
    assert scene.graph.number_of_nodes() > 100
    labels = {entry.label for entry in scene.legend}
    assert "Grundschule (14)" not in labels  # legend labels carry no counts; counts are separate
    assert any(entry.label.startswith("Kindertages") for entry in scene.legend)  # concept labels from the ontology


def test_example_views_play_on_the_demo(demo_landscape, tmp_path) -> None:
    views = ViewFile.load(Path(shutil.copy(EXAMPLES / "demo-views.yaml", tmp_path / "demo-views.yaml")))
    page = render_slides(demo_landscape, views)
    assert page.count('"title":') >= len(views.views)
    assert (tmp_path / "demo-positions.json").exists()


@pytest.mark.browser
def test_demo_network_opens_offline(browser_page, demo_landscape, tmp_path, artifacts_dir) -> None:
    view = View(title="Flensburg: Akteure und Verbindungen", filters=NetworkFilter(areas=["01001"]))
    [scene] = scenes_for(demo_landscape, [view])
    path = html.write(tmp_path / "flensburg.html", [scene], title=view.title)
    errors: list[str] = []
    browser_page.on("pageerror", lambda e: errors.append(str(e)))
    browser_page.goto(path.as_uri())
    browser_page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert int(browser_page.get_attribute("body", "data-node-count")) == scene.graph.number_of_nodes()
    assert browser_page.blocked_requests == [] and errors == []
    browser_page.screenshot(path=str(artifacts_dir / "demo-network.png"))
