"""Static exports of a view: SVG, PNG (300 dpi) and PDF drawn with matplotlib at the stored positions, with
title, caption and legend; and graph files (GEXF, GraphML for Gephi; node-link JSON) with clean attributes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from visualisations.scene import Scene
from visualisations.style import EDGE_STYLES, THEMES

DPI = 300
LABELS_ALL_UP_TO = 80
LABELS_TOP = 30


# -- pictures ----------------------------------------------------------------------------------------------
def _marker_scale(n: int) -> float:
    return max(0.12, min(0.9, 0.9 * math.sqrt(50 / max(n, 1))))


def _draw_edges(ax: Any, scene: Scene, colours: dict[str, str]) -> None:
    pos = scene.positions
    for kind in scene.edge_kinds:
        style = EDGE_STYLES[kind]
        pairs = [
            (d.get("source", a), d.get("target", b)) for a, b, d in scene.graph.edges(data=True) if d["kind"] == kind
        ]
        segments = [(pos[a], pos[b]) for a, b in pairs]
        ax.add_collection(
            LineCollection(
                segments,
                colors=colours["edge"],
                linewidths=style.width * 0.6,
                linestyles=style.mpl_linestyle,
                zorder=1,
                alpha=0.85,
            )
        )
        if style.arrow and len(pairs) <= 2_000:
            for a, b in pairs:
                (x0, y0), (x1, y1) = pos[a], pos[b]
                head = (x0 + 0.8 * (x1 - x0), y0 + 0.8 * (y1 - y0))
                tail = (x0 + 0.7 * (x1 - x0), y0 + 0.7 * (y1 - y0))
                ax.annotate(
                    "",
                    xy=head,
                    xytext=tail,
                    zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": colours["edge"], "lw": 0.8},
                )


def _label_nodes(scene: Scene) -> list[str]:
    nodes = sorted(scene.graph)
    if len(nodes) <= LABELS_ALL_UP_TO:
        return nodes
    ranked = sorted(nodes, key=lambda n: (-scene.sizes[n], n))[:LABELS_TOP]
    return sorted(set(ranked) | set(scene.view.highlight) & set(nodes))


def _draw_nodes(ax: Any, scene: Scene, colours: dict[str, str]) -> None:
    nodes = sorted(scene.graph)
    if not nodes:
        return
    k = _marker_scale(len(nodes))
    highlight = set(scene.view.highlight) | ({scene.view.focus} if scene.view.focus else set())
    ax.scatter(
        [scene.positions[n][0] for n in nodes],
        [scene.positions[n][1] for n in nodes],
        s=[(scene.sizes[n] * k) ** 2 for n in nodes],
        c=[scene.colours[n] for n in nodes],
        marker="o",
        edgecolors=[colours["text"] if n in highlight else colours["background"] for n in nodes],
        linewidths=[3.0 if n in highlight else 0.8 for n in nodes],
        zorder=2,
    )
    backing = {"boxstyle": "round,pad=0.15", "facecolor": colours["background"], "edgecolor": "none", "alpha": 0.75}
    for n in _label_nodes(scene):
        x, y = scene.positions[n]
        ax.annotate(
            str(scene.graph.nodes[n].get("label", n)),
            (x, y),
            xytext=(0, scene.sizes[n] * k * 0.6 + 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9,
            color=colours["text"],
            bbox=backing,
            zorder=3,
        )


def _legend(fig: Figure, scene: Scene, colours: dict[str, str]) -> None:
    handles: list[Any] = [Patch(visible=False, label=scene.colour_label)]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=11,
            markerfacecolor=e.colour,
            markeredgecolor=colours["text"],
            label=f"{e.label} ({e.count})",
        )
        for e in scene.legend
    ]
    if scene.edge_kinds:
        handles.append(Patch(visible=False, label=" "))
    for kind in scene.edge_kinds:
        style = EDGE_STYLES[kind]
        handles.append(
            Line2D(
                [],
                [],
                color=colours["text"],
                linestyle=style.mpl_linestyle,
                linewidth=2,
                marker=">" if style.arrow else None,
                markersize=7,
                label=style.label(scene.lang),
            )
        )
    handles += [Patch(visible=False, label=" "), Patch(visible=False, label=f"○ {scene.size_label}")]
    legend = fig.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(0.995, 0.93),
        fontsize=11,
        frameon=True,
        facecolor=colours["panel"],
        edgecolor=colours["text"],
        labelcolor=colours["text"],
    )
    legend.get_texts()[0].set_fontweight("bold")


def figure(scene: Scene, *, theme: str = "light") -> Figure:
    """A matplotlib figure of ``scene`` with title, caption and legend (no pyplot state, thread-safe)."""
    colours = THEMES[theme]
    fig = Figure(figsize=(16, 10), facecolor=colours["background"])
    ax = fig.add_axes((0.01, 0.05, 0.72, 0.86))
    ax.set_facecolor(colours["background"])
    ax.set_axis_off()
    _draw_edges(ax, scene, colours)
    _draw_nodes(ax, scene, colours)
    ax.autoscale_view()
    ax.margins(0.06)
    ax.set_aspect("equal", adjustable="datalim")
    fig.suptitle(scene.title or " ", x=0.01, y=0.975, ha="left", fontsize=22, fontweight="bold", color=colours["text"])
    if scene.view.caption:
        fig.text(0.01, 0.015, scene.view.caption, fontsize=13, color=colours["text"])
    _legend(fig, scene, colours)
    return fig


def draw(scene: Scene, path: Path, *, theme: str = "light") -> Path:
    """Write ``scene`` as SVG, PNG (300 dpi) or PDF, chosen by the suffix of ``path``.

    Raises
    ------
    ValueError : unsupported suffix.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"cannot draw .{fmt}: use .svg, .png or .pdf")
    metadata = {"Title": scene.title} if fmt in ("svg", "pdf", "png") else None
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "bildungsgraph", "pdf.fonttype": 42}):
        fig = figure(scene, theme=theme)
        fig.savefig(path, format=fmt, dpi=DPI, facecolor=fig.get_facecolor(), metadata=metadata)
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
