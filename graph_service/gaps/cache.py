"""The whole-store report, computed once per state of the store and language, for pages that show parts of it."""

from __future__ import annotations

import threading

from graph_service.core.settings import Settings
from graph_service.gaps.analyses import build_report
from graph_service.gaps.context import GapContext
from graph_service.gaps.expectations import load_expectations, load_size_classes
from graph_service.gaps.table import GapReport, GapTable
from graph_service.store.base import GraphInfo, GraphStore

_cache: dict[tuple[int, str], tuple[tuple[GraphInfo, ...], GapReport]] = {}
_lock = threading.Lock()


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
    """The report over the whole store, recomputed only when the graphs or their sizes changed."""
    key = tuple(sorted(store.graphs(), key=lambda info: str(info.iri)))
    with _lock:
        hit = _cache.get((id(store), lang))
        if hit is not None and hit[0] == key:
            return hit[1]
        report = build_report(store, context=context_for(store, settings, lang=lang))
        _cache[(id(store), lang)] = (key, report)
        return report


def area_counts(report: GapReport, ags: str) -> list[tuple[GapTable, int]]:
    """Tables with an area column and the number of their rows in the area ``ags`` (AGS prefix), if any."""
    counts = []
    for table in report.tables:
        if table.rows and "ags" in table.rows[0]:
            n = sum(1 for row in table.rows if str(row.get("ags", "")).startswith(ags))
            if n:
                counts.append((table, n))
    return counts
