"""`bildungsgraph validate FILE`: the gate without writing; exit 0 valid, 1 violations, 2 unreadable."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graph_service.cli import app

SEED = Path(__file__).resolve().parents[2] / "ontology" / "examples" / "seed-counties.ttl"


def test_validate_reports_without_writing(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(SEED)]).exit_code == 0
    invalid = tmp_path / "angebot.ttl"
    invalid.write_text(
        "@prefix bg: <https://w3id.org/bildungsgraph/def#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/bildungsgraph/id/offer/x> a bg:EducationOffer ; rdfs:label "Kurs"@de .\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(invalid)])
    assert result.exit_code == 1
    assert "Kurs" in result.output and "Anbieter" in result.output
    english = runner.invoke(app, ["validate", str(invalid), "--lang", "en"])
    assert "provider" in english.output.lower()
    (tmp_path / "kaputt.ttl").write_text("<urn:a> <urn:b> .", encoding="utf-8")
    broken = runner.invoke(app, ["validate", str(tmp_path / "kaputt.ttl")])
    assert broken.exit_code == 2
    assert "kaputt.ttl" in broken.output and "line 1" in broken.output
    assert not (tmp_path / "store").exists()
