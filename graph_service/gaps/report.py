"""Render a :class:`GapReport` as HTML (inline SVG chart, print CSS), CSV files and JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from graph_service.gaps.analyses import GapReport, GapTable
from graph_service.gaps.chart import bar_chart_svg, offers_per_concept
from graph_service.gaps.texts import COLUMNS, SECTIONS, TABLE_TITLES, UI, lang_or_default

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "gaps"
SECTION_ORDER = ("coverage", "transitions", "responsibilities", "network")


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render_html(report: GapReport, lang: str = "de", csv_links: dict[str, str] | None = None) -> str:
    """The whole report as one self-contained HTML page."""
    lang = lang_or_default(lang)
    ui = UI[lang]
    chart = bar_chart_svg(offers_per_concept(report.table("coverage-life-phase")), ui["offers"])
    sections = [
        {
            "id": key,
            "title": SECTIONS[lang][key][0],
            "text": SECTIONS[lang][key][1],
            "tables": [t for t in report.tables if t.section == key],
        }
        for key in SECTION_ORDER
    ]
    return (
        _environment()
        .get_template("report.html")
        .render(
            lang=lang,
            ui=ui,
            county=report.county,
            sections=sections,
            titles=TABLE_TITLES[lang],
            columns=COLUMNS[lang],
            chart=Markup(chart),
            csv_links=csv_links or {},
        )
    )


def write_csv(table: GapTable, path: Path, lang: str = "de") -> None:
    """One table as CSV (UTF-8, header in ``lang``; IRIs of the row kept in extra columns)."""
    names = COLUMNS[lang_or_default(lang)]
    extra = [c for c in (table.rows[0] if table.rows else {}) if c not in table.columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([names.get(c, c) for c in table.columns] + extra)
        for row in table.rows:
            writer.writerow([row.get(c, "") for c in [*table.columns, *extra]])


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
