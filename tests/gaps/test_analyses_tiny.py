"""Each analysis on the tiny hand-made graph (tests/resources/gaps/tiny.trig) with its known gaps."""

from __future__ import annotations

import pytest

from graph_service.gaps import GapReport, build_report
from graph_service.gaps.analyses import flag_low
from graph_service.queries import list_queries


@pytest.fixture
def report(tiny_store) -> GapReport:
    return build_report(tiny_store)


def _cells(report: GapReport, table_id: str) -> list[list[object]]:
    table = report.table(table_id)
    return [[row.get(c) for c in table.columns] for row in table.rows]


def test_gap_queries_have_bilingual_headers() -> None:
    ids = {q.id for q in list_queries("gap-")}
    assert {"gap-coverage-life-phase", "gap-kita-without-transition", "gap-isolated-actors"} <= ids


def test_coverage_life_phase_lists_zero_cells_and_rate(report: GapReport) -> None:
    assert _cells(report, "coverage-life-phase") == [
        ["Adorf", "09999001", "Frühkindliche Bildung", 2, 2000, 1.0, ""],
        ["Adorf", "09999001", "Weiterbildung", 1, 2000, 0.5, ""],
        ["Bedorf", "09999002", "Frühkindliche Bildung", 1, 500, 2.0, ""],
        ["Bedorf", "09999002", "Weiterbildung", 0, 500, 0.0, "zero"],
    ]


def test_coverage_target_group(report: GapReport) -> None:
    assert _cells(report, "coverage-target-group") == [
        ["Adorf", "09999001", "Eltern und Familien", 2, 2000, 1.0, ""],
        ["Adorf", "09999001", "Neuzugewanderte", 2, 2000, 1.0, ""],
        ["Bedorf", "09999002", "Eltern und Familien", 0, 500, 0.0, "zero"],
        ["Bedorf", "09999002", "Neuzugewanderte", 0, 500, 0.0, "zero"],
    ]


def test_municipalities_without_actor_type(report: GapReport) -> None:
    assert _cells(report, "missing-actor-types") == [
        ["Bedorf", "09999002", "Bibliothek"],
        ["Bedorf", "09999002", "Grundschule"],
        ["Bedorf", "09999002", "Volkshochschule"],
    ]


def test_kitas_without_primary_school_cooperation(report: GapReport) -> None:
    assert _cells(report, "kita-without-transition") == [
        ["Adorf", "09999001", "Kita Mond"],
        ["Bedorf", "09999002", "Kita Stern"],
    ]


def test_responsibilities(report: GapReport) -> None:
    assert _cells(report, "responsibility-without-legal-basis") == [["Koordinierung", "Träger e.V."]]
    assert _cells(report, "actors-without-responsibility") == [
        ["Adorf", "09999001", "Kita Mond", "Kita"],
        ["Bedorf", "09999002", "Kita Stern", "Kita"],
    ]


def test_network_structure(report: GapReport) -> None:
    # "Nicht im Beispiel" is isolated too but comes from a graph outside the example sheets.
    assert _cells(report, "isolated-actors") == [
        ["Adorf", "09999001", "Kita Mond"],
        ["Bedorf", "09999002", "Kita Stern"],
        ["Adorf", "09999001", "Träger e.V."],
    ]
    assert _cells(report, "articulation-points") == [["Grundschule Adorf", 2]]
    assert _cells(report, "bridges") == [["Bücherei Adorf", "Grundschule Adorf"], ["Grundschule Adorf", "Kita Sonne"]]


def test_low_flag_is_relative_to_the_category_median() -> None:
    rows = [
        {"concept": "c", "offers": n, "per1000": rate} for n, rate in [(4, 2.0), (2, 1.0), (1, 0.4), (0, 0.0), (3, 1.5)]
    ]
    flag_low(rows)  # median 1.0 -> below 0.5 is low
    assert [r["flag"] for r in rows] == ["", "", "low", "zero", ""]


def test_county_filter_keeps_only_its_rows(tiny_store) -> None:
    report = build_report(tiny_store, county="09999002")
    assert {row["municipalityLabel"] for row in report.table("coverage-life-phase").rows} == {"Bedorf"}
    assert _cells(report, "kita-without-transition") == [["Bedorf", "09999002", "Kita Stern"]]
