"""Static pictures and graph files of a view are valid and carry title and legend."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from PIL import Image

from tests.visualisations.conftest import ACT
from visualisations import export
from visualisations.pipeline import OutputFormatError, scenes_for, write_view
from visualisations.views import View


def test_svg_is_xml_with_title_and_legend(landscape_scene, tmp_path) -> None:
    path = write_view(landscape_scene, tmp_path / "view.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for expected in (
        "Kooperationen im Beispielkreis",
        "Akteurstyp",
        "Kommunalverwaltung (2)",
        "Kooperation",
        "Anzahl Partner",
        "<script>alert(1)</script>",
    ):
        assert expected in texts
    assert "<script>alert" not in path.read_text()  # escaped as text, never markup


def test_png_has_300_dpi(landscape_scene, tmp_path) -> None:
    path = write_view(landscape_scene, tmp_path / "view.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (5760, 3240)  # a 1920x1080 slide at 300 dpi
        assert image.info["dpi"][0] == pytest.approx(300, abs=0.5)


def test_pdf_is_written(landscape_scene, tmp_path) -> None:
    path = write_view(landscape_scene, tmp_path / "view.pdf")
    body = path.read_bytes()
    assert body.startswith(b"%PDF-") and b"%%EOF" in body[-64:]


def test_gexf_and_graphml_round_trip_without_lists_or_none(landscape_scene, tmp_path) -> None:
    for suffix, reader in ((".gexf", nx.read_gexf), (".graphml", nx.read_graphml)):
        path = write_view(landscape_scene, tmp_path / f"view{suffix}")
        graph = reader(path)
        assert graph.number_of_nodes() == 17  # 15 actors, 2 networks
        assert graph.number_of_edges() == 21
        kita = graph.nodes[ACT + "kita-sonnenschein"]
        assert kita["label"] == "Kita Sonnenschein"
        assert kita["life_phase_labels"] == "Frühkindliche Bildung"
        assert float(kita["degree"]) == 3
        for _, data in graph.nodes(data=True):
            assert all(value is not None and not isinstance(value, list) for value in data.values())


def test_gexf_has_positions_and_colours_for_gephi(landscape_scene, tmp_path) -> None:
    path = write_view(landscape_scene, tmp_path / "view.gexf")
    text = path.read_text()
    assert "viz:position" in text and "viz:color" in text


def test_json_is_node_link(landscape_scene, tmp_path) -> None:
    path = write_view(landscape_scene, tmp_path / "view.json")
    data = json.loads(path.read_text())
    assert data["graph"]["title"] == "Kooperationen im Beispielkreis"
    assert len(data["nodes"]) == 17 and len(data["edges"]) == 21
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.nodes[ACT + "kita-sonnenschein"]["life_phase_labels"] == ["Frühkindliche Bildung"]


def test_clean_values() -> None:
    assert export._clean(["a", "b"]) == "a; b"
    assert export._clean([]) is None
    assert export._clean(None) is None
    assert export._clean(3) == 3


def test_unknown_format(landscape_scene, tmp_path) -> None:
    with pytest.raises(OutputFormatError, match=r"\.gexf"):
        write_view(landscape_scene, tmp_path / "view.docx")


def test_empty_view_exports(landscape, tmp_path) -> None:
    [scene] = scenes_for(landscape, [View(title="Leer")])
    scene.graph.remove_nodes_from(list(scene.graph))
    for suffix in (".svg", ".png", ".gexf", ".json", ".html"):
        assert write_view(scene, tmp_path / f"empty{suffix}").stat().st_size > 0
