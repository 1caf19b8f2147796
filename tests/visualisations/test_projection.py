"""Diagrams that work on a projector (issue 20): the geometric check on real and generated landscapes.

For the demo county, a generated 300-actor county and the invented Landkreis Meißen, a talk of five views
(overview, aggregated overview, ego network, before/after pair, projected clique) is drawn as static exports and
as slides in headless Chromium at 1280x720 and 1920x1080. From the final node positions and the measured text
extents: no two shown labels overlap, no label covers a node, none is cut off by the canvas; shown labels keep
the size rule; the legend is whole and inside the window. Screenshots land in tests/artifacts/ to be looked at.
"""

from __future__ import annotations

import pytest

from tests.visualisations.geometry import (
    MIN_LABEL_PX,
    SIZES,
    deck,
    legend_fits,
    measure_page,
    measure_static,
    open_page,
)
from visualisations import html
from visualisations.pipeline import scenes_for
from visualisations.style import label_px

#: Landscape fixture -> the AGS prefixes of the actors the talk shows (the Meißen store also holds the seed counties).
LANDSCAPES = {"demo_landscape": [], "county300_landscape": [], "meissen_landscape": ["14627"]}
SHOTS = ("overview", "aggregated", "ego", "before", "after")
#: Talks whose slides are kept as screenshots in tests/artifacts/ (the walk-through county and the demo).
SCREENSHOTS = ("meissen", "demo")


@pytest.fixture(scope="module", params=sorted(LANDSCAPES))
def talk(request, tmp_path_factory):
    """(name, landscape, talk, slide scenes, the slides page) of one landscape."""
    land = request.getfixturevalue(request.param)
    views = deck(land, LANDSCAPES[request.param])
    scenes = scenes_for(land, views, slides=True)
    name = request.param.removesuffix("_landscape")
    path = html.write(tmp_path_factory.mktemp(name) / f"{name}.html", scenes, title=name, slides=True)
    return name, land, views, scenes, path


def test_the_size_rule() -> None:
    assert label_px(1920, 1080) >= 18 and label_px(1280, 720) >= 14 and label_px(1024, 600) >= 14


def test_static_exports_have_no_label_collisions(talk) -> None:
    name, land, views, scenes, _ = talk
    [side_by_side] = scenes_for(land, [views[3]])  # the comparison as one picture: date A beside date B
    overview, aggregated, ego = scenes[:3]
    measured = [m for scene in (overview, aggregated, ego, side_by_side) for m in measure_static(scene)]
    assert len(measured) == 5  # the comparison has two panels
    for m in measured:
        assert m.found.total == 0, (name, m)
        assert m.labels > 0 and m.smallest_px >= 18, (name, m)


@pytest.mark.browser
def test_every_slide_in_chromium_has_no_label_collisions(talk, chromium_browser, artifacts_dir) -> None:
    name, _, _, scenes, path = talk
    page = open_page(chromium_browser, path, SIZES[0])
    sequence = page.evaluate("window.bgPage.sequence")
    drills = page.evaluate("window.bgPage.views.map((v, i) => v.drill ? i : -1).filter(i => i >= 0)")
    assert len(sequence) == len(scenes) == 6 and drills
    for size in SIZES:  # the same page, resized like a laptop moved from the desk to the projector
        page.set_viewport_size({"width": size[0], "height": size[1]})
        for number, view in enumerate([*sequence, drills[0]]):
            m = measure_page(page, view)
            assert m.found.total == 0 and m.nodes_outside == 0, (name, size, m)
            assert m.labels > 0 and m.smallest_px >= MIN_LABEL_PX[size[0]], (name, size, m)
            assert legend_fits(page), (name, size, m.title)
            if number == 1:
                assert m.hidden == 0, "every group of the aggregated overview is named"
            if name in SCREENSHOTS and number < len(SHOTS):
                page.screenshot(path=str(artifacts_dir / f"{name}-{SHOTS[number]}-{size[0]}x{size[1]}.png"))
    assert page.errors == []
    page.context.close()
