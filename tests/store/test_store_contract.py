"""The store contract: the embedded store and a real Virtuoso behind RemoteStore pass the same tests.

Each test gets its own graph namespace, so the session-wide Virtuoso needs no cleaning between tests.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.sparql_terms import BadIri
from graph_service.store import remote as remote_module
from graph_service.store.base import GraphStore, QuerySyntaxError, QueryTimeout
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.remote import RemoteStore


@pytest.fixture(params=["embedded", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of either kind; ``store.test_base`` is this test's own IRI namespace."""
    base = f"https://test.example/{uuid.uuid4().hex[:12]}/"
    if request.param == "embedded":
        store: GraphStore = EmbeddedStore(tmp_path / "store")
    else:
        server = request.getfixturevalue("virtuoso_server")
        store = RemoteStore(
            server.query_endpoint,
            update_endpoint=server.update_endpoint,
            graph_store_endpoint=server.graph_store_endpoint,
            user=server.user,
            password=server.password,
            auth="digest",
            graph_prefix=base,
            timeout=60,
        )
    store.test_base = base  # type: ignore[attr-defined]
    store.ex = f"{base}def#"  # type: ignore[attr-defined]
    yield store
    store.close()


def g_iri(store: GraphStore, name: str) -> URIRef:
    return URIRef(f"{store.test_base}graph/{name}")  # type: ignore[attr-defined]


def sample(store: GraphStore, n: int = 20) -> Graph:
    """Literals of every kind, a blank node, and ``n`` plain resources."""
    base = store.test_base  # type: ignore[attr-defined]
    g = Graph()
    school = URIRef(f"{base}actor/schule")
    address = BNode()
    g.add((school, RDF.type, URIRef(store.ex + "School")))
    g.add((school, RDFS.label, Literal("Grundschule Am Mühlbach", lang="de")))
    g.add((school, RDFS.label, Literal("Primary school", lang="en")))
    g.add((school, URIRef(store.ex + "pupils"), Literal(231)))
    g.add((school, URIRef(store.ex + "share"), Literal("0.25", datatype=XSD.decimal)))
    g.add((school, URIRef(store.ex + "since"), Literal("1999-08-01", datatype=XSD.date)))
    g.add((school, URIRef(store.ex + "note"), Literal('Zitat "in" Anführung\nzweite Zeile\ttab')))
    g.add((school, URIRef(store.ex + "ags"), Literal("07138045")))
    g.add((school, URIRef(store.ex + "address"), address))
    g.add((address, URIRef(store.ex + "street"), Literal("Hauptstraße 1")))
    for i in range(n):
        offer = URIRef(f"{base}offer/{i}")
        g.add((offer, RDF.type, URIRef(store.ex + "Offer")))
        g.add((offer, URIRef(store.ex + "provider"), school))
        g.add((offer, RDFS.label, Literal(f"Angebot {i}", lang="de")))
    return g


def test_replace_then_read_back_the_same_graph(store: GraphStore) -> None:
    data = sample(store)
    assert store.replace_graph(g_iri(store, "a"), data) == len(data)
    assert isomorphic(store.graph(g_iri(store, "a")), data)
    assert [(i.iri, i.triples) for i in store.graphs()] == [(g_iri(store, "a"), len(data))]


def test_replace_swaps_the_content_and_drop_removes_it(store: GraphStore) -> None:
    store.replace_graph(g_iri(store, "a"), sample(store, 20))
    store.replace_graph(g_iri(store, "b"), sample(store, 3))
    smaller = sample(store, 5)
    store.replace_graph(g_iri(store, "a"), smaller)
    assert isomorphic(store.graph(g_iri(store, "a")), smaller)
    store.drop_graph(g_iri(store, "a"))
    store.drop_graph(g_iri(store, "never-existed"))
    assert [i.iri for i in store.graphs()] == [g_iri(store, "b")]


