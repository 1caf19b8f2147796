"""Headline figures on the Flensburg demo, derived by hand from importers/data/beispiel-flensburg-*.csv."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.gaps import GapReport, build_report

FLENSBURG = "01001000"
GLUECKSBURG = "01059113"


@pytest.fixture(scope="module")
def report(demo_store) -> GapReport:
    return build_report(demo_store)


def _offers(report: GapReport, ags: str) -> dict[str, int]:
    rows = report.table("coverage-life-phase").rows
    return {str(r["concept"]).rsplit("/", 1)[1]: int(r["offers"]) for r in rows if r["ags"] == ags}


def test_offers_per_life_phase(report: GapReport) -> None:
    # angebote.csv: 11 offers in Flensburg (Früherziehung counts for two phases), 1 in Glücksburg.
    assert _offers(report, FLENSBURG) == {
        "fruehkindliche-bildung": 3,
        "allgemeinbildende-schule": 2,
        "berufliche-bildung": 2,
        "hochschule": 0,
        "weiterbildung": 2,
        "non-formale-bildung": 3,
    }
    glücksburg = _offers(report, GLUECKSBURG)
    assert glücksburg["fruehkindliche-bildung"] == 1 and sum(glücksburg.values()) == 1


def test_newcomer_offers_in_flensburg(report: GapReport) -> None:
    rows = report.table("coverage-target-group").rows
    newcomers = next(r for r in rows if r["ags"] == FLENSBURG and str(r["concept"]).endswith("/neuzugewanderte"))
    assert newcomers["offers"] == 6  # Sprachkita, Elterncafé, DaZ, Integrationskurs, Lesecafé, Migrationsberatung


def test_glücksburg_lacks_kita_school_library_vhs(report: GapReport) -> None:
    rows = report.table("missing-actor-types").rows
    assert sorted(str(r["type"]).rsplit("/", 1)[1] for r in rows if r["ags"] == GLUECKSBURG) == [
        "bibliothek",
        "grundschule",
        "kita",
        "vhs",
    ]
    assert not [r for r in rows if r["ags"] == FLENSBURG]


def test_three_kitas_have_a_transition_cooperation(report: GapReport, demo_store) -> None:
    kitas = demo_store.select(
        "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?k <https://w3id.org/bildungsgraph/def#actorType> "
        "<https://w3id.org/bildungsgraph/vocab/akteurstyp/kita> }"
    ).rows[0]["n"]
    assert len(report.table("kita-without-transition").rows) == int(kitas) - 3


def test_responsibilities_and_network(report: GapReport, demo_store) -> None:
    flensburg = build_report_rows(report, "responsibility-without-legal-basis", "01001")
    assert [r["responsibilityLabel"] for r in flensburg] == ["Koordinierung der Bildungsangebote für Neuzugewanderte"]
    isolated = {str(r["actor"]).rsplit("/", 1)[1] for r in report.table("isolated-actors").rows}
    # the four example actors without ties, and (since the query no longer looks only at graphs named
    # "beispiel…") every imported school and Kita without a recorded cooperation or membership
    assert {
        "bsp-schulamt-flensburg",
        "bsp-bildungsministerium-sh",
        "bsp-familienzentrum-gluecksburg",
        "bsp-sportverein-flensburg",
    } <= isolated
    tied = {"bsp-vhs-flensburg", "schule-sh-0707002", "kita-fl-kinderhaus-marientreppe-10", "bsp-musikschule-flensburg"}
    assert not isolated & tied
    counts = demo_store.select(
        "PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX org: <http://www.w3.org/ns/org#> "
        "SELECT (COUNT(DISTINCT ?a) AS ?all) (COUNT(DISTINCT ?tied) AS ?with) WHERE { ?a bg:actorType ?t "
        "OPTIONAL { { ?c bg:party ?a } UNION { ?m org:member ?a } BIND(?a AS ?tied) } }"
    ).rows[0]
    assert len(isolated) == int(counts["all"]) - int(counts["with"])
    points = {str(r["actor"]).rsplit("/", 1)[1] for r in report.table("articulation-points").rows}
    assert points == {"bsp-agentur-fuer-arbeit-flensburg", "schule-sh-0707002", "bsp-migrationsdienst-flensburg"}
    # 9 cooperations, 11 ties; only the VHS–Jobcenter–Agentur triangle has no bridge
    assert len(report.table("bridges").rows) == 8


def build_report_rows(report: GapReport, table_id: str, county: str) -> list[dict[str, object]]:
    """Rows of one table whose AGS starts with ``county``."""
    return [r for r in report.table(table_id).rows if str(r.get("ags", "")).startswith(county)]


@pytest.mark.browser
def test_cli_report_opens_offline(demo_store_path: Path, tmp_path: Path, browser_page, artifacts_dir: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["gaps", "--store", str(demo_store_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report-isolated-actors.csv").is_file()
    browser_page.goto(out.as_uri())
    assert browser_page.locator("h1").inner_text() == "Lückenanalyse der Bildungslandschaft"
    assert browser_page.locator("#chart-life-phase svg").count() == 1
    assert browser_page.locator("#heatmap-life-phase svg").count() == 1
    assert browser_page.locator("#chart-target-group svg").count() == 1
    assert browser_page.locator("table[data-table='isolated-actors'] tbody tr").count() > 4
    assert browser_page.locator("section#data-quality table tbody tr").count() >= 5
    browser_page.screenshot(path=str(artifacts_dir / "gaps-report.png"), full_page=False)
    browser_page.locator("#heatmap-life-phase").screenshot(path=str(artifacts_dir / "gaps-heatmap.png"))
    browser_page.pdf(path=str(artifacts_dir / "gaps-report.pdf"))
    assert browser_page.blocked_requests == []


def test_secondary_schools_without_vocational_partner(report: GapReport, demo_store) -> None:
    # kooperationen.csv: Käte-Lassen-Schule–Agentur für Arbeit, Gemeinschaftsschule West–Handwerkskammer,
    # Comenius-Schule–IHK are the only ties of secondary schools to the world of work
    secondary = demo_store.select(
        "PREFIX at: <https://w3id.org/bildungsgraph/vocab/akteurstyp/> SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { "
        "VALUES ?t { at:weiterfuehrende-schule at:gymnasium at:foerderschule } "
        "?s <https://w3id.org/bildungsgraph/def#actorType> ?t }"
    ).rows[0]["n"]
    names = {r["schoolLabel"] for r in report.table("school-without-vocational-partner").rows}
    assert len(names) == int(secondary) - 3
    assert not names & {"Käte-Lassen-Schule", "Gemeinschaftsschule Flensburg-West", "Comenius-Schule"}
    assert "Altes Gymnasium" in names


def test_networks_lack_expected_members(report: GapReport) -> None:
    # mitgliedschaften.csv: the newcomers' network has neither the Schulamt nor the Jugendamt as a member;
    # the Kita–Grundschule working group lacks the Schulamt
    rows = {(r["networkLabel"], r["missingLabels"]) for r in report.table("network-missing-types").rows}
    assert ("Netzwerk Bildung für Neuzugewanderte Flensburg (Beispiel)", "Schulamt, Jugendamt") in rows
    assert ("Arbeitskreis Übergang Kita–Grundschule (Beispiel)", "Schulamt") in rows
    phases = {r["networkLabel"]: r["missingLabels"] for r in report.table("network-missing-life-phases").rows}
    assert phases["Netzwerk Bildung für Neuzugewanderte Flensburg (Beispiel)"] == "Hochschule"


def test_brokers_and_responsibility_gaps(report: GapReport) -> None:
    brokers = {r["actorLabel"]: r["dependentLabels"] for r in report.table("brokers").rows}
    assert brokers == {
        "Agentur für Arbeit Flensburg (Beispiel)": "Käte-Lassen-Schule",
        "Comenius-Schule": "IHK Flensburg (Beispiel)",
        "Migrationsdienst Flensburg e.V. (Beispiel)": "Stadtbibliothek Flensburg (Beispiel)",
    }
    # "Berufsorientierung in Klasse 8–10" is covered: one of its providers, a school, has a Schulträger
    offers = [r["itemLabel"] for r in build_report_rows(report, "offers-without-responsible", "010")]
    assert offers == [
        "Berufsberatung für Geflüchtete",
        "Ferienpass Flensburg",
        "Migrationsberatung für Erwachsene",
        "Musikalische Früherziehung",
        "Eltern-Kind-Gruppe Glücksburg",
    ]
    phases = [r["lifePhaseLabel"] for r in report.table("life-phases-without-responsible").rows]
    assert phases == ["Hochschule", "Non-formale und informelle Lernwelten"]


def test_data_quality_names_the_responsibility_sheet(report: GapReport) -> None:
    rows = [r for r in report.table("data-quality").rows if "Zuständigkeiten" in str(r["sourceLabel"])]
    # zustaendigkeiten.csv: 8 responsibilities, only the newcomers' coordination has no legal basis
    assert [(r["severityLabel"], r["records"], r["missing"]) for r in rows] == [("Warnung", 8, 1)]
