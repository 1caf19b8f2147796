"""The Bildungslandkarte as a static PNG or PDF for reports: the same data as the page (``map_data``), drawn with
matplotlib (a plain ``Figure``, no pyplot state), with title, legend and the BKG attribution.

Actors without their own coordinates sit at their municipality's point; here they are spread on a small
sunflower spiral around it (the page clusters them instead), so each keeps its colour and none hides another.
"""

from __future__ import annotations

import io
import math
import textwrap
from datetime import date
from typing import Any

from matplotlib import patheffects, rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from shapely.geometry import shape
from shapely.geometry.polygon import orient

from graph_service.gaps.map_data import LOW_OUTLINE

FORMATS = {"png": "image/png", "pdf": "application/pdf"}
HATCH_COLOUR = "#9a9a9a"
NO_DATA_FILL = "#f4f4f4"
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
TEXTS = {
    "de": {"title": "Bildungslandkarte", "actors": "Akteure", "more": "weitere", "source": "Quelle", "date": "Stand"},
    "en": {"title": "Education map", "actors": "Actors", "more": "more", "source": "Source", "date": "As of"},
}


def export_map(data: dict[str, Any], fmt: str, lang: str) -> bytes:
    """``data`` (from :func:`graph_service.gaps.map_data.map_data`) drawn as ``fmt`` (png or pdf)."""
    texts = TEXTS.get(lang, TEXTS["de"])
    fig = map_figure(data, lang)
    buffer = io.BytesIO()
    with rc_context({"hatch.linewidth": 0.6}):
        fig.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else None, metadata=_metadata(fmt, data, texts))
    return buffer.getvalue()


def map_figure(data: dict[str, Any], lang: str) -> Figure:
    """The map as an A4 landscape figure: title, what is shown, map, legends, source line."""
    texts = TEXTS.get(lang, TEXTS["de"])
    fig = Figure(figsize=(11.69, 8.27))  # A4 landscape
    ax = fig.add_axes((0.02, 0.08, 0.66, 0.8))
    _draw_municipalities(ax, data["municipalities"]["features"])
    if data.get("outline"):
        _draw_outline(ax, data["outline"])
    _draw_actors(ax, data["actors"]["features"])
    _frame(ax, data.get("bounds"))
    fig.text(0.02, 0.95, f"{texts['title']} {data.get('name') or data['area']}", fontsize=17, weight="bold")
    fig.text(0.02, 0.915, data["selectionTitle"], fontsize=11, color="#333333")
    _legend(fig, data, texts)
    licence = data["licence"]
    fig.text(
        0.02,
        0.03,
        f"{texts['source']}: {data['attribution']}, {licence['title']} ({licence['url']}) · bildungsgraph · "
        f"{texts['date']}: {date.today().isoformat()}",
        fontsize=8,
        color="#333333",
    )
    return fig


def _metadata(fmt: str, data: dict[str, Any], texts: dict[str, str]) -> dict[str, str]:
    title = f"{texts['title']} {data.get('name') or data['area']}"
    return {"Title": title} if fmt == "pdf" else {"Title": title, "Copyright": data["attribution"]}


def _paths(geometry: dict[str, Any]) -> Path:
    """A compound path of all rings (exteriors counter-clockwise, holes clockwise, so holes stay empty)."""
    geom = shape(geometry)
    polygons = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    rings = []
    for polygon in polygons:
        polygon = orient(polygon, 1.0)
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)
            codes = [Path.MOVETO] + [Path.LINETO] * (len(coords) - 2) + [Path.CLOSEPOLY]
            rings.append(Path(coords, codes))
    return Path.make_compound_path(*rings)


