"""Shipped mappings on the real files in ../shared, with the expected counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, CV, GEO, ORG, PROV, QB, SCHEMA
from graph_service.core.settings import Settings
from importers import BuildResult, load_mapping, run_mapping, shipped_mappings


def levels(result: BuildResult) -> Counter[str]:
    return Counter(str(o).rsplit("/", 1)[-1] for o in result.graph.objects(None, CV.level))


def actors(result: BuildResult) -> set:
    return set(result.graph.subjects(RDF.type, ORG.Organization))


def assert_accounted(result: BuildResult) -> None:
    c = result.counts
    assert c["imported"] + c["merged"] + c["rejected"] + c["filtered"] == result.rows_read
    assert set(c) <= {"imported", "merged", "rejected", "filtered"}


def test_every_shipped_mapping_loads() -> None:
    assert {"destatis-gv", "schulen-rlp-2016", "schulen-mv-2016", "schulen-flensburg"} <= set(shipped_mappings())
    for mapping_id in shipped_mappings():
        assert load_mapping(mapping_id).id == mapping_id


def test_destatis_register(destatis_result: BuildResult, importer_settings: Settings) -> None:
    result = destatis_result
    assert result.rows_read == 16068
    assert result.counts == Counter({"imported": 16056, "filtered": 12})  # 12 Regionen (Satzart 30, BW)
    assert levels(result) == Counter(gemeinde=11004, gemeindeverband=4606, kreis=401, regierungsbezirk=29, land=16)
    g = result.graph
    inhabited = [s for s, p in g.subject_objects(BG.population) if int(p) > 0]
    assert len(inhabited) == 10796
    flensburg = IriMinter(importer_settings.base_iri).region("01001000")
    assert (flensburg, BG.ags, Literal("01001000")) in g
    assert (flensburg, BG.ars, Literal("010010000000")) in g
    assert (flensburg, BG.population, Literal(90164, datatype=XSD.integer)) in g
    assert g.value(flensburg, SCHEMA.containedInPlace) == IriMinter(importer_settings.base_iri).region("010010000")
    wkt = g.value(g.value(flensburg, GEO.hasGeometry), GEO.asWKT)
    assert str(wkt) == "POINT(9.43751 54.78252)"
    assert (flensburg, PROV.wasDerivedFrom, None) in g
    units = set(g.subjects(RDF.type, CV.AdminUnit))
    assert all(o in units for o in g.objects(None, SCHEMA.containedInPlace))


def school_result(shared_data: Path, settings: Settings, file: str, mapping: str) -> BuildResult:
    result = run_mapping(shared_data / file, mapping, settings)
    assert_accounted(result)
    return result


def test_rlp_neuwied_70_schools(shared_data: Path, importer_settings: Settings) -> None:
    result = school_result(
        shared_data, importer_settings, "jedeschule_2016/rlp_abs_gesamt_2016.csv", "schulen-rlp-2016"
    )
    assert result.counts == Counter(imported=70, filtered=1428)
    assert len(actors(result)) == 70
    places = set(result.graph.objects(None, BG.municipality))
    assert all(str(p).rsplit("/", 1)[-1].startswith("07138") for p in places)
    observations = set(result.graph.subjects(RDF.type, QB.Observation))
    assert len(observations) > 70 * 4
    assert all((s, BG.actorType, None) in result.graph for s in actors(result))


def test_mv_ludwigslust_parchim_79_schools(shared_data: Path, importer_settings: Settings) -> None:
    result = school_result(shared_data, importer_settings, "jedeschule_2016/mv_abs_gesamt_2016.csv", "schulen-mv-2016")
    assert result.counts == Counter(imported=79, filtered=411)
    assert len(actors(result)) == 79
    assert all(str(p).rsplit("/", 1)[-1].startswith("13076") for p in result.graph.objects(None, BG.municipality))
    # RegS/GS is both a Grundschule and a weiterführende Schule
    combo = URIRef(IriMinter(importer_settings.base_iri).entity("actor", "schule-mv-75130301"))
    assert combo not in actors(result)  # Rostock, outside the filter


def test_mv_other_county_by_param(shared_data: Path, importer_settings: Settings) -> None:
    result = run_mapping(
        shared_data / "jedeschule_2016/mv_abs_gesamt_2016.csv", "schulen-mv-2016", importer_settings, {"kreis": "HRO"}
    )
    assert result.counts["imported"] + result.counts["rejected"] == 41


def test_flensburg_schools(shared_data: Path, importer_settings: Settings) -> None:
    result = school_result(shared_data, importer_settings, "oklab_flensburg/schulen_flensburg.csv", "schulen-flensburg")
    assert result.counts == Counter(imported=30)
    schools = {s for s in actors(result) if "/schule-sh-" in str(s)}
    assert len(schools) == 30
    literals = {str(o) for o in result.graph.objects() if isinstance(o, Literal)}
    assert "Frau Saar" not in literals and "Frau Schulz" not in literals
    school = IriMinter(importer_settings.base_iri).entity("actor", "schule-sh-0702020")
    assert (school, BG.officialId, Literal("0702020")) in result.graph


def test_flensburg_kitas_csv_and_geojson_share_iris(shared_data: Path, importer_settings: Settings) -> None:
    csv = school_result(shared_data, importer_settings, "oklab_flensburg/kitas_in_flensburg.csv", "kitas-flensburg-csv")
    geo = school_result(
        shared_data, importer_settings, "oklab_flensburg/kitas_in_flensburg.geojson", "kitas-flensburg-geojson"
    )
    assert csv.counts == geo.counts == Counter(imported=70)
    kitas = {s for s in csv.graph.subjects(RDF.type, SCHEMA.ChildCare)}
    assert len(kitas) == 70
    assert kitas == set(geo.graph.subjects(RDF.type, SCHEMA.ChildCare))
    assert len(set(geo.graph.subjects(GEO.hasGeometry, None)) & kitas) == 70
    literals = {str(o) for o in csv.graph.objects() if isinstance(o, Literal)}
    assert "Frau Droemert" not in literals
    indicators = {str(o).rsplit("/", 1)[-1] for o in csv.graph.objects(None, BG.indicator)}
    assert {"kita-betreuungsplaetze", "kita-gruppen-0-3", "kita-gruppen-3-6"} <= indicators


def test_sh_kitadb_every_row_accounted(shared_data: Path, importer_settings: Settings) -> None:
    result = school_result(
        shared_data, importer_settings, "oklab_flensburg/kitas_schleswig_holstein_kitadb_2023.json", "kitas-sh-kitadb"
    )
    c = result.counts
    assert result.rows_read == 1870
    assert c["imported"] >= 1850 and c["rejected"] <= 5  # ambiguous postcodes are rejected with a reason
    assert all(o.message for o in result.outcomes if o.status == "rejected")
    assert len(set(result.graph.subjects(RDF.type, SCHEMA.ChildCare))) == c["imported"]


def test_sh_kitadb_filter_per_county(shared_data: Path, importer_settings: Settings) -> None:
    path = shared_data / "oklab_flensburg/kitas_schleswig_holstein_kitadb_2023.json"
    result = run_mapping(path, "kitas-sh-kitadb", importer_settings, {"kreis": "01001"})
    assert 60 <= result.counts["imported"] <= 75
    assert {str(o).rsplit("/", 1)[-1] for o in result.graph.objects(None, BG.municipality)} <= {"01001000"}


def test_sachsen_meissen_85_schools_with_sites(shared_data: Path, importer_settings: Settings) -> None:
    path = "sachsen_projekt30/schools_sachsen_schuldatenbank.json"
    result = school_result(shared_data, importer_settings, path, "schulen-sachsen-2026")
    assert result.counts == Counter(imported=85, filtered=1336)
    schools = actors(result)
    sites = set(result.graph.subjects(RDF.type, ORG.Site))
    assert len(schools) == 85 and len(sites) >= 85
    assert not schools & sites
    assert {o for o in result.graph.objects(None, ORG.hasSite)} == sites


def test_plz_table(shared_data: Path, importer_settings: Settings) -> None:
    result = school_result(
        shared_data, importer_settings, "plz_ort_landkreis/zuordnung_plz_ort_landkreis.csv", "plz-ags"
    )
    assert result.rows_read == 12883
    assert result.counts["imported"] + result.counts["merged"] == 12883
    flensburg = IriMinter(importer_settings.base_iri).region("01001000")
    assert (flensburg, SCHEMA.postalCode, Literal("24937")) in result.graph


def test_konstanz_statistics_as_data_cube(shared_data: Path, importer_settings: Settings) -> None:
    result = run_mapping(shared_data / "konstanz_in_zahlen", "konstanz-statistik", importer_settings)
    assert_accounted(result)
    assert result.counts["rejected"] == 0 and result.rows_read > 300
    g = result.graph
    datasets = set(g.subjects(RDF.type, QB.DataSet))
    assert len(datasets) == 16
    konstanz = IriMinter(importer_settings.base_iri).region("08335043")
    from graph_service.core.namespaces import SDMX_DIMENSION

    assert set(g.objects(None, SDMX_DIMENSION.refArea)) == {konstanz}
    assert all((i, BG.monitoringArea, None) in g for i in g.subjects(RDF.type, BG.Indicator))
    assert (None, SDMX_DIMENSION.refPeriod, Literal("2000/01")) in g
