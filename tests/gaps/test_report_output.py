"""HTML, CSV and JSON output, the CLI command and the service routes, on the tiny graph."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fastapi.testclient import TestClient

from graph_service.core.settings import Settings
from graph_service.gaps import build_report
from graph_service.gaps.report import render_html, write_report
from graph_service.web.app import create_app


def test_html_is_german_by_default_and_english_on_request(tiny_store) -> None:
    report = build_report(tiny_store)
    german, english = render_html(report), render_html(report, "en")
    assert '<html lang="de">' in german and "Übergänge" in german and "<svg" in german
    assert '<html lang="en">' in english and "Transitions" in english
    assert "@media print" in german
    assert "http://" not in german.split("<svg")[0].replace("http://www.w3.org", "")


def test_write_report_writes_a_csv_per_table(tiny_store, tmp_path: Path) -> None:
    report = build_report(tiny_store)
    paths = write_report(report, tmp_path / "gaps.html")
    assert len(paths) == 1 + len(report.tables)
    with (tmp_path / "gaps-kita-without-transition.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))  # German Excel by default
    assert rows[0][:3] == ["Gemeinde", "AGS", "Kita"]
    assert [r[2] for r in rows[1:]] == ["Kita Mond", "Kita Stern"]


def test_json_format(tiny_store, tmp_path: Path) -> None:
    write_report(build_report(tiny_store), tmp_path / "gaps.json", fmt="json")
    data = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    ids = [t["id"] for t in data["tables"]]
    assert "isolated-actors" in ids and data["county"] is None


def _client(tiny_store, tmp_path: Path, **settings: object) -> TestClient:
    options = {"store_path": tmp_path / "unused", "base_iri": "https://example.org/id/", "_env_file": None, **settings}
    return TestClient(create_app(Settings(**options), store=tiny_store))


def test_service_routes(tiny_store, tmp_path: Path) -> None:
    client = _client(tiny_store, tmp_path)
    page = client.get("/gaps/")
    assert page.status_code == 200 and "Kita Mond" in page.text
    assert '<header class="top">' in page.text and 'href="/gaps/kita-without-transition.csv?lang=de"' in page.text
    data = client.get("/gaps/report.json", params={"county": "09999002"}).json()
    kitas = next(t for t in data["tables"] if t["id"] == "kita-without-transition")["rows"]
    assert [r["kitaLabel"] for r in kitas] == ["Kita Stern"]


def test_each_analysis_has_html_json_and_csv_routes(tiny_store, tmp_path: Path) -> None:
    client = _client(tiny_store, tmp_path)
    one = client.get("/gaps/brokers.json").json()
    assert [t["id"] for t in one["tables"]] == ["brokers"]
    assert one["tables"][0]["rows"][0]["dependentLabels"] == "Bücherei Adorf; Kita Sonne"
    page = client.get("/gaps/school-without-vocational-partner", params={"lang": "en"})
    assert page.status_code == 200 and "Gymnasium Bedorf" in page.text and "Secondary schools" in page.text
    assert "Kita Mond" not in page.text  # only that table
    response = client.get("/gaps/kita-without-transition.csv", params={"county": "09999001", "dialect": "rfc4180"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(response.text.splitlines()))
    assert rows[0][:3] == ["Gemeinde", "AGS", "Kita"] and [r[2] for r in rows[1:]] == ["Kita Mond"]
    german = client.get("/gaps/kita-without-transition.csv", params={"county": "09999001"}).text
    assert german.startswith("\ufeffGemeinde;AGS;Kita;")  # German Excel by default
    assert client.get("/gaps/no-such-analysis.json").status_code == 404
    assert client.get("/gaps/brokers", params={"county": "x"}).status_code == 422


def test_threshold_setting_reaches_the_service(tiny_store, tmp_path: Path) -> None:
    low = _client(tiny_store, tmp_path, low_coverage_ratio=0.9).get("/gaps/coverage-life-phase.json").json()
    default = _client(tiny_store, tmp_path).get("/gaps/coverage-life-phase.json").json()
    # default size classes: Adorf (2,000) and Bedorf (500) are Landgemeinden, where Weiterbildung is not expected;
    # Cedorf has no data
    rest = ["not-expected", "no-data", "not-expected"]
    assert [r["flag"] for r in low["tables"][0]["rows"]] == ["low", "", "", *rest]
    assert [r["flag"] for r in default["tables"][0]["rows"]] == ["", "", "", *rest]
    assert "unter 90 % des Medians" in _client(tiny_store, tmp_path, low_coverage_ratio=0.9).get("/gaps/").text


def test_municipality_page_shows_its_gaps(tiny_store, tmp_path: Path) -> None:
    client = _client(tiny_store, tmp_path)
    page = client.get("/id/bedorf", headers={"Accept": "text/html"}, params={"lang": "de"})
    assert page.status_code == 200
    section = page.text.split('id="area-gaps"')[1].split("</section>")[0]
    assert 'href="/gaps/kita-without-transition?county=09999002&amp;lang=de"' in section
    assert 'Kitas ohne Kooperation mit einer Grundschule</a> <span class="count">(1)' in section
    assert "/gaps/?county=09999002" in section
    kita = client.get("/id/kita-b", headers={"Accept": "text/html"})
    assert 'id="area-gaps"' not in kita.text


def test_english_report_uses_english_concept_labels(tiny_store) -> None:
    report = build_report(tiny_store, lang="en")
    labels = [row["conceptLabel"] for row in report.table("coverage-life-phase").rows]
    assert labels[:2] == ["Early childhood", "Further education"]
    # no English label in the vocabulary: the German one stays
    assert report.table("coverage-target-group").rows[0]["conceptLabel"] == "Neuzugewanderte"
