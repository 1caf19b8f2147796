"""Static exports of a view: SVG, PNG (300 dpi) and PDF drawn with matplotlib, and graph files (GEXF, GraphML for
Gephi; node-link JSON) with clean attributes.

The picture is a 1920x1080 slide (at 100 dpi; PNG written at 300 dpi): title, the network, the legend on the
right and the caption. Labels are placed with :func:`graph_service.network.placement.place` using matplotlib's own
text extents, so none overlaps another label, a node or the edge of the drawing; :func:`geometry` measures the
drawn picture for the geometric check. A compared view (date A beside date B) is drawn as two panels.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.text import Text

from graph_service.network import timeline
from graph_service.network.placement import Box, Disc, place
from visualisations.scene import Scene, format_date
from visualisations.style import (
    EDGE_STYLES,
    MARKERS,
    STATUS_STYLES,
    THEMES,
    label_px,
    radius_range,
    ui_text,
)

DPI = 300
WIDTH, HEIGHT, FIG_DPI = 1920, 1080, 100
TITLE_BAND, CAPTION_BAND, LEGEND_WIDTH, MARGIN = 90, 60, 460, 20
FONT = "DejaVu Sans"
#: Padding of the translucent backing behind a label, as a share of the font size.
LABEL_PAD = 0.12


def _marker_reach(marker: str) -> float:
    """Distance from the centre to the farthest point of a matplotlib marker, per point of marker size."""
    style = MarkerStyle(marker)
    vertices = style.get_transform().transform(style.get_path().vertices)
    return float(np.sqrt((vertices**2).sum(axis=1)).max())


@dataclass
class Panel:
    """One drawing area of a figure: the axes, its nodes as discs (axes px, y down) and the label texts."""

    ax: Any
    discs: dict[str, Disc] = field(default_factory=dict)
    texts: list[Text] = field(default_factory=list)
    placement_s: float = 0.0  # measuring the texts and placing them
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)  # the drawn edges


@dataclass
class Drawn:
    """A drawn figure and what the geometric check needs."""

    figure: Figure
    panels: list[Panel]
    legend: Any = None
    label_px: int = 0


def _to_px(
    scene: Scene, nodes: list[str], w: float, h: float, r_max: float, font: float
) -> dict[str, tuple[float, float]]:
    """Unit positions -> axes px (y down), fitted with room for the largest node and a label beside it."""
    xs = [scene.positions[n][0] for n in nodes]
    ys = [scene.positions[n][1] for n in nodes]
    pad_x, pad_y = r_max * 1.6 + max(0.05 * w, 3 * font), r_max * 1.6 + 2 * font
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    s = min((w - 2 * pad_x) / max(x1 - x0, 1e-9), (h - 2 * pad_y) / max(y1 - y0, 1e-9))
    if x1 - x0 < 1e-9 and y1 - y0 < 1e-9:
        s = 1.0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return {n: (w / 2 + (scene.positions[n][0] - cx) * s, h / 2 - (scene.positions[n][1] - cy) * s) for n in nodes}


def _edge_colour(data: dict[str, Any], colours: dict[str, str], with_status: bool) -> tuple[str, Any, float]:
    style = EDGE_STYLES[data["kind"]]
    status = data.get("status") if with_status else None
    if status in ("new", "ended"):
        st = STATUS_STYLES[status]
        return st["colour"], st["mpl_linestyle"], st["width"] * 1.4
    return colours["edge"], style.mpl_linestyle, style.width * 0.8


def _draw_edges(
    panel: Panel, scene: Scene, xy: dict[str, tuple[float, float]], edges: list, colours: dict, status: bool
) -> None:
    top = max((float(d.get("weight", 1)) for *_, d in edges), default=1.0)
    groups: dict[tuple[str, Any, float], list] = {}
    for a, b, d in edges:
        colour, pattern, width = _edge_colour(d, colours, status)
        if scene.aggregated:
            width = 1.5 + 10 * math.sqrt(float(d.get("weight", 1)) / top)
        groups.setdefault((colour, pattern, width), []).append((xy[a], xy[b]))
        panel.segments.append((*xy[a], *xy[b]))
    for (colour, pattern, width), segments in sorted(groups.items(), key=lambda g: (g[0][0], str(g[0][1]), g[0][2])):
        panel.ax.add_collection(
            LineCollection(
                segments, colors=colour, linewidths=width * 72 / FIG_DPI, linestyles=pattern, zorder=1, alpha=0.9
            )
        )


def _draw_nodes(
    panel: Panel, scene: Scene, xy: dict[str, tuple[float, float]], radius: dict[str, float], colours: dict
) -> None:
    highlight = set(scene.view.highlight) | {n for n in (scene.view.focus,) if n}
    highlight |= {n for n in scene.graph if scene.graph.nodes[n].get("member")}
    by_shape: dict[str, list[str]] = {}
    for node in sorted(scene.graph):
        by_shape.setdefault(scene.shapes[node], []).append(node)
    for shape, nodes in sorted(by_shape.items()):
        marker = MARKERS.get(shape, "o")
        reach = _marker_reach(marker)
        ring = [3.0 if n in highlight else 1.2 for n in nodes]
        panel.ax.scatter(
            [xy[n][0] for n in nodes],
            [xy[n][1] for n in nodes],
            s=[((radius[n] - w / 2) / reach * 72 / FIG_DPI) ** 2 for n, w in zip(nodes, ring, strict=True)],
            c=[scene.colours[n] for n in nodes],
            marker=marker,
            edgecolors=colours["text"],
            linewidths=[w * 72 / FIG_DPI for w in ring],
            zorder=2,
        )
        for n in nodes:
            panel.discs[n] = Disc(xy[n][0], xy[n][1], radius[n] + 0.5)


def _place_labels(panel: Panel, scene: Scene, w: float, h: float, font_px: int, colours: dict, renderer: Any) -> None:
    """Place the labels (most important first) and draw them as text on a translucent backing."""
    started = time.perf_counter()
    prop = FontProperties(family=FONT, size=font_px * 72 / FIG_DPI)
    pad = LABEL_PAD * font_px  # the backing's padding in px (boxstyle pad is a fraction of the font size)
    line_h = renderer.get_text_width_height_descent("Ägy", prop, ismath=False)[1] * 1.2
    advance: dict[str, float] = {}

    def width_of(line: str) -> float:  # sum of glyph advances (kerning only narrows): measured once per character
        for char in set(line) - advance.keys():
            advance[char] = renderer.get_text_width_height_descent(char, prop, ismath=False)[0]
        return sum(advance[c] for c in line)

    requests = []
    for node in scene.order:
        if node not in panel.discs:
            continue
        lines = scene.lines[node]
        width = max(width_of(line) for line in lines)
        requests.append((node, width + 2 * pad + 3, line_h * len(lines) + 2 * pad + 3))
    placement = place(requests, panel.discs, Box(0, 0, w, h), edges=panel.segments)
    boxes = placement.boxes
    panel.placement_s = time.perf_counter() - started
    if placement.leaders:
        panel.ax.add_collection(
            LineCollection(
                [((x0, y0), (x1, y1)) for x0, y0, x1, y1 in placement.leaders.values()],
                colors=colours["text"],
                linewidths=1.2 * 72 / FIG_DPI,
                zorder=3,
            )
        )
    backing = {
        "boxstyle": f"square,pad={LABEL_PAD}",
        "facecolor": colours["background"],
        "edgecolor": "none",
        "alpha": 0.8,
    }
    for node, box in boxes.items():
        panel.texts.append(
            panel.ax.text(
                box.x0 + pad + 1.5,
                box.y0 + pad + 1.5,
                "\n".join(scene.lines[node]),
                ha="left",
                va="top",
                fontproperties=prop,
                linespacing=1.2,
                color=colours["text"],
                zorder=3,
                bbox=backing,
            )
        )


def _panel(
    fig: Figure,
    scene: Scene,
    rect_px: tuple[float, float, float, float],
    edges: list,
    colours: dict,
    status: bool,
    font_px: int,
    renderer: Any,
) -> Panel:
    """Draw ``scene`` (nodes and the given edges) into the rectangle ``(left, top, width, height)`` of the figure."""
    left, top, w, h = rect_px
    ax = fig.add_axes((left / WIDTH, 1 - (top + h) / HEIGHT, w / WIDTH, h / HEIGHT))
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.set_axis_off()
    ax.set_facecolor(colours["background"])
    panel = Panel(ax)
    nodes = sorted(scene.graph)
    if not nodes:
        return panel
    r_min, r_max = radius_range(len(nodes), w * h, groups=scene.aggregated)
    radius = {n: r_min + (r_max - r_min) * scene.sizes[n] for n in nodes}
    xy = _to_px(scene, nodes, w, h, r_max, font_px)
    _draw_edges(panel, scene, xy, edges, colours, status)
    _draw_nodes(panel, scene, xy, radius, colours)
    _place_labels(panel, scene, w, h, round(font_px * (1.25 if scene.aggregated else 1)), colours, renderer)
    return panel


def _legend_handles(scene: Scene, colours: dict[str, str]) -> list[Any]:
    text = ui_text(scene.lang)
    handles: list[Any] = [Patch(visible=False, label=scene.colour_label)]
    for e in scene.legend:
        handles.append(
            Line2D(
                [],
                [],
                marker=MARKERS.get(e.shape, "o"),
                linestyle="",
                markersize=13,
                markerfacecolor=e.colour,
                markeredgecolor=colours["text"],
                label=f"{e.label} ({e.count})",
            )
        )
    if scene.shape_legend:
        handles.append(Patch(visible=False, label=text["shape"]))
        handles += [
            Line2D(
                [],
                [],
                marker=MARKERS.get(e.shape, "o"),
                linestyle="",
                markersize=13,
                markerfacecolor="none",
                markeredgecolor=colours["text"],
                label=e.label,
            )
            for e in scene.shape_legend
        ]
    handles += [
        Patch(visible=False, label=f"{text['size']}: {scene.size_label}"),
        Patch(visible=False, label=text["edges"]),
    ]
    for kind in scene.legend_edge_kinds():
        style = EDGE_STYLES[kind]
        handles.append(
            Line2D(
                [],
                [],
                color=colours["text"],
                linestyle=style.mpl_linestyle,
                linewidth=2.5,
                marker=">" if style.arrow else None,
                markersize=8,
                label=style.label(scene.lang),
            )
        )
    for status, label, count in scene.status_legend():
        st = STATUS_STYLES[status]
        handles.append(
            Line2D(
                [],
                [],
                color=st["colour"] or colours["edge"],
                linestyle=st["mpl_linestyle"],
                linewidth=3,
                label=f"{label} ({count})",
            )
        )
    return handles


def _legend(fig: Figure, scene: Scene, colours: dict[str, str], font_px: int, renderer: Any) -> Any:
    """The legend in the panel right of the drawing: one column if it fits, else smaller type, else two columns."""
    handles = _legend_handles(scene, colours)
    titles = {scene.colour_label, ui_text(scene.lang)["shape"], ui_text(scene.lang)["edges"]}
    room = (WIDTH - LEGEND_WIDTH, CAPTION_BAND, WIDTH - MARGIN / 2, HEIGHT - TITLE_BAND)
    legend = None
    for columns, factor in ((1, 0.9), (1, 0.8), (1, 0.7), (2, 0.7), (2, 0.6)):
        if legend is not None:
            legend.remove()
        legend = fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(room[0] / WIDTH, room[3] / HEIGHT),
            fontsize=font_px * factor * 72 / FIG_DPI,
            ncols=columns,
            frameon=True,
            facecolor=colours["panel"],
            edgecolor=colours["text"],
            labelcolor=colours["text"],
            handlelength=2.4,
            borderaxespad=0.0,
        )
        for item in legend.get_texts():
            if item.get_text() in titles:
                item.set_fontweight("bold")
        box = legend.get_window_extent(renderer)
        if box.x1 <= room[2] and box.y0 >= room[1]:
            break
    return legend


def render_figure(scene: Scene, *, theme: str = "light") -> Drawn:
    """A 1920x1080 matplotlib figure of ``scene`` with title, caption, legend and placed labels (no pyplot)."""
    colours = THEMES[theme]
    fig = Figure(figsize=(WIDTH / FIG_DPI, HEIGHT / FIG_DPI), dpi=FIG_DPI, facecolor=colours["background"])
    renderer = FigureCanvasAgg(fig).get_renderer()
    font_px = label_px(WIDTH, HEIGHT)
    area = (MARGIN, TITLE_BAND, WIDTH - LEGEND_WIDTH - 2 * MARGIN, HEIGHT - TITLE_BAND - CAPTION_BAND)
    edges = sorted(scene.graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("iri"))))
    panels = []
    if scene.compare is not None and scene.day is None:
        half = (area[2] - MARGIN) / 2
        before = [e for e in edges if timeline.valid_on(e[2], scene.compare.before)]
        after = [e for e in edges if e[2].get("status") in ("new", "continuing", "ended")]
        for i, (day, shown, status) in enumerate(
            ((scene.compare.before, before, False), (scene.compare.after, after, True))
        ):
            rect = (area[0] + i * (half + MARGIN), area[1] + 40, half, area[3] - 40)
            panels.append(_panel(fig, scene, rect, shown, colours, status, font_px, renderer))
            fig.text(
                (rect[0]) / WIDTH,
                1 - (area[1] + 30) / HEIGHT,
                ui_text(scene.lang)["state"].format(date=format_date(day, scene.lang)),
                fontsize=font_px * 1.1 * 72 / FIG_DPI,
                fontweight="bold",
                color=colours["text"],
            )
    else:
        panels.append(
            _panel(fig, scene, area, [e for e in edges], colours, scene.compare is not None, font_px, renderer)
        )
    fig.text(
        MARGIN / WIDTH,
        1 - 55 / HEIGHT,
        scene.title or " ",
        fontsize=34 * 72 / FIG_DPI,
        fontweight="bold",
        color=colours["text"],
    )
    if scene.view.caption:
        fig.text(
            MARGIN / WIDTH,
            20 / HEIGHT,
            scene.view.caption,
            fontsize=font_px * 1.1 * 72 / FIG_DPI,
            color=colours["text"],
        )
    legend = _legend(fig, scene, colours, font_px, renderer)
    return Drawn(fig, panels, legend, font_px)


def figure(scene: Scene, *, theme: str = "light") -> Figure:
    """A matplotlib figure of ``scene`` (see :func:`render_figure`)."""
    return render_figure(scene, theme=theme).figure


def geometry(drawn: Drawn) -> list[tuple[list[Box], list[Disc], Box]]:
    """Per panel, the drawn label extents, node discs and drawing area, all in display px (for the check)."""
    renderer = drawn.figure.canvas.get_renderer()
    drawn.figure.canvas.draw()
    out = []
    for panel in drawn.panels:
        to_display = panel.ax.transData
        boxes = []
        for text in panel.texts:
            patch = text.get_bbox_patch()
            e = patch.get_window_extent(renderer) if patch is not None else text.get_window_extent(renderer)
            e = e.union([e, text.get_window_extent(renderer)])
            boxes.append(Box(e.x0, e.y0, e.x1, e.y1))
        discs = []
        for disc in panel.discs.values():
            x, y = to_display.transform((disc.x, disc.y))
            discs.append(Disc(float(x), float(y), disc.r))
        a = panel.ax.get_window_extent(renderer)
        out.append((boxes, discs, Box(a.x0, a.y0, a.x1, a.y1)))
    return out


def draw(scene: Scene, path: Path, *, theme: str = "light") -> Path:
    """Write ``scene`` as SVG, PNG (300 dpi) or PDF, chosen by the suffix of ``path``.

    Raises
    ------
    ValueError : unsupported suffix.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"cannot draw .{fmt}: use .svg, .png or .pdf")
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "bildungsgraph", "pdf.fonttype": 42, "font.family": FONT}
    ):
        fig = figure(scene, theme=theme)
        fig.savefig(path, format=fmt, dpi=DPI, facecolor=fig.get_facecolor(), metadata={"Title": scene.title})
    return path


