"""Matching the same Kita/school across sources."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from graph_service.core.namespaces import BG
from graph_service.core.settings import Settings
from importers import run_mapping
from importers.matching import (
    Candidate,
    candidates_from_graphs,
    compare,
    match_candidates,
    match_graph,
    normalise_street,
)


def cand(iri: str, source: str, label: str, street: str = "", official: str = "", plz: str = "24937") -> Candidate:
    return Candidate(URIRef(f"urn:x:{iri}"), source, label, street, plz, "urn:g:01001000", official)


def test_official_number_wins() -> None:
    m = compare(cand("a", "s1", "Grundschule A", official="0702020"), cand("b", "s2", "GS Andere", official="0702020"))
    assert m.confidence == 1.0 and "amtliche Nummer" in m.evidence[0]


def test_street_normalisation() -> None:
    assert normalise_street("Angelburger Str. 75-77") == normalise_street("Angelburger Straße 75-77")


def test_match_and_near_miss_and_no_match() -> None:
    items = [
        cand("1", "csv", "KiTa Hafenkinder", "Angelburger Str. 75-77"),
        cand("2", "db", "Kita Hafenkinder", "Angelburger Straße 75"),
        cand("3", "csv", "Kita Sonnenschein", "Hauptstraße 1"),
        cand("4", "db", "Kita Sonnenstrahl", "Hauptstraße 3"),
        cand("5", "db", "Waldkindergarten", "Forstweg 9"),
    ]
    matches, near = match_candidates(items, threshold=0.9)
    assert [(m.a.label, m.b.label) for m in matches] == [("KiTa Hafenkinder", "Kita Hafenkinder")]
    assert [(m.a.label, m.b.label) for m in near] == [("Kita Sonnenschein", "Kita Sonnenstrahl")]


def test_same_source_and_same_iri_are_not_matched() -> None:
    a, b = cand("1", "csv", "Kita A", "Weg 1"), cand("1", "geo", "Kita A", "Weg 1")
    assert match_candidates([a, b]) == ([], [])
    assert match_candidates([a, cand("2", "csv", "Kita A", "Weg 1")]) == ([], [])


def test_flensburg_csv_against_sh_kitadb(shared_data: Path, importer_settings: Settings) -> None:
    base = shared_data / "oklab_flensburg"
    graphs = {
        "kitas-flensburg-csv": run_mapping(
            base / "kitas_in_flensburg.csv", "kitas-flensburg-csv", importer_settings
        ).graph,
        "kitas-sh-kitadb": run_mapping(
            base / "kitas_schleswig_holstein_kitadb_2023.json", "kitas-sh-kitadb", importer_settings, {"kreis": "01001"}
        ).graph,
    }
    matches, _near = match_candidates(candidates_from_graphs(graphs))
    assert len(matches) >= 55  # most of the 70 Flensburg Kitas are in the Kita-DB too (60 measured)
    assert all(m.a.source != m.b.source for m in matches)
    assert len({m.a.iri for m in matches}) == len(matches)  # one partner per Kita
    links = match_graph(matches, importer_settings.base_iri)
    assert len(list(links.subject_objects(OWL.sameAs))) == len(matches)
    evidence = set(links.subjects(RDF.type, BG.MatchEvidence))
    assert len(evidence) == len(matches)
    assert all((e, BG.confidence, None) in links for e in evidence)


def test_kita_and_school_in_one_building_are_not_matched() -> None:
    kita = cand("k", "kitas", "Oksevejens Daginstitution", "Alter Husumer Weg 207")
    school = cand("s", "schulen", "Oksevejens Skole", "Alter Husumer Weg 207")
    kita.kind, school.kind = "kita", "schule"
    assert match_candidates([kita, school]) == ([], [])
    school.kind = "kita"  # even within one kind, a different name keeps it a near-miss at most
    matches, near = match_candidates([kita, school])
    assert matches == [] and len(near) == 1


def test_blocks_never_span_two_laender_unless_asked() -> None:
    sh = Candidate(URIRef("urn:x:sh"), "s1", "Grundschule Neustadt", "Schulweg 1", "", "urn:g:01055033", "")
    sn = Candidate(URIRef("urn:x:sn"), "s2", "Grundschule Neustadt", "Schulweg 1", "", "urn:g:14628270", "")
    sh.lon, sh.lat, sn.lon, sn.lat = 10.8, 54.1, 10.8, 54.1  # same geohash cell on purpose
    assert match_candidates([sh, sn]) == ([], [])
    matches, _ = match_candidates([sh, sn], across_laender=True)
    assert len(matches) == 1


def test_geohash_blocks_candidates_without_a_common_municipality() -> None:
    a = Candidate(URIRef("urn:x:a"), "s1", "Kita Hafenkinder", "Hafenstraße 3", "", "", "", "kita", 9.4369, 54.7937)
    b = Candidate(URIRef("urn:x:b"), "s2", "KiTa Hafenkinder", "Hafenstr. 3", "", "", "", "kita", 9.4371, 54.7936)
    far = Candidate(URIRef("urn:x:c"), "s2", "Kita Hafenkinder", "Hafenstraße 3", "", "", "", "kita", 13.40, 52.52)
    matches, _ = match_candidates([a, b, far])
    assert [(m.a.iri, m.b.iri) for m in matches] in ([(a.iri, b.iri)], [(b.iri, a.iri)])


def test_a_school_that_moved_is_not_matched_with_the_one_now_in_its_building() -> None:
    """Sachsen 2016/2026: the 66. Schule moved, the Schule an der Parthe moved into its building."""
    old = cand("old", "2016", "66. Schule - Grundschule der Stadt Leipzig", "Rosenowstraße 56")
    parthe = cand("parthe", "2026", "Schule an der Parthe - Grundschule der Stadt Leipzig", "Rosenowstraße 56")
    moved = cand("moved", "2026", "66. Schule - Grundschule der Stadt Leipzig", "Komarowstraße 2")
    matches, _ = match_candidates([old, parthe, moved])
    assert [(m.a.label, m.b.street) for m in matches] == [
        ("66. Schule - Grundschule der Stadt Leipzig", "Komarowstraße 2")
    ]
    assert any("verschiedene Nummern" in e for e in compare(old, parthe).evidence)


def test_different_school_types_in_one_building_are_at_most_a_near_miss() -> None:
    primary = cand("g", "2016", "Sorbische Grundschule Michal Hornik Räckelwitz", "Schulstraße 3")
    secondary = cand("o", "2026", "Sorbische Oberschule Michal Hornik Räckelwitz", "Schulstraße 3")
    renamed = cand("m", "2026", "Sorbische Mittelschule Michal Hornik Räckelwitz", "Schulstraße 3")
    assert compare(primary, secondary).confidence <= 0.8
    assert compare(secondary, renamed).confidence >= 0.9  # Mittelschule became Oberschule (Sachsen, 2013)
