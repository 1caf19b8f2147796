"""Smoke test of scripts.bench_endpoint: a tiny landscape, our service only, two concurrent clients, a few queries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ("gap-coverage-life-phase", "gap-offers-without-responsible", "cq-17-counties")


def _table(text: str, header_start: str) -> list[list[str]]:
    """Body rows (cells) of the markdown table whose header starts with ``header_start``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _number(cell: str) -> float:
    return float(cell.split()[0].replace(",", ""))


@pytest.mark.slow
def test_tiny_run_prints_positive_figures(tmp_path: Path) -> None:
    out = tmp_path / "endpoint.md"
    args = ["--sizes", "2000", "--configs", "ours,ours-nocache", "--clients", "2", "--queries", ",".join(QUERIES)]
    args += ["--lookups", "3", "--repeat", "2", "--window", "1", "--timeout", "20"]
    args += ["--cache", str(tmp_path / "cache"), "--out", str(out)]
    run = subprocess.run(
        [sys.executable, "-m", "scripts.bench_endpoint", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = _table(run.stdout, "| configuration | load s")
    assert _table(out.read_text(encoding="utf-8"), "| configuration | load s") == summary
    assert [row[0] for row in summary] == ["ours", "ours-nocache"]
    assert all(_number(cell) > 0 for row in summary for cell in row[1:]), summary

    throughput = _table(run.stdout, "| configuration | workload")
    assert [row[1] for row in throughput] == ["gap", "mix", "gap", "mix"]
    assert all(_number(cell) > 0 for row in throughput for cell in row[2:]), throughput

    per_query = {row[0]: row for row in _table(run.stdout, "| query | rows")}
    assert set(per_query) == set(QUERIES)
    assert _number(per_query["gap-coverage-life-phase"][1]) > 0  # one row per region and life phase
    assert all(_number(row[3]) > 0 and _number(row[4]) > 0 for row in per_query.values())
    assert all(row[2] == "yes" for row in per_query.values()), per_query  # cached rows = evaluated rows


def test_goals_are_not_claimed_without_gap_queries() -> None:
    from scripts.bench_endpoint import Call, Result, goals

    ours = Result("ours", latency={"cq-17-counties": [2.0]}, peak_rss_mib=300.0)
    lines = goals("1000000", [ours], [Call("cq-17-counties", "cq", "SELECT * {}")], [1])
    assert lines == ["Goals: not checked, the workload has no gap queries."]
    assert not any("nan" in line for line in lines)
