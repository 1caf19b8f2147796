"""The seed-county example graph: parses, carries provenance, holds no person names, passes the SHACL gate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from graph_service.core.iris import slugify
from graph_service.core.namespaces import BG, CLV, ORG

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_GRAPH = REPO_ROOT / "ontology" / "examples" / "seed-counties.ttl"
SEED_PAGES = REPO_ROOT.parent / "shared" / "seeds"
SCHEMA_WEBPAGE = URIRef("https://schema.org/WebPage")

_NAME = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
#: Patterns that find person names in the seed pages (contact persons, authors quoted, event reports).
NAME_PATTERNS = [
    rf"(?:Frau|Herr)[ ]+({_NAME}(?:[ ]+{_NAME})?)",  # "Frau Heidrun Dräger", "Herr Richter"
    rf"(?:Bildungsmanagerin|Bildungsmonitorerin|Ansprechpartner(?:in)?)\s*\n\s*({_NAME}[ ]+{_NAME})\s*\n",
    rf"\(({_NAME}[ ]+{_NAME}), ",  # "(Klaus Hebborn, Deutscher Städtetag)"
    rf"({_NAME}[ ]+{_NAME}) und ({_NAME}[ ]+{_NAME}) aus dem",  # event report
    rf"({_NAME}), [A-Z]\. \(\d{{4}}\)",  # citation "Fuchs, T. (2005)"
]


def person_names(text: str) -> set[str]:
    """Person names found in one seed page."""
    text = text.replace("\u00a0", " ")  # the pages use no-break spaces, e.g. between "Frau" and the name
    names: set[str] = set()
    for pattern in NAME_PATTERNS:
        for match in re.finditer(pattern, text):
            names.update(group for group in match.groups() if group)
    return names


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    return Graph().parse(SEED_GRAPH, format="turtle")


@pytest.fixture(scope="module")
def seed_person_names() -> set[str]:
    if not SEED_PAGES.is_dir():
        pytest.skip(f"seed pages not found at {SEED_PAGES}")
    names: set[str] = set()
    for page in sorted(SEED_PAGES.glob("*.txt")):
        names |= person_names(page.read_text(encoding="utf-8"))
    return names


def test_seed_graph_parses_and_is_not_trivial(seed_graph: Graph) -> None:
    assert len(seed_graph) > 300
    assert len(set(seed_graph.subjects(RDF.type, CLV.AdminUnit))) == 10


def test_name_extractor_finds_the_known_kinds_of_names() -> None:
    text = "Leitung von Frau Erika Muster bildet\nBildungsmonitorerin\nMax Beispiel\n\nTel.\nHerr\u00a0Test\nTelefon"
    assert person_names(text) == {"Erika Muster", "Max Beispiel", "Test"}


def test_names_were_collected_from_the_pages(seed_person_names: set[str]) -> None:
    # contact persons of two pages, two quoted authors, a citation, two names in an event report
    assert len(seed_person_names) >= 10, seed_person_names


def _name_tokens(names: set[str]) -> set[str]:
    return {token for name in names for token in name.split()}


def test_no_person_name_anywhere_in_the_graph(seed_graph: Graph, seed_person_names: set[str]) -> None:
    tokens = _name_tokens(seed_person_names)
    literals = [str(o) for o in seed_graph.objects() if isinstance(o, Literal)]
    iri_words = {w for t in seed_graph for term in t if isinstance(term, URIRef) for w in re.split(r"[/#._-]", term)}
    found = {t for t in tokens if any(re.search(rf"\b{re.escape(t)}\b", text) for text in literals)}
    found |= {t for t in tokens if slugify(t) in iri_words}
    assert not found, f"person names in the seed graph: {sorted(found)}"


def test_every_entity_is_derived_from_a_source(seed_graph: Graph) -> None:
    typed = {s for s in seed_graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    sources = {s for s in typed if "/id/source/" in s}
    missing = sorted(s for s in typed - sources if (s, PROV.wasDerivedFrom, None) not in seed_graph)
    assert not missing
    for source in set(seed_graph.objects(None, PROV.wasDerivedFrom)):
        assert source in sources, source
        assert (source, RDFS.label, None) in seed_graph


def test_every_seed_page_has_a_source_node(seed_graph: Graph) -> None:
    files = {str(o) for page in seed_graph.subjects(RDF.type, SCHEMA_WEBPAGE) for o in seed_graph.objects(page, None)}
    for name in (
        "000_8d47fa9c223b8326.txt",
        "001_4ad59ed2692ddbab.txt",
        "002_9e1b7275a4b44ebc.txt",
        "003_79d9671dc8573edf.txt",
        "004_d831071d31840377.txt",
    ):
        assert name in files


def test_county_keys_are_five_digit_strings(seed_graph: Graph) -> None:
    keys = {str(o) for o in seed_graph.objects(None, BG.ags) if len(str(o)) == 5}
    assert keys == {"07138", "13076", "14627", "15083"}


def test_no_entity_is_both_organisation_and_site(seed_graph: Graph) -> None:
    sites = set(seed_graph.subjects(RDF.type, ORG.Site))
    orgs = set(seed_graph.subjects(RDF.type, ORG.Organization)) | set(
        seed_graph.subjects(RDF.type, ORG.OrganizationalUnit)
    )
    assert sites and not sites & orgs


def test_seed_graph_has_no_shacl_violations() -> None:
    from rdflib import Graph

    from graph_service.validation import validate

    seed = Graph().parse(Path(__file__).resolve().parents[2] / "ontology" / "examples" / "seed-counties.ttl")
    report = validate(seed)
    assert report.conforms, report.to_text()
    assert report.violations == []
