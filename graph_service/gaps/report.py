"""Render a :class:`GapReport` as HTML (inline SVG chart, print CSS), CSV files and JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from markupsafe import Markup

from graph_service.core.settings import get_settings
from graph_service.core.templating import environment
from graph_service.gaps.chart import bar_chart_svg, heatmap_rows, heatmap_svg, offers_per_concept
from graph_service.gaps.table import GapReport, GapTable
from graph_service.gaps.texts import COLUMNS, SECTIONS, TABLE_TITLES, UI, lang_or_default

SECTION_ORDER = ("coverage", "transitions", "responsibilities", "network", "data-quality")
#: the HTML shows at most this many rows per table; the CSV and JSON have all
MAX_HTML_ROWS = 200


def render_html(
    report: GapReport,
    lang: str = "de",
    csv_links: dict[str, str] | None = None,
    *,
    low_ratio: float | None = None,
    site_header: bool = False,
) -> str:
    """The whole report as one self-contained HTML page (charts inline, no external file).

    ``csv_links``: table id -> URL of its CSV. ``site_header``: add the service's navigation (served pages)."""
    lang = lang_or_default(lang)
    ui = UI[lang]
    low_percent = round(100 * (low_ratio if low_ratio is not None else get_settings().low_coverage_ratio))
    sections = [
        {
            "id": key,
            "title": SECTIONS[lang][key][0],
            "text": SECTIONS[lang][key][1].format(low_percent=low_percent),
            "tables": [t for t in report.tables if t.section == key],
        }
        for key in SECTION_ORDER
    ]
    return (
        environment()
        .get_template("gaps/report.html")
        .render(
            lang=lang,
            ui=ui,
            county=report.county,
            sections=[s for s in sections if s["tables"]],
            titles=TABLE_TITLES[lang],
            columns=COLUMNS[lang],
            charts=_charts(report, ui),
            csv_links=csv_links or {},
            max_rows=MAX_HTML_ROWS,
            site_header=site_header,
        )
    )


def _charts(report: GapReport, ui: dict[str, str]) -> dict[str, dict[str, Markup | str]]:
    """Table id -> chart (caption, SVG) shown above that table."""
    tables = {t.id: t for t in report.tables}
    charts: dict[str, dict[str, Markup | str]] = {}
    life_phase = tables.get("coverage-life-phase")
    if life_phase is not None and life_phase.rows:
        names, _, total = heatmap_rows(life_phase)
        caption = ui["heatmap"]
        if len(names) < total:
            caption += " – " + ui["heatmap_subset"].format(n=len(names), total=total)
        charts["coverage-life-phase"] = {
            "id": "heatmap-life-phase",
            "caption": caption,
            "svg": Markup(heatmap_svg(life_phase, ui["per1000"])),
            "extra_id": "chart-life-phase",
            "extra_caption": ui["chart"],
            "extra_svg": Markup(bar_chart_svg(offers_per_concept(life_phase), ui["offers"])),
        }
    target_group = tables.get("coverage-target-group")
    if target_group is not None and target_group.rows:
        charts["coverage-target-group"] = {
            "id": "chart-target-group",
            "caption": ui["chart_target_group"],
            "svg": Markup(bar_chart_svg(offers_per_concept(target_group), ui["offers"])),
        }
    return charts


def csv_rows(table: GapTable, lang: str = "de") -> list[list[object]]:
    """Header (in ``lang``) and rows of a table; columns the table does not show (IRIs) come last."""
    names = COLUMNS[lang_or_default(lang)]
    extra = [c for c in (table.rows[0] if table.rows else {}) if c not in table.columns]
    header: list[object] = [names.get(c, c) for c in table.columns] + extra
    return [header] + [[row.get(c, "") for c in [*table.columns, *extra]] for row in table.rows]


def write_csv(table: GapTable, path: Path, lang: str = "de") -> None:
    """One table as a CSV file (UTF-8)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(csv_rows(table, lang))


def write_report(report: GapReport, out: Path, lang: str = "de", fmt: str = "html") -> list[Path]:
    """Write the report to ``out`` (HTML or JSON) and, for HTML, a CSV per table next to it. Returns all paths."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        return [out]
    written: list[Path] = []
    links: dict[str, str] = {}
    for table in report.tables:
        path = out.with_name(f"{out.stem}-{table.id}.csv")
        write_csv(table, path, lang)
        links[table.id] = path.name
        written.append(path)
    out.write_text(render_html(report, lang, links), encoding="utf-8")
    return [out, *written]
