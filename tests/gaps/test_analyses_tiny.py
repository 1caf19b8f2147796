"""Each analysis on the tiny hand-made graph (tests/resources/gaps/tiny.trig) with its known gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.gaps import TABLE_IDS, GapContext, GapReport, build_report, build_table
from graph_service.gaps.coverage import flag_low
from graph_service.gaps.expectations import load_expectations, load_size_classes
from graph_service.queries import list_queries

EXPECT_ALL = Path(__file__).resolve().parents[1] / "resources" / "gaps" / "expect-all.toml"


def _context(store, county: str | None = None) -> GapContext:
    """Every category expected everywhere (tests/resources/gaps/expect-all.toml), default network rules."""
    return GapContext(store, county, size_classes=load_size_classes(EXPECT_ALL))


@pytest.fixture
def report(tiny_store) -> GapReport:
    return build_report(tiny_store, context=_context(tiny_store))


def _cells(report: GapReport, table_id: str) -> list[list[object]]:
    table = report.table(table_id)
    return [[row.get(c) for c in table.columns] for row in table.rows]


def test_gap_queries_have_bilingual_headers() -> None:
    ids = {q.id for q in list_queries("gap-")}
    assert {"gap-coverage-life-phase", "gap-kita-without-transition", "gap-isolated-actors"} <= ids


def test_coverage_life_phase_lists_zero_cells_and_rate(report: GapReport) -> None:
    # Cedorf has no actor, offer or site: it is listed, as "no data", not as a gap
    assert _cells(report, "coverage-life-phase") == [
        ["Adorf", "09999001", "Frühkindliche Bildung", 2, 2000, 1.0, "alle", ""],
        ["Adorf", "09999001", "Weiterbildung", 1, 2000, 0.5, "alle", ""],
        ["Bedorf", "09999002", "Frühkindliche Bildung", 1, 500, 2.0, "alle", ""],
        ["Bedorf", "09999002", "Weiterbildung", 0, 500, 0.0, "alle", "zero"],
        ["Cedorf", "09888003", "Frühkindliche Bildung", 0, 100, "", "alle", "no-data"],
        ["Cedorf", "09888003", "Weiterbildung", 0, 100, "", "alle", "no-data"],
    ]
    assert _cells(report, "municipalities-without-data") == [["Cedorf", "09888003", 100, "alle"]]


def test_default_size_classes_expect_less_in_villages(tiny_store) -> None:
    # Bedorf has 500 inhabitants: a Landgemeinde, where only early childhood offers and a Kita are expected
    report = build_report(tiny_store)
    bedorf = {r["conceptLabel"]: r["flag"] for r in report.table("coverage-life-phase").rows if r["ags"] == "09999002"}
    assert bedorf == {"Frühkindliche Bildung": "", "Weiterbildung": "not-expected"}
    assert report.table("missing-actor-types").rows == []


def test_coverage_target_group_newcomers_first(report: GapReport) -> None:
    assert _cells(report, "coverage-target-group") == [
        ["Adorf", "09999001", "Neuzugewanderte", 2, 2000, 1.0, "alle", ""],
        ["Adorf", "09999001", "Eltern und Familien", 2, 2000, 1.0, "alle", ""],
        ["Bedorf", "09999002", "Neuzugewanderte", 0, 500, 0.0, "alle", "zero"],
        ["Bedorf", "09999002", "Eltern und Familien", 0, 500, 0.0, "alle", "zero"],
        ["Cedorf", "09888003", "Neuzugewanderte", 0, 100, "", "alle", "no-data"],
        ["Cedorf", "09888003", "Eltern und Familien", 0, 100, "", "alle", "no-data"],
    ]


def test_coverage_offer_type(report: GapReport) -> None:
    assert _cells(report, "coverage-offer-type") == [
        ["Adorf", "09999001", "Kurs", 1, 2000, 0.5, "alle", ""],
        ["Adorf", "09999001", "Sprachförderung", 1, 2000, 0.5, "alle", ""],
        ["Bedorf", "09999002", "Kurs", 0, 500, 0.0, "alle", "zero"],
        ["Bedorf", "09999002", "Sprachförderung", 0, 500, 0.0, "alle", "zero"],
        ["Cedorf", "09888003", "Kurs", 0, 100, "", "alle", "no-data"],
        ["Cedorf", "09888003", "Sprachförderung", 0, 100, "", "alle", "no-data"],
    ]


def test_municipalities_without_actor_type(report: GapReport) -> None:
    assert _cells(report, "missing-actor-types") == [
        ["Bedorf", "09999002", "Bibliothek", "alle"],
        ["Bedorf", "09999002", "Grundschule", "alle"],
        ["Bedorf", "09999002", "Volkshochschule", "alle"],
    ]


def test_kitas_without_primary_school_cooperation(report: GapReport) -> None:
    assert _cells(report, "kita-without-transition") == [
        ["Adorf", "09999001", "Kita Mond"],
        ["Bedorf", "09999002", "Kita Stern"],
    ]


def test_secondary_schools_without_vocational_partner(report: GapReport) -> None:
    # the Gemeinschaftsschule cooperates with the IHK; the Gymnasium with nobody
    assert _cells(report, "school-without-vocational-partner") == [
        ["Bedorf", "09999002", "Gymnasium Bedorf", "Gymnasium"]
    ]


def test_responsibilities(report: GapReport) -> None:
    assert _cells(report, "responsibility-without-legal-basis") == [["Koordinierung", "Träger e.V."]]
    assert _cells(report, "actors-without-responsibility") == [
        ["Adorf", "09999001", "Kita Mond", "Kita"],
        ["Bedorf", "09999002", "Gymnasium Bedorf", "Gymnasium"],
        ["Bedorf", "09999002", "Kita Stern", "Kita"],
    ]


def test_offers_and_sites_without_responsible_body(report: GapReport) -> None:
    # Krabbelgruppe: its Kita has an operator; the Außenstelle lies in Bedorf, its VHS in Adorf
    assert _cells(report, "offers-without-responsible") == [
        ["Adorf", "09999001", "Angebot", "Deutschkurs", "VHS Adorf"],
        ["Adorf", "09999001", "Angebot", "Sprachkita", "Kita Mond"],
        ["Bedorf", "09999002", "Angebot", "Spielgruppe", "Kita Stern"],
        ["Bedorf", "09999002", "Standort", "VHS-Außenstelle Bedorf", "VHS Adorf"],
    ]


def test_life_phases_without_responsible_body(report: GapReport) -> None:
    # Kita-Planung concerns early childhood; nobody is responsible for further education (1 offer)
    assert _cells(report, "life-phases-without-responsible") == [["Weiterbildung", 1]]


def test_responsible_body_without_presence_in_its_area(report: GapReport) -> None:
    # the Träger is responsible for a school in Bedorf by r1's area, but has neither seat, offer nor site there;
    # r2 and r3 concern Adorf, where the Träger has its seat
    assert _cells(report, "responsible-without-presence") == [
        ["Bedorf", "09999002", "Träger e.V.", "Schulträgerschaft"]
    ]


def test_network_structure(report: GapReport) -> None:
    # "Nicht im Beispiel" comes from a graph whose name does not contain "beispiel": it counts all the same
    assert _cells(report, "isolated-actors") == [
        ["Bedorf", "09999002", "Gymnasium Bedorf"],
        ["Adorf", "09999001", "Kita Mond"],
        ["Bedorf", "09999002", "Kita Stern"],
        ["Adorf", "09999001", "Nicht im Beispiel"],
        ["Adorf", "09999001", "Träger e.V."],
    ]
    assert _cells(report, "articulation-points") == [["Grundschule Adorf", 2]]
    assert _cells(report, "bridges") == [
        ["Bücherei Adorf", "Grundschule Adorf"],
        ["Grundschule Adorf", "Kita Sonne"],
        ["IHK", "Gemeinschaftsschule Adorf"],
    ]
    # Bücherei and Kita Sonne reach the network only through the Grundschule; the IHK–school pair has no broker
    assert _cells(report, "brokers") == [["Grundschule Adorf", 2, "Bücherei Adorf; Kita Sonne"]]


def test_networks_lacking_expected_members_and_life_phases(report: GapReport) -> None:
    # "Integration durch Bildung" matches the newcomers' rule; members: VHS (further education) and Grundschule
    assert _cells(report, "network-missing-types") == [
        [
            "Netzwerk Adorf",
            "Bildung für Neuzugewanderte",
            2,
            "Jobcenter, agentur-fuer-arbeit, schulamt, migrantenorganisation, jugendamt",
        ]
    ]
    assert _cells(report, "network-missing-life-phases") == [["Netzwerk Adorf", 2, "Frühkindliche Bildung"]]


def test_expectations_come_from_a_file(tiny_store, tmp_path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[network]]\nname = "VHS"\nmatch = "adorf"\nexpected_types = ["vhs", "bibliothek"]\n')
    ctx = GapContext(tiny_store, expectations=load_expectations(rules))
    table = build_table(ctx, "network-missing-types")
    assert [[r["rule"], r["missingLabels"]] for r in table.rows] == [["VHS", "Bibliothek"]]


def test_bad_expectations_file_names_file_and_rule(tmp_path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[network]]\nmatch = "("\nexpected_types = ["vhs"]\n')
    with pytest.raises(ValueError, match=r"rules.toml, \[\[network\]\] Nr. 1: 'match'"):
        load_expectations(rules)


def test_data_quality_per_source(report: GapReport) -> None:
    rows = [
        [r["sourceLabel"], r["severityLabel"], r["records"], r["missing"]] for r in report.table("data-quality").rows
    ]
    assert ["beispiel-rest", "Warnung", 4, 1] in rows  # Spielgruppe has no target group
    assert ["beispiel-rest", "Warnung", 3, 1] in rows  # Koordinierung has no legal basis
    assert ["beispiel-rest", "Hinweis", 3, 3] in rows  # no cooperation has a kind
    assert len(rows) == 7


def test_each_table_alone_equals_the_report(report: GapReport, tiny_store) -> None:
    for table_id in TABLE_IDS:
        assert build_table(_context(tiny_store), table_id).rows == report.table(table_id).rows, table_id


def test_low_threshold_is_a_setting(tiny_store, monkeypatch) -> None:
    from graph_service.core.settings import get_settings

    monkeypatch.setenv("BILDUNGSGRAPH_LOW_COVERAGE_RATIO", "0.9")
    get_settings.cache_clear()
    try:
        table = build_table(_context(tiny_store), "coverage-life-phase")
    finally:
        get_settings.cache_clear()
    # Frühkindliche Bildung: median of 1.0 and 2.0 is 1.5, and Adorf's 1.0 < 0.9 × 1.5 is low;
    # Weiterbildung: median of 0.5 and 0.0 is 0.25, so Adorf's 0.5 is not low
    assert [r["flag"] for r in table.rows] == ["low", "", "", "zero", "no-data", "no-data"]


def test_low_flag_is_relative_to_the_category_median() -> None:
    rows = [
        {"concept": "c", "offers": n, "per1000": rate} for n, rate in [(4, 2.0), (2, 1.0), (1, 0.4), (0, 0.0), (3, 1.5)]
    ]
    flag_low(rows)  # median 1.0 -> below 0.5 is low
    assert [r["flag"] for r in rows] == ["", "", "low", "zero", ""]
    flag_low(rows, 0.3)
    assert [r["flag"] for r in rows] == ["", "", "", "zero", ""]


def test_county_filter_keeps_only_its_rows(tiny_store) -> None:
    report = build_report(tiny_store, context=_context(tiny_store, "09999002"))
    assert {row["municipalityLabel"] for row in report.table("coverage-life-phase").rows} == {"Bedorf"}
    assert _cells(report, "kita-without-transition") == [["Bedorf", "09999002", "Kita Stern"]]
