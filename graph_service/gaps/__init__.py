"""Gap analysis: where the education landscape has holes (issue 7)."""

from graph_service.gaps.analyses import GapReport, GapTable, build_report

__all__ = ["GapReport", "GapTable", "build_report"]
