"""The shipped Flensburg example (Beispieldaten) refers only to actors that exist in the demo sources."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from rdflib.namespace import RDF

from graph_service.core.namespaces import BG, ORG, SCHEMA
from graph_service.core.settings import Settings
from importers import run_mapping
from importers.demo import DATA, MAPPED_SOURCES


def build_all(settings: Settings) -> dict[str, object]:
    return {mapping: run_mapping(DATA / file, mapping, settings) for mapping, file in MAPPED_SOURCES}


def test_every_demo_row_is_imported_and_references_resolve(importer_settings: Settings) -> None:
    results = build_all(importer_settings)
    for mapping, result in results.items():
        c = result.counts
        assert c["rejected"] == 0, (mapping, result.feedback())
        assert c["imported"] > 0
    graph = sum((r.graph for r in results.values()), start=type(results["destatis-gv"].graph)())
    actors = set(graph.subjects(RDF.type, ORG.Organization))
    referenced = set()
    for p in (SCHEMA.provider, BG.party, BG.responsibleAgent, ORG.member, BG.coordinatedBy, BG.operatedBy):
        referenced |= {o for o in graph.objects(None, p) if isinstance(o, URIRef)}
    assert referenced <= actors, referenced - actors
    for place in set(graph.objects(None, BG.municipality)):
        assert (place, RDF.type, None) in graph, place  # every municipality comes with the Destatis rows


def test_example_has_the_planned_content_and_gaps(importer_settings: Settings) -> None:
    results = build_all(importer_settings)
    offers = results["vorlage-angebote"].graph
    phases = Counter(str(o).rsplit("/", 1)[-1] for o in offers.objects(None, BG.lifePhase))
    assert set(phases) == {
        "fruehkindliche-bildung",
        "allgemeinbildende-schule",
        "berufliche-bildung",
        "weiterbildung",
        "non-formale-bildung",
    }
    assert "hochschule" not in phases  # gap on purpose
    groups = {str(o).rsplit("/", 1)[-1] for o in offers.objects(None, BG.targetGroup)}
    assert "neuzugewanderte" in groups and "aeltere" not in groups
    responsibilities = results["vorlage-zustaendigkeiten"].graph
    resp = set(responsibilities.subjects(RDF.type, BG.Responsibility))
    without_basis = [r for r in resp if (r, BG.legalBasis, None) not in responsibilities]
    assert len(resp) == 8 and len(without_basis) == 1
    coops = results["vorlage-kooperationen"].graph
    types = Counter(str(o).rsplit("/", 1)[-1] for o in coops.objects(None, BG.cooperationType))
    assert types["uebergangskooperation"] == 3
    everything = sum((r.graph for r in results.values()), start=type(coops)())
    isolated = URIRef(importer_settings.base_iri + "actor/bsp-sportverein-flensburg")
    assert (isolated, RDF.type, ORG.Organization) in everything
    assert not list(everything.subjects(None, isolated))  # nobody refers to it
