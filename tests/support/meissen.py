"""Landkreis Meißen built as a coordinator would: ``init --county 14627``, then the invented example sheets
(importers/data/beispiel-meissen-*.csv, Beispieldaten, fiktiv) through ``import --mapping vorlage-…``, plus the
seed graph, which names the town "Meißen" beside the register's "Meißen, Stadt" (two names, one region)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graph_service.cli import app

REPO = Path(__file__).resolve().parents[2]
SHEETS = ("akteure", "netzwerke", "angebote", "kooperationen", "zustaendigkeiten", "mitgliedschaften")
COUNTY = "14627"


def build_meissen(store: Path) -> None:
    """Fill ``store`` (a new folder) with Landkreis Meißen; every step through the CLI and the SHACL gate."""
    runner = CliRunner()
    steps = [["init", "--county", COUNTY, "--store", str(store)]]
    for sheet in SHEETS:
        data = REPO / "importers" / "data" / f"beispiel-meissen-{sheet}.csv"
        steps.append(["import", str(data), "--mapping", f"vorlage-{sheet}", "--source-id", f"beispiel-meissen-{sheet}"])
    seed = REPO / "ontology" / "examples" / "seed-counties.ttl"
    steps.append(["import", str(seed), "--source-id", "seed-counties"])
    for step in steps:
        if step[0] == "import":
            step += ["--store", str(store)]
        result = runner.invoke(app, step)
        assert result.exit_code == 0, f"{' '.join(step)}\n{result.output}"
