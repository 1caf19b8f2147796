"""Helpers of the geometric check: a test deck for any landscape, and the measurements in Chromium and matplotlib.

The check itself is :func:`graph_service.network.placement.check`; here the drawn label extents and node discs
are collected from the final pictures (the page's own measurement with the browser's fonts, matplotlib's text
extents for the static exports), never from a screenshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_service.network.build import Landscape, build_graph, simple_graph
from graph_service.network.filters import NetworkFilter
from graph_service.network.placement import Box, Collisions, Disc, check
from visualisations import export
from visualisations.scene import Scene
from visualisations.views import Compare, View

SIZES = ((1280, 720), (1920, 1080))
#: The size rule: smallest label font in px per viewport width.
MIN_LABEL_PX = {1280: 14, 1920: 18}


def _hub(land: Landscape, areas: list[str]) -> str:
    """The actor with the most partners (ties by IRI), for an ego view."""
    simple = simple_graph(build_graph(land, NetworkFilter(mode="projected", areas=areas)))
    return max(sorted(simple), key=lambda n: (simple.degree(n), n))


def _dates(land: Landscape, areas: list[str]) -> tuple[dt.date, dt.date]:
    """Date A and date B of the comparison: the median and the latest start or end of a cooperation."""
    graph = build_graph(land, NetworkFilter(edge_kinds=["cooperation"], areas=areas))
    days = sorted({dt.date.fromisoformat(d[k]) for *_, d in graph.edges(data=True) for k in ("start", "end") if d[k]})
    return days[len(days) // 2], days[-1]


def deck(land: Landscape, areas: list[str] | None = None) -> list[View]:
    """Overview, aggregated overview, ego network, before/after and the projected clique of one landscape
    (of the actors in ``areas``, AGS prefixes, when given)."""
    areas = areas or []
    hub = _hub(land, areas)
    before, after = _dates(land, areas)
    name = land.labels.get(hub)
    coop = NetworkFilter(edge_kinds=["cooperation"], connected_only=True, areas=areas)
    return [
        View(
            title="Die Bildungslandschaft",
            caption="Alle Akteure, farbig nach Akteurstyp",
            filters=NetworkFilter(areas=areas),
        ),
        View(
            title="Wer arbeitet mit wem?",
            caption="Nach Bereichen",
            filters=NetworkFilter(areas=areas),
            aggregate="sector",
            colour_by="sector",
        ),
        View(title=f"Rund um {name}", filters=NetworkFilter(ego=hub, areas=areas), focus=hub, highlight=[hub]),
        View(title="Kooperationen im Wandel", filters=coop, compare=Compare(before, after)),
        View(
            title="Netzwerke als Clique",
            filters=NetworkFilter(mode="projected", edge_kinds=["membership"], areas=areas),
        ),
    ]


@dataclass
class Measured:
    """One view measured in one picture."""

    title: str
    found: Collisions
    labels: int
    hidden: int
    smallest_px: float
    nodes_outside: int = 0


def measure_static(scene: Scene) -> list[Measured]:
    """Draw ``scene`` as the static export does and measure each panel."""
    drawn = export.render_figure(scene)
    out = []
    for boxes, discs, canvas in export.geometry(drawn):
        out.append(Measured(scene.title, check(boxes, discs, canvas), len(boxes), 0, drawn.label_px))
    return out


def settle(page: Any) -> None:
    """Wait until the page has placed the labels for what it shows (the CSP forbids wait_for_function)."""
    for _ in range(400):
        if page.evaluate("window.bgLabelsSettled()"):
            return
        page.wait_for_timeout(25)
    raise AssertionError("the labels never settled")


def measure_page(page: Any, view: int) -> Measured:
    """Show view number ``view`` of the open page and measure its labels and nodes."""
    page.evaluate(f"window.bgShow({view})")
    settle(page)
    geo = page.evaluate("window.bgLabelGeometry()")
    boxes = [Box(*label[:4]) for label in geo["labels"]]
    discs = [Disc(*node) for node in geo["nodes"]]
    found = check(boxes, discs, Box(*geo["canvas"]))
    smallest = min((label[4] for label in geo["labels"]), default=0)
    title = page.evaluate(f"window.bgPage.views[{view}].title")
    canvas = Box(*geo["canvas"])
    outside = sum(1 for d in discs if not d.box.inside(canvas, 1.0))
    return Measured(title, found, len(boxes), geo["hidden"], smallest, outside)


def legend_fits(page: Any) -> bool:
    """The legend shows everything without scrolling and lies inside the window, as do title and caption."""
    return page.evaluate(
        """(() => {
          const box = document.getElementById('bg-legend');
          const parts = ['bg-legend', 'bg-header', 'bg-slidebar'].map(id => document.getElementById(id));
          const inside = parts.every(el => { const r = el.getBoundingClientRect();
            return r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5; });
          return inside && box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
        })()"""
    )


def open_page(browser: Any, path: Path, size: tuple[int, int]) -> Any:
    """A fresh page of ``size`` showing ``path`` (only file:// allowed), ready."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="de-DE")
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.errors = errors
    return page
