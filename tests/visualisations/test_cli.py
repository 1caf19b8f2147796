"""``bildungsgraph network`` and ``bildungsgraph slides`` against an on-disk store."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.store.embedded import EmbeddedStore
from tests.visualisations.conftest import ACT, LANDSCAPE_TTL

runner = CliRunner()
VIEWS = LANDSCAPE_TTL.with_name("views.yaml")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """An embedded store on disk holding the landscape, closed again (the CLI opens it read-only)."""
    path = tmp_path_factory.mktemp("cli") / "store"
    data = Graph()
    data.parse(LANDSCAPE_TTL)
    store = EmbeddedStore(path)
    store.add_triples(URIRef("https://w3id.org/bildungsgraph/id/graph/network-test"), data)
    store.close()
    return path


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_network_to_gexf_with_filters(store_dir, tmp_path) -> None:
    out = tmp_path / "coop.gexf"
    result = _run(
        "network",
        "--store",
        str(store_dir),
        "--area",
        "99999",
        "--edge-kind",
        "cooperation",
        "--at",
        "2022-06-01",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(out)
    assert graph.number_of_nodes() == 13
    assert graph.number_of_edges() == 3  # the Nachbarort cooperation falls out with its actor


def test_network_ego_by_name_to_html(store_dir, tmp_path) -> None:
    out = tmp_path / "vhs.html"
    result = _run(
        "network",
        "--store",
        str(store_dir),
        "--ego",
        "VHS Beispielkreis",
        "--depth",
        "1",
        "--title",
        "Rund um die VHS",
        "--lang",
        "en",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "5 actors" in result.output  # the VHS, its 2 partners and 2 networks it belongs to (hub nodes)
    page = out.read_text()
    assert "<title>Rund um die VHS</title>" in page and ACT + "vhs-beispielkreis" in page


def test_network_from_saved_view(store_dir, tmp_path) -> None:
    views = Path(shutil.copy(VIEWS, tmp_path / "views.yaml"))
    out = tmp_path / "view2.json"
    result = _run("network", "--store", str(store_dir), "--view", str(views), "--view-number", "2", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "7 links" in result.output
    assert (tmp_path / "views-positions.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ego", "Niemand"], "kein Akteur mit dem Namen „Niemand“"),
        (["--ego", "Niemand", "--lang", "en"], "no actor named 'Niemand'"),
        (["--aggregate", "mood"], "aggregate"),
        (["--compare", "2025-01-01", "2019-01-01"], "muss vor"),
        (["--edge-kind", "friendship"], "edge_kinds"),
        (["--size-by", "pagerank"], "size_by"),
        (["-o", "x.docx"], ".docx"),
    ],
)
def test_network_errors_are_explained(store_dir, tmp_path, args, message) -> None:
    base = ["network", "--store", str(store_dir)]
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "x.html")]
    result = _run(*base, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_missing_store(tmp_path) -> None:
    result = _run("network", "--store", str(tmp_path / "nothing"), "-o", str(tmp_path / "x.html"))
    assert result.exit_code != 0
    assert "no store" in result.output


def test_slides(store_dir, tmp_path) -> None:
    views = Path(shutil.copy(VIEWS, tmp_path / "views.yaml"))
    out = tmp_path / "talk.html"
    result = _run("slides", str(views), "--store", str(store_dir), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "4 Ansichten" in result.output
    assert out.read_text().count("Rund um die VHS") >= 1


def test_communities_rename_is_kept_in_the_view_file(store_dir, tmp_path) -> None:
    views = Path(shutil.copy(VIEWS, tmp_path / "views.yaml"))
    listed = _run("communities", str(views), "--view-number", "4", "--store", str(store_dir))
    assert listed.exit_code == 0, listed.output
    first = listed.output.splitlines()[0]
    assert first.split()[0] == "1"
    renamed = _run(
        "communities", str(views), "--view-number", "4", "--store", str(store_dir), "--rename", "1=Kern des Netzwerks"
    )
    assert renamed.exit_code == 0, renamed.output
    assert "Kern des Netzwerks" in renamed.output.splitlines()[0]
    again = _run("communities", str(views), "--view-number", "4", "--store", str(store_dir))
    assert "Kern des Netzwerks" in again.output.splitlines()[0]
    assert "Kern des Netzwerks" in views.read_text()
    bad = _run("communities", str(views), "--store", str(store_dir), "--rename", "99=Nichts")
    assert bad.exit_code == 2 and "NUMMER=Name" in bad.output