def test_replace_with_a_follow_up_update_in_the_same_request(store: GraphStore) -> None:
    meta = g_iri(store, "meta")
    then = f'INSERT DATA {{ GRAPH <{meta}> {{ <{g_iri(store, "a")}> <{store.ex}imported> "ja" }} }}'
    store.replace_graph(g_iri(store, "a"), sample(store, 2), then=then)
    assert store.ask(f'ASK {{ GRAPH <{meta}> {{ ?g <{store.ex}imported> "ja" }} }}')


def test_replace_from_files_in_several_formats(store: GraphStore, tmp_path: Path) -> None:
    data = sample(store, 7)
    for suffix, fmt in ((".nt", "nt"), (".ttl", "turtle")):
        path = tmp_path / f"data{suffix}"
        data.serialize(path, format=fmt, encoding="utf-8")
        store.replace_graph(g_iri(store, fmt), path)
        assert isomorphic(store.graph(g_iri(store, fmt)), data), fmt


def test_large_replacements_and_small_differences(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the small-batch size: chunked uploads (remote) and the difference path (embedded)."""
    monkeypatch.setattr(remote_module, "_UPLOAD_CHUNK_LINES", 5_000)
    monkeypatch.setattr("graph_service.store.embedded.SMALL_BATCH_TRIPLES", 1_000)
    big = sample(store, 8_000)
    assert store.replace_graph(g_iri(store, "big"), big) == len(big)
    changed = sample(store, 7_990)
    changed.add((URIRef(f"{store.test_base}actor/neu"), RDFS.label, Literal("Neu", lang="de")))  # type: ignore[attr-defined]
    store.replace_graph(g_iri(store, "big"), changed)
    assert isomorphic(store.graph(g_iri(store, "big")), changed)


def test_select_ask_construct_return_rdflib_terms(store: GraphStore) -> None:
    store.replace_graph(g_iri(store, "a"), sample(store, 3))
    rows = store.select(
        f"SELECT ?label ?pupils WHERE {{ ?s <{store.ex}pupils> ?pupils ; <{RDFS.label}> ?label "
        'FILTER(LANG(?label) = "de") }'
    ).rows
    assert rows == [{"label": Literal("Grundschule Am Mühlbach", lang="de"), "pupils": Literal(231)}]
    assert store.ask(f"ASK {{ ?s a <{store.ex}School> }}")
    assert not store.ask(f"ASK {{ ?s a <{store.ex}Nothing> }}")
    built = store.construct(f"CONSTRUCT {{ ?o <{store.ex}by> ?s }} WHERE {{ ?o <{store.ex}provider> ?s }}")
    assert len(built) == 3


def test_union_default_graph_and_explicit_datasets(store: GraphStore) -> None:
    store.replace_graph(g_iri(store, "a"), sample(store, 3))
    store.replace_graph(g_iri(store, "b"), sample(store, 5))
    query = f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a <{store.ex}Offer> }}"
    assert int(store.select(query).rows[0]["n"]) == 5
    out = io.BytesIO()
    store.query_to(query, "application/sparql-results+json", out, default_graph_uris=[str(g_iri(store, "a"))])
    assert json.loads(out.getvalue())["results"]["bindings"][0]["n"]["value"] == "3"


@pytest.mark.parametrize(
    "media_type",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_select_serialised_in_every_result_format_with_row_cap(store: GraphStore, media_type: str) -> None:
    store.replace_graph(g_iri(store, "a"), sample(store, 12))
    out = io.BytesIO()
    form, truncated = store.query_to(f"SELECT ?o WHERE {{ ?o a <{store.ex}Offer> }}", media_type, out, row_cap=10)
    assert (form, truncated) == ("SELECT", True)
    text = out.getvalue().decode("utf-8")
    if media_type.endswith("json"):
        assert len(json.loads(text)["results"]["bindings"]) == 10
    elif media_type.endswith("xml"):
        assert text.count("<result>") == 10
    else:
        delimiter = "," if media_type == "text/csv" else "\t"
        assert len(list(csv.reader(io.StringIO(text), delimiter=delimiter))) == 11


@pytest.mark.parametrize(("media_type", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt")])
def test_construct_and_ask_serialised(store: GraphStore, media_type: str, fmt: str) -> None:
    store.replace_graph(g_iri(store, "a"), sample(store, 4))
    out = io.BytesIO()
    form, _ = store.query_to(
        f"CONSTRUCT {{ ?o a <{store.ex}Offer> }} WHERE {{ ?o a <{store.ex}Offer> }}", media_type, out
    )
    assert form == "CONSTRUCT"
    assert len(Graph().parse(data=out.getvalue(), format=fmt)) == 4
    out = io.BytesIO()
    assert store.query_to(f"ASK {{ ?o a <{store.ex}Offer> }}", "application/sparql-results+json", out)[0] == "ASK"
    assert json.loads(out.getvalue())["boolean"] is True


def test_syntax_errors_carry_the_parser_message(store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        store.select("SELECT ?s WHERE { ?s ?p }")
    assert str(error.value).strip()


def test_update_inserts_and_deletes(store: GraphStore) -> None:
    g = g_iri(store, "u")
    store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{store.ex}a> <{store.ex}p> "1", "2" }} }}')
    store.update(f'DELETE DATA {{ GRAPH <{g}> {{ <{store.ex}a> <{store.ex}p> "1" }} }}')
    assert [(i.iri, i.triples) for i in store.graphs()] == [(g, 1)]


def test_a_graph_name_that_is_no_iri_never_becomes_sparql_text(store: GraphStore) -> None:
    """The store writes graph names into its updates itself, so it checks them there: no caller can slip text in."""
    g = g_iri(store, "keep")
    store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{store.ex}a> <{store.ex}p> "1" }} }}')
    hostile = URIRef(f"{g}> }} ; DROP ALL ; INSERT DATA {{ GRAPH <{g}")
    graph = Graph()
    graph.add((URIRef(f"{store.ex}b"), URIRef(f"{store.ex}p"), Literal("2")))
    with pytest.raises(BadIri):
        store.drop_graph(hostile)
    with pytest.raises(BadIri):
        store.replace_graph(hostile, graph)
    assert [(i.iri, i.triples) for i in store.graphs()] == [(g, 1)]


def test_a_query_past_its_time_limit_is_abandoned(store: GraphStore) -> None:
    store.replace_graph(g_iri(store, "a"), sample(store, 400))
    with pytest.raises(QueryTimeout):
        store.select("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)


def test_dump_and_restore_round_trip(store: GraphStore, tmp_path: Path) -> None:
    """Dump as N-Quads and as TriG, restore into a fresh embedded store: the same quads."""
    store.replace_graph(g_iri(store, "a"), sample(store, 6))
    store.replace_graph(g_iri(store, "b"), sample(store, 2))
    for fmt, parser in (("nquads", "nquads"), ("trig", "trig")):
        out = io.BytesIO()
        store.dump(out, fmt)  # type: ignore[arg-type]
        dumped = Dataset()
        dumped.parse(data=out.getvalue(), format=parser)
        assert {str(c.identifier) for c in dumped.graphs() if len(c)} == {
            str(g_iri(store, "a")),
            str(g_iri(store, "b")),
        }
        fresh = EmbeddedStore(tmp_path / f"fresh-{fmt}")
        assert fresh.restore(io.BytesIO(out.getvalue()), fmt) == len(sample(store, 6)) + len(sample(store, 2))  # type: ignore[arg-type]
        assert isomorphic(fresh.graph(g_iri(store, "a")), store.graph(g_iri(store, "a")))
        fresh.close()


def test_restore_replaces_the_graphs_of_the_dump(store: GraphStore) -> None:
    source = sample(store, 3)
    dataset = Dataset()
    dataset.graph(g_iri(store, "r")).__iadd__(source)
    lines = dataset.serialize(format="nquads")
    store.replace_graph(g_iri(store, "r"), sample(store, 30))
    assert store.restore(io.BytesIO(lines.encode("utf-8")), "nquads") == len(source)
    assert isomorphic(store.graph(g_iri(store, "r")), source)