def _draw_municipalities(ax: Any, features: list[dict[str, Any]]) -> None:
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    for feature in features:
        props, geometry = feature["properties"], feature["geometry"]
        if geometry is None:
            continue
        if geometry["type"] == "Point":
            x, y = geometry["coordinates"]
            ax.scatter(
                [x], [y], s=160, c=props["colour"], edgecolors="#555555", hatch="///" if props["hatched"] else None
            )
            anchor = (x, y)
        else:
            low = props["flag"] == "low"
            patch = PathPatch(
                _paths(geometry),
                facecolor=NO_DATA_FILL if props["hatched"] else props["colour"],
                edgecolor=LOW_OUTLINE if low else (HATCH_COLOUR if props["hatched"] else "white"),
                linewidth=2.0 if low else 0.7,
                hatch="////" if props["hatched"] else None,
            )
            ax.add_patch(patch)
            if props["hatched"]:  # the hatch takes the edge colour: draw the border white on top
                ax.add_patch(PathPatch(_paths(geometry), facecolor="none", edgecolor="white", linewidth=0.7))
            point = shape(geometry).representative_point()
            anchor = (point.x, point.y)
        ax.annotate(
            props["name"].split(",")[0],
            anchor,
            xytext=(0, -9),
            textcoords="offset points",
            ha="center",
            fontsize=6.5,
            color="#222222",
            path_effects=halo,
            zorder=6,
        )


def _draw_outline(ax: Any, outline: dict[str, Any]) -> None:
    ax.add_patch(PathPatch(_paths(outline), facecolor="none", edgecolor="#222222", linewidth=1.4, zorder=4))


def _draw_actors(ax: Any, features: list[dict[str, Any]]) -> None:
    """Points in their colour; those sharing a place (at their municipality) on a sunflower spiral around it."""
    by_place: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for feature in features:
        by_place.setdefault(tuple(feature["geometry"]["coordinates"]), []).append(feature)  # type: ignore[arg-type]
    xs, ys, colours = [], [], []
    for (x, y), group in by_place.items():
        group.sort(key=lambda f: (f["properties"]["colour"], f["properties"]["name"]))
        for i, feature in enumerate(group):
            radius = 0.0035 * math.sqrt(i) if len(group) > 1 else 0.0
            xs.append(x + radius * math.cos(i * _GOLDEN_ANGLE) / math.cos(math.radians(y)))
            ys.append(y + radius * math.sin(i * _GOLDEN_ANGLE))
            colours.append(feature["properties"]["colour"])
    ax.scatter(xs, ys, s=22, c=colours, edgecolors="#1b1b1b", linewidths=0.5, zorder=5)


def _frame(ax: Any, bounds: list[float] | None) -> None:
    """Equal distances in both directions at the area's latitude; no axes."""
    if bounds:
        west, south, east, north = bounds
        pad_x, pad_y = (east - west) * 0.03, (north - south) * 0.03
        ax.set_xlim(west - pad_x, east + pad_x)
        ax.set_ylim(south - pad_y, north + pad_y)
        ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()


def _legend(fig: Figure, data: dict[str, Any], texts: dict[str, str]) -> None:
    handles = []
    for entry in data["legend"]:
        if entry["kind"] == "low":
            handles.append(Patch(facecolor="white", edgecolor=LOW_OUTLINE, linewidth=2, label=entry["label"]))
        else:
            hatched = entry["kind"] == "no-data"
            handles.append(
                Patch(
                    facecolor=NO_DATA_FILL if hatched else entry["colour"],
                    edgecolor=HATCH_COLOUR if hatched else "#777777",
                    hatch="////" if hatched else None,
                    label=entry["label"],
                )
            )
    first = fig.legend(
        handles=handles,
        title=data.get("measureTitle") or "",
        loc="upper left",
        bbox_to_anchor=(0.7, 0.88),
        frameon=False,
        fontsize=9,
        title_fontsize=10,
        alignment="left",
    )
    fig.add_artist(first)
    actors = data["actorLegend"]
    shown = actors[:14]
    markers = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=6,
            markerfacecolor=a["colour"],
            markeredgecolor="#1b1b1b",
            label=textwrap.fill(f"{a['label']} ({a['count']})", 44),
        )
        for a in shown
    ]
    if len(actors) > len(shown):
        rest = sum(a["count"] for a in actors[len(shown) :])
        markers.append(Line2D([], [], linestyle="", label=f"… {len(actors) - len(shown)} {texts['more']} ({rest})"))
    if markers:
        fig.legend(
            handles=markers,
            title=texts["actors"],
            loc="upper left",
            bbox_to_anchor=(0.7, 0.5),
            frameon=False,
            fontsize=8,
            title_fontsize=9,
            alignment="left",
        )
