"""The network page: self-contained, escaped, one data block."""

from __future__ import annotations

import json
import re

from graph_service.core.templating import environment
from tests.visualisations.conftest import ACT
from visualisations import html
from visualisations.pipeline import scenes_for
from visualisations.views import View


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="bg-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_page_is_self_contained(landscape_scene) -> None:
    page = html.render([landscape_scene])
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "vis.Network" in page
    assert page.count("<script") == 3


def test_script_names_are_data_not_markup(landscape_scene) -> None:
    page = html.render([landscape_scene])
    assert "<script>alert(1)</script>" not in page
    names = [n["name"] for n in _data(page)["nodes"]]
    assert "<script>alert(1)</script>" in names
    page_script = (html.ASSETS / "network.js").read_text()
    assert ".innerHTML" not in page_script and "insertAdjacentHTML" not in page_script


def test_page_data_escapes_closing_tags(landscape_scene) -> None:
    text = environment().from_string("{{ d | tojson }}").render(d={"a": "</script><b>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&"}


def test_view_data_has_legend_and_highlight(landscape_scene) -> None:
    data = _data(html.render([landscape_scene], lang="de"))
    [view] = data["views"]
    assert len(view["nodes"]) == 17  # 15 actors and 2 networks as hub nodes
    assert len(view["edges"]) == 21
    assert view["legend"]["colourTitle"] == "Akteurstyp"
    assert ["Kommunalverwaltung", "#D55E00", 2, "triangleDown"] in view["legend"]["colours"]
    assert view["legend"]["colours"][-1][0] == "Netzwerke / Gremien"
    assert view["order"][0] == next(n["id"] for n in data["nodes"] if n["iri"] == ACT + "vhs-beispielkreis")
    assert view["legend"]["edges"] == ["cooperation", "membership", "operated_by", "funding", "responsibility"]
    vhs = next(n["id"] for n in data["nodes"] if n["iri"] == ACT + "vhs-beispielkreis")
    assert view["highlight"] == [vhs]


def test_english_interface(landscape) -> None:
    [scene] = scenes_for(landscape, [View(title="Cooperation")], lang="en")
    data = _data(html.render([scene], lang="en"))
    assert data["ui"]["search"] == "Find an actor …"
    assert data["views"][0]["legend"]["colourTitle"] == "Actor type"


def test_title_and_caption_are_escaped(landscape_scene) -> None:
    page = html.render([landscape_scene], title="<img src=x onerror=alert(2)>")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
