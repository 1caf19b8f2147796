"""Recognising the same school or Kita arriving from several sources (or vintages of one Land's list).

Evidence, strongest first: the same official number (Dienststellen-/Schulnummer), else name + street + postcode
(normalised: case, umlauts, "Str." -> "strasse", legal-form and type words removed). Pairs at or above the
threshold are matches (written as ``owl:sameAs`` plus a ``bg:MatchEvidence`` node with confidence and evidence);
pairs a little below are near-misses for a coordinator to confirm.

Scaling: candidates are only compared inside blocks — same kind (Kita/school) and Land, and the same municipality,
postcode or geohash cell (about 5 x 5 km) — never across Länder unless asked (``across_laender``). Inside a
block, rapidfuzz compares every name of one source with every name of the other at once (``cdist``, C++); only
pairs with similar names or the same street are scored in Python.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import pygeohash
from rapidfuzz import fuzz, process
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph_service.core.iris import IriMinter, slugify
from graph_service.core.namespaces import BG, PROV, bind_prefixes, sparql_prefixes
from graph_service.core.settings import Settings
from graph_service.pipeline import GateOptions, ImportBatch, ImportReport, SourceInfo, land
from graph_service.store.base import GraphStore
from importers.placement import PlacementError, load_plz_table, plz_table_path

NEAR_MISS_MARGIN = 0.2
MIN_NAME_SIMILARITY = 0.7
CONTAINED_SIMILARITY = 0.9
#: names less similar than this (rapidfuzz token-set ratio, 0..100) are not scored unless the street is the same
NAME_PREFILTER = 55
GEOHASH_PRECISION = 5
_STOPWORDS = {
    "kita", "kindertagesstaette", "kindertagesstatte", "kindergarten", "ev", "e", "v", "ggmbh", "gmbh",
    "evangelische", "ev-luth", "die", "der", "das", "und", "in", "flensburg", "flbg", "st",
}  # fmt: skip
#: school-type words by family; two names with types of different families are different schools (a
#: Grundschule and an Oberschule sharing a name and a building). Mittelschule became Oberschule (Sachsen, 2013).
TYPE_FAMILIES = {
    "grundschule": "primar",
    "oberschule": "sek1", "mittelschule": "sek1", "realschule": "sek1", "hauptschule": "sek1",
    "sekundarschule": "sek1", "regelschule": "sek1", "regionale": "sek1",
    "gymnasium": "gym",
    "gemeinschaftsschule": "gesamt", "gesamtschule": "gesamt",
    "foerderschule": "foerder", "foerderzentrum": "foerder", "lernfoerderung": "foerder",
    "berufsschule": "beruf", "berufsfachschule": "beruf", "fachschule": "beruf",
}  # fmt: skip
_WKT_POINT = re.compile(r"POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)")

ACTOR_QUERY = """
SELECT ?g ?actor ?type ?label ?street ?plz ?municipality ?official ?wkt WHERE {
  GRAPH ?g {
    ?actor rdfs:label ?label .
    ?actor a ?type .
    VALUES ?type { schema:ChildCare schema:School schema:ElementarySchool schema:HighSchool schema:Preschool }
    OPTIONAL { ?actor schema:address ?address .
               OPTIONAL { ?address schema:streetAddress ?street }
               OPTIONAL { ?address schema:postalCode ?plz } }
    OPTIONAL { ?actor bg:municipality ?municipality }
    OPTIONAL { ?actor bg:officialId|bg:schoolNumber ?official }
    OPTIONAL { ?actor geo:hasGeometry/geo:asWKT ?wkt }
  }
}
"""


@dataclass
class Candidate:
    """One actor as one source describes it."""

    iri: URIRef
    source: str
    label: str
    street: str = ""
    postcode: str = ""
    municipality: str = ""
    official: str = ""
    kind: str = ""  # kita | schule: a Kita and a school in one building are different actors
    lon: float | None = None
    lat: float | None = None

    @property
    def land(self) -> str:
        """The Land (2-digit key) from the municipality, else from the postcode table; "" when unknown."""
        key = re.search(r"(\d{2})\d*$", self.municipality)
        if key:
            return key[1]
        return _land_of_postcode(self.postcode) if self.postcode else ""

    def block_keys(self) -> list[str]:
        """Municipality, postcode and geohash cell: candidates are compared when they share one of these."""
        keys = []
        if self.municipality:
            keys.append(f"m:{self.municipality}")
        if self.postcode:
            keys.append(f"p:{self.postcode}")
        if self.lon is not None and self.lat is not None:
            keys.append(f"g:{pygeohash.encode(self.lat, self.lon, precision=GEOHASH_PRECISION)}")
        return keys


@lru_cache(maxsize=20_000)
def _land_of_postcode(postcode: str) -> str:
    path = plz_table_path()
    if not path.is_file():
        return ""
    try:
        entries = load_plz_table(path).get(postcode.strip().zfill(5), ())
    except (OSError, PlacementError):
        return ""
    lands = {e.ags[:2] for e in entries}
    return lands.pop() if len(lands) == 1 else ""


@dataclass
class Match:
    """Two descriptions judged to be the same actor, with a confidence in [0, 1] and the evidence."""

    a: Candidate
    b: Candidate
    confidence: float
    evidence: list[str] = field(default_factory=list)


@lru_cache(maxsize=100_000)
def normalise_name(text: str) -> str:
    """Comparable name: slug tokens without legal-form, type and place words."""
    tokens = [t for t in slugify(text).split("-") if t and t not in _STOPWORDS]
    return " ".join(tokens)


@lru_cache(maxsize=100_000)
def normalise_street(text: str) -> str:
    """Comparable street: ``Angelburger Str. 75-77`` -> ``angelburger strasse 75 77``."""
    text = re.sub(r"(?i)str\.?(\s|$)", "strasse ", text)
    text = re.sub(r"(?i)strasse", " strasse", text)
    return " ".join(slugify(text).split("-"))


@lru_cache(maxsize=100_000)
def school_families(label: str) -> frozenset[str]:
    """Families of the school-type words in a name (``Lessinggrundschule`` -> {primar})."""
    tokens = slugify(label).split("-")
    return frozenset(family for word, family in TYPE_FAMILIES.items() if any(word in token for token in tokens))


@lru_cache(maxsize=100_000)
def _numbers(label: str) -> tuple[str, ...]:
    return tuple(sorted({n.lstrip("0") or "0" for n in re.findall(r"\d+", label)}))


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised strings (0..1); token overlap or character ratio, whichever is higher."""
    if not a or not b:
        return 0.0
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    contained = CONTAINED_SIMILARITY if ta <= tb or tb <= ta else 0.0  # "Neustadt" in "Städtische Kita Neustadt"
    return max(jaccard, contained, fuzz.ratio(a, b) / 100)


