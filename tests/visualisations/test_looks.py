"""Colour and shape come from the concept: the same in every view, export and slide; groups, aggregation, time."""

from __future__ import annotations

import datetime as dt
import json
import re

import networkx as nx
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from rdflib import Graph, URIRef

from graph_service.core.namespaces import VOCAB
from graph_service.core.ontology import concepts, label
from graph_service.network import timeline
from graph_service.network.aggregate import aggregate, drill
from graph_service.network.build import read_landscape
from graph_service.network.filters import NetworkFilter
from graph_service.network.looks import (
    NETWORK_COLOUR,
    PALETTE,
    SHAPES,
    keyed_colour,
    read_looks,
    scheme_colour,
    shipped,
)
from graph_service.store.embedded import EmbeddedStore
from tests.visualisations.conftest import ACT, LANDSCAPE_TTL
from visualisations import export, html
from visualisations.pipeline import scenes_for
from visualisations.style import THEMES, contrast
from visualisations.views import View

AKT = f"{VOCAB}akteurstyp/"


def test_every_actor_type_has_a_colour_and_a_group_with_a_shape() -> None:
    looks = shipped()
    for concept in concepts("akteurstyp"):
        iri = str(concept.iri)
        assert re.fullmatch(r"#[0-9A-F]{6}", looks.colours[iri]), iri
        assert looks.group(iri) is not None and looks.shape(iri) in SHAPES, iri
    assert looks.colour(AKT + "kita") == "#E69F00" and looks.shape(AKT + "kita") == "dot"
    assert looks.colour(AKT + "vhs") == "#CC79A7" and looks.shape(AKT + "vhs") == "hexagon"
    assert looks.colour(AKT + "vhs") != looks.colour(AKT + "migrantenorganisation")  # never grey "Andere"


@pytest.mark.parametrize(
    ("slug", "de", "en"),
    [
        ("wohlfahrtsverband", "Wohlfahrtsverband", "Welfare association"),
        ("beratungsstelle", "Beratungsstelle", "Counselling centre"),
        ("migrantenorganisation", "Migrantenorganisation", "Migrant organisation"),
    ],
)
def test_actor_types_the_walk_through_missed(slug, de, en) -> None:
    assert label(AKT + slug, "de").startswith(de) and label(AKT + slug, "en").startswith(en.split()[0])
    assert shipped().shape(AKT + slug) == "star"  # civil society


def test_a_store_may_override_a_colour(landscape_store) -> None:
    store = EmbeddedStore(None)
    ours = Graph().parse(data=f'<{AKT}kita> <https://w3id.org/bildungsgraph/def#colour> "#E69F00" .', format="turtle")
    county = Graph().parse(data=f'<{AKT}kita> <https://w3id.org/bildungsgraph/def#colour> "#123456" .', format="turtle")
    store.add_triples(URIRef("urn:ontology"), ours)  # the shipped scheme is in the store too
    store.add_triples(URIRef("urn:colours"), county)
    assert read_looks(store).colour(AKT + "kita") == "#123456"
    assert read_looks(landscape_store).colour(AKT + "kita") == "#E69F00"


def test_colours_without_annotation_are_fixed_by_the_scheme_not_the_view() -> None:
    first = str(concepts("lebensphase")[0].iri)
    assert scheme_colour(first) == PALETTE[0]
    assert keyed_colour("https://example.org/a") == keyed_colour("https://example.org/a")


def _page_legend(page: str, view: int) -> dict[str, str]:
    data = json.loads(re.search(r'id="bg-data">(.*?)</script>', page, re.S).group(1))
    return {entry[0]: entry[1] for entry in data["views"][view]["legend"]["colours"]}


