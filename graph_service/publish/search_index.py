"""An in-memory search index over actors and offers, built from ONE SPARQL query and rebuilt on demand.

Tokens of names (lower-cased, umlauts folded) map to entity ids; facets (type, municipality, life phase)
are sets. A search intersects token postings (prefix match on the last token, so it works while typing)
and filters by facets: no regex scan of the store per keystroke.
"""

from __future__ import annotations

import heapq
import re
import time
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from graph_service.store.base import GraphStore

_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?e ?name ?kind ?type ?typeLabel ?mun ?munLabel ?phase ?phaseLabel WHERE {
  {
    ?e bg:actorType ?type . BIND("actor" AS ?kind)
    OPTIONAL { ?type skos:prefLabel ?typeLabel FILTER(LANG(?typeLabel) = "de") }
  } UNION {
    VALUES ?offerClass { bg:Offer bg:EducationOffer bg:CounsellingOffer }
    ?e a ?offerClass . BIND("offer" AS ?kind)
    OPTIONAL { ?e bg:offerType ?type . OPTIONAL { ?type skos:prefLabel ?typeLabel FILTER(LANG(?typeLabel) = "de") } }
    OPTIONAL { ?e bg:lifePhase ?phase .
               OPTIONAL { ?phase skos:prefLabel ?phaseLabel FILTER(LANG(?phaseLabel) = "de") } }
  }
  ?e rdfs:label ?name .
  OPTIONAL { ?e bg:municipality ?mun . OPTIONAL { ?mun rdfs:label ?munLabel } }
}
"""


def fold(text: str) -> str:
    """Lower-case, umlauts and accents folded: ``Übergang`` -> ``uebergang``."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Words of a name, folded."""
    return [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]


@dataclass
class Entry:
    """One searchable actor or offer."""

    iri: str
    name: str
    kind: str
    types: dict[str, str] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=dict)
    phases: dict[str, str] = field(default_factory=dict)
    folded: str = ""


@dataclass
class SearchIndex:
    """Token postings plus entries; build with :func:`build_index`."""

    entries: list[Entry]
    postings: dict[str, set[int]]
    vocabulary: list[str]
    built_at: float

    def search(
        self,
        q: str = "",
        *,
        kind: str | None = None,
        type_iri: str | None = None,
        municipality: str | None = None,
        phase: str | None = None,
        limit: int = 50,
    ) -> list[Entry]:
        """Entries whose name contains every word of ``q`` (the last one as a prefix), filtered by facets."""
        words = tokens(q)
        candidates: set[int] | None = None
        for i, word in enumerate(words):
            ids = self._prefix(word) if i == len(words) - 1 else self.postings.get(word, set())
            candidates = ids if candidates is None else candidates & ids
        pool = range(len(self.entries)) if candidates is None else sorted(candidates)
        hits = []
        for idx in pool:
            entry = self.entries[idx]
            if kind and entry.kind != kind:
                continue
            if type_iri and type_iri not in entry.types:
                continue
            if municipality and municipality not in entry.municipalities:
                continue
            if phase and phase not in entry.phases:
                continue
            hits.append(entry)
        start = fold(q)
        return heapq.nsmallest(limit, hits, key=lambda e: (not e.folded.startswith(start), e.folded))

    def _prefix(self, word: str) -> set[int]:
        found: set[int] = set()
        start = bisect_left(self.vocabulary, word)
        for token in self.vocabulary[start:]:
            if not token.startswith(word):
                break
            found |= self.postings[token]
        return found


def build_index(store: GraphStore) -> SearchIndex:
    """Read actors and offers with one query and index them."""
    by_iri: dict[str, Entry] = {}
    for row in store.select(_QUERY):
        iri = str(row["e"])
        entry = by_iri.setdefault(iri, Entry(iri=iri, name=str(row["name"]), kind=str(row["kind"])))
        if "type" in row:
            entry.types[str(row["type"])] = str(row.get("typeLabel", row["type"]))
        if "mun" in row:
            entry.municipalities[str(row["mun"])] = str(row.get("munLabel", row["mun"]))
        if "phase" in row:
            entry.phases[str(row["phase"])] = str(row.get("phaseLabel", row["phase"]))
    entries = sorted(by_iri.values(), key=lambda e: e.iri)
    postings: dict[str, set[int]] = {}
    for idx, entry in enumerate(entries):
        entry.folded = fold(entry.name)
        for token in tokens(entry.name):
            postings.setdefault(token, set()).add(idx)
    return SearchIndex(entries, postings, sorted(postings), time.time())
