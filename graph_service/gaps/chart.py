"""Offline charts rendered to inline SVG strings: bars and the coverage heatmap.

Figures are plain ``matplotlib.figure.Figure`` objects (no pyplot state), so concurrent requests of the service
cannot draw into each other's figures and nothing needs closing."""

from __future__ import annotations

import io
from collections import defaultdict

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from graph_service.gaps.table import GapTable

#: the heatmap shows at most this many municipalities (those with the most zero or low cells)
HEATMAP_MAX_ROWS = 40


def offers_per_concept(table: GapTable) -> dict[str, int]:
    """Sum of ``offers`` per ``conceptLabel`` over all municipalities of a coverage table (table order kept)."""
    totals: dict[str, int] = defaultdict(int)
    for row in table.rows:
        totals[str(row["conceptLabel"])] += int(row["offers"] or 0)
    return dict(totals)


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def bar_chart_svg(values: dict[str, int], xlabel: str) -> str:
    """A horizontal bar chart as an ``<svg>`` element (no XML declaration; the title goes in a figcaption)."""
    labels = list(values)
    fig = Figure(figsize=(7, 0.45 * max(len(labels), 2) + 1))
    ax = fig.subplots()
    ax.barh(labels, list(values.values()), color="#2a6f97")
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return _svg(fig)


def heatmap_rows(table: GapTable, limit: int = HEATMAP_MAX_ROWS) -> tuple[list[str], list[str], int]:
    """Municipalities (at most ``limit``, most zero/low cells first, then by name), concepts, total municipalities."""
    gaps: dict[str, int] = defaultdict(int)
    for row in table.rows:
        gaps[str(row["municipalityLabel"] or row["municipality"])] += row.get("flag") in ("zero", "low")
    names = sorted(gaps, key=lambda name: (-gaps[name], name))[:limit]
    concepts = list(dict.fromkeys(str(row["conceptLabel"]) for row in table.rows))
    return sorted(names), concepts, len(gaps)


def _offer_counts(table: GapTable, index: dict[str, int]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in table.rows:
        name = str(row["municipalityLabel"] or row["municipality"])
        if name in index:
            counts[(name, str(row["conceptLabel"]))] = int(row.get("offers") or 0)
    return counts


def heatmap_svg(table: GapTable, colorbar_label: str, limit: int = HEATMAP_MAX_ROWS) -> str:
    """Coverage matrix (municipality × concept) as an SVG heatmap: colour = rate per 1,000 inhabitants, number =
    offers; zero cells white with a red 0, low cells outlined in orange, so a grey-scale print stays readable."""
    names, concepts, _ = heatmap_rows(table, limit)
    index = {name: i for i, name in enumerate(names)}
    column = {concept: j for j, concept in enumerate(concepts)}
    values = np.full((len(names), len(concepts)), np.nan)
    flags: dict[tuple[int, int], str] = {}
    for row in table.rows:
        i = index.get(str(row["municipalityLabel"] or row["municipality"]))
        if i is None:
            continue
        j = column[str(row["conceptLabel"])]
        rate = row.get("per1000")
        values[i, j] = float(rate) if isinstance(rate, int | float) and row.get("offers") else np.nan
        flags[(i, j)] = str(row.get("flag", ""))
    width = max(6.0, 0.9 * len(concepts) + 3.5)
    fig = Figure(figsize=(width, 0.32 * max(len(names), 3) + 2.2))
    ax = fig.subplots()
    image = ax.imshow(np.ma.masked_invalid(values), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(concepts)), concepts, rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    offers = {(index[n], column[c]): v for (n, c), v in _offer_counts(table, index).items()}
    top = np.nanmax(values) if not np.all(np.isnan(values)) else 0.0
    for (i, j), flag in flags.items():
        if flag == "zero":
            ax.text(j, i, "0", ha="center", va="center", fontsize=8, fontweight="bold", color="#b3261e")
        else:
            dark = values[i, j] > top * 0.6
            ax.text(
                j,
                i,
                str(offers.get((i, j), "")),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if dark else "black",
            )
        if flag == "low":
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#c77700", linewidth=2))
    fig.colorbar(image, ax=ax, label=colorbar_label, shrink=0.8)
    fig.tight_layout()
    return _svg(fig)
