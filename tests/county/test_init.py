"""``init --county``: the county, all its municipalities, the Land and their boundaries, from shipped data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.core.errors import InputError
from graph_service.county.reference import boundaries, find_area, register_rows
from graph_service.store.embedded import EmbeddedStore

ID = "https://w3id.org/bildungsgraph/id/"
PREFIXES = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX sf: <http://www.opengis.net/ont/sf#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX clv: <http://data.europa.eu/m8g/>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def test_reference_data_knows_every_county() -> None:
    area = find_area("14627")
    assert (area.key, area.name, area.land_name) == ("14627", "Meißen", "Sachsen")
    rows = register_rows(area)
    assert sum(r["satzart"] == "60" for r in rows) == 28
    assert {r["gemeindename"] for r in rows if r["satzart"] == "10"} == {"Sachsen"}
    shapes = {b.ags: b for b in boundaries(area)}
    assert len(shapes) == 28 + 2 and shapes["14627"].bez == "Landkreis" and shapes["14"].level == "land"
    # Landkreis Neuwied (Rhineland-Palatinate): 62 municipalities in the register, and a boundary for each
    neuwied = find_area("07138")
    assert sum(r["satzart"] == "60" for r in register_rows(neuwied)) == 62
    assert sum(b.level == "gemeinde" for b in boundaries(neuwied)) == 62


@pytest.mark.parametrize("key", ["99999", "14999", "abc", "1462"])
def test_unknown_key_is_an_input_error(key: str) -> None:
    with pytest.raises(InputError) as caught:
        find_area(key)
    assert key in caught.value.describe("de") and key in caught.value.describe("en")


def test_cli_unknown_county_exits_2_with_a_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", "--county", "14999", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "Unbekannter Schlüssel „14999“" in result.output and "14627 Meißen" in result.output
    assert "Traceback" not in result.output
    english = CliRunner().invoke(app, ["init", "--county", "14999", "--lang", "en", "--store", str(tmp_path / "s")])
    assert english.exit_code == 2 and 'Unknown key "14999"' in english.output


def test_county_municipalities_population_and_boundaries(meissen_store: EmbeddedStore) -> None:
    rows = meissen_store.select(
        PREFIXES
        + """SELECT ?ags (MAX(?p) AS ?population) (SAMPLE(?wkt) AS ?shape) WHERE {
          ?m clv:level <https://w3id.org/bildungsgraph/vocab/verwaltungsebene/gemeinde> ; bg:ags ?ags ;
             bg:population ?p ; geo:hasDefaultGeometry ?g . ?g a sf:MultiPolygon ; geo:asWKT ?wkt .
          FILTER(STRSTARTS(?ags, "14627")) } GROUP BY ?ags"""
    ).rows
    assert len(rows) == 28
    population = {str(r["ags"]): int(r["population"]) for r in rows}
    assert population["14627180"] == 10513  # Nossen
    for row in rows:
        wkt = str(row["shape"])
        assert wkt.startswith("MULTIPOLYGON")
        lon, lat = (float(v) for v in wkt.split("(((")[1].split(",")[0].split())
        assert 13.0 < lon < 14.0 and 51.0 < lat < 51.6, (row["ags"], lon, lat)  # WGS84, lon/lat, near Meißen


def test_county_and_land_with_names_and_provenance(meissen_store: EmbeddedStore) -> None:
    county = meissen_store.select(
        PREFIXES + 'SELECT DISTINCT ?alt WHERE { ?k bg:ags "14627" ; skos:altLabel ?alt ; geo:hasDefaultGeometry ?g }'
    ).rows
    assert [str(r["alt"]) for r in county] == ["Landkreis Meißen"]
    land = meissen_store.select(
        PREFIXES + 'SELECT ?l WHERE { ?s bg:ags "14" ; rdfs:label ?l ; geo:hasGeometry ?g FILTER(LANG(?l) = "de") }'
    )
    assert {str(r["l"]) for r in land.rows} == {"Sachsen"}
    meta = meissen_store.select(
        PREFIXES
        + f"""SELECT ?licence ?attribution WHERE {{ GRAPH <{ID}graph/meta> {{
          ?ds bg:namedGraph <{ID}graph/grenzen-14627> ; dct:license ?licence ; bg:attribution ?attribution }} }}"""
    ).rows
    assert [(str(r["licence"]), str(r["attribution"])) for r in meta] == [
        ("https://www.govdata.de/dl-de/by-2-0", "© GeoBasis-DE / BKG 2021 (Daten verändert)")
    ]
    # no local file path in the graph (row references point at the dataset)
    files = meissen_store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ID}graph/gemeindeverzeichnis-14627> "
        '{ ?s ?p ?o FILTER(STRSTARTS(STR(?o), "file:")) } }'
    ).rows
    assert int(files[0]["n"]) == 0


def test_init_twice_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    counts = []
    for _ in range(2):
        result = runner.invoke(app, ["init", "--county", "14627", "--store", str(store)])
        assert result.exit_code == 0, result.output
        assert "Eingerichtet: Meißen (14627) mit 28 Gemeinden." in result.output
        opened = EmbeddedStore(store, read_only=True)
        try:
            rows = opened.select(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                'FILTER(!STRENDS(STR(?g), "/meta")) } GROUP BY ?g'
            ).rows
            counts.append({str(r["g"]): int(r["n"]) for r in rows})
        finally:
            opened.close()
    assert counts[0] == counts[1]
    assert set(counts[0]) == {f"{ID}graph/{g}" for g in ("ontology", "gemeindeverzeichnis-14627", "grenzen-14627")}
