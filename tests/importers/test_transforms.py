"""Each transform of the mapping language on a small file: derive steps, templates, decoding, placement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, ORG, SCHEMA
from graph_service.core.settings import Settings
from importers import BuildResult, run_mapping
from importers.transforms import fill, parse_date, parse_number

SETTINGS = Settings(_env_file=None)
MINT = IriMinter(SETTINGS.base_iri)
SCHOOL_TYPES = {
    "1": {"types": ["schema:ElementarySchool"], "actor_type": ["grundschule"]},
    "2": {"types": ["schema:HighSchool"], "actor_type": ["weiterfuehrende-schule"]},
    "4": {"types": ["schema:HighSchool"], "actor_type": ["gymnasium"]},
}


def run(tmp: Path, csv: str, entity: dict[str, Any], **mapping: Any) -> BuildResult:
    """Run a one-entity mapping (written as YAML, so lines are known) over a small CSV."""
    spec = {
        "id": "t",
        "source": {"title": "t", "licence": "CC0"},
        "reader": {"format": "csv"},
        **mapping,
        "entities": [{"id": "x", "iri": "actor/x-{Nr}", "types": ["org:Organization"], **entity}],
    }
    (tmp / "m.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp / "d.csv").write_text(csv, encoding="utf-8")
    return run_mapping(tmp / "d.csv", tmp / "m.yaml", SETTINGS)


def values(result: BuildResult, nr: str, p: URIRef) -> set[str]:
    return {str(o) for o in result.graph.objects(MINT.entity("actor", f"x-{nr}"), p)}


def label(p: str = "rdfs:label", column: str = "name", **kw: Any) -> dict[str, Any]:
    return {"p": str(p), "column": column, **kw}


def test_regex_extract_named_groups_become_columns(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr;Adresse\n1;Musterstraße 1, 06108 Halle (Saale)\n2;ohne Postleitzahl\n",
        {
            "properties": [
                label(SCHEMA.streetAddress, "strasse"),
                label(SCHEMA.postalCode, "plz"),
                label("bg:x", "ort"),
            ],
        },
        derive=[{"from": "Adresse", "extract": r"^(?P<strasse>[^,]+),\s*(?P<plz>\d{5})\s+(?P<ort>.+)$"}],
    )
    assert values(result, "1", SCHEMA.streetAddress) == {"Musterstraße 1"}
    assert values(result, "1", SCHEMA.postalCode) == {"06108"}
    assert values(result, "2", SCHEMA.postalCode) == set()  # not required: the columns stay empty
    assert result.counts == {"imported": 2}


def test_regex_extract_required_rejects_a_row_that_does_not_match(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Adresse\n1,ohne Postleitzahl\n",
        {},
        derive=[{"from": "Adresse", "extract": r"(?P<plz>\d{5})", "required": True}],
    )
    outcome = result.outcomes[0]
    assert outcome.status == "rejected" and outcome.column == "Adresse" and outcome.value == "ohne Postleitzahl"
    assert "passt nicht zum Muster" in (outcome.message or "") and "does not match" in (outcome.message_en or "")


def test_split_strip_replace_case_and_whitespace(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        'Nr,Name,Fächer\n1,"  GRUNDSCHULE   AM  SEE ",Mathe ; Deutsch;;Sport\n',
        {"properties": [label(column="name"), label(SCHEMA.keywords, "faecher")]},
        derive=[
            {"into": "name", "from": "Name", "apply": ["collapse", "title", {"replace": {"Am": "am"}}]},
            {"into": "faecher", "from": "Fächer", "apply": [{"split": ";"}, "upper"]},
        ],
    )
    assert values(result, "1", RDFS.label) == {"Grundschule am See"}
    assert values(result, "1", SCHEMA.keywords) == {"MATHE", "DEUTSCH", "SPORT"}


def test_regex_replace_and_digits_and_pad(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Tel,AGS\n1,Tel.: (0461) 85-2000,1001000\n",
        {"properties": [label(SCHEMA.telephone, "tel"), label(BG.ags, "ags")]},
        derive=[
            {"into": "tel", "from": "Tel", "apply": [{"regex_replace": ["^Tel\\.:\\s*", ""]}]},
            {"into": "ags", "from": "AGS", "apply": ["digits", {"pad": 8}]},
        ],
    )
    assert values(result, "1", SCHEMA.telephone) == {"(0461) 85-2000"}
    assert values(result, "1", BG.ags) == {"01001000"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("03.07.2016", "2016-07-03"), ("3.7.2016", "2016-07-03"), ("42370", "2016-01-01"), ("2016-07-03", "2016-07-03")],
)
def test_dates_german_excel_and_iso(cell: str, expected: str) -> None:
    assert parse_date(cell, ["TT.MM.JJJJ", "excel", "JJJJ-MM-TT"]) == expected


def test_a_date_in_no_given_format_rejects_the_row(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Beginn\n1,01.08.2020\n2,im Sommer\n",
        {"properties": [label(SCHEMA.startDate, "beginn", datatype="date")]},
        derive=[{"into": "beginn", "from": "Beginn", "date": "TT.MM.JJJJ"}],
    )
    assert values(result, "1", SCHEMA.startDate) == {"2020-08-01"}
    assert result.graph.value(MINT.entity("actor", "x-1"), SCHEMA.startDate).datatype == XSD.date
    rejected = result.outcomes[1]
    assert rejected.status == "rejected" and "TT.MM.JJJJ" in (rejected.message or "") and rejected.value == "im Sommer"


@pytest.mark.parametrize(("cell", "style", "expected"), [("1.234,5", "de", "1234.5"), ("1,234.5", "en", "1234.5")])
def test_decimal_comma_and_point(cell: str, style: str, expected: str) -> None:
    assert parse_number(cell, style) == expected


def test_decimal_comma_in_a_mapping(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        'Nr;Fläche\n1;"12.345,67"\n',
        {"properties": [label(BG.area, "flaeche", datatype="decimal")]},
        derive=[{"into": "flaeche", "from": "Fläche", "number": "de"}],
    )
    assert result.graph.value(MINT.entity("actor", "x-1"), BG.area) == Literal("12345.67", datatype=XSD.decimal)


def test_bitmask_decodes_to_several_concepts(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Form\n1,3\n2,4\n3,16\n",
        {"classify": [{"column": "Form", "map": "formen", "bitmask": True}]},
        value_maps={"formen": SCHOOL_TYPES},
    )
    grund, weiter, gym = (URIRef(f"https://w3id.org/bildungsgraph/vocab/akteurstyp/{s}") for s in
                          ("grundschule", "weiterfuehrende-schule", "gymnasium"))  # fmt: skip
    assert {URIRef(v) for v in values(result, "1", BG.actorType)} == {grund, weiter}
    assert {URIRef(v) for v in values(result, "2", BG.actorType)} == {gym}
    unknown = result.outcomes[2]
    assert unknown.status == "rejected" and "„16“" in (unknown.message or "")
    assert "value_maps.formen (Zeile" in (unknown.message or "")  # names the mapping entry to extend


def test_multi_code_cell_and_one_code_to_several_concepts(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Zielgruppen\n1,FAM/NZ\n",
        {
            "properties": [
                {
                    "p": "bg:targetGroup",
                    "column": "Zielgruppen",
                    "split": "/",
                    "map": "gruppen",
                    "kind": "concept",
                    "scheme": "zielgruppe",
                }
            ]
        },
        value_maps={"gruppen": {"FAM": ["eltern-familien", "kinder-unter-3"], "NZ": "neuzugewanderte"}},
    )
    assert {v.rsplit("/", 1)[-1] for v in values(result, "1", BG.targetGroup)} == {
        "eltern-familien",
        "kinder-unter-3",
        "neuzugewanderte",
    }


def test_lookup_with_a_fallback_chain_and_default(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Code\n1,GS\n2,Grundschule\n3,XYZ\n",
        {"properties": [label(SCHEMA.description, "art")]},
        value_maps={"kurz": {"GS": "Grundschule (kurz)"}, "lang": {"Grundschule": "Grundschule (lang)"}},
        derive=[{"into": "art", "from": "Code", "lookup": ["kurz", "lang"], "default": "sonstige"}],
    )
    assert values(result, "1", SCHEMA.description) == {"Grundschule (kurz)"}
    assert values(result, "2", SCHEMA.description) == {"Grundschule (lang)"}
    assert values(result, "3", SCHEMA.description) == {"sonstige"}


def test_coalesce_between_fields_and_between_iri_templates(tmp_path: Path) -> None:
    spec = {"id": "t", "source": {"title": "t", "licence": "CC0"}, "reader": {"format": "csv"}, "entities": [{
        "id": "x", "iri": ["actor/x-{Nr}", "actor/x-{Name} {PLZ}"], "types": ["org:Organization"],
        "properties": [{"p": "schema:url", "coalesce": ["Homepage", "Internet", "https://{Domain}"], "kind": "url"}],
    }]}  # fmt: skip
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        "Nr,Name,PLZ,Homepage,Internet,Domain\n1,A,24937,,https://b.example.org,\n,Kita C,24939,,,c.example.org\n",
        encoding="utf-8",
    )
    result = run_mapping(tmp_path / "d.csv", tmp_path / "m.yaml", SETTINGS)
    assert values(result, "1", SCHEMA.url) == {"https://b.example.org"}
    second = MINT.entity("actor", "x-Kita C 24939")
    assert {str(o) for o in result.graph.objects(second, SCHEMA.url)} == {"https://c.example.org"}


def test_optional_template_parts_vanish_cleanly() -> None:
    row = {"Straße": "Hauptstraße", "Nr": None, "PLZ": "24937", "Ort": "Flensburg"}
    assert fill("{Straße}[ {Nr}]", row.get) == "Hauptstraße"
    assert fill("{Straße}[ {Nr}]", {**row, "Nr": "5a"}.get) == "Hauptstraße 5a"
    assert fill("[{PLZ} ]{Ort}", row.get) == "24937 Flensburg"
    assert fill("{Nr} {Straße}", row.get) is None  # a required placeholder outside brackets stays required


def test_street_without_house_number_keeps_the_street(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Straße,Hausnummer\n1,Parkstraße,\n2,Weg,7\n",
        {"address": {"street": "{Straße}[ {Hausnummer}]"}},
    )
    streets = {str(o) for o in result.graph.objects(None, SCHEMA.streetAddress)}
    assert streets == {"Parkstraße", "Weg 7"}


def test_placement_from_a_free_text_address(tmp_path: Path, shared_data: Path) -> None:
    result = run(
        tmp_path,
        "Nr;Adresse\n"
        "1;Teichweg 3, 06108 Halle (Saale)\n"  # unique postcode
        "2;Schulstraße 1, 39175 Biederitz\n"  # 39175 spans Biederitz, Gommern, Möser: the town decides
        "3;Am Markt 5, 39175 Gommern\n"
        "4;Dorfstraße 1, 39175 Irgendwo\n"  # still ambiguous: reported with the candidates and the fix
        "5;Am Bahnhof 2\n",
        {"municipality": {"address": "Adresse"}},
    )
    places = {o.row: [str(p).rsplit("/", 1)[-1] for p in result.graph.objects(o.iris[0], BG.municipality)]
              for o in result.outcomes if o.iris}  # fmt: skip
    assert places == {2: ["15002000"], 3: ["15086005"], 4: ["15086055"]}
    ambiguous, missing = result.outcomes[3], result.outcomes[4]
    assert ambiguous.status == "rejected" and "mehreren Gemeinden" in (ambiguous.message or "")
    assert "15086005" in (ambiguous.message or "") and "overrides" in (ambiguous.message or "")
    assert missing.status == "rejected" and "keine Postleitzahl" in (missing.message or "")


def test_sites_of_one_organisation(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "Nr,Name,Straße,PLZ,Ort,Lon,Lat\n"
        "1,Schule am See,Seeweg 1,24937,Flensburg,9.43,54.78\n"
        "1,Schule am See – Außenstelle,Waldweg 2,24939,Flensburg,9.41,54.80\n"
        "1,Schule am See,Seeweg 1,24937,Flensburg,9.43,54.78\n"
        "2,Andere Schule,Hafen 3,24937,Flensburg,,\n",
        {
            "properties": [
                label(column="Name"),
                {"p": "bg:actorType", "value": "grundschule", "kind": "concept", "scheme": "akteurstyp"},
            ],
            "site": {
                "label": "{Name}",
                "address": {"street": "{Straße}", "postal_code": "{PLZ}", "locality": "{Ort}"},
                "geometry": {"lon": "Lon", "lat": "Lat"},
                "municipality": {"ags": "01001000"},
            },
        },
    )
    assert result.counts == {"imported": 2, "merged": 2}
    school = MINT.entity("actor", "x-1")
    g = result.graph
    assert {str(o) for o in g.objects(school, RDFS.label)} == {"Schule am See"}  # one name: the first row's
    sites = set(g.objects(school, ORG.hasSite))
    assert len(sites) == 2 and all((s, RDF.type, ORG.Site) in g for s in sites)
    assert len({g.value(g.value(s, SCHEMA.address), SCHEMA.streetAddress) for s in sites}) == 2
    assert all(len(set(g.objects(s, BG.municipality))) == 1 for s in sites)
    assert len({g.value(s, URIRef("http://www.opengis.net/ont/geosparql#hasGeometry")) for s in sites}) == 2
    assert (school, BG.municipality, MINT.region("01001000")) in g  # where its first site lies
    assert not set(g.subjects(RDF.type, ORG.Site)) & set(g.subjects(RDF.type, ORG.Organization))
