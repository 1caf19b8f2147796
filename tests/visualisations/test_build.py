"""From RDF (hand-made landscape in an in-memory store) to networkx, with every filter."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from graph_service.network.build import build_graph, read_landscape, simple_graph
from graph_service.network.filters import FilterError, NetworkFilter
from graph_service.store.embedded import EmbeddedStore
from tests.visualisations.conftest import ACT


def _names(graph) -> list[str]:
    return sorted(node.removeprefix(ACT) for node in graph)


def _edges(graph, kind: str | None = None) -> list[tuple[str, str, str]]:
    return sorted(
        (min(a, b).removeprefix(ACT), max(a, b).removeprefix(ACT), d["kind"])
        for a, b, d in graph.edges(data=True)
        if kind is None or d["kind"] == kind
    )


def test_actors_and_typed_edges(landscape) -> None:
    graph = build_graph(landscape)
    kinds = sorted(d["kind"] for _, d in graph.nodes(data=True))
    assert kinds.count("actor") == 15 and kinds.count("network") == 2  # networks are hub nodes by default
    assert sorted({d["kind"] for _, _, d in graph.edges(data=True)}) == [
        "cooperation",
        "funding",
        "membership",
        "operated_by",
        "responsibility",
    ]
    kita = graph.nodes[ACT + "kita-sonnenschein"]
    assert (kita["label"], kita["actor_type_label"], kita["ags"]) == ("Kita Sonnenschein", "Kita", "99999001")
    assert (kita["actor_group_label"], kita["shape"]) == ("Frühe Bildung", "dot")
    assert graph.nodes[ACT + "vhs-beispielkreis"]["shape"] == "hexagon"
    assert kita["life_phase_labels"] == ["Frühkindliche Bildung"]
    assert graph.nodes[ACT + "beispielstiftung"]["actor_type"] == "untyped"
    assert ("jugendamt", "kita-sonnenschein", "responsibility") in _edges(graph)
    assert ("beispielstiftung", "migrantenverein", "funding") in _edges(graph)


def test_cooperation_with_three_parties_gives_three_edges(landscape) -> None:
    graph = build_graph(landscape, NetworkFilter(edge_kinds=["cooperation"]))
    assert len(_edges(graph, "cooperation")) == 8
    sprachcafe = [d for _, _, d in graph.edges(data=True) if d["iri"].endswith("sprachcafe")]
    assert len(sprachcafe) == 3
    assert {(d["type_label"], d["topic"], d["start"], d["end"]) for d in sprachcafe} == {
        ("Gemeinsames Angebot", "Sprachcafé", "2023-03-01", "2024-12-31")
    }


def test_shared_membership_projection_and_bipartite_view(landscape) -> None:
    projected = build_graph(landscape, NetworkFilter(edge_kinds=["membership"], mode="projected"))
    assert _edges(projected) == [
        ("bbs-technik", "jobcenter", "membership"),
        ("bbs-technik", "kreisverwaltung", "membership"),
        ("grundschule-am-park", "jugendamt", "membership"),
        ("grundschule-am-park", "vhs-beispielkreis", "membership"),
        ("jobcenter", "kreisverwaltung", "membership"),
        ("jugendamt", "vhs-beispielkreis", "membership"),
    ]
    bipartite = build_graph(landscape, NetworkFilter(edge_kinds=["membership"]))
    networks = sorted(n for n, d in bipartite.nodes(data=True) if d["kind"] == "network")
    assert [n.rsplit("/", 1)[-1] for n in networks] == ["bildungsnetzwerk", "steuerungsgruppe"]
    assert bipartite.number_of_edges() == 6
    assert {bipartite.nodes[n]["shape"] for n in networks} == {"diamond"}
    assert NetworkFilter(mode="actors").mode == "projected"  # the older name still works in saved views


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (NetworkFilter(areas=["99998"]), ["sportverein-nachbarort"]),
        (NetworkFilter(actor_types=["kita"]), ["kita-sonnenschein"]),
        (NetworkFilter(life_phases=["allgemeinbildende-schule"]), ["grundschule-am-park", "gymnasium-nord"]),
        (NetworkFilter(target_groups=["neuzugewanderte"]), ["migrantenverein", "vhs-beispielkreis"]),
    ],
)
def test_node_filters(landscape, flt, expected) -> None:
    graph = build_graph(landscape, flt)
    assert _names(n for n in graph if graph.nodes[n]["kind"] == "actor") == expected


def test_area_filter_by_county_and_gemeinde(landscape) -> None:
    assert len(build_graph(landscape, NetworkFilter(areas=["99999"], mode="projected"))) == 13  # not Nachbarort, funder
    assert "stadtbibliothek" in _names(build_graph(landscape, NetworkFilter(areas=["99999001"])))
    assert "vhs-beispielkreis" not in _names(build_graph(landscape, NetworkFilter(areas=["99999001"])))


def test_cooperations_valid_at_a_date(landscape) -> None:
    graph = build_graph(landscape, NetworkFilter(edge_kinds=["cooperation"], at_date="2022-06-01"))
    assert [e[:2] for e in _edges(graph)] == [
        ("bbs-technik", "jobcenter"),
        ("grundschule-am-park", "kita-sonnenschein"),
        ("jugendamt", "sportverein-nachbarort"),
        ("migrantenverein", "xss-test"),
    ]


def test_cooperations_overlapping_a_period(landscape) -> None:
    flt = NetworkFilter(edge_kinds=["cooperation"], period_start="2024-01-01", period_end="2024-06-30")
    assert len(_edges(build_graph(landscape, flt))) == 7
    flt = NetworkFilter(edge_kinds=["cooperation"], period_start="2019-01-01", period_end="2019-12-31")
    assert [e[:2] for e in _edges(build_graph(landscape, flt))] == [
        ("grundschule-am-park", "gymnasium-nord"),
        ("migrantenverein", "xss-test"),
    ]


def test_ego_network_depths(landscape) -> None:
    one = build_graph(landscape, NetworkFilter(ego=ACT + "vhs-beispielkreis", depth=1, mode="projected"))
    assert _names(one) == [
        "grundschule-am-park",
        "jugendamt",
        "kreisverwaltung",
        "migrantenverein",
        "stadtbibliothek",
        "vhs-beispielkreis",
    ]
    assert one.nodes[ACT + "vhs-beispielkreis"]["ego"] is True
    two = build_graph(landscape, NetworkFilter(ego=ACT + "vhs-beispielkreis", depth=2, mode="projected"))
    assert set(_names(one)) < set(_names(two))
    assert "kita-sonnenschein" in _names(two)


def test_ego_errors(landscape) -> None:
    with pytest.raises(FilterError, match="depth"):
        NetworkFilter(ego=ACT + "vhs-beispielkreis", depth=4)
    with pytest.raises(FilterError, match="nicht im gefilterten Netz") as caught:
        build_graph(landscape, NetworkFilter(areas=["99998"], ego=ACT + "vhs-beispielkreis"))
    assert "not in the filtered network" in caught.value.describe("en")


def test_english_labels(landscape) -> None:
    graph = build_graph(landscape, lang="en")
    school = graph.nodes[ACT + "grundschule-am-park"]
    assert (school["label"], school["actor_type_label"]) == ("Park Primary School", "Primary school")
    assert graph.nodes[ACT + "kita-sonnenschein"]["label"] == "Kita Sonnenschein"  # no English name: German


def test_simple_graph_weights_parallel_edges(landscape) -> None:
    simple = simple_graph(build_graph(landscape, NetworkFilter(mode="projected")))
    assert simple[ACT + "bbs-technik"][ACT + "jobcenter"]["weight"] == 2  # cooperation + shared committee
    assert list(simple) == sorted(simple)


def test_filter_round_trips() -> None:
    flt = NetworkFilter(areas=["99999"], actor_types=["kita", "vhs"], at_date="2024-01-01", ego=ACT + "x", depth=2)
    assert NetworkFilter.from_query_string(flt.to_query()) == flt
    assert NetworkFilter.from_mapping(flt.to_mapping()) == flt
    assert flt.actor_types[0] == "https://w3id.org/bildungsgraph/vocab/akteurstyp/kita"
    assert NetworkFilter.from_query_string("") == NetworkFilter()


@pytest.mark.parametrize(
    ("data", "german", "english"),
    [
        ({"colour": "red"}, "unbekannte Filter", "unknown filter keys"),
        ({"edge_kinds": "friendship"}, "edge_kinds", "edge_kinds"),
        ({"at_date": "22.06.2024"}, "JJJJ-MM-TT", "ISO date"),
        ({"areas": "Flensburg"}, "Ziffern", "digits"),
        ({"mode": "tripartite"}, "mode", "mode"),
    ],
)
def test_bad_filters_are_explained(data, german, english) -> None:
    with pytest.raises(FilterError, match=german) as caught:
        NetworkFilter.from_mapping(data)
    assert english in caught.value.describe("en")


def test_connected_only_leaves_out_actors_without_links(landscape) -> None:
    graph = build_graph(landscape, NetworkFilter(edge_kinds=["cooperation"], connected_only=True))
    assert all(graph.degree(n) > 0 for n in graph)
    assert len(graph) < len(build_graph(landscape, NetworkFilter(edge_kinds=["cooperation"])))


def test_membership_in_an_organisation_that_is_an_actor() -> None:
    data = Graph().parse(
        data="""
        @prefix bg: <https://w3id.org/bildungsgraph/def#> . @prefix org: <http://www.w3.org/ns/org#> .
        @prefix a: <https://w3id.org/bildungsgraph/id/actor/> .
        @prefix at: <https://w3id.org/bildungsgraph/vocab/akteurstyp/> .
        a:kreis bg:actorType at:kommunalverwaltung . a:buero bg:actorType at:bildungsbuero .
        a:amt bg:actorType at:jugendamt .
        [] a org:Membership ; org:member a:buero ; org:organization a:kreis .
        [] a org:Membership ; org:member a:amt ; org:organization a:kreis .
        """,
        format="turtle",
    )
    store = EmbeddedStore(None)
    store.add_triples(URIRef("urn:test"), data)
    land = read_landscape(store)
    for mode in ("projected", "bipartite"):
        graph = build_graph(land, NetworkFilter(mode=mode))
        assert _edges(graph) == [("amt", "kreis", "membership"), ("buero", "kreis", "membership")]
        assert {d["kind"] for _, d in graph.nodes(data=True)} == {"actor"}
    without_kreis = build_graph(land, NetworkFilter(actor_types=["bildungsbuero", "jugendamt"], mode="bipartite"))
    assert _names(without_kreis) == ["amt", "buero"]
