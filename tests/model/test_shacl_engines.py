"""rudof (the fast engine for file imports) and pySHACL (the reference) give the same results, worded the same."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph_service.pipeline.rdf_files import load_rdf_file
from graph_service.validation import rudof_engine as shacl_engine
from graph_service.validation.pyshacl_engine import ValidationResult, validate
from graph_service.validation.rudof_engine import validate_store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "ontology" / "examples" / "seed-counties.ttl"
CASES = [*sorted((ROOT / "tests" / "resources" / "shapes").glob("*/*.ttl")), SEED]


def key(result: ValidationResult) -> tuple:
    return (
        result.severity,
        result.focus_node,
        result.path,
        result.path_label,
        result.value,
        result.message,
        result.message_en,
        result.source_file,
        result.source_row,
    )


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_both_engines_report_the_same(path: Path) -> None:
    reference = sorted(map(key, validate(Graph().parse(path)).results), key=str)
    fast = sorted(map(key, validate_store(load_rdf_file(path)).results), key=str)
    assert fast == reference
    if "invalid" in path.parts:
        assert fast, "an invalid case must be caught"


def test_chunks_see_facts_of_nodes_in_other_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """One subject per chunk: the provider's type lives in another chunk and must still be seen (one hop)."""
    from scripts.synthetic_landscape import generate

    data = tmp_path / "landschaft.nt"
    data.write_text("".join(generate(3_000, seed=7)), encoding="utf-8")
    whole = validate_store(load_rdf_file(data))
    monkeypatch.setattr(shacl_engine, "CHUNK_SUBJECTS", 1)
    assert sorted(map(key, validate_store(load_rdf_file(data)).results), key=str) == sorted(
        map(key, whole.results), key=str
    )
    assert not whole.violations


def test_an_injected_error_in_generated_data_is_found_with_its_row(tmp_path: Path) -> None:
    from scripts.synthetic_landscape import generate

    lines = list(generate(5_000, seed=3))
    provider = next(i for i, line in enumerate(lines) if "<https://schema.org/provider>" in line)
    offer = lines[provider].split(" ", 1)[0]
    del lines[provider]
    data = tmp_path / "angebote.nt"
    data.write_text("".join(lines), encoding="utf-8")
    batch = load_rdf_file(data)
    assert isinstance(batch, ox.Store)
    fast = validate_store(batch)
    reference = validate(Graph().parse(data, format="nt"))
    assert sorted(map(key, fast.results), key=str) == sorted(map(key, reference.results), key=str)
    assert [v.focus_node for v in fast.violations] == [offer.strip("<>")]
