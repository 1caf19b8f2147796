"""Interactive network pages: ONE self-contained HTML file per view or per talk, working offline.

vis-network (vendored) and our own CSS/JS are inlined; the data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and every text reaches the
page through ``textContent`` (never ``innerHTML``), so a name like ``<script>…`` is shown, not run.
Positions are fixed and physics is off, so large networks appear at once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from graph_service.core.templating import environment
from graph_service.network.layout import to_canvas
from visualisations.scene import Scene
from visualisations.style import EDGE_STYLES, THEMES, ui_text

ASSETS = Path(__file__).resolve().parent / "assets"
VIS_NETWORK_JS = ASSETS / "vendor" / "vis-network" / "vis-network.min.js"
LABEL_LIMIT = 32


@cache
def _asset(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


def _node_info(scene: Scene, node: str, data: dict[str, Any]) -> list[list[str]]:
    text = ui_text(scene.lang)
    rows = [[text["actor_type"], str(data.get("actor_type_label") or "")]]
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
    """Collects nodes and edges of several scenes under shared integer ids."""

    def __init__(self, positions_n: int) -> None:
        self.positions_n = positions_n
        self.node_ids: dict[str, int] = {}
        self.edge_ids: dict[tuple[str, str, str], int] = {}
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []

    def node(self, scene: Scene, node: str, xy: tuple[float, float]) -> int:
        if node not in self.node_ids:
            data = scene.graph.nodes[node]
            self.node_ids[node] = len(self.nodes)
            label = str(data.get("label") or node)
            self.nodes.append(
                {
                    "id": len(self.nodes),
                    "iri": node,
                    "label": _short(label),
                    "name": label,
                    "x": xy[0],
                    "y": xy[1],
                    "network": data.get("kind") == "network",
                    "info": _node_info(scene, node, data),
                }
            )
        return self.node_ids[node]

    def edge(self, scene: Scene, a: str, b: str, key: str, data: dict[str, Any]) -> int:
        source, target = (a, b) if data.get("source", a) == a else (b, a)
        ident = (source, target, key)
        if ident not in self.edge_ids:
            self.edge_ids[ident] = len(self.edges)
            self.edges.append(
                {
                    "id": len(self.edges),
                    "from": self.node_ids[source],
                    "to": self.node_ids[target],
                    "kind": data["kind"],
                    "info": _edge_info(scene, data),
                }
            )
        return self.edge_ids[ident]


def _view_data(scene: Scene, collected: _Collector) -> dict[str, Any]:
    canvas = to_canvas(scene.positions, None if scene.own_layout else collected.positions_n)
    nodes = [collected.node(scene, n, canvas[n]) for n in sorted(scene.graph)]
    edges = [
        collected.edge(scene, a, b, k, d)
        for a, b, k, d in sorted(scene.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    ids = collected.node_ids
    return {
        "title": scene.view.title,
        "caption": scene.view.caption,
        "nodes": nodes,
        "edges": edges,
        "xy": [list(canvas[n]) for n in sorted(scene.graph)],
        "colors": [scene.colours[n] for n in sorted(scene.graph)],
        "sizes": [round(scene.sizes[n], 1) for n in sorted(scene.graph)],
        "highlight": [ids[h] for h in scene.view.highlight if h in ids and h in scene.graph],
        "focus": ids.get(scene.view.focus) if scene.view.focus in scene.graph else None,
        "legend": {
            "colourTitle": scene.colour_label,
            "colours": [[e.label, e.colour, e.count] for e in scene.legend],
            "size": scene.size_label,
            "edges": scene.edge_kinds,
        },
    }


def page_data(scenes: list[Scene], *, lang: str = "de", theme: str = "light", slides: bool = False) -> dict[str, Any]:
    """The JSON document the page script draws (nodes and edges shared by all views)."""
    positions_n = max((len(s.positions) for s in scenes), default=0)
    collected = _Collector(positions_n)
    views = [_view_data(scene, collected) for scene in scenes]
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
        "nodes": collected.nodes,
        "edges": collected.edges,
        "views": views,
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
    slides : show slide controls (arrow keys, buttons) instead of a single view.

    Returns
    -------
    The HTML text; it makes no network request.
    """
    title = title or (scenes[0].view.title if scenes else "")
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
