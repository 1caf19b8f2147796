"""Recognising the same school or Kita arriving from several sources.

Evidence, strongest first: the same official number (Dienststellen-/Schulnummer), else name + street + postcode
within the same municipality (normalised: case, umlauts, "Str." -> "strasse", legal-form and type words removed).
Pairs at or above the threshold are matches (written as ``owl:sameAs`` plus a ``bg:MatchEvidence`` node with
confidence and evidence); pairs a little below are near-misses for a coordinator to confirm.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph_service.core.iris import IriMinter, slugify
from graph_service.core.namespaces import BG, PROV, bind_prefixes, sparql_prefixes
from graph_service.core.settings import Settings
from graph_service.pipeline import GateOptions, ImportBatch, ImportReport, SourceInfo, land
from graph_service.store.base import GraphStore

NEAR_MISS_MARGIN = 0.2
MIN_NAME_SIMILARITY = 0.7
CONTAINED_SIMILARITY = 0.9
_STOPWORDS = {
    "kita", "kindertagesstaette", "kindertagesstatte", "kindergarten", "ev", "e", "v", "ggmbh", "gmbh",
    "evangelische", "ev-luth", "die", "der", "das", "und", "in", "flensburg", "flbg", "st",
}  # fmt: skip

ACTOR_QUERY = """
SELECT ?g ?actor ?type ?label ?street ?plz ?municipality ?official WHERE {
  GRAPH ?g {
    ?actor rdfs:label ?label .
    ?actor a ?type .
    VALUES ?type { schema:ChildCare schema:School schema:ElementarySchool schema:HighSchool schema:Preschool }
    OPTIONAL { ?actor schema:address ?address .
               OPTIONAL { ?address schema:streetAddress ?street }
               OPTIONAL { ?address schema:postalCode ?plz } }
    OPTIONAL { ?actor bg:municipality ?municipality }
    OPTIONAL { ?actor bg:officialId|bg:schoolNumber ?official }
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


@dataclass
class Match:
    """Two descriptions judged to be the same actor, with a confidence in [0, 1] and the evidence."""

    a: Candidate
    b: Candidate
    confidence: float
    evidence: list[str] = field(default_factory=list)


def normalise_name(text: str) -> str:
    """Comparable name: slug tokens without legal-form, type and place words."""
    tokens = [t for t in slugify(text).split("-") if t and t not in _STOPWORDS]
    return " ".join(tokens)


def normalise_street(text: str) -> str:
    """Comparable street: ``Angelburger Str. 75-77`` -> ``angelburger strasse 75 77``."""
    text = re.sub(r"(?i)str\.?(\s|$)", "strasse ", text)
    text = re.sub(r"(?i)strasse", " strasse", text)
    return " ".join(slugify(text).split("-"))


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised strings (0..1); token overlap or character ratio, whichever is higher."""
    if not a or not b:
        return 0.0
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    contained = CONTAINED_SIMILARITY if ta <= tb or tb <= ta else 0.0  # "Neustadt" in "Städtische Kita Neustadt"
    return max(jaccard, contained, SequenceMatcher(None, a, b).ratio())


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
    if a.municipality:
        evidence.append(f"gleiche Gemeinde {a.municipality.rsplit('/', 1)[-1]}")
    return Match(a, b, round(score, 3), evidence)


def match_candidates(candidates: list[Candidate], threshold: float = 0.85) -> tuple[list[Match], list[Match]]:
    """Matches (>= threshold) and near-misses (within NEAR_MISS_MARGIN below) between different sources.

    Candidates are blocked by municipality and kind (Kita/school); the same IRI from two sources is already one
    entity and skipped. Each candidate keeps its best match only.
    """
    blocks: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        blocks[(c.municipality, c.kind)].append(c)
    scored: list[Match] = []
    for block in blocks.values():
        for a, b in combinations(block, 2):
            if a.source != b.source and a.iri != b.iri:
                scored.append(compare(a, b))
    scored.sort(key=lambda m: -m.confidence)
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
    return Candidate(
        URIRef(text["actor"]),
        source,
        text.get("label", ""),
        text.get("street", ""),
        text.get("plz", ""),
        text.get("municipality", ""),
        text.get("official", ""),
        "kita" if text.get("type", "").endswith(("ChildCare", "Preschool")) else "schule",
    )


def _dedupe(items: list[Candidate]) -> list[Candidate]:
    seen: dict[tuple[str, URIRef], Candidate] = {}
    for c in sorted(items, key=lambda c: c.kind):  # "kita" first: a Kita typed also as School stays a Kita
        seen.setdefault((c.source, c.iri), c)
    return list(seen.values())


def find_matches(store: GraphStore, threshold: float = 0.85) -> tuple[list[Match], list[Match]]:
    """Matches and near-misses across all sources of a store."""
    return match_candidates(candidates_from_store(store), threshold)


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
