"""The gap report on a county that is not the demo: Landkreis Meißen from ``init`` plus the invented sheets
(importers/data/beispiel-meissen-*.csv; the planted gaps are listed in importers/data/NOTICE.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.gaps import GapReport, GapTable, build_report
from graph_service.gaps.report import csv_text

COUNTY = "14627"
MEISSEN, COSWIG, NOSSEN, WUELKNITZ, RIESA = "14627140", "14627010", "14627180", "14627340", "14627230"
COVERAGE = ("coverage-life-phase", "coverage-target-group", "coverage-offer-type")


@pytest.fixture(scope="module")
def report(meissen_store) -> GapReport:
    return build_report(meissen_store, COUNTY)


def _cell(table: GapTable, ags: str, concept: str) -> dict[str, object]:
    (row,) = [r for r in table.rows if r["ags"] == ags and str(r["concept"]).endswith("/" + concept)]
    return row


def test_every_municipality_once_in_every_coverage_table(report: GapReport) -> None:
    for table_id in COVERAGE:
        table = report.table(table_id)
        per_place = Counter(str(r["ags"]) for r in table.rows)
        concepts = {str(r["concept"]) for r in table.rows}
        assert len(per_place) == 28, table_id
        assert set(per_place.values()) == {len(concepts)}, table_id  # one row per AGS and category
        # the town has two names in the store ("Meißen" from the seed graph, "Meißen, Stadt" from the register)
        assert {r["municipalityLabel"] for r in table.rows if r["ags"] == MEISSEN} == {"Meißen"}


def test_no_offer_is_told_apart_from_no_data(report: GapReport) -> None:
    phases = report.table("coverage-life-phase")
    # Coswig has a Kita with an offer, so data exist; no school offer although a Mittelstadt should have one
    assert _cell(phases, COSWIG, "allgemeinbildende-schule")["flag"] == "zero"
    assert _cell(phases, COSWIG, "fruehkindliche-bildung")["offers"] == 1
    # Nossen (10,513 inhabitants): nothing recorded at all
    nossen = _cell(phases, NOSSEN, "fruehkindliche-bildung")
    assert (nossen["flag"], nossen["offers"], nossen["per1000"]) == ("no-data", 0, "")
    without = report.table("municipalities-without-data")
    assert len(without.rows) == 20 and without.rows[0]["ags"] == NOSSEN  # largest first
    assert not {r["ags"] for r in without.rows} & {MEISSEN, COSWIG, RIESA}


def test_expectations_by_size_class(report: GapReport) -> None:
    phases = report.table("coverage-life-phase")
    # no Hochschule is expected in a county whose largest town has 33,894 inhabitants
    assert {r["flag"] for r in phases.rows if str(r["concept"]).endswith("/hochschule")} == {"not-expected"}
    # Wülknitz (1,730, Landgemeinde): no school expected; a Kita is
    assert _cell(phases, WUELKNITZ, "allgemeinbildende-schule")["flag"] == "not-expected"
    assert _cell(phases, WUELKNITZ, "fruehkindliche-bildung")["flag"] == "no-data"
    assert _cell(phases, MEISSEN, "allgemeinbildende-schule")["sizeClass"] == "Mittelstadt"
    flags = Counter(r["flag"] for r in phases.rows)
    assert flags["zero"] == 13  # counted by hand from beispiel-meissen-angebote.csv and the size classes
    types = {(r["ags"], r["typeLabel"]) for r in report.table("missing-actor-types").rows}
    assert (RIESA, "Grundschule") in types and (MEISSEN, "Bibliothek") in types
    # the Gymnasium counts as a secondary school in Meißen; nothing is reported for municipalities without data
    assert not [t for t in types if t[0] == MEISSEN and "Gymnasium" in t[1]]
    assert not [t for t in types if t[0] == NOSSEN]


def test_isolated_actors_from_a_real_import(report: GapReport) -> None:
    isolated = {str(r["actor"]).rsplit("/", 1)[1] for r in report.table("isolated-actors").rows}
    assert isolated == {
        "mei-sv-coswig",
        "mei-bibliothek-grossenhain",
        "mei-kita-weinbergschnecken",
        "mei-tagespflege-moritzburg",
    }


def test_other_analyses_find_the_planted_gaps(report: GapReport) -> None:
    kitas = {str(r["kita"]).rsplit("/", 1)[1] for r in report.table("kita-without-transition").rows}
    assert kitas == {"mei-kita-elbspatzen", "mei-kita-weinbergschnecken"}  # Spatzennest's ended 2019 but is recorded
    legal = [r["responsibilityLabel"] for r in report.table("responsibility-without-legal-basis").rows]
    assert "Koordinierung der Bildungsangebote für Neuzugewanderte" in legal  # (the seed graph adds one more)


def test_summary_names_the_county_and_the_five_gaps(
    report: GapReport, meissen_store_path: Path, tmp_path: Path
) -> None:
    assert report.name == "Landkreis Meißen"
    out = tmp_path / "bericht.html"
    result = CliRunner().invoke(app, ["gaps", "--store", str(meissen_store_path), "--county", COUNTY, "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>Lückenanalyse der Bildungslandschaft: Landkreis Meißen</h1>" in html
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert summary.count("<li>") == 5
    assert "20 von 28 Gemeinden ohne Daten" in summary and "Nossen, Stadt (10.513)" in summary
    assert "4 Akteure ohne jede Kooperation" in summary
    # every row links to its record and its municipality
    assert 'href="https://w3id.org/bildungsgraph/id/actor/mei-sv-coswig"' in html
    assert 'href="https://w3id.org/bildungsgraph/id/region/gemeinde/14627180">Nossen, Stadt</a>' in html


def test_csv_for_german_excel(report: GapReport) -> None:
    text = csv_text(report.table("coverage-life-phase"), "de")
    assert text.startswith("\ufeffGemeinde;AGS;Kategorie;Angebote;Einwohner;je 1.000 Einw.;Größenklasse;Hinweis")
    coswig = next(line for line in text.splitlines() if line.startswith("Coswig, Stadt;14627010;Frühkindliche"))
    assert ";0,048;Mittelstadt;;" in coswig
    english = csv_text(report.table("coverage-life-phase"), "en")
    assert english.startswith("Municipality,AGS,") and ",0.048," in english


def test_csv_cells_cannot_start_a_formula() -> None:
    table = GapTable("t", "coverage", ["a", "b", "c"], [{"a": '=HYPERLINK("x")', "b": "-1+2", "c": -3}])
    rows = csv_text(table, "de").splitlines()
    assert rows[1] == '"\'=HYPERLINK(""x"")";\'-1+2;-3'
    for start in ("+", "@", "\t", "\r"):
        cell = csv_text(GapTable("t", "coverage", ["a"], [{"a": start + "SUM(A1)"}]), "en").split("\r\n")[1]
        assert cell.startswith(("'", "\"'")), repr(cell)


@pytest.mark.browser
def test_meissen_summary_in_chromium(meissen_store_path: Path, tmp_path: Path, browser_page, artifacts_dir: Path):
    out = tmp_path / "bericht.html"
    result = CliRunner().invoke(app, ["gaps", "--store", str(meissen_store_path), "--county", COUNTY, "-o", str(out)])
    assert result.exit_code == 0, result.output
    browser_page.set_viewport_size({"width": 1280, "height": 720})
    browser_page.goto(out.as_uri())
    assert browser_page.locator("h1").inner_text().endswith("Landkreis Meißen")
    assert browser_page.locator("#summary li").count() == 5
    assert browser_page.locator("table[data-table='municipalities-without-data'] tbody tr").count() == 20
    browser_page.screenshot(path=str(artifacts_dir / "gaps-meissen-summary.png"))
    browser_page.keyboard.press("Tab")  # the summary's links are reachable by keyboard
    assert browser_page.blocked_requests == []
