"""Offline bar chart (matplotlib, Agg backend) rendered to an inline SVG string."""

from __future__ import annotations

import io
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from graph_service.gaps.analyses import GapTable


def offers_per_concept(table: GapTable) -> dict[str, int]:
    """Sum of ``offers`` per ``conceptLabel`` over all municipalities of a coverage table."""
    totals: dict[str, int] = defaultdict(int)
    for row in table.rows:
        totals[str(row["conceptLabel"])] += int(row["offers"] or 0)
    return dict(sorted(totals.items()))


def bar_chart_svg(values: dict[str, int], xlabel: str) -> str:
    """A horizontal bar chart as an ``<svg>`` element (no XML declaration; the title goes in a figcaption)."""
    labels = list(values)
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(labels), 2) + 1))
    ax.barh(labels, list(values.values()), color="#2a6f97")
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
