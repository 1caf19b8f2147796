"""Gap analysis: where the education landscape has holes (issue 7)."""

from graph_service.gaps.analyses import ANALYSES, TABLE_IDS, build_report, build_table
from graph_service.gaps.context import GapContext
from graph_service.gaps.table import GapReport, GapTable

__all__ = ["ANALYSES", "TABLE_IDS", "GapContext", "GapReport", "GapTable", "build_report", "build_table"]
