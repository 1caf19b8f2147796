"""DCAT-AP.de catalogue, VoID and dumps over a live service on the demo data (plus one hand-loaded graph)."""

from __future__ import annotations

import gzip
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, DCATDE
from graph_service.core.settings import Settings
from graph_service.publish.catalog import LICENCES, dcat_licence, source_id_of
from graph_service.store.embedded import EmbeddedStore
from tests.support.live_server import live_server

BASE = "https://w3id.org/bildungsgraph/id/"
META = URIRef(BASE + "graph/meta")
HANDMADE = URIRef(BASE + "graph/handgemacht")
NQUADS = URIRef("https://www.iana.org/assignments/media-types/application/n-quads")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, demo_store_path: Path) -> Iterator[EmbeddedStore]:
    """The demo sources (a copy of the session's demo store), plus a graph loaded without an import record."""
    folder = tmp_path_factory.mktemp("catalog") / "store"
    shutil.copytree(demo_store_path, folder)
    store = EmbeddedStore(folder)
    extra = Graph()
    extra.add((URIRef(BASE + "actor/hand-1"), RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    extra.add((URIRef(BASE + "actor/hand-1"), RDFS.label, Literal("Handverlesen", lang="de")))
    store.add_triples(HANDMADE, extra)
    yield store
    store.close()


@pytest.fixture(scope="module")
def base_url(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(store_path=tmp_path_factory.mktemp("unused"), _env_file=None)
    with live_server(settings, store) as url:
        yield url


@pytest.fixture(scope="module")
def catalogue(base_url: str) -> Graph:
    response = httpx.get(f"{base_url}/catalog", timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=response.text, format="turtle")


@pytest.fixture(scope="module")
def void(base_url: str) -> Graph:
    response = httpx.get(f"{base_url}/.well-known/void", timeout=60)
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="turtle")


def _counts(store: EmbeddedStore) -> dict[URIRef, int]:
    return {info.iri: info.triples for info in store.graphs()}


def _catalog_node(g: Graph) -> URIRef:
    catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    return catalogs[0]


def _datasets(g: Graph) -> dict[URIRef, URIRef]:
    """named graph -> dcat:Dataset, for the datasets the catalogue lists."""
    out = {}
    for ds in g.objects(_catalog_node(g), DCAT.dataset):
        assert (ds, RDF.type, DCAT.Dataset) in g
        out[g.value(ds, BG.namedGraph)] = ds
    return out


def _gunzip_quads(response: httpx.Response) -> Dataset:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/gzip"
    assert response.content[:2] == b"\x1f\x8b"
    data = Dataset()
    data.parse(data=gzip.decompress(response.content).decode("utf-8"), format="nquads")
    return data


def test_one_dataset_per_source_graph(catalogue: Graph, store: EmbeddedStore) -> None:
    expected = set(_counts(store)) - {META}
    assert set(_datasets(catalogue)) == expected
    assert HANDMADE in expected and len(expected) >= 10


def test_imported_sources_have_licence_publisher_modified_distribution(catalogue: Graph) -> None:
    for graph, ds in _datasets(catalogue).items():
        assert catalogue.value(ds, DCTERMS.publisher) is not None, graph
        assert catalogue.value(ds, DCAT.distribution) is not None, graph
        if graph == HANDMADE:
            assert catalogue.value(ds, DCTERMS.license) is None  # nobody recorded one; the catalogue invents none
            continue
        assert isinstance(catalogue.value(ds, DCTERMS.license), URIRef), graph
        assert catalogue.value(ds, DCTERMS.modified).datatype is not None, graph


def test_dcat_ap_mandatory_properties(catalogue: Graph) -> None:
    cat = _catalog_node(catalogue)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
        assert catalogue.value(cat, prop) is not None, prop
    assert {lit.language for lit in catalogue.objects(cat, DCTERMS.title)} == {"de", "en"}
    for ds in _datasets(catalogue).values():
        assert catalogue.value(ds, DCTERMS.title) is not None, ds
        assert catalogue.value(ds, DCTERMS.description) is not None, ds
        for dist in catalogue.objects(ds, DCAT.distribution):
            assert (dist, RDF.type, DCAT.Distribution) in catalogue
            assert isinstance(catalogue.value(dist, DCAT.accessURL), URIRef), dist
    for agent in set(catalogue.objects(None, DCTERMS.publisher)):
        assert (agent, RDF.type, FOAF.Agent) in catalogue and catalogue.value(agent, FOAF.name), agent
    service = catalogue.value(cat, DCAT.service)
    assert (service, RDF.type, DCAT.DataService) in catalogue
    assert catalogue.value(service, DCAT.endpointURL) is not None


def test_dcat_ap_de_licences_and_attribution(catalogue: Graph) -> None:
    ds = _datasets(catalogue)[URIRef(BASE + "graph/destatis-gv")]
    assert catalogue.value(ds, DCTERMS.license) == LICENCES["dl-by-de/2.0"]
    dump = next(d for d in catalogue.objects(ds, DCAT.distribution) if catalogue.value(d, DCAT.downloadURL))
    assert catalogue.value(dump, DCTERMS.license) == LICENCES["dl-by-de/2.0"]
    assert "Destatis" in str(catalogue.value(dump, DCATDE.licenseAttributionByText))
    assert catalogue.value(dump, DCAT.mediaType) == NQUADS


def test_every_download_url_resolves_to_the_graph(catalogue: Graph, store: EmbeddedStore) -> None:
    counts = _counts(store)
    checked = 0
    for graph, ds in _datasets(catalogue).items():
        urls = [catalogue.value(d, DCAT.downloadURL) for d in catalogue.objects(ds, DCAT.distribution)]
        urls = [u for u in urls if u is not None]
        assert len(urls) == 1, graph
        data = _gunzip_quads(httpx.get(str(urls[0]), timeout=60))
        quads = list(data.quads((None, None, None, None)))
        assert {ctx.identifier if isinstance(ctx, Graph) else ctx for *_, ctx in quads} == {graph}
        assert len(quads) == counts[graph], graph
        checked += 1
    assert checked == len(counts) - 1


def test_full_dump_round_trips(base_url: str, store: EmbeddedStore, tmp_path: Path) -> None:
    response = httpx.get(f"{base_url}/dumps/all.nq.gz", timeout=60)
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    copy = EmbeddedStore(tmp_path / "copy")
    try:
        copy.restore(io.BytesIO(gzip.decompress(response.content)))
        assert _counts(copy) == _counts(store)
    finally:
        copy.close()


def test_void_counts_equal_the_store(void: Graph, store: EmbeddedStore) -> None:
    counts = _counts(store)
    root = next(s for s in void.subjects(VOID.sparqlEndpoint, None))
    assert int(void.value(root, VOID.triples)) == sum(counts.values())
    subsets = {void.value(s, BG.namedGraph): s for s in void.objects(root, VOID.subset)}
    assert set(subsets) == set(counts)
    for graph, subset in subsets.items():
        assert int(void.value(subset, VOID.triples)) == counts[graph], graph
        for prop in (VOID.entities, VOID.properties, VOID.classes, VOID.distinctSubjects):
            assert void.value(subset, prop) is not None, (graph, prop)
    assert str(void.value(root, VOID.dataDump)).endswith("/dumps/all.nq.gz")


def test_void_entities_match_the_import_records(void: Graph, store: EmbeddedStore) -> None:
    recorded = store.select(
        f"PREFIX void: <{VOID}> PREFIX bg: <{BG}> "
        f"SELECT ?g ?n WHERE {{ GRAPH <{META}> {{ ?ds bg:namedGraph ?g ; void:entities ?n }} }}"
    )
    assert len(recorded) >= 10
    subsets = {void.value(s, BG.namedGraph): s for s in void.subjects(BG.namedGraph, None)}
    for row in recorded:
        assert int(void.value(subsets[row["g"]], VOID.entities)) == int(row["n"]), row["g"]


def test_void_class_partitions_count_typed_entities(void: Graph, base_url: str) -> None:
    data = _gunzip_quads(httpx.get(f"{base_url}/dumps/all.nq.gz", timeout=60))
    partitions = void.objects(None, VOID.classPartition)
    parts = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in partitions}
    assert URIRef("http://www.w3.org/ns/org#Organization") in parts
    for cls, entities in parts.items():
        assert entities == len({s for s, *_ in data.quads((None, RDF.type, cls, None))}), cls


def test_void_follows_changes(base_url: str, store: EmbeddedStore) -> None:
    graph = URIRef(BASE + "graph/nachtrag")
    extra = Graph()
    extra.add((URIRef(BASE + "actor/nachtrag"), RDFS.label, Literal("Nachtrag", lang="de")))
    store.add_triples(graph, extra)
    try:
        data = Graph().parse(data=httpx.get(f"{base_url}/.well-known/void", timeout=60).text, format="turtle")
        subset = next(data.subjects(BG.namedGraph, graph))
        assert int(data.value(subset, VOID.triples)) == 1
    finally:
        store.drop_graph(graph)


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/catalog?format=jsonld", {}),
        ("/catalog", {"Accept": "application/ld+json"}),
        ("/.well-known/void", {"Accept": "application/ld+json"}),
    ],
)
def test_json_ld_variant_parses(base_url: str, path: str, headers: dict[str, str]) -> None:
    response = httpx.get(base_url + path, headers=headers, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    as_json = Graph().parse(data=response.text, format="json-ld")
    turtle = Graph().parse(data=httpx.get(base_url + path.split("?")[0], timeout=60).text, format="turtle")
    assert len(as_json) == len(turtle) > 100


def test_void_as_ntriples(base_url: str, void: Graph) -> None:
    response = httpx.get(f"{base_url}/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=60)
    assert response.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=response.text, format="nt")) == len(void)