# -- graph files -------------------------------------------------------------------------------------------
def _clean(value: Any) -> str | int | float | bool | None:
    """A value GEXF/GraphML readers accept: lists joined with '; ', None dropped (returned as None)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):
        items = sorted(str(v) for v in value) if isinstance(value, set) else [str(v) for v in value]
        return "; ".join(items) if items else None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _clean_attrs(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        cleaned = _clean(value)
        if cleaned is not None:
            out[key] = cleaned
    return out


def export_graph(scene: Scene, *, clean: bool = True) -> nx.MultiGraph:
    """Copy of the scene's graph with metrics, community, colour and position as node attributes.

    Parameters
    ----------
    scene : the view.
    clean : make every attribute a string, number or boolean (for GEXF/GraphML); otherwise keep lists.
    """
    out = nx.MultiGraph(title=scene.title, caption=scene.view.caption, lang=scene.lang)
    for node in sorted(scene.graph):
        data = dict(scene.graph.nodes[node])
        data |= {name: round(values.get(node, 0.0), 6) for name, values in scene.metric_values.items()}
        data |= {
            "colour": scene.colours[node],
            "size": round(scene.sizes[node], 2),
            "articulation": node in scene.articulation,
            "x": scene.positions[node][0],
            "y": scene.positions[node][1],
        }
        out.add_node(node, **(_clean_attrs(data) if clean else data))
    for a, b, key, data in sorted(scene.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(a, b, key=key, **(_clean_attrs(data) if clean else data))
    return out


def _gexf_viz(graph: nx.MultiGraph, scale: float) -> None:
    for _, data in graph.nodes(data=True):
        colour = data["colour"].lstrip("#")
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        data["viz"] = {
            "position": {"x": data["x"] * scale, "y": data["y"] * scale, "z": 0.0},
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": data["size"],
        }


def write_graph(scene: Scene, path: Path) -> Path:
    """Write the view's graph as GEXF, GraphML or node-link JSON, chosen by the suffix of ``path``.

    Raises
    ------
    ValueError : unsupported suffix.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "gexf":
        graph = export_graph(scene)
        _gexf_viz(graph, 1000.0)
        nx.write_gexf(graph, path, version="1.2draft")
    elif fmt == "graphml":
        nx.write_graphml(export_graph(scene), path, named_key_ids=True)
    elif fmt == "json":
        data = nx.node_link_data(export_graph(scene, clean=False), edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    else:
        raise ValueError(f"cannot write a graph as .{fmt}: use .gexf, .graphml or .json")
    return path
