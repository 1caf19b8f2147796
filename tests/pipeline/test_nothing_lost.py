"""Nothing replaces or empties a source silently, and no local path reaches the graph (issue 17, finding 7)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
OFFERS = REPO / "importers" / "data" / "beispiel-flensburg-angebote.csv"
SOURCE = "beispiel-flensburg-angebote"


def _size(folder: Path, source: str) -> int:
    store = EmbeddedStore(folder)
    try:
        return next((g.triples for g in store.graphs() if str(g.iri).endswith(f"/graph/{source}")), 0)
    finally:
        store.close()


def test_a_header_only_sheet_does_not_empty_a_source(demo_store_copy: Path, tmp_path: Path) -> None:
    before = _size(demo_store_copy, SOURCE)
    assert before > 100
    header_only = tmp_path / "angebote.csv"
    header_only.write_text(OFFERS.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    args = [
        "import",
        str(header_only),
        "--mapping",
        "vorlage-angebote",
        "--source-id",
        SOURCE,
        "--store",
        str(demo_store_copy),
    ]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1, refused.output
    assert f"0 statt {before} Tripel" in refused.output and "--allow-empty" in refused.output
    assert _size(demo_store_copy, SOURCE) == before
    emptied = CliRunner().invoke(app, [*args, "--allow-empty"])
    assert emptied.exit_code == 0, emptied.output
    assert _size(demo_store_copy, SOURCE) == 0


def test_no_local_path_in_the_graph(demo_store: EmbeddedStore, demo_store_path: Path) -> None:
    """The demo was imported from files under this checkout; neither its folders nor file: IRIs are in the graph."""
    found = demo_store.select(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER(CONTAINS(STR(?s), 'file:') || CONTAINS(STR(?o), 'file:/') || CONTAINS(STR(?o), ?dir) "
        "|| CONTAINS(STR(?o), ?tmp)) }".replace("?dir", f'"{REPO.parent}"').replace(
            "?tmp", f'"{demo_store_path.parent}"'
        )
    )
    assert found.rows == [], found.rows[:5]


def test_provenance_names_the_file_and_its_hash(demo_store: EmbeddedStore) -> None:
    rows = demo_store.select(
        "PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT ?name ?used WHERE { ?ds bg:inputFile ?name ; prov:wasGeneratedBy ?a . ?a prov:used ?used "
        "FILTER NOT EXISTS { ?used a prov:Plan } }"
    ).rows
    assert rows
    for row in rows:
        assert "/" not in str(row["name"])
        assert re.search(r"/file/[0-9a-f]{16}/", str(row["used"])), row["used"]


def test_provenance_names_the_mapping_by_its_id_never_by_a_path(demo_store: EmbeddedStore) -> None:
    plans = demo_store.select(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?source ?plan WHERE { ?ds dct:identifier ?source ; prov:wasGeneratedBy/prov:used ?p . "
        "?p a prov:Plan ; dct:identifier ?plan }"
    ).rows
    by_source = {str(r["source"]): str(r["plan"]) for r in plans}
    assert by_source["schulen-flensburg"] == "schulen-flensburg"
    assert by_source["beispiel-flensburg-akteure"] == "vorlage-akteure"  # a template sheet under its own id
    assert "ontology" not in by_source  # Turtle files are read without a mapping
    assert all("/" not in plan for plan in by_source.values())
