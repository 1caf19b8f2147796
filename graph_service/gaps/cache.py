"""The whole-store report, computed once per state of the store and language, for pages that show parts of it."""

from __future__ import annotations

from graph_service.core.derived import derived
from graph_service.core.settings import Settings
from graph_service.gaps.analyses import build_report
from graph_service.gaps.context import GapContext
from graph_service.gaps.expectations import load_expectations, load_size_classes
from graph_service.gaps.table import GapReport, GapTable
from graph_service.store.base import GraphStore


def context_for(store: GraphStore, settings: Settings, county: str | None = None, lang: str = "de") -> GapContext:
    """A report context with the thresholds and network expectations of ``settings``."""
    return GapContext(
        store,
        county,
        lang,
        low_ratio=settings.low_coverage_ratio,
        expectations=load_expectations(settings.gap_expectations_file),
        size_classes=load_size_classes(settings.gap_expectations_file),
    )


def cached_report(store: GraphStore, settings: Settings, lang: str = "de") -> GapReport:
    """The report over the whole store, computed once per write generation and language."""
    return derived(
        store, ("gap-report", lang), lambda: build_report(store, context=context_for(store, settings, lang=lang))
    )


def area_counts(report: GapReport, ags: str) -> list[tuple[GapTable, int]]:
    """Tables with an area column and the number of their rows in the area ``ags`` (AGS prefix), if any."""
    counts = []
    for table in report.tables:
        if table.rows and "ags" in table.rows[0]:
            n = sum(1 for row in table.rows if str(row.get("ags", "")).startswith(ags))
            if n:
                counts.append((table, n))
    return counts
