"""The map's data on Landkreis Meißen: every municipality once with its boundary, flags equal to the gap
report's coverage tables, actors filtered by the selection, classes, outlines for pages."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from graph_service.gaps import build_report
from graph_service.gaps.map_data import (
    ATTRIBUTION,
    DIMENSIONS,
    Selection,
    boundary_svg,
    classes,
    default_area,
    map_areas,
    map_base,
    map_data,
    measure_rows,
)
from graph_service.store.embedded import EmbeddedStore
from tests.map.conftest import COUNTY, V

TABLES = {"phase": "coverage-life-phase", "group": "coverage-target-group", "type": "coverage-offer-type"}


@pytest.fixture(scope="module")
def base(meissen_store, map_settings):
    return map_base(meissen_store, map_settings, COUNTY)


@pytest.fixture(scope="module")
def report(meissen_store):
    return build_report(meissen_store, COUNTY)


def test_every_municipality_once_with_its_boundary(base, report) -> None:
    data = map_data(base, Selection(), "de")
    features = data["municipalities"]["features"]
    expected = {str(r["ags"]) for r in report.table("coverage-life-phase").rows}
    assert len(expected) == 28
    assert sorted(f["properties"]["ags"] for f in features) == sorted(expected)
    assert {f["geometry"]["type"] for f in features} == {"MultiPolygon"}
    west, south, east, north = data["bounds"]
    assert 12.9 < west < east < 14.1 and 50.9 < south < north < 51.6  # WGS84 lon/lat around Meißen
    assert data["outline"]["type"] in ("Polygon", "MultiPolygon")
    assert data["attribution"] == ATTRIBUTION and "dl-de/by-2-0" in data["licence"]["url"]


@pytest.mark.parametrize("key", list(DIMENSIONS))
def test_single_category_flags_equal_the_gap_report(base, report, key) -> None:
    """For every category of the three schemes: offers, rate and flag per municipality as in the report."""
    table = report.table(TABLES[key])
    for concept in base.concepts[key]:
        expected = {
            str(r["ags"]): (r["offers"], r["per1000"], r["flag"]) for r in table.rows if r["concept"] == concept
        }
        if not expected:
            continue  # a concept the vocabulary has but the report does not list (none today)
        got = {
            str(r["ags"]): (r["offers"], r["per1000"], r["flag"])
            for r in measure_rows(base, Selection(**{key: concept}))
        }
        assert got == expected, concept


def test_combined_selection_counts_offers_with_every_category(base, meissen_store) -> None:
    phase, group = V + "lebensphase/weiterbildung", V + "zielgruppe/neuzugewanderte"
    rows = {str(r["ags"]): r for r in measure_rows(base, Selection(phase=phase, group=group))}
    query = f"""PREFIX bg: <https://w3id.org/bildungsgraph/def#>
    SELECT ?ags (COUNT(DISTINCT ?o) AS ?n) WHERE {{
      ?o bg:lifePhase <{phase}> ; bg:targetGroup <{group}> ; bg:municipality/bg:ags ?ags }} GROUP BY ?ags"""
    expected = {str(r["ags"]): int(r["n"]) for r in meissen_store.select(query)}
    assert expected and {a: r["offers"] for a, r in rows.items() if r["offers"]} == expected
    assert {r["flag"] for a, r in rows.items() if a not in expected} <= {"zero", "no-data", "not-expected"}


def test_actors_follow_the_selection(base, meissen_store) -> None:
    everyone = map_data(base, Selection(), "de")["actors"]["features"]
    assert len(everyone) == len(base.actors) > 20
    group = V + "zielgruppe/neuzugewanderte"
    shown = {f["properties"]["iri"] for f in map_data(base, Selection(group=group), "de")["actors"]["features"]}
    query = f"""PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX schema: <https://schema.org/>
    SELECT DISTINCT ?a WHERE {{ ?o bg:targetGroup <{group}> ; bg:municipality/bg:ags ?ags ; schema:provider ?a .
      ?a bg:actorType ?t ; bg:municipality ?m FILTER(STRSTARTS(?ags, "{COUNTY}")) }}"""
    assert shown == {str(r["a"]) for r in meissen_store.select(query)}
    colours = {f["properties"]["colour"] for f in everyone}
    assert len(colours) >= 4 and all(c.startswith("#") and len(c) == 7 for c in colours)
    assert all(f["properties"]["approximate"] for f in everyone)  # the invented sheets have no coordinates


def test_measure_per_1000_and_legend(base) -> None:
    data = map_data(base, Selection(measure="per1000"), "de")
    riesa = next(f["properties"] for f in data["municipalities"]["features"] if f["properties"]["ags"] == "14627230")
    assert riesa["value"] == pytest.approx(riesa["offers"] * 1000 / riesa["population"], abs=0.001)
    kinds = [e["kind"] for e in data["legend"]]
    assert "class" in kinds and "no-data" in kinds
    assert data["selectionTitle"] == "Angebote je 1.000 Einwohner"
    english = map_data(base, Selection(group=V + "zielgruppe/neuzugewanderte"), "en")
    assert english["selectionTitle"] == "Offers – Target group: Newcomers"


def test_classes() -> None:
    assert classes([]) == ([], True)
    assert classes([0, 1, 1, 3]) == ([1, 3], True)
    bounds, exact = classes([float(v) for v in range(1, 101)])
    assert not exact and bounds[-1] == 100 and len(bounds) == 5 and bounds == sorted(bounds)


def test_areas_and_default(meissen_store) -> None:
    areas = map_areas(meissen_store)
    meissen = next(a for a in areas if a.ags == COUNTY)
    assert meissen.name == "Landkreis Meißen" and meissen.municipalities == 28
    assert default_area(areas) == meissen  # the seed graph's odd municipality elsewhere does not hide it


def test_boundary_svg() -> None:
    square_with_hole = (
        "MULTIPOLYGON (((13 51, 13.1 51, 13.1 51.1, 13 51.1, 13 51),"
        " (13.02 51.02, 13.05 51.02, 13.05 51.05, 13.02 51.02)))"
    )
    svg = boundary_svg(square_with_hole)
    assert svg is not None and svg["d"].count("M") == 2 and svg["d"].count("Z") == 2
    assert boundary_svg("POINT(13 51)") is None and boundary_svg("not wkt") is None


def test_without_boundaries_municipalities_are_points(tmp_path, map_settings) -> None:
    """A store with register points only (like the demo): the map still shows every municipality, as a point."""
    data = """
    @prefix bg: <https://w3id.org/bildungsgraph/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix geo: <http://www.opengis.net/ont/geosparql#> . @prefix id: <https://w3id.org/bildungsgraph/id/> .
    @prefix schema: <https://schema.org/> .
    id:region\\/kreis\\/99001 bg:ags "99001" ; rdfs:label "Testkreis"@de .
    id:region\\/gemeinde\\/99001001 bg:ags "99001001" ; rdfs:label "Ahausen"@de ; bg:population 1200 ;
        geo:hasGeometry [ geo:asWKT "POINT(9.1 54.1)"^^geo:wktLiteral ] .
    id:region\\/gemeinde\\/99001002 bg:ags "99001002" ; rdfs:label "Bedorf"@de ; bg:population 800 ;
        geo:hasGeometry [ geo:asWKT "POINT(9.3 54.2)"^^geo:wktLiteral ] .
    <https://w3id.org/bildungsgraph/vocab/akteurstyp/kita> bg:colour "#\\"><img" .
    id:region\\/gemeinde\\/99001003 bg:ags "99001003" ; rdfs:label "Cedorf"@de ; bg:population 500 ;
        geo:hasGeometry [ geo:asWKT "POINT(9.2 54.3)"^^geo:wktLiteral ] .
    id:actor\\/a bg:actorType <https://w3id.org/bildungsgraph/vocab/akteurstyp/kita> ; rdfs:label "Kita A"@de ;
        bg:municipality id:region\\/gemeinde\\/99001001 .
    id:actor\\/b bg:actorType <https://w3id.org/bildungsgraph/vocab/akteurstyp/kita> ; rdfs:label "Kita B"@de ;
        bg:municipality id:region\\/gemeinde\\/99001002 .
    id:offer\\/o a bg:EducationOffer ; rdfs:label "Krabbelgruppe"@de ; bg:municipality id:region\\/gemeinde\\/99001001 ;
        bg:lifePhase <https://w3id.org/bildungsgraph/vocab/lebensphase/fruehkindliche-bildung> ;
        schema:provider id:actor\\/a .
    """
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graph(URIRef("https://w3id.org/bildungsgraph/id/graph/t"), Graph().parse(data=data, format="turtle"))
    areas = map_areas(store)
    assert [a.ags for a in areas] == ["99001"] and default_area(areas).name == "Testkreis"
    result = map_data(map_base(store, map_settings, "99001"), Selection(), "de")
    features = result["municipalities"]["features"]
    assert [f["geometry"]["type"] for f in features] == ["Point", "Point", "Point"]
    # an offer in Ahausen; a Kita but no offer in Bedorf (a gap); nothing recorded in Cedorf (no data)
    assert [f["properties"]["flag"] for f in features] == ["", "zero", "no-data"]
    assert result["actors"]["features"][0]["geometry"]["coordinates"] == [9.1, 54.1]
    assert result["actors"]["features"][0]["properties"]["colour"] == "#E69F00"  # not the store's broken colour
    store.close()