def compare(a: Candidate, b: Candidate) -> Match:
    """Score one pair of candidates."""
    if a.official and a.official == b.official:
        return Match(a, b, 1.0, [f"gleiche amtliche Nummer {a.official}"])
    name = similarity(normalise_name(a.label), normalise_name(b.label))
    evidence = [f"Name {name:.2f} ({a.label!r} / {b.label!r})"]
    if a.street and b.street:
        street = similarity(normalise_street(a.street), normalise_street(b.street))
        evidence.append(f"Straße {street:.2f} ({a.street!r} / {b.street!r})")
        score = 0.5 * name + 0.5 * street
    else:
        score = 0.8 * name
    if a.postcode and a.postcode == b.postcode:
        evidence.append(f"gleiche PLZ {a.postcode}")
        score = min(1.0, score + 0.05)
    if name < MIN_NAME_SIMILARITY:
        score = min(score, 0.8)  # same address, different name: at most a near-miss
    numbers_a, numbers_b = _numbers(a.label), _numbers(b.label)
    if numbers_a != numbers_b:  # "66. Schule" and "Schule an der Parthe" share a building, not an identity
        evidence.append(f"verschiedene Nummern im Namen ({' '.join(numbers_a) or '–'} / {' '.join(numbers_b) or '–'})")
        score = min(score, 0.8)
    kinds_a, kinds_b = school_families(a.label), school_families(b.label)
    if kinds_a and kinds_b and not kinds_a & kinds_b:
        evidence.append(f"verschiedene Schularten ({', '.join(sorted(kinds_a))} / {', '.join(sorted(kinds_b))})")
        score = min(score, 0.8)
    if a.municipality and a.municipality == b.municipality:
        evidence.append(f"gleiche Gemeinde {a.municipality.rsplit('/', 1)[-1]}")
    return Match(a, b, round(score, 3), evidence)


