"""Ontology and concept schemes: parse, bilingual labels, closeMatch targets, no class clashes under OWL RL."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph_service.core.namespaces import BG, ORG, VOCAB
from graph_service.core.ontology import concepts, label, load_ontology, ontology_files, scheme_of
from importers import shipped_mappings
from importers.engine import expand_curie

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
SCHEMES = [
    "lebensphase",
    "akteurstyp",
    "angebotsart",
    "zielgruppe",
    "zustaendigkeitsebene",
    "zustaendigkeitsart",
    "rolle",
    "monitoringbereich",
    "kooperationsart",
    "verwaltungsebene",
]
ALLOWED_MATCH_NAMESPACES = (
    "https://w3id.org/kim/educationalLevel/",
    "https://w3id.org/kim/isced-2011/",
    "http://dcat-ap.de/def/politicalGeocoding/Level/",
)


@pytest.mark.parametrize("path", sorted(ONTOLOGY_DIR.rglob("*.ttl")), ids=lambda p: p.name)
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0


def _own_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(str(BG))}


def test_own_terms_have_german_and_english_label_and_definition() -> None:
    graph = load_ontology()
    terms = _own_terms(graph)
    assert len(terms) > 50
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in graph.objects(term, prop)}
            assert {"de", "en"} <= langs, f"{term} lacks {prop} in de/en: {langs}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_concepts_are_bilingual_and_in_one_scheme(scheme: str) -> None:
    graph = load_ontology()
    found = concepts(scheme)
    assert found, f"scheme {scheme} is empty"
    for concept in found:
        langs = {o.language for o in graph.objects(concept.iri, SKOS.prefLabel)}
        assert langs == {"de", "en"}
        assert list(graph.objects(concept.iri, SKOS.inScheme)) == [VOCAB[scheme]]
        assert concept.notation == concept.iri.rsplit("/", 1)[-1]
        assert str(concept.iri).startswith(f"{VOCAB}{scheme}/")


def test_concept_close_matches_point_only_to_allowed_vocabularies() -> None:
    graph = load_ontology()
    targets = [o for s in graph.subjects(RDF.type, SKOS.Concept) for o in graph.objects(s, SKOS.closeMatch)]
    assert targets
    for target in targets:
        assert str(target).startswith(ALLOWED_MATCH_NAMESPACES), target
    assert not list(graph.objects(None, SKOS.exactMatch))


def test_roles_are_org_roles() -> None:
    graph = load_ontology()
    for concept in concepts("rolle"):
        assert (concept.iri, RDF.type, ORG.Role) in graph


def test_label_and_scheme_lookup() -> None:
    assert label(BG.Offer, "de") == "Angebot"
    assert label(BG.Offer, "en") == "Offer"
    assert label(VOCAB["zielgruppe/neuzugewanderte"], "en") == "Newcomers"
    assert scheme_of(VOCAB["akteurstyp/grundschule"]) == VOCAB["akteurstyp"]
    assert label("https://example.org/unknown") is None


def test_files_listed_exclude_examples() -> None:
    assert all("examples" not in p.parts for p in ontology_files())


EXAMPLE = """
@prefix bg: <https://w3id.org/bildungsgraph/def#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix v: <https://w3id.org/bildungsgraph/vocab/> . @prefix cv: <http://data.europa.eu/m8g/> .
<urn:x:kita> a org:Organization, schema:Preschool ; rdfs:label "Kita" ; bg:actorType v:akteurstyp\\/kita ;
    org:hasSite <urn:x:building> ; bg:municipality <urn:x:gemeinde> ; bg:operatedBy <urn:x:stadt> .
<urn:x:stadt> a org:Organization ; bg:actorType v:akteurstyp\\/kommunalverwaltung .
<urn:x:building> a org:Site ; rdfs:label "Haus" .
<urn:x:gemeinde> a cv:AdminUnit ; bg:ags "01001000" .
<urn:x:offer> a bg:EducationOffer ; schema:provider <urn:x:kita> ; bg:lifePhase v:lebensphase\\/fruehkindliche-bildung ;
    bg:targetGroup v:zielgruppe\\/kinder-3-6 ; bg:municipality <urn:x:gemeinde> .
<urn:x:coop> a bg:Cooperation ; bg:party <urn:x:kita>, <urn:x:stadt> ; bg:withinNetwork <urn:x:net> .
<urn:x:net> a bg:Network ; rdfs:label "Netz" .
<urn:x:m> a org:Membership ; org:member <urn:x:kita> ; org:organization <urn:x:net> ; org:role v:rolle\\/mitglied .
<urn:x:r> a bg:Responsibility ; bg:responsibleAgent <urn:x:stadt> ; bg:concerns <urn:x:kita> .
"""


def _closure(extra: list[Path]) -> Graph:
    graph = Graph()
    graph += load_ontology()
    graph.parse(data=EXAMPLE, format="turtle")
    for path in extra:
        graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def test_owl_rl_closure_has_no_clashes() -> None:
    seed = ONTOLOGY_DIR / "examples" / "seed-counties.ttl"
    graph = _closure([seed] if seed.is_file() else [])
    sites = set(graph.subjects(RDF.type, ORG.Site))
    organisations = set(graph.subjects(RDF.type, ORG.Organization))
    assert sites and organisations
    assert not sites & organisations, "something became both a site and an organisation"
    assert not list(graph.subjects(RDF.type, OWL.Nothing))
    concepts_typed = set(graph.subjects(RDF.type, SKOS.Concept))
    assert not concepts_typed & organisations, "a concept was inferred to be an organisation"
    regions = set(graph.subjects(RDF.type, URIRef("http://data.europa.eu/m8g/AdminUnit")))
    assert not regions & organisations, "a region was inferred to be an organisation"
    empty = {c for c in graph.subjects(OWL.equivalentClass, OWL.Nothing) if c != OWL.Nothing}
    empty |= {c for c in graph.subjects(RDFS.subClassOf, OWL.Nothing) if c != OWL.Nothing}
    assert not empty, f"classes that cannot have members: {empty}"


def test_concept_definitions_in_both_languages() -> None:
    kita = next(c for c in concepts("akteurstyp") if c.notation == "kita")
    assert kita.definition("de") and kita.definition("en")
    assert kita.definition("de") != kita.definition("en")


def test_every_property_a_shipped_mapping_writes_has_a_german_and_english_label() -> None:
    """Previews, record pages and reports name each field; "faxNumber" stood raw in the German preview."""
    written = set()
    for path in shipped_mappings().values():
        written |= set(re.findall(r"\{p: ([a-zA-Z]+:[A-Za-z]+)", path.read_text(encoding="utf-8")))
    assert len(written) > 30
    iris = {curie: str(expand_curie(curie)) for curie in written}
    missing = sorted(curie for curie, iri in iris.items() if not (label(iri, "de") and label(iri, "en")))
    assert missing == []