def test_the_same_colour_per_concept_in_three_views(landscape) -> None:
    """An overview page, a static export of the VHS's neighbourhood and the slides of an aggregated overview."""
    overview, ego, groups = scenes_for(
        landscape,
        [
            View(title="Alle"),
            View(title="VHS", filters=NetworkFilter(ego=ACT + "vhs-beispielkreis", depth=2)),
            View(title="Nach Akteurstyp", aggregate="actor_type"),
        ],
        slides=True,
    )
    page = _page_legend(html.render([overview]), 0)
    drawn = export.render_figure(ego)
    static = {
        handle.get_label().rsplit(" (", 1)[0]: to_hex(handle.get_markerfacecolor()).upper()
        for handle in drawn.legend.legend_handles
        if isinstance(handle, Line2D) and handle.get_linestyle() == "None"  # swatches, not line samples
    }
    drawn_colours = {to_hex(c).upper() for col in drawn.panels[0].ax.collections for c in col.get_facecolors()}
    slides = {name.rsplit(" (", 1)[0]: colour for name, colour in _page_legend(html.render([groups]), 0).items()}
    looks = shipped()
    in_all_three = 0
    for concept in looks.colours:
        name = landscape.labels.get(concept)
        found = [legend[name] for legend in (page, static, slides) if name in legend]
        assert set(found) <= {looks.colour(concept)}, (name, found)
        in_all_three += len(found) == 3
    assert in_all_three >= 3
    assert page[landscape.labels.get(AKT + "kita")] == slides[landscape.labels.get(AKT + "kita")] == "#E69F00"
    assert page["Volkshochschule"] == static["Volkshochschule"] == slides["Volkshochschule"] == "#CC79A7"
    assert set(static.values()) - {NETWORK_COLOUR} <= drawn_colours  # the nodes are drawn in the legend's colours
    assert page["Netzwerke / Gremien"] == static["Netzwerke / Gremien"] == NETWORK_COLOUR


def test_text_colours_of_both_themes_meet_wcag_aa() -> None:
    for name, theme in THEMES.items():
        for fg in ("text", "muted", "accent"):
            for bg in ("background", "panel"):
                assert contrast(theme[fg], theme[bg]) >= 4.5, (name, fg, bg)
        assert contrast(theme["edge"], theme["background"]) >= 3.0, name  # graphics: 3:1
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)


def _tiny() -> nx.MultiGraph:
    g = nx.MultiGraph()
    for node, group, label_ in (("a", "g1", "Schule"), ("b", "g1", "Schule"), ("c", "g2", "Kita"), ("d", None, None)):
        g.add_node(
            node, kind="actor", actor_group=group, actor_group_label=label_, shape="square" if group == "g1" else "dot"
        )
    g.add_node("n", kind="network", label="Netzwerk", shape="diamond")
    g.add_edge("a", "b", kind="cooperation", start="2019-01-01", end=None)
    g.add_edge("a", "c", kind="cooperation", start="2023-05-01", end=None)
    g.add_edge("b", "c", kind="cooperation", start="2015-01-01", end="2020-12-31")
    g.add_edge("c", "n", kind="membership", start=None, end=None)
    return g


def test_aggregate_counts_members_and_links_between_groups() -> None:
    groups = aggregate(_tiny(), "sector")
    assert sorted(groups) == ["g1", "g2", "network", "none"]
    assert (groups.nodes["g1"]["count"], groups.nodes["g1"]["internal"], groups.nodes["g1"]["shape"]) == (
        2,
        1,
        "square",
    )
    assert groups.nodes["none"]["label"] == "ohne Angabe" and groups.nodes["network"]["label"] == "Netzwerke / Gremien"
    [data] = [d for a, b, d in groups.edges(data=True) if {a, b} == {"g1", "g2"}]
    assert data["weight"] == 2 and data["kinds"] == {"cooperation": 2}
    assert groups.number_of_edges() == 2  # g1-g2 and g2-network; "none" is linked to nobody


def test_drill_opens_one_group_with_its_partners() -> None:
    opened = drill(_tiny(), "sector", "g1")
    assert sorted(opened) == ["a", "b", "c"]
    assert [n for n, d in opened.nodes(data=True) if d.get("member")] == ["a", "b"]


def test_before_and_after() -> None:
    both = timeline.compare(_tiny(), dt.date(2019, 6, 1), dt.date(2024, 1, 1))
    status = {tuple(sorted((a, b))): d["status"] for a, b, d in both.edges(data=True)}
    assert status == {("a", "b"): "continuing", ("a", "c"): "new", ("b", "c"): "ended", ("c", "n"): "continuing"}
    assert timeline.at(both, dt.date(2019, 6, 1)).number_of_edges() == 3
    assert timeline.change_dates(_tiny())[0] == dt.date(2015, 1, 1)
    with pytest.raises(ValueError, match="earlier"):
        timeline.compare(_tiny(), dt.date(2024, 1, 1), dt.date(2019, 1, 1))


def test_landscape_reads_groups_and_shapes() -> None:
    data = Graph().parse(LANDSCAPE_TTL)
    store = EmbeddedStore(None)
    store.add_triples(URIRef("urn:t"), data)
    land = read_landscape(store)
    assert land.labels.get(f"{VOCAB}akteursgruppe/schule") == "Schule"
    assert land.labels.get(f"{VOCAB}akteursgruppe/schule", "en") == "School"
