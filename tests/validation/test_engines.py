"""rudof (the engine of every import) and pySHACL (the reference) report the same findings, worded the same."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import SH
from graph_service.pipeline import read_rdf_file
from graph_service.validation import ValidationResult, rudof_engine, validate
from graph_service.validation.shapes import shapes_graph
from scripts.synthetic_landscape import generate

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "ontology" / "examples" / "seed-counties.ttl"
CASES = [*sorted((ROOT / "tests" / "resources" / "shapes").glob("*/*.ttl")), SEED]
MINTER = IriMinter("https://w3id.org/bildungsgraph/id/")


def key(result: ValidationResult) -> tuple:
    return (
        result.severity,
        result.focus_node,
        result.path,
        result.path_label,
        result.value,
        result.shape,
        result.message,
        result.message_en,
        result.source_file,
        result.source_row,
    )


def findings(batch: ox.Store, engine: str) -> list[tuple]:
    return sorted(map(key, validate(batch, engine=engine).results), key=str)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_both_engines_report_the_same(path: Path) -> None:
    batch = read_rdf_file(path, MINTER).data
    fast, reference = findings(batch, "rudof"), findings(batch, "pyshacl")
    assert fast == reference
    if "invalid" in path.parts:
        assert fast, "an invalid case must be caught"
        assert all(f[5] for f in fast), "every finding names its shape IRI"


def test_every_shape_with_a_message_is_named_by_an_iri() -> None:
    """Results are explained by their shape's IRI, so no shape that speaks to the user may be a blank node."""
    shapes = shapes_graph()
    assert {type(s).__name__ for s in shapes.subjects(SH.message)} == {"URIRef"}


def test_chunks_see_facts_of_nodes_in_other_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tiny chunks, validated two at a time, report what one chunk does: an offer's provider is described in
    another chunk and its type is still seen (one hop), and the one injected error is found once."""
    lines = list(generate(5_000, seed=7))
    provider = next(i for i, line in enumerate(lines) if "<https://schema.org/provider>" in line)
    offer = lines[provider].split(" ", 1)[0].strip("<>")
    del lines[provider]
    data = tmp_path / "landschaft.nt"
    data.write_text("".join(lines), encoding="utf-8")
    batch = read_rdf_file(data, MINTER).data
    monkeypatch.setattr(rudof_engine, "CHUNK_TRIPLES", 10**9)
    whole = validate(batch, engine="rudof")
    monkeypatch.setattr(rudof_engine, "CHUNK_TRIPLES", 300)
    assert findings(batch, "rudof") == sorted(map(key, whole.results), key=str)
    assert [v.focus_node for v in whole.violations] == [offer]


def test_an_injected_error_in_generated_data_is_found_with_its_row(tmp_path: Path) -> None:
    lines = list(generate(5_000, seed=3))
    provider = next(i for i, line in enumerate(lines) if "<https://schema.org/provider>" in line)
    offer = lines[provider].split(" ", 1)[0]
    del lines[provider]
    data = tmp_path / "angebote.nt"
    data.write_text("".join(lines), encoding="utf-8")
    batch = read_rdf_file(data, MINTER).data
    fast = validate(batch)
    assert findings(batch, "rudof") == sorted(
        map(key, validate(Graph().parse(data, format="nt"), engine="pyshacl").results), key=str
    )
    assert [v.focus_node for v in fast.violations] == [offer.strip("<>")]
    assert fast.violations[0].source_row is not None
