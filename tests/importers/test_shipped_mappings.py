"""Shipped mappings on the real files in ../shared, with the expected counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph_service.iris import IriMinter
from graph_service.namespaces import BG, CV, GEO, ORG, PROV, QB, SCHEMA
from graph_service.settings import Settings
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