def test_unknown_dump_is_404_with_a_hint(base_url: str) -> None:
    response = httpx.get(f"{base_url}/dumps/gibt-es-nicht.nq.gz", timeout=30)
    assert response.status_code == 404
    assert "gibt-es-nicht" in response.json()["detail"] and "/catalog" in response.json()["detail"]


def test_not_acceptable(base_url: str) -> None:
    assert httpx.get(f"{base_url}/catalog", headers={"Accept": "image/png"}, timeout=30).status_code == 406


def test_dump_validators(base_url: str) -> None:
    url = f"{base_url}/dumps/schulen-flensburg.nq.gz"
    first = httpx.get(url, timeout=30)
    assert first.status_code == 200 and first.headers["last-modified"].endswith("GMT")
    again = httpx.get(url, headers={"If-None-Match": first.headers["etag"]}, timeout=30)
    assert again.status_code == 304 and not again.content
    head = httpx.head(url, timeout=30)
    assert head.status_code == 200 and head.headers["etag"] == first.headers["etag"]
    assert head.headers["content-type"] == "application/gzip" and head.headers.get("content-length") != "0"


def test_metadata_graph_dump(base_url: str, store: EmbeddedStore) -> None:
    data = _gunzip_quads(httpx.get(f"{base_url}/dumps/meta.nq.gz", timeout=30))
    assert len(list(data.quads((None, None, None, META)))) == _counts(store)[META]


def test_start_page_links_catalogue_and_dumps(base_url: str) -> None:
    html = httpx.get(base_url + "/", timeout=30).text
    for link in ('href="/catalog"', 'href="/.well-known/void"', 'href="/dumps/all.nq.gz"'):
        assert link in html


def test_licence_mapping_and_source_ids() -> None:
    assert dcat_licence(URIRef("https://creativecommons.org/publicdomain/zero/1.0/")) == LICENCES["cc-zero"]
    assert dcat_licence(Literal("EUPL-1.2")) == URIRef(
        "http://publications.europa.eu/resource/authority/licence/EUPL_1_2"
    )
    assert dcat_licence(URIRef("https://example.org/licence")) == URIRef("https://example.org/licence")
    assert dcat_licence(Literal("frei nach Absprache")) is None
    minter = IriMinter(BASE)
    assert source_id_of(minter, URIRef(BASE + "graph/schulen-flensburg")) == "schulen-flensburg"
    assert source_id_of(minter, URIRef("https://example.org/graph/x")) is None
