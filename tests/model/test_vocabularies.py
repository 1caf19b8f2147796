"""Concept schemes against docs/model-contract.md, and the generated ontology documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from graph_service.core.namespaces import BG, VOCAB
from graph_service.core.ontology import concepts, load_ontology
from graph_service.publish.ontology_docs import write_docs

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "model-contract.md"


def _contract_schemes() -> dict[str, set[str]]:
    """Scheme slug -> concept slugs, read from the contract's "Concept schemes" list."""
    text = CONTRACT.read_text(encoding="utf-8").split("## Concept schemes", 1)[1].split("\n## ", 1)[0]
    found = {}
    for scheme, rest in re.findall(r"^- `([a-z-]+)`: (.+)$", text, flags=re.M):
        found[scheme] = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.sub(r"\(narrower: ", ", ", rest)))
    return found


CONTRACT_SCHEMES = _contract_schemes()


def test_contract_lists_ten_schemes() -> None:
    assert len(CONTRACT_SCHEMES) == 10


@pytest.mark.parametrize("scheme", sorted(CONTRACT_SCHEMES))
def test_every_contract_concept_exists(scheme: str) -> None:
    shipped = {c.notation for c in concepts(scheme)}
    assert CONTRACT_SCHEMES[scheme] <= shipped, CONTRACT_SCHEMES[scheme] - shipped


@pytest.mark.parametrize("scheme", sorted(CONTRACT_SCHEMES))
def test_concepts_have_bilingual_definitions_and_a_place_in_the_hierarchy(scheme: str) -> None:
    graph = load_ontology()
    scheme_iri = VOCAB[scheme]
    for concept in concepts(scheme):
        langs = {o.language for o in graph.objects(concept.iri, SKOS.definition)}
        assert {"de", "en"} <= langs, concept.iri
        top = (concept.iri, SKOS.topConceptOf, scheme_iri) in graph
        broader = graph.value(concept.iri, SKOS.broader)
        assert top or (isinstance(broader, URIRef) and (broader, SKOS.inScheme, scheme_iri) in graph), concept.iri


def test_generated_docs_have_an_anchor_per_term_and_concept(tmp_path: Path) -> None:
    html = write_docs(tmp_path).read_text(encoding="utf-8")
    for term in ("Offer", "Responsibility", "Cooperation", "actorType", "municipality", "grantNumber"):
        assert f'id="{term}"' in html, term
    for scheme, slugs in CONTRACT_SCHEMES.items():
        for slug in slugs:
            assert f'id="vocab-{scheme}-{slug}"' in html
    assert "<script" not in html and "<link" not in html, "documentation must open offline without assets"


@pytest.mark.parametrize("term", sorted(set(re.findall(r"`?bg:([A-Za-z]+)", CONTRACT.read_text(encoding="utf-8")))))
def test_every_contract_term_is_defined_with_both_labels(term: str) -> None:
    graph = load_ontology()
    iri = BG[term]
    langs = {o.language for o in graph.objects(iri, RDFS.label)}
    assert {"de", "en"} <= langs, f"bg:{term} from docs/model-contract.md is missing or unlabelled in the ontology"
