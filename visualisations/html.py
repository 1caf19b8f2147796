"""Interactive network pages: ONE self-contained HTML file per view or per talk, working offline.

vis-network (vendored) and our own CSS/JS are inlined; the data travels as JSON in a
``<script type="application/json">`` block (Jinja ``tojson``), and every text reaches the page through
``textContent`` (never ``innerHTML``), so a name like ``<script>…`` is shown, not run. Positions are fixed and
physics is off, so large networks appear at once. The page script places the labels itself (text measured in
the browser, see :mod:`graph_service.network.placement` for the rule) and draws them on the canvas.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from graph_service.core.templating import environment
from graph_service.network import timeline
from graph_service.network.layout import to_canvas
from graph_service.network.placement import ATTEMPTS, EDGE_AWARE_UP_TO, GAP, LEADERS
from visualisations.scene import Scene, format_date
from visualisations.style import (
    EDGE_STYLES,
    LABEL_FONT,
    PROJECTED_LABEL,
    RADIUS,
    SHAPE_REACH,
    STATUS_STYLES,
    THEMES,
    ui_text,
)

ASSETS = Path(__file__).resolve().parent / "assets"
VIS_NETWORK_JS = ASSETS / "vendor" / "vis-network" / "vis-network.min.js"


@cache
def _asset(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")


def _node_info(scene: Scene, node: str, data: dict[str, Any]) -> list[list[str]]:
    text = ui_text(scene.lang)
    if data.get("kind") == "group":
        return [[text["members"], str(data.get("count", 0))], [text["internal"], str(data.get("internal", 0))]]
    rows = [[text["actor_type"], str(data.get("actor_type_label") or "")]]
    if data.get("actor_group_label"):
        rows.append([text["sector"], str(data["actor_group_label"])])
    if data.get("municipality_label"):
        rows.append([text["municipality"], str(data["municipality_label"])])
    for key, attr in (("life_phase", "life_phase_labels"), ("target_group", "target_group_labels")):
        if data.get(attr):
            rows.append([text[key], ", ".join(data[attr])])
    if data.get("community_name"):
        rows.append([text["community"], str(data["community_name"])])
    for name, values in scene.metric_values.items():
        value = values.get(node, 0.0)
        rows.append([text[name], f"{value:.0f}" if name == "degree" else f"{value:.3f}"])
    if node in scene.articulation:
        rows.append(["⚑", text["articulation"]])
    return rows


def _edge_info(scene: Scene, data: dict[str, Any]) -> list[list[str]]:
    text = ui_text(scene.lang)
    if data["kind"] == "aggregate":
        kinds = data.get("kinds", {})
        return [[EDGE_STYLES[k].label(scene.lang), str(n)] for k, n in sorted(kinds.items())]
    rows = [[text["kind"], EDGE_STYLES[data["kind"]].label(scene.lang)]]
    if data.get("type_label"):
        rows.append([text["role"] if data["kind"] == "membership" else text["kind"], str(data["type_label"])])
    if data.get("topic"):
        rows.append([text["topic"], str(data["topic"])])
    if data.get("network_label"):
        rows.append([text["network"], str(data["network_label"])])
    if data.get("start") or data.get("end"):
        rows.append([text["period"], f"{data.get('start') or '…'} – {data.get('end') or '…'}"])
    return rows


class _Collector:
    """Collects nodes and edges of several scenes under shared integer ids (group nodes per scene)."""

    def __init__(self, positions_n: int) -> None:
        self.positions_n = positions_n
        self.node_ids: dict[str, int] = {}
        self.edge_ids: dict[tuple[str, str, str], int] = {}
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []

    def node(self, scene: Scene, ident: str, node: str) -> int:
        if ident not in self.node_ids:
            data = scene.graph.nodes[node]
            self.node_ids[ident] = len(self.nodes)
            self.nodes.append(
                {
                    "id": len(self.nodes),
                    "iri": node if data.get("kind") != "group" else None,
                    "name": str(data.get("label") or node),
                    "lines": scene.lines[node],
                    "info": _node_info(scene, node, data),
                }
            )
        return self.node_ids[ident]

    def edge(self, scene: Scene, ids: dict[str, int], a: str, b: str, key: str, data: dict[str, Any]) -> int:
        source, target = (a, b) if data.get("source", a) == a else (b, a)
        ident = (f"{ids[source]}", f"{ids[target]}", key)
        if ident not in self.edge_ids:
            self.edge_ids[ident] = len(self.edges)
            kind = data["kind"]
            projected = kind == "membership" and data.get("iri") == data.get("network") and data.get("network")
            self.edges.append(
                {
                    "id": len(self.edges),
                    "from": ids[source],
                    "to": ids[target],
                    "kind": kind,
                    "label": PROJECTED_LABEL[scene.lang if scene.lang in PROJECTED_LABEL else "de"]
                    if projected
                    else None,
                    "start": data.get("start"),
                    "end": data.get("end"),
                    "info": _edge_info(scene, data),
                }
            )
        return self.edge_ids[ident]


def _widths(scene: Scene, edges: list[tuple[str, str, str, dict[str, Any]]]) -> list[float] | None:
    if not scene.aggregated:
        return None
    top = max((float(d.get("weight", 1)) for *_, d in edges), default=1.0)
    return [round(1.5 + 10 * math.sqrt(float(d.get("weight", 1)) / top), 1) for *_, d in edges]


def _legend(scene: Scene) -> dict[str, Any]:
    return {
        "colourTitle": scene.colour_label,
        "colours": [[e.label, e.colour, e.count, e.shape] for e in scene.legend],
        "shapes": [[e.label, e.shape] for e in scene.shape_legend],
        "size": scene.size_label,
        "edges": scene.legend_edge_kinds(),
        "statuses": [list(s) for s in scene.status_legend()],
    }


def _view_data(scene: Scene, collected: _Collector, number: int) -> dict[str, Any]:
    canvas = to_canvas(scene.positions, None if scene.own_layout else collected.positions_n)
    nodes = sorted(scene.graph)
    idents = {n: (f"group:{number}:{n}" if scene.aggregated else n) for n in nodes}
    ids = {n: collected.node(scene, idents[n], n) for n in nodes}
    edges = sorted(scene.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    statuses = [d.get("status") for *_, d in edges]
    view: dict[str, Any] = {
        "title": scene.title,
        "caption": scene.view.caption,
        "notes": scene.view.notes,
        "nodes": [ids[n] for n in nodes],
        "edges": [collected.edge(scene, ids, a, b, k, d) for a, b, k, d in edges],
        "xy": [list(canvas[n]) for n in nodes],
        "colors": [scene.colours[n] for n in nodes],
        "shapes": [scene.shapes[n] for n in nodes],
        "sizes": [round(scene.sizes[n], 3) for n in nodes],
        "order": [ids[n] for n in scene.order if n in ids],
        "highlight": [ids[h] for h in scene.view.highlight if h in ids],
        "focus": ids.get(scene.view.focus) if scene.view.focus in ids else None,
        "members": [ids[n] for n in nodes if scene.graph.nodes[n].get("member")],
        "aggregated": scene.aggregated,
        "widths": _widths(scene, edges),
        "statuses": statuses if any(statuses) else None,
        "legend": _legend(scene),
        "groups": {},
        "drill": False,
        "back": None,
    }
    if scene.compare is not None and scene.day is None:
        stops = sorted({scene.compare.before, scene.compare.after, *timeline.change_dates(scene.graph)})
        view["timeline"] = {
            "dates": [d.isoformat() for d in stops if scene.compare.before <= d <= scene.compare.after],
            "reference": scene.compare.before.isoformat(),
            "referenceLabel": format_date(scene.compare.before, scene.lang),
        }
    elif scene.view.timeline:
        stops = timeline.change_dates(scene.graph)
        view["timeline"] = {"dates": [d.isoformat() for d in stops], "reference": None, "referenceLabel": None}
    return view


def page_data(scenes: list[Scene], *, lang: str = "de", theme: str = "light", slides: bool = False) -> dict[str, Any]:
    """The JSON document the page script draws (nodes and edges shared by all views)."""
    positions_n = max((len(s.positions) for s in scenes if not s.own_layout), default=0)
    collected = _Collector(positions_n)
    views: list[dict[str, Any]] = []
    sequence: list[int] = []
    for scene in scenes:
        number = len(views)
        views.append(_view_data(scene, collected, number))
        sequence.append(number)
        for key, opened in sorted(scene.drills.items()):
            index = len(views)
            views.append(_view_data(opened, collected, index) | {"drill": True, "back": number})
            views[number]["groups"][str(collected.node_ids[f"group:{number}:{key}"])] = index
    return {
        "lang": lang,
        "theme": theme,
        "slides": slides,
        "ui": ui_text(lang),
        "themes": THEMES,
        "edgeStyles": {
            kind: {"label": s.label(lang), "dashes": list(s.dashes) or False, "arrow": s.arrow, "width": s.width}
            for kind, s in EDGE_STYLES.items()
        },
        "statusStyles": {
            k: {"colour": v["colour"], "dashes": list(v["dashes"]) or False, "width": v["width"]}
            for k, v in STATUS_STYLES.items()
        },
        "shapeReach": SHAPE_REACH,
        "labelFont": LABEL_FONT,
        "radius": RADIUS,
        "gap": GAP,
        "leaders": LEADERS,
        "attempts": ATTEMPTS,
        "edgeAware": EDGE_AWARE_UP_TO,
        "nodes": collected.nodes,
        "edges": collected.edges,
        "views": views,
        "sequence": sequence,
    }


def render(
    scenes: list[Scene], *, title: str = "", lang: str = "de", theme: str = "light", slides: bool = False
) -> str:
    """One self-contained HTML document showing ``scenes`` (one view, or slides to step through).

    Parameters
    ----------
    scenes : views made ready by :func:`visualisations.scene.make_scene`; with several, nodes shared by the
        views keep their place.
    title : page title (defaults to the first view's title).
    lang : ``"de"`` or ``"en"`` for interface texts.
    theme : ``"light"`` or ``"dark"`` (the page has a switch too).
    slides : show slide controls (arrow keys, buttons) and presenter notes instead of a single view.

    Returns
    -------
    The HTML text; it makes no network request.
    """
    title = title or (scenes[0].title if scenes else "")
    template = environment().get_template("visualisations/network.html.j2")
    return template.render(
        title=title,
        lang=lang,
        theme=theme,
        slides=slides,
        data=page_data(scenes, lang=lang, theme=theme, slides=slides),
        vis_js=Markup(_asset(VIS_NETWORK_JS)),
        page_js=Markup(_asset(ASSETS / "network.js")),
        page_css=Markup(_asset(ASSETS / "network.css")),
        ui=ui_text(lang),
    )


def write(path: Path, scenes: list[Scene], **options: Any) -> Path:
    """Render and write to ``path`` (UTF-8)."""
    path.write_text(render(scenes, **options), encoding="utf-8")
    return path
