"""The static map for reports: PNG and PDF of the same data as the page, with legend and attribution."""

from __future__ import annotations

import shutil

import httpx
import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.gaps.map_data import ATTRIBUTION, Selection, map_base, map_data
from graph_service.gaps.map_export import map_figure
from tests.map.conftest import COUNTY, V


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
def test_service_exports(meissen_url, fmt, magic) -> None:
    params = {"county": COUNTY, "phase": V + "lebensphase/weiterbildung", "lang": "en"}
    response = httpx.get(f"{meissen_url}/karte/karte.{fmt}", params=params, timeout=60)
    assert response.status_code == 200 and response.content.startswith(magic)
    assert f"bildungslandkarte-{COUNTY}.{fmt}" in response.headers["content-disposition"]
    assert httpx.get(f"{meissen_url}/karte/karte.svgz", params={"county": COUNTY}).status_code == 404


def test_figure_carries_title_selection_legend_and_attribution(meissen_store, map_settings) -> None:
    base = map_base(meissen_store, map_settings, COUNTY)
    data = map_data(base, Selection(group=V + "zielgruppe/neuzugewanderte"), "de")
    figure = map_figure(data, "de")
    texts = [t.get_text() for t in figure.texts]
    assert "Bildungslandkarte Landkreis Meißen" in texts
    assert "Angebote – Zielgruppe: Neuzugewanderte" in texts
    assert any(ATTRIBUTION in t and "dl-de/by-2-0" in t for t in texts)
    legend_texts = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    assert "Lücke: kein Angebot" in legend_texts and "nicht erwartet" in legend_texts
    assert any("Volkshochschule" in t for t in legend_texts)


def test_bad_selection_is_a_clear_400(meissen_url) -> None:
    response = httpx.get(f"{meissen_url}/karte/daten.json", params={"county": COUNTY, "phase": "https://x.example/p"})
    assert response.status_code == 400 and "Lebensphase" in response.json()["message"]
    english = httpx.get(
        f"{meissen_url}/karte/daten.json", params={"county": COUNTY, "phase": "https://x.example/p", "lang": "en"}
    )
    assert "life phase" in english.json()["message"]
    assert httpx.get(f"{meissen_url}/karte/", params={"county": "99999"}).status_code == 404
    assert httpx.get(f"{meissen_url}/karte/", params={"county": "14627'"}).status_code == 422


def test_cli_writes_the_map_and_explains_mistakes(meissen_store_path, tmp_path) -> None:
    store = tmp_path / "store"
    shutil.copytree(meissen_store_path, store)
    runner = CliRunner()
    out = tmp_path / "karte.pdf"
    result = runner.invoke(app, ["map", "--store", str(store), "--group", "neuzugewanderte", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    wrong = runner.invoke(app, ["map", "--store", str(store), "--phase", "Studium?", "-o", str(tmp_path / "k.png")])
    assert wrong.exit_code == 2 and "erlaubt: allgemeinbildende-schule" in wrong.output
    assert "Traceback" not in wrong.output
    svg = runner.invoke(app, ["map", "--store", str(store), "-o", str(tmp_path / "k.svg")])
    assert svg.exit_code == 2 and ".png oder .pdf" in svg.output
