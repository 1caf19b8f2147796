"""Headless Chromium opens the generated page from file:// with the network blocked."""

from __future__ import annotations

import networkx as nx
import pytest

from graph_service.network import layout
from tests.visualisations.conftest import ACT
from visualisations import html
from visualisations.scene import make_scene
from visualisations.views import View

pytestmark = pytest.mark.browser


def _open(page, path) -> list[str]:
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert errors == []
    return dialogs


def test_offline_page_shows_nodes_and_runs_no_script_names(browser_page, landscape_scene, tmp_path, artifacts_dir):
    path = html.write(tmp_path / "network.html", [landscape_scene], title=landscape_scene.title)
    dialogs = _open(browser_page, path)
    assert browser_page.blocked_requests == []
    assert browser_page.get_attribute("body", "data-node-count") == "17"  # 15 actors, 2 networks
    assert browser_page.evaluate("window.bgNodes.length") == 17
    assert browser_page.evaluate("window.bgNetwork.getPositions().hasOwnProperty('0')")
    assert "<script>alert(1)</script> (" not in browser_page.inner_text("#bg-legend")
    assert "Kommunalverwaltung (2)" in browser_page.inner_text("#bg-legend")
    browser_page.screenshot(path=str(artifacts_dir / "network.png"))
    # hover the <script> node: the tooltip shows the name as text, nothing runs
    xss = browser_page.evaluate(
        "(() => { const id = window.bgPage.nodes.find(n => n.name.startsWith('<script')).id;"
        " const p = window.bgNetwork.canvasToDOM(window.bgNetwork.getPositions([id])[id]); return [p.x, p.y]; })()"
    )
    box = browser_page.locator("#bg-network").bounding_box()
    browser_page.mouse.move(box["x"] + xss[0], box["y"] + xss[1])
    browser_page.wait_for_selector("#bg-tip:not([hidden])", timeout=5_000)
    assert browser_page.inner_text("#bg-tip strong") == "<script>alert(1)</script>"
    browser_page.mouse.click(box["x"] + xss[0], box["y"] + xss[1])
    assert browser_page.inner_text("#bg-details h2") == "<script>alert(1)</script>"
    assert dialogs == []
    assert browser_page.evaluate("document.querySelectorAll('#bg-network script, #bg-tip script').length") == 0


def test_search_focuses_an_actor(browser_page, landscape_scene, tmp_path):
    path = html.write(tmp_path / "network.html", [landscape_scene])
    _open(browser_page, path)
    browser_page.fill("#bg-search", "VHS Beispielkreis")
    browser_page.press("#bg-search", "Enter")
    assert browser_page.inner_text("#bg-details h2") == "VHS Beispielkreis"
    selected = browser_page.evaluate("window.bgNetwork.getSelectedNodes()")
    assert [browser_page.evaluate(f"window.bgPage.nodes[{selected[0]}].name")] == ["VHS Beispielkreis"]
    dimmed = browser_page.evaluate(
        "window.bgNodes.get().filter(n => n.color.background === '#E4E4E4').map(n => window.bgPage.nodes[n.id].name)"
    )
    assert "Kita Sonnenschein" in dimmed and "Stadtbibliothek Beispielstadt" not in dimmed
    assert ACT  # the IRIs stay in the data for exports


def test_dark_theme_switch(browser_page, landscape_scene, tmp_path):
    path = html.write(tmp_path / "network.html", [landscape_scene], theme="dark")
    _open(browser_page, path)
    assert "theme-dark" in browser_page.get_attribute("body", "class")
    browser_page.click("#bg-theme")
    assert "theme-light" in browser_page.get_attribute("body", "class")


def test_large_network_opens_at_once_without_physics(browser_page, tmp_path) -> None:
    base = nx.powerlaw_cluster_graph(200, 2, 0.3, seed=5)  # 5,000 nodes: scripts/bench_network.py
    graph = nx.MultiGraph()
    for node in base:
        graph.add_node(f"urn:a:{node:05d}", label=f"Akteur {node}", kind="actor", actor_type_label=f"T{node % 5}")
    for a, b in base.edges:
        graph.add_edge(f"urn:a:{a:05d}", f"urn:a:{b:05d}", kind="cooperation")
    scene = make_scene(graph, View(title="1500"), layout.compute(graph))
    path = html.write(tmp_path / "big.html", [scene])
    _open(browser_page, path)
    assert browser_page.get_attribute("body", "data-node-count") == "200"
    assert browser_page.evaluate("window.bgNetwork.physics.options.enabled") is False
    moved = browser_page.evaluate("(() => { const p = window.bgNetwork.getPositions([0])[0]; return [p.x, p.y]; })()")
    first = browser_page.evaluate("window.bgNodes.get(0)")
    assert moved == pytest.approx([first["x"], first["y"]], abs=1)  # the stored positions, nothing simulated
    assert browser_page.blocked_requests == []


def test_legend_entry_click_keeps_only_that_category_bright(browser_page, landscape_scene, tmp_path) -> None:
    path = html.write(tmp_path / "network.html", [landscape_scene])
    _open(browser_page, path)
    browser_page.click("#bg-legend-colours li:has-text('Kommunalverwaltung')")
    bright = browser_page.evaluate(
        "window.bgNodes.get().filter(n => n.color.background !== '#E4E4E4')"
        ".map(n => window.bgPage.nodes[n.id].name).sort()"
    )
    assert bright == ["Kreisverwaltung Beispielkreis", "Stadt Beispielstadt"]
    browser_page.click("#bg-reset")
    assert browser_page.evaluate("window.bgNodes.get().filter(n => n.color.background === '#E4E4E4').length") == 0
