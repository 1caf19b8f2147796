"""Saved views: the YAML file round-trips, and plays as slides in one offline page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph_service.network.build import read_landscape
from graph_service.store.embedded import EmbeddedStore
from tests.visualisations.conftest import ACT
from visualisations import html
from visualisations.pipeline import scenes_for
from visualisations.slides import ChromiumMissing, find_chromium, render_slides, write_slides
from visualisations.views import View, ViewFile, ViewFileError

VIEWS = Path(__file__).resolve().parents[1] / "resources" / "networks" / "views.yaml"


@pytest.fixture
def view_file(tmp_path) -> Path:
    """A copy of the test view file (its positions file is written next to it)."""
    return Path(shutil.copy(VIEWS, tmp_path / "views.yaml"))


def _data(page: str) -> dict:
    return json.loads(re.search(r'id="bg-data">(.*?)</script>', page, re.S).group(1))


def test_view_file_round_trips(view_file) -> None:
    views = ViewFile.load(view_file)
    assert [v.title for v in views.views] == [
        "Die ganze Landschaft",
        "Wer kooperiert 2024?",
        "Rund um die VHS",
        "Gemeinschaften",
    ]
    assert views.views[2].filters.depth == 2
    views.save(view_file.with_name("again.yaml"))
    again = ViewFile.load(view_file.with_name("again.yaml"))
    assert again.views == views.views
    assert again.communities == views.communities


@pytest.mark.parametrize(
    ("text", "german", "english"),
    [
        ("views: [{title: x, colour_by: mood}]", "Ansicht 1: colour_by", "view 1: colour_by"),
        ("views: [{title: x, filters: {depth: 7}}]", "Ansicht 1: depth", "view 1: depth"),
        ("views: [{title: x, size: 3}]", "unbekannte Schlüssel", "unknown view keys"),
        ("views: [{title: x, compare: {before: 2025-01-01}}]", "before", "'before' and 'after'"),
        ("views: [{title: x, drill: schule}]", "drill braucht aggregate", "drill needs aggregate"),
        ("views: [3]", "Ansicht 1: erwartet eine Zuordnung", "view 1: expected a mapping"),
        ("[1, 2]", "erwartet eine Zuordnung", "expected a mapping"),
        ("views: [\n  - title: [", "Zeile 2: kein gültiges YAML", "line 2: not valid YAML"),
        ("tittle: x", "unbekannte Schlüssel ['tittle']", "unknown keys ['tittle']"),
    ],
)
def test_bad_view_files_are_explained(tmp_path, text, german, english) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ViewFileError, match=re.escape(german)) as caught:
        ViewFile.load(path)
    assert english in caught.value.describe("en") and "bad.yaml" in caught.value.describe("en")
    assert "docs/slides.md" in caught.value.describe("de")


def test_slides_share_nodes_and_keep_renamed_community(landscape, view_file) -> None:
    views = ViewFile.load(view_file)
    data = _data(render_slides(landscape, views))
    assert data["slides"] is True and data["theme"] == "dark"
    whole, coop2024, vhs, groups = data["views"]
    assert len(whole["nodes"]) == 17  # 15 actors, 2 networks
    assert len(coop2024["edges"]) == 7
    ids = {n["iri"]: n["id"] for n in data["nodes"]}
    assert vhs["focus"] == ids[ACT + "vhs-beispielkreis"]
    vhs_id = ids[ACT + "vhs-beispielkreis"]
    in_whole = whole["xy"][whole["nodes"].index(vhs_id)]
    assert vhs["xy"][vhs["nodes"].index(vhs_id)] != in_whole  # the neighbourhood slide has its own layout
    assert coop2024["xy"][coop2024["nodes"].index(vhs_id)] == in_whole  # other slides keep the shared one
    assert groups["legend"]["colourTitle"] == "Gemeinschaft"
    assert "Übergang Schule–Beruf" in [entry[0] for entry in groups["legend"]["colours"]]
    assert view_file.with_name("views-positions.json").exists()


def test_positions_are_reused_between_renders(landscape, view_file) -> None:
    views = ViewFile.load(view_file)
    first = _data(render_slides(landscape, views))["views"]
    second = _data(render_slides(landscape, ViewFile.load(view_file)))["views"]
    assert [v["xy"] for v in first] == [v["xy"] for v in second]


def test_unknown_ego_names_the_file(landscape, tmp_path) -> None:
    views = ViewFile(path=tmp_path / "v.yaml", views=[View.from_mapping({"filters": {"ego": ACT + "nobody"}})])
    with pytest.raises(ViewFileError, match=r"v\.yaml"):
        render_slides(landscape, views)


@pytest.mark.browser
def test_slides_play_offline_with_arrow_keys(browser_page, landscape_store, view_file, artifacts_dir) -> None:
    out = write_slides(landscape_store, view_file, view_file.with_name("talk.html"))
    errors: list[str] = []
    browser_page.on("pageerror", lambda e: errors.append(str(e)))
    browser_page.goto(out.as_uri())
    browser_page.wait_for_selector("body[data-ready=true]")
    assert browser_page.inner_text("#bg-slide-title") == "Die ganze Landschaft"
    assert browser_page.inner_text("#bg-slide-number") == "1 / 4"

    def visible() -> int:
        return browser_page.evaluate("window.bgNodes.get({filter: n => !n.hidden}).length")

    assert visible() == 17
    browser_page.keyboard.press("ArrowRight")
    browser_page.keyboard.press("ArrowRight")
    assert browser_page.get_attribute("body", "data-slide") == "3"
    assert browser_page.inner_text("#bg-slide-title") == "Rund um die VHS"
    assert visible() < 17
    browser_page.screenshot(path=str(artifacts_dir / "slides.png"))
    browser_page.click("#bg-prev")
    assert browser_page.get_attribute("body", "data-slide") == "2"
    assert browser_page.blocked_requests == [] and errors == []


def test_example_view_file_plays_on_the_seed_graph(tmp_path) -> None:
    repo = Path(__file__).resolve().parents[2]
    seed = repo / "ontology" / "examples" / "seed-counties.ttl"
    if not seed.exists():
        pytest.skip("seed graph not present")
    views_path = Path(shutil.copy(repo / "visualisations" / "examples" / "demo-views.yaml", tmp_path / "demo.yaml"))
    store = EmbeddedStore(None)
    store.add_triples(URIRef("urn:seed"), Graph().parse(seed))
    land = read_landscape(store)
    views = ViewFile.load(views_path)
    assert len(views.views) == 10
    in_seed = set(land.actors) | set(land.networks)
    views.views = [  # views of Flensburg (AGS 01001) need the demo
        v for v in views.views if (v.filters.ego is None or v.filters.ego in in_seed) and not v.filters.areas
    ]
    data = _data(render_slides(land, views))
    network = next(v for v in data["views"] if v["title"].startswith("Netzwerk Bildung"))
    assert len(network["nodes"]) > 5 and network["focus"] is not None


TALK = """
title: Vortrag
lang: de
theme: light
views:
  - title: Nach Bereichen
    caption: Wer arbeitet mit wem?
    notes: Zuerst die Bereiche zeigen.
    aggregate: sector
    colour_by: sector
  - title: Kooperationen
    filters: {edge_kinds: [cooperation], connected_only: true}
    compare: {before: 2020-01-01, after: 2024-06-01}
