"""HTML, CSV and JSON output, the CLI command and the service routes, on the tiny graph."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fastapi.testclient import TestClient

from graph_service.api.main import create_app
from graph_service.gaps import build_report
from graph_service.gaps.report import render_html, write_report
from graph_service.settings import Settings


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
    with (tmp_path / "gaps-kita-without-transition.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Gemeinde", "AGS", "Kita"]
    assert [r[2] for r in rows[1:]] == ["Kita Mond", "Kita Stern"]


def test_json_format(tiny_store, tmp_path: Path) -> None:
    write_report(build_report(tiny_store), tmp_path / "gaps.json", fmt="json")
    data = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    ids = [t["id"] for t in data["tables"]]
    assert "isolated-actors" in ids and data["county"] is None


def test_service_routes(tiny_store, tmp_path: Path) -> None:
    app = create_app(Settings(store_path=tmp_path / "unused", _env_file=None), store=tiny_store)
    client = TestClient(app)
    page = client.get("/gaps/")
    assert page.status_code == 200 and "Kita Mond" in page.text
    data = client.get("/gaps/report.json", params={"county": "09999002"}).json()
    kitas = next(t for t in data["tables"] if t["id"] == "kita-without-transition")["rows"]
    assert [r["kitaLabel"] for r in kitas] == ["Kita Stern"]


def test_english_report_uses_english_concept_labels(tiny_store) -> None:
    report = build_report(tiny_store, lang="en")
    labels = [row["conceptLabel"] for row in report.table("coverage-life-phase").rows]
    assert labels[:2] == ["Early childhood", "Further education"]
    # no English label in the vocabulary: the German one stays
    assert report.table("coverage-target-group").rows[0]["conceptLabel"] == "Neuzugewanderte"
