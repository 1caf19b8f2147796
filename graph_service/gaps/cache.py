"""Gap reports and tables kept per write generation of the store (``core.derived``), per area and language:
the first reader after a write pays, the others get the kept result."""

from __future__ import annotations

from graph_service.core.derived import derived, peek
from graph_service.core.settings import Settings
from graph_service.gaps.analyses import build_report, build_table
from graph_service.gaps.context import GapContext, Selects
from graph_service.gaps.expectations import load_expectations, load_size_classes
from graph_service.gaps.table import GapReport, GapTable
from graph_service.store.base import GraphStore


def context_for(store: Selects, settings: Settings, county: str | None = None, lang: str = "de") -> GapContext:
    """A report context with the thresholds and network expectations of ``settings``."""
    return GapContext(
        store,
        county,
        lang,
        low_ratio=settings.low_coverage_ratio,
        expectations=load_expectations(settings.gap_expectations_file),
        size_classes=load_size_classes(settings.gap_expectations_file),
    )


def cached_report(
    store: GraphStore, settings: Settings, lang: str = "de", county: str | None = None, *, reads: Selects | None = None
) -> GapReport:
    """The report of ``county`` (None: the whole store), computed once per write generation, area and language.

    ``reads``: where the analyses get their answers (e.g. :class:`SharedSelects` over ``store``, so that the
    reports in two languages run each query once)."""
    source = reads if reads is not None else store
    return derived(
        store,
        ("gap-report", county, lang, _knobs(settings)),
        lambda: build_report(store, context=context_for(source, settings, county, lang)),
    )


def cached_table(store: GraphStore, settings: Settings, table_id: str, county: str | None, lang: str) -> GapTable:
    """One table: taken from the cached report when it is there, else computed once per write generation."""
    report = peek(store, ("gap-report", county, lang, _knobs(settings)))
    if report is not None:
        return report.table(table_id)
    return derived(
        store,
        ("gap-table", table_id, county, lang, _knobs(settings)),
        lambda: build_table(context_for(store, settings, county, lang), table_id),
    )


def _knobs(settings: Settings) -> tuple[float, str]:
    """The settings a report depends on: part of every cache key."""
    return settings.low_coverage_ratio, str(settings.gap_expectations_file)


def area_counts(report: GapReport, ags: str) -> list[tuple[GapTable, int]]:
    """Tables with an area column and the number of their rows in the area ``ags`` (AGS prefix), if any."""
    counts = []
    for table in report.tables:
        if table.rows and "ags" in table.rows[0]:
            n = sum(1 for row in table.rows if str(row.get("ags", "")).startswith(ags))
            if n:
                counts.append((table, n))
    return counts
