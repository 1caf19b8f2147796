"""/catalog passes the official DCAT-AP.de 2.0 shapes including the "Konventionen" profile, validated with pySHACL.

Before this work the demo's /catalog had 15 violations (contributorID missing, EUPL on distributions) and 26
warnings (no dct:issued, no landing page, dct:source pointing at web pages); now 0 violations. The validator
itself is checked: a catalogue with a contributor or licence outside the vocabularies must fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, DCATDE
from graph_service.core.settings import Settings
from graph_service.publish.catalog import (
    CONTRIBUTORS,
    LAND_CONTRIBUTORS,
    LEVELS,
    Publisher,
    ServiceUrls,
    build_catalog,
    geocoding,
    publisher_choices,
)
from graph_service.store.embedded import EmbeddedStore
from tests.conformance.dcat_ap_de import Finding, findings, vocabularies
from tests.support.live_server import live_server

BASE = "https://w3id.org/bildungsgraph/id/"


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory, demo_store_path: Path) -> Iterator[EmbeddedStore]:
    folder = tmp_path_factory.mktemp("dcat") / "store"
    shutil.copytree(demo_store_path, folder)
    store = EmbeddedStore(folder)
    yield store
    store.close()


def _catalogue(store: EmbeddedStore, settings: Settings) -> Graph:
    with live_server(settings, store) as url:
        response = httpx.get(f"{url}/catalog", timeout=60)
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="turtle")


def _violations(results: list[Finding]) -> list[str]:
    return [str(f) for f in results if f.severity == "Violation"]


@pytest.fixture(scope="module")
def demo_catalogue(demo_copy: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return _catalogue(demo_copy, Settings(store_path=tmp_path_factory.mktemp("unused"), _env_file=None))


def test_the_demo_catalogue_has_no_violation_of_dcat_ap_de_with_konventionen(demo_catalogue: Graph) -> None:
    results = findings(demo_catalogue)
    assert _violations(results) == []
    # what is left are hints about the upstream source datasets, whose publication dates nobody recorded
    assert {f.path for f in results if f.severity == "Warning"} <= {str(DCTERMS.issued)}


def test_every_dataset_carries_what_the_konventionen_ask(demo_catalogue: Graph) -> None:
    datasets = list(demo_catalogue.objects(None, DCAT.dataset))
    assert len(datasets) >= 10
    for ds in datasets:
        assert demo_catalogue.value(ds, DCATDE.contributorID) is not None, ds
        assert demo_catalogue.value(ds, DCATDE.politicalGeocodingLevelURI) is not None, ds
        issued = demo_catalogue.value(ds, DCTERMS.issued)
        assert isinstance(issued, Literal) and issued <= demo_catalogue.value(ds, DCTERMS.modified), ds
        assert isinstance(demo_catalogue.value(ds, DCAT.landingPage), URIRef), ds
        for source in demo_catalogue.objects(ds, DCTERMS.source):
            assert (source, RDF.type, DCAT.Dataset) in demo_catalogue, source
            assert isinstance(demo_catalogue.value(source, DCAT.landingPage), URIRef), source
        for dist in demo_catalogue.objects(ds, DCAT.distribution):
            licence = demo_catalogue.value(dist, DCTERMS.license)
            assert str(licence).startswith("http://dcat-ap.de/def/licenses/"), (dist, licence)


def test_the_demo_spans_two_laender_so_it_is_geocoded_as_federal(demo_catalogue: Graph) -> None:
    """Flensburg (01) and Meißen (14) in one store: no shared area, so level federal and GovData as contributor."""
    ds = URIRef(BASE + "dataset/schulen-flensburg")
    assert demo_catalogue.value(ds, DCATDE.politicalGeocodingLevelURI) == LEVELS.federal
    assert demo_catalogue.value(ds, DCATDE.politicalGeocodingURI) is None
    assert demo_catalogue.value(ds, DCATDE.contributorID) == CONTRIBUTORS.govData


def test_a_county_store_is_geocoded_by_its_key(tmp_path: Path) -> None:
    """Municipalities of one Kreis: districtKey of the Kreis, level administrativeDistrict, the Land's portal."""
    store = EmbeddedStore(tmp_path / "store")
    data = Graph()
    for ags in ("14627010", "14627020", "14627030"):
        data.add((URIRef(BASE + f"region/{ags}"), BG.ags, Literal(ags)))
    store.replace_graph(URIRef(BASE + "graph/gemeinden"), data)
    choices = publisher_choices(Settings(store_path=tmp_path, _env_file=None), store)
    store.close()
    assert choices.geocoding == URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/14627")
    assert choices.level == LEVELS.administrativeDistrict
    assert choices.contributor == CONTRIBUTORS.freistaatSachsen


def test_the_derived_iris_are_in_the_official_vocabularies() -> None:
    vocab = vocabularies()
    for key, scheme in (("01001", "districtKey"), ("14627", "districtKey"), ("14", "stateKey")):
        uri, level = geocoding(key)
        assert (uri, SKOS.inScheme, URIRef(f"http://dcat-ap.de/def/politicalGeocoding/{scheme}")) in vocab, uri
        assert (level, SKOS.inScheme, URIRef("http://dcat-ap.de/def/politicalGeocoding/Level")) in vocab, level
    for name in [*LAND_CONTRIBUTORS.values(), "govData"]:
        assert (CONTRIBUTORS[name], SKOS.inScheme, URIRef("http://dcat-ap.de/def/contributors")) in vocab, name


def test_publisher_choices_from_settings_win(demo_copy: EmbeddedStore, tmp_path: Path) -> None:
    settings = Settings(
        store_path=tmp_path,
        catalog_area_key="01001",
        catalog_contributor_id=str(CONTRIBUTORS.schleswigHolstein),
        catalog_landing_page="https://www.flensburg.de/bildung",
        catalog_licences={"EUPL-1.2": "http://dcat-ap.de/def/licenses/other-open"},
        _env_file=None,
    )
    choices = publisher_choices(settings, demo_copy)
    assert choices.geocoding == URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/01001")
    catalogue = build_catalog(demo_copy, IriMinter(BASE), ServiceUrls("http://test/"), demo_copy.graphs(), choices)
    ontology = URIRef(BASE + "dataset/ontology")
    assert catalogue.value(ontology, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/other-open")
    assert catalogue.value(ontology, DCAT.landingPage) == URIRef("https://www.flensburg.de/bildung")
    assert _violations(findings(catalogue)) == []


def test_the_validator_finds_a_contributor_and_a_licence_outside_the_vocabularies(demo_copy: EmbeddedStore) -> None:
    wrong = Publisher(URIRef("http://dcat-ap.de/def/contributors/niemand"), LEVELS.federal)
    catalogue = build_catalog(demo_copy, IriMinter(BASE), ServiceUrls("http://test/"), demo_copy.graphs(), wrong)
    dist = next(iter(catalogue.subjects(RDF.type, DCAT.Distribution)))
    catalogue.set((dist, DCTERMS.license, URIRef("https://example.org/meine-lizenz")))
    violations = _violations(findings(catalogue))
    assert any("K12&13" in v for v in violations)
    assert any("K31" in v and str(dist) in v for v in violations)
