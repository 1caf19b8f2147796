"""The synthetic landscape generator: valid for the SHACL gate, deterministic, the asked size, realistic, no persons."""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph_service.core.iris import IriMinter
from graph_service.pipeline import read_rdf_file
from graph_service.validation import validate
from scripts.synthetic_landscape import BASE_IRI, Proportions, as_nquads, generate

REPO = Path(__file__).resolve().parents[2]
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"


@pytest.fixture(scope="module")
def lines_20k() -> list[str]:
    return list(generate(20_000))


def _types(lines: list[str]) -> collections.Counter[str]:
    return collections.Counter(line.split(" ", 3)[2] for line in lines if line.split(" ", 2)[1] == TYPE)


def test_20k_triples_pass_the_gate_without_violations_or_warnings(lines_20k: list[str]) -> None:
    graph = Graph().parse(data="".join(lines_20k), format="nt")
    assert len(graph) == len(lines_20k), "every line is one distinct triple"
    report = validate(graph)
    assert report.violations == [], report.to_text()
    assert report.warnings == [], report.to_text()
    assert report.infos, "hints (e.g. actors without contact) are part of a realistic landscape"
    assert all(r.source_file and r.source_row for r in report.infos), "every result points to a file and row"


def test_20k_triples_pass_the_import_gate_of_rdf_files(lines_20k: list[str], tmp_path: Path) -> None:
    """The gate a benchmark import goes through (chunked over the batch store) agrees."""
    path = tmp_path / "landschaft.nt"
    path.write_text("".join(lines_20k), encoding="utf-8")
    report = validate(read_rdf_file(path, IriMinter(BASE_IRI)).data)
    assert report.violations == [] and report.warnings == [], report.to_text()


def test_the_same_seed_gives_the_same_lines_and_another_seed_others(lines_20k: list[str]) -> None:
    assert list(generate(20_000, seed=42)) == lines_20k
    other = list(generate(20_000, seed=7))
    assert other != lines_20k
    assert len(set(other) & set(lines_20k)) < len(lines_20k) // 2


@pytest.mark.parametrize("target", [5_000, 20_000, 100_000, 250_000])
def test_the_triple_count_is_within_5_percent_of_the_target(target: int) -> None:
    count = sum(1 for _ in generate(target, seed=3))
    assert abs(count - target) <= 0.05 * target, count


def test_no_persons_and_no_person_names(lines_20k: list[str]) -> None:
    person_terms = (
        "foaf/0.1/Person",
        "schema.org/Person",
        "schema.org/name>",
        "foaf/0.1/name",
        "givenName",
        "familyName",
        "foaf/0.1/mbox",
    )
    assert not [line for line in lines_20k if any(term in line for term in person_terms)]


def test_a_full_county_has_realistic_proportions() -> None:
    lines = list(generate(200_000, seed=5))
    county = "<" + BASE_IRI + "region/kreis/99000>"
    first = [line for line in lines if "99000" in line.split(" ", 1)[0] or county in line]
    types = _types(first)
    municipalities = {s for s in (line.split(" ", 1)[0] for line in first) if re.search(r"/gemeinde/99000\d{3}>$", s)}
    offers = (
        types["<https://w3id.org/bildungsgraph/def#EducationOffer>"]
        + types["<https://w3id.org/bildungsgraph/def#CounsellingOffer>"]
    )
    actors = sum(1 for line in first if line.split(" ", 2)[1] == "<https://w3id.org/bildungsgraph/def#actorType>")
    assert len(municipalities) == Proportions().municipalities_per_county == 30
    assert 1_400 <= actors <= 1_700, actors
    assert 4_000 <= offers <= 6_000, offers
    assert 600 <= types["<https://w3id.org/bildungsgraph/def#Cooperation>"] <= 1_200
    assert types["<http://www.w3.org/ns/org#Membership>"] >= 150
    assert (
        types["<https://w3id.org/bildungsgraph/def#Network>"] + types["<https://w3id.org/bildungsgraph/def#Committee>"]
        == Proportions().networks_per_county
    )


@pytest.mark.parametrize("target", [700, 7_777, 20_000])
def test_any_size_refers_only_to_things_it_describes(target: int) -> None:
    lines = list(generate(target))
    described = {line.split(" ", 1)[0] for line in lines}
    objects = {line.split(" ", 2)[2].rsplit(" .", 1)[0] for line in lines}
    assert {o for o in objects if o.startswith("<" + BASE_IRI)} - described == set()


def test_every_thing_is_traced_to_a_table_row(lines_20k: list[str]) -> None:
    typed = {line.split(" ", 1)[0] for line in lines_20k if line.split(" ", 2)[1] == TYPE}
    traced = {line.split(" ", 1)[0] for line in lines_20k if line.split(" ", 2)[1] == DERIVED}
    untraced = {s for s in typed - traced if not s.endswith(("/address>", "/geometry>"))}
    assert untraced == set()
    assert all("#row=" in line for line in lines_20k if f" {DERIVED} " in line)


def test_the_cli_writes_a_parsable_file_and_nquads_keep_the_triples(tmp_path: Path) -> None:
    out = tmp_path / "landschaft.nt"
    run = subprocess.run(
        [sys.executable, "-m", "scripts.synthetic_landscape", "--triples", "3000", "--seed", "9", "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    triples = list(ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES))
    assert f"{len(triples):,} triples" in run.stdout
    assert out.read_text(encoding="utf-8").splitlines(keepends=True) == list(generate(3000, seed=9))
    graph = "https://example.org/g"
    quads = list(ox.parse("".join(as_nquads(generate(3000, seed=9), graph)), ox.RdfFormat.N_QUADS))
    assert [q.triple for q in quads] == [t.triple for t in triples]
    assert {q.graph_name.value for q in quads} == {graph}
