"""Render a :class:`GapReport` as HTML (inline SVG chart, print CSS), CSV files and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from graph_service.core.settings import get_settings
from graph_service.core.templating import environment
from graph_service.gaps.chart import bar_chart_svg, heatmap_rows, heatmap_svg, offers_per_concept
from graph_service.gaps.summary import summarize
from graph_service.gaps.table import Cell, GapReport, GapTable
from graph_service.gaps.texts import COLUMNS, SECTIONS, TABLE_TITLES, UI, lang_or_default

SECTION_ORDER = ("coverage", "transitions", "responsibilities", "network", "data-quality")
#: the HTML shows at most this many rows per table; the CSV and JSON have all
MAX_HTML_ROWS = 200
#: label column -> column holding the IRI it links to (record pages and municipality pages)
LINKS = {
    "municipalityLabel": "municipality",
    "actorLabel": "actor",
    "kitaLabel": "kita",
    "schoolLabel": "school",
    "itemLabel": "item",
    "agentLabel": "agent",
    "responsibilityLabel": "responsibility",
    "networkLabel": "network",
    "aLabel": "a",
    "bLabel": "b",
    "areaLabel": "region",
    "conceptLabel": "concept",
    "typeLabel": "type",
    "lifePhaseLabel": "lifePhase",
}
#: CSV dialects: German Excel (BOM, semicolon, decimal comma) and plain RFC 4180 (comma, decimal point)
CSV_DIALECTS = ("excel-de", "rfc4180")
#: a cell starting with one of these is read as a formula by spreadsheet programs
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def page_link(base_iri: str) -> Callable[[str], str]:
    """Links for pages served by the service: our IRIs by their /id/ path, any other IRI via /resource?iri=."""

    def link(iri: str) -> str:
        if iri.startswith(base_iri):
            return "/id/" + iri.removeprefix(base_iri)
        return "/resource?iri=" + quote(iri, safe="")

    return link


def iri_link(iri: str) -> str:
    """Links for a report file opened on its own: the IRI itself (resolvable once the data are published)."""
    return iri


def render_html(
    report: GapReport,
    lang: str = "de",
    csv_links: dict[str, str] | None = None,
    *,
    low_ratio: float | None = None,
    site_header: bool = False,
    link: Callable[[str], str] = iri_link,
) -> str:
    """The whole report as one self-contained HTML page (charts inline, no external file).

    ``csv_links``: table id -> URL of its CSV. ``site_header``: add the service's navigation (served pages).
    ``link``: IRI -> URL of its page; labels of records and municipalities link there."""
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
            name=report.name,
            summary=summarize(report, lang),
            municipalities=_municipality_count(report),
            links=LINKS,
            link=link,
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


def _municipality_count(report: GapReport) -> int:
    for table in report.tables:
        if table.id == "coverage-life-phase":
            return len({row.get("ags") for row in table.rows})
    return 0


def csv_rows(table: GapTable, lang: str = "de") -> list[list[Cell]]:
    """Header (in ``lang``) and rows of a table; columns the table does not show (IRIs) come last."""
    names, ui = COLUMNS[lang_or_default(lang)], UI[lang_or_default(lang)]
    extra = [c for c in (table.rows[0] if table.rows else {}) if c not in table.columns]
    header: list[Cell] = [names.get(c, c) for c in table.columns] + extra
    body = [[row.get(c, "") for c in [*table.columns, *extra]] for row in table.rows]
    if "flag" in table.columns:  # the flag in words, as on the page
        index = table.columns.index("flag")
        for values in body:
            values[index] = ui.get(str(values[index]), values[index]) if values[index] else ""
    return [header, *body]


def default_dialect(lang: str) -> str:
    """``excel-de`` for German, ``rfc4180`` for English."""
    return "rfc4180" if lang == "en" else "excel-de"


def csv_cell(value: Cell, dialect: str) -> str:
    """One cell as text: decimal comma for German Excel, and a leading ' for text a spreadsheet would run as a
    formula (starting with = + - @ TAB CR)."""
    if isinstance(value, float):
        text = repr(value) if dialect == "rfc4180" else repr(value).replace(".", ",")
        return text
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(table: GapTable, lang: str = "de", dialect: str | None = None) -> str:
    """The table as CSV text in ``dialect`` (default by language); ``excel-de`` starts with a BOM and uses ``;``."""
    dialect = dialect or default_dialect(lang)
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; known: {', '.join(CSV_DIALECTS)}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "excel-de" else ",", lineterminator="\r\n")
    writer.writerows([[csv_cell(v, dialect) for v in row] for row in csv_rows(table, lang)])
    return ("\ufeff" if dialect == "excel-de" else "") + buffer.getvalue()


def write_csv(table: GapTable, path: Path, lang: str = "de", dialect: str | None = None) -> None:
    """One table as a CSV file (see :func:`csv_text`)."""
    path.write_text(csv_text(table, lang, dialect), encoding="utf-8", newline="")


def write_report(
    report: GapReport, out: Path, lang: str = "de", fmt: str = "html", dialect: str | None = None
) -> list[Path]:
    """Write the report to ``out`` (HTML or JSON) and, for HTML, a CSV per table next to it. Returns all paths."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        return [out]
    written: list[Path] = []
    links: dict[str, str] = {}
    for table in report.tables:
        path = out.with_name(f"{out.stem}-{table.id}.csv")
        write_csv(table, path, lang, dialect)
        links[table.id] = path.name
        written.append(path)
    out.write_text(render_html(report, lang, links), encoding="utf-8")
    return [out, *written]