def candidate_pairs(candidates: list[Candidate], across_laender: bool = False) -> set[tuple[int, int]]:
    """Index pairs worth scoring: same block, different sources, similar names or the same street."""
    blocks: dict[tuple[str, str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, c in enumerate(candidates):
        land_key = "" if across_laender else c.land
        for key in c.block_keys():
            blocks[(c.kind, land_key, key)][c.source].append(index)
    names = [normalise_name(c.label) for c in candidates]
    streets = [normalise_street(c.street) if c.street else "" for c in candidates]
    pairs: set[tuple[int, int]] = set()
    for by_source in blocks.values():
        for left, right in combinations(sorted(by_source), 2):
            pairs |= _block_pairs(by_source[left], by_source[right], names, streets, candidates)
    return pairs


def _block_pairs(
    left: list[int], right: list[int], names: list[str], streets: list[str], candidates: list[Candidate]
) -> set[tuple[int, int]]:
    scores = process.cdist(
        [names[i] for i in left], [names[j] for j in right], scorer=fuzz.token_set_ratio, score_cutoff=NAME_PREFILTER
    )
    found = {(min(left[i], right[j]), max(left[i], right[j])) for i, j in zip(*scores.nonzero(), strict=True)}
    by_street: dict[str, list[int]] = defaultdict(list)
    for j in right:
        if streets[j]:
            by_street[streets[j]].append(j)
    for i in left:
        for j in by_street.get(streets[i], []) if streets[i] else []:
            found.add((min(i, j), max(i, j)))
    official = defaultdict(list)
    for j in right:
        if candidates[j].official:
            official[candidates[j].official].append(j)
    for i in left:
        for j in official.get(candidates[i].official, []) if candidates[i].official else []:
            found.add((min(i, j), max(i, j)))
    return found


def match_candidates(
    candidates: list[Candidate], threshold: float = 0.85, *, across_laender: bool = False
) -> tuple[list[Match], list[Match]]:
    """Matches (>= threshold) and near-misses (within NEAR_MISS_MARGIN below) between different sources.

    Candidates are compared within blocks (kind, Land, and municipality, postcode or geohash); the same IRI from
    two sources is already one entity and skipped. Each candidate keeps its best match per other source.
    """
    scored = []
    for i, j in candidate_pairs(candidates, across_laender):
        a, b = candidates[i], candidates[j]
        if a.source != b.source and a.iri != b.iri:
            scored.append(compare(a, b))
    scored.sort(key=lambda m: (-m.confidence, str(m.a.iri), str(m.b.iri)))
    used: set[tuple[URIRef, str]] = set()
    matches, near = [], []
    for m in scored:
        keys = {(m.a.iri, m.b.source), (m.b.iri, m.a.source)}
        if m.confidence >= threshold and not keys & used:
            matches.append(m)
            used |= keys
        elif threshold - NEAR_MISS_MARGIN <= m.confidence < threshold and not keys & used:
            near.append(m)
    return matches, near


def candidates_from_graphs(graphs: dict[str, Graph]) -> list[Candidate]:
    """Candidates from rdflib graphs keyed by source id (used in tests and before import)."""
    result = []
    for source, graph in graphs.items():
        for row in graph.query(sparql_prefixes() + ACTOR_QUERY.replace("GRAPH ?g {", "{").replace("?g ", "")):
            result.append(_candidate(source, row.asdict()))
    return _dedupe(result)


def candidates_from_store(store: GraphStore) -> list[Candidate]:
    """Candidates from every named graph of a store."""
    result = store.select(sparql_prefixes() + ACTOR_QUERY)
    return _dedupe([_candidate(str(row["g"]).rsplit("/", 1)[-1], row) for row in result])


def _candidate(source: str, row: dict) -> Candidate:
    text = {k: str(v) if v is not None else "" for k, v in row.items()}
    point = _WKT_POINT.search(text.get("wkt", ""))
    return Candidate(
        URIRef(text["actor"]),
        source,
        text.get("label", ""),
        text.get("street", ""),
        text.get("plz", ""),
        text.get("municipality", ""),
        text.get("official", ""),
        "kita" if text.get("type", "").endswith(("ChildCare", "Preschool")) else "schule",
        float(point[1]) if point else None,
        float(point[2]) if point else None,
    )


def _dedupe(items: list[Candidate]) -> list[Candidate]:
    seen: dict[tuple[str, URIRef], Candidate] = {}
    for c in sorted(items, key=lambda c: c.kind):  # "kita" first: a Kita typed also as School stays a Kita
        seen.setdefault((c.source, c.iri), c)
    return list(seen.values())


def find_matches(
    store: GraphStore, threshold: float = 0.85, *, across_laender: bool = False
) -> tuple[list[Match], list[Match]]:
    """Matches and near-misses across all sources of a store."""
    return match_candidates(candidates_from_store(store), threshold, across_laender=across_laender)


def match_graph(matches: list[Match], base_iri: str) -> Graph:
    """owl:sameAs links with one bg:MatchEvidence node each (confidence, evidence text, both sources)."""
    minter = IriMinter(base_iri)
    graph = Graph()
    bind_prefixes(graph)
    for m in matches:
        graph.add((m.a.iri, OWL.sameAs, m.b.iri))
        node = minter.entity("match", f"{slugify(str(m.a.iri))[-60:]}--{slugify(str(m.b.iri))[-60:]}")
        graph.add((node, RDF.type, BG.MatchEvidence))
        graph.add((node, BG.matchedEntity, m.a.iri))
        graph.add((node, BG.matchedEntity, m.b.iri))
        graph.add((node, BG.confidence, Literal(str(m.confidence), datatype=XSD.decimal)))
        graph.add((node, RDFS.comment, Literal("; ".join(m.evidence), lang="de")))
        for source in (m.a.source, m.b.source):
            graph.add((node, PROV.wasDerivedFrom, minter.graph(source)))
    return graph


def store_matches(store: GraphStore, matches: list[Match], settings: Settings) -> ImportReport:
    """Write the matches as the source ``abgleich`` through the pipeline (replaces earlier links)."""
    info = SourceInfo(
        source_id="abgleich",
        title="Abgleich gleicher Einrichtungen über Quellen hinweg",
        licence="https://creativecommons.org/publicdomain/zero/1.0/",
        publisher="bildungsgraph",
    )
    batch = ImportBatch.from_graph(info, match_graph(matches, settings.base_iri), rows_read=len(matches))
    return land(store, batch, IriMinter(settings.base_iri), GateOptions(allow_empty=True))


def format_report(result: tuple[list[Match], list[Match]]) -> str:
    """Plain-text report: matches, then near-misses to confirm."""
    matches, near = result
    lines = [f"Treffer: {len(matches)}"]
    lines += [_line(m) for m in matches]
    lines.append(f"Beinahe-Treffer (bitte prüfen): {len(near)}")
    lines += [_line(m) for m in near]
    return "\n".join(lines)


def _line(m: Match) -> str:
    return f"  {m.confidence:.2f}  {m.a.label} [{m.a.source}] = {m.b.label} [{m.b.source}]  ({'; '.join(m.evidence)})"