"""


@pytest.fixture
def talk_file(tmp_path) -> Path:
    path = tmp_path / "talk.yaml"
    path.write_text(TALK, encoding="utf-8")
    return path


def test_a_compared_view_is_a_before_after_pair(landscape, talk_file) -> None:
    data = _data(render_slides(landscape, ViewFile.load(talk_file)))
    titles = [data["views"][i]["title"] for i in data["sequence"]]
    assert titles == ["Nach Bereichen", "Kooperationen – Stand 1.1.2020", "Kooperationen – Stand 1.6.2024"]
    before, after = (data["views"][i] for i in data["sequence"][1:])
    assert before["xy"] == after["xy"]  # the same picture, only the links change
    assert before["statuses"] is None and set(after["statuses"]) == {"new", "ended", "continuing"}
    assert [s[0] for s in after["legend"]["statuses"]] == ["new", "ended", "continuing"]
    assert data["views"][0]["notes"] == "Zuerst die Bereiche zeigen."


@pytest.mark.browser
def test_drill_down_notes_and_keys(browser_page, landscape_store, talk_file) -> None:
    out = write_slides(landscape_store, talk_file, talk_file.with_name("talk.html"))
    browser_page.goto(out.as_uri())
    browser_page.wait_for_selector("body[data-ready=true]")
    assert browser_page.is_hidden("#bg-notes")
    browser_page.keyboard.press("n")
    assert browser_page.inner_text("#bg-notes-text") == "Zuerst die Bereiche zeigen."
    browser_page.keyboard.press("n")
    groups = browser_page.evaluate("window.bgPage.views[0].groups")
    school = next(i for i, n in enumerate(browser_page.evaluate("window.bgPage.nodes")) if n["name"] == "Schule")
    point = browser_page.evaluate(
        f"(() => {{ const p = window.bgNetwork.canvasToDOM(window.bgNetwork.getPositions([{school}])[{school}]);"
        " return [p.x, p.y]; })()"
    )
    box = browser_page.locator("#bg-network").bounding_box()
    browser_page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    assert browser_page.get_attribute("body", "data-view") == str(groups[str(school)])
    assert browser_page.inner_text("#bg-slide-title") == "Nach Bereichen – Schule"
    assert browser_page.is_visible("#bg-back")
    browser_page.keyboard.press("Escape")
    assert browser_page.get_attribute("body", "data-view") == "0"
    browser_page.keyboard.press("ArrowRight")
    browser_page.keyboard.press("ArrowRight")
    assert browser_page.inner_text("#bg-slide-number") == "3 / 3"
    assert "neu seit 1.1.2020" in browser_page.inner_text("#bg-legend")
    browser_page.keyboard.press("Home")
    reached = set()
    for _ in range(16):  # the controls and the legend entries are reachable by keyboard
        browser_page.keyboard.press("Tab")
        reached.add(browser_page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    assert {"bg-search", "bg-reset", "bg-theme", "bg-prev", "bg-next"} <= reached
    assert any(r.startswith("Frühe Bildung") for r in reached)


@pytest.mark.browser
def test_date_slider_marks_new_and_ended_links(browser_page, landscape, tmp_path) -> None:
    [scene] = scenes_for(
        landscape, [View.from_mapping({"title": "Zeit", "compare": {"before": "2020-01-01", "after": "2024-06-01"}})]
    )
    path = html.write(tmp_path / "zeit.html", [scene])
    browser_page.goto(path.as_uri())
    browser_page.wait_for_selector("body[data-ready=true]")
    assert browser_page.is_visible("#bg-date")

    def shown() -> int:
        return browser_page.evaluate("window.bgEdges.get({filter: e => !e.hidden}).length")

    at_b = shown()
    assert "neu seit 1.1.2020" in browser_page.inner_text("#bg-legend")
    browser_page.evaluate(
        "(() => { const s = document.getElementById('bg-date'); s.value = '0';"
        " s.dispatchEvent(new Event('input')); })()"
    )
    assert browser_page.inner_text("#bg-date-value") == "2020-01-01"
    assert shown() != at_b
    assert "neu seit" not in browser_page.inner_text("#bg-legend")  # at date A nothing is new yet


@pytest.mark.browser
def test_pdf_of_the_deck_has_one_page_per_slide(landscape_store, talk_file, tmp_path) -> None:
    out = write_slides(landscape_store, talk_file, tmp_path / "talk.pdf")
    body = out.read_bytes()
    assert body.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", body)) == 3  # aggregated overview, before, after
    assert re.search(rb"/MediaBox \[0 0 1440 810\]", body)  # 1920x1080 px pages


def test_pdf_without_chromium_is_explained(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ChromiumMissing, match="Chromium") as caught:
        find_chromium(tmp_path / "nothing")
    assert "apt-get install chromium" in caught.value.describe("en")
