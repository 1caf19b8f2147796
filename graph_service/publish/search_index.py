"""Search over actors, offers, networks and municipalities: SQLite FTS5 (trigram tokenizer) plus facet arrays.

A query word of three or more letters is matched as a *substring*, so "Sprachkurs" finds "Berufssprachkurs B2".
An entry matches a word when the word occurs in

- its names or alternative names (``rdfs:label``, ``skos:altLabel``, ``schema:alternateName``) – FTS5 trigram;
- its description – FTS5 trigram;
- a label or alternative label of its actor type, offer type, life phase or target group ("VHS" is an
  ``altLabel`` of the actor type Volkshochschule, "Neuzugewanderte" a target group);
- the name of its municipality, or the name of one of its providers (offers of "Volkshochschule Meißen").

A small synonym list (``search_synonyms.toml``) adds abbreviations that are not concept labels (DaZ, BSZ …);
long words lose a German plural or case ending ("Sprachkurse" → "sprachkurs"); words of one or two letters
match the beginning of a word (typing). Every word must match; hits are ranked by where they matched (name
first), then by name.

Facets (kind, type, municipality, life phase, target group) are numpy arrays, so filters and facet counts over
all hits take microseconds. The index is built from a few SPARQL queries (CSV results) and lives in memory;
:func:`current_index` keeps one per store write generation (``core.derived``), so it never outlives a write.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import threading
import tomllib
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from graph_service.core.derived import derived, peek
from graph_service.store.base import GraphStore

SYNONYMS_FILE = Path(__file__).with_name("search_synonyms.toml")
KINDS = ("actor", "offer", "network", "municipality")
FACETS = ("kind", "type", "municipality", "phase", "group")
#: weight of a word's hit by where it was found (the best place counts once per word)
WEIGHTS = {"name": 8.0, "concept": 4.0, "place": 2.0, "provider": 2.0, "text": 1.0, "start": 2.0, "exact": 4.0}
_STEM_ENDINGS = ("en", "er", "es", "e", "n", "s")
_STEM_MIN = 7
_LINK_KEYS = ("type", "phase", "group", "municipality", "provider")

_PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
"""
_KINDS_QUERY = (
    _PREFIXES
    + """
SELECT ?e ?kind WHERE {
  { ?e bg:actorType ?anyType . BIND("actor" AS ?kind) }
  UNION { VALUES ?class { bg:Offer bg:EducationOffer bg:CounsellingOffer } ?e rdf:type ?class . BIND("offer" AS ?kind) }
  UNION { VALUES ?class { bg:Network bg:Committee bg:EducationConference } ?e rdf:type ?class .
          BIND("network" AS ?kind) }
  UNION { ?e bg:ags ?ags . FILTER(STRLEN(?ags) = 8) BIND("municipality" AS ?kind) }
}"""
)
_NAMES_QUERY = _PREFIXES + "SELECT ?e ?name (LANG(?name) AS ?lang) WHERE { ?e rdfs:label ?name FILTER(isIRI(?e)) }"
_TEXTS_QUERY = (
    _PREFIXES
    + """
SELECT ?e ?field ?value WHERE {
  VALUES (?p ?field) { (skos:altLabel "alt") (schema:alternateName "alt") (schema:description "text")
                       (dct:description "text") (rdfs:comment "text") (dct:subject "text") }
  ?e ?p ?value . FILTER(isLiteral(?value) && isIRI(?e))
}"""
)
_LINKS_QUERY = (
    _PREFIXES
    + """
SELECT ?e ?key ?value WHERE {
  VALUES (?p ?key) { (bg:actorType "type") (bg:offerType "type") (bg:lifePhase "phase") (bg:targetGroup "group")
                     (bg:municipality "municipality") (schema:provider "provider") }
  ?e ?p ?value . FILTER(isIRI(?value))
}"""
)
_CONCEPTS_QUERY = (
    _PREFIXES
    + """
SELECT ?x ?kind ?label (LANG(?label) AS ?lang) WHERE {
  { ?x skos:prefLabel ?label . BIND("pref" AS ?kind) } UNION { ?x skos:altLabel ?label . BIND("alt" AS ?kind) }
  FILTER(isIRI(?x))
}"""
)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, umlauts and accents folded: ``Übergang`` -> ``uebergang``."""
    text = text.lower().translate(_UMLAUTS)
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Words of a text, folded."""
    return _WORD.findall(fold(text))


def normalise(text: str) -> str:
    """Folded words joined by single spaces: the form in which texts are indexed and phrases matched."""
    return " ".join(tokens(text))


def stem(word: str) -> str:
    """``word`` without one German plural or case ending when it is long (``sprachkurse`` -> ``sprachkurs``)."""
    if len(word) >= _STEM_MIN:
        for ending in _STEM_ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


@cache
def synonyms(path: Path = SYNONYMS_FILE) -> dict[str, tuple[str, ...]]:
    """Normalised word or phrase -> every member of its synonym group (itself included)."""
    groups = tomllib.loads(path.read_text(encoding="utf-8")).get("groups", [])
    table: dict[str, tuple[str, ...]] = {}
    for group in groups:
        members = tuple(dict.fromkeys(n for n in (normalise(m) for m in group) if n))
        for member in members:
            table[member] = tuple(dict.fromkeys((*table.get(member, ()), *members)))
    return table


def query_terms(q: str) -> list[tuple[str, ...]]:
    """The words of ``q``, each as the alternatives any of which must occur: its stem and its synonyms (a phrase
    of two or three words that is a synonym, such as "deutsch als zweitsprache", counts as one word)."""
    words = tokens(q)
    table = synonyms()
    terms: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            phrase = " ".join(words[i : i + size])
            if (size > 1 or len(phrase) >= 3) and phrase in table and i + size <= len(words):
                terms.append(tuple(sorted({stem(s) for s in table[phrase]})))
                i += size
                break
        else:
            terms.append((words[i] if len(words[i]) < 3 else stem(words[i]),))
            i += 1
    return terms


@dataclass
class Entry:
    """One searchable thing and what a result row shows."""

    iri: str
    kind: str
    names: dict[str, str] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    alt: list[str] = field(default_factory=list)

    def name(self, lang: str = "de") -> str:
        """The name in ``lang``, else German, else any."""
        for wanted in (lang, "de", ""):
            if wanted in self.names:
                return self.names[wanted]
        return next(iter(self.names.values()), self.iri.rstrip("/").rsplit("/", 1)[-1])


@dataclass
class SearchResult:
    """One page of hits, the number of all hits and (when asked) facet counts over all hits."""

    total: int
    entries: list[Entry]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass
class _Facet:
    """Pairs (row, value id) of one facet key, with the value IRIs (or kind names) by id."""

    rows: np.ndarray
    values: np.ndarray
    names: list[str]
    ids: dict[str, int]


class SearchIndex:
    """Entries (rowid = position + 1, in order of their German name), an FTS5 table of their own texts, and
    arrays that link them to concepts, municipalities and providers. Build with :func:`build_index`."""

    def __init__(
        self,
        db: sqlite3.Connection,
        entries: list[Entry],
        labels: dict[str, dict[str, str]],
        label_texts: dict[str, list[str]],
    ) -> None:
        self._db = db
        self._lock = threading.Lock()
        self.entries = entries
        self.labels = labels
        self._size = len(entries) + 1
        # (IRI, its normalised labels joined) of every concept and municipality: one substring test each
        self._label_texts = [(iri, " | ".join(texts)) for iri, texts in label_texts.items()]
        self._linked = _link_arrays(entries)  # (key, IRI) -> rows linking to it
        self._provided = _provider_arrays(entries)  # (offer rows, provider rows)
        self._facets = _facet_arrays(entries)
        self._word_starts = _WordStarts(entries)
        self._keys = np.array([_sort_key(e)[0] for e in entries] or [""])  # folded names, in row order

    def __len__(self) -> int:
        return len(self.entries)

    def label(self, iri: str, lang: str = "de") -> str:
        """Preferred label of a concept or municipality in ``lang`` (else German, any, the IRI's tail)."""
        by_lang = self.labels.get(iri, {})
        for wanted in (lang, "de", ""):
            if wanted in by_lang:
                return by_lang[wanted]
        return next(iter(by_lang.values()), iri.rstrip("/").rsplit("/", 1)[-1])

    def search(
        self,
        q: str = "",
        *,
        kind: str | None = None,
        type_iri: str | None = None,
        municipality: str | None = None,
        phase: str | None = None,
        group: str | None = None,
        limit: int = 50,
        offset: int = 0,
        with_facets: bool = False,
    ) -> SearchResult:
        """Entries matching every word of ``q`` and every given facet, best first (see the module docstring)."""
        selected = np.ones(self._size, dtype=bool)
        selected[0] = False
        score = np.zeros(self._size, dtype=np.float32)
        terms = query_terms(q)
        for alternatives in terms:
            word_score = self._word_score(alternatives)
            selected &= word_score > 0
            score += word_score
        if terms:
            self._bonus(score, terms[0], normalise(q))
        filters = {"kind": kind, "type": type_iri, "municipality": municipality, "phase": phase, "group": group}
        for key, value in filters.items():
            if value:
                selected &= self._facet_mask(key, value)
        rows = np.flatnonzero(selected)
        order = np.lexsort((rows, -score[rows]))[offset : offset + limit]
        counts = self._facet_counts(selected) if with_facets else {}
        return SearchResult(int(rows.size), [self.entries[i - 1] for i in rows[order]], counts)

    def _word_score(self, alternatives: tuple[str, ...]) -> np.ndarray:
        """Per row the weight of the best place where one of ``alternatives`` occurs (0: nowhere)."""
        score = np.zeros(self._size, dtype=np.float32)

        def mark(rows: Iterable[int] | np.ndarray, weight: float) -> None:
            array = np.fromiter(rows, dtype=np.int64) if not isinstance(rows, np.ndarray) else rows
            if array.size:
                score[array] = np.maximum(score[array], weight)

        for word in alternatives:
            if len(word) < 3:
                mark(self._word_starts.rows_starting(word), WEIGHTS["name"])
                continue
            named = self._fts("{name alt}", word)
            mark(named, WEIGHTS["name"])
            mark(self._fts("text", word), WEIGHTS["text"])
            for iri in [iri for iri, text in self._label_texts if word in text]:
                for key in ("type", "phase", "group"):
                    mark(self._linked.get((key, iri), ()), WEIGHTS["concept"])
                mark(self._linked.get(("municipality", iri), ()), WEIGHTS["place"])
            if named.size:
                is_named = np.zeros(self._size, dtype=bool)
                is_named[named] = True
                offers, providers = self._provided
                mark(offers[is_named[providers]], WEIGHTS["provider"])
        return score

    def _bonus(self, score: np.ndarray, first: tuple[str, ...], whole: str) -> None:
        """Names that begin with the first word rank higher, names equal to the whole query higher still (rows are
        in order of their folded names, so both are ranges found by binary search)."""
        for word in first:
            if len(word) >= 3:
                lo, hi = np.searchsorted(self._keys, [word, word + "\uffff"])
                score[lo + 1 : hi + 1] += WEIGHTS["start"]
        if len(whole) >= 3:
            lo, hi = np.searchsorted(self._keys, [whole, whole + "\uffff"])
            # names equal to the query up to punctuation sort first among those that begin with it
            near = range(lo + 1, min(hi, lo + 50) + 1)
            score[[row for row in near if normalise(self.entries[row - 1].name()) == whole]] += WEIGHTS["exact"]

    def _fts(self, columns: str, word: str) -> np.ndarray:
        """Rows whose ``columns`` contain ``word`` (a quoted FTS5 phrase: folded letters, digits, spaces only)."""
        with self._lock:  # one string of ids: much cheaper than a Python tuple per row
            (found,) = self._db.execute(
                "SELECT group_concat(rowid) FROM docs WHERE docs MATCH ?", [f'{columns}: "{word}"']
            ).fetchone()
        return np.array(found.split(","), dtype=np.int64) if found else np.empty(0, dtype=np.int64)

    def _facet_mask(self, key: str, value: str) -> np.ndarray:
        mask = np.zeros(self._size, dtype=bool)
        facet = self._facets[key]
        if value in facet.ids:
            mask[facet.rows[facet.values == facet.ids[value]]] = True
        return mask

    def _facet_counts(self, selected: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        """For each facet key, (value, hits) over all selected rows, most hits first."""
        counts = {}
        for key, facet in self._facets.items():
            n = np.bincount(facet.values[selected[facet.rows]], minlength=len(facet.names))
            used = np.flatnonzero(n)
            used = used[np.argsort(-n[used], kind="stable")]  # value ids are in order of first use
            counts[key] = list(zip([facet.names[i] for i in used], n[used].tolist(), strict=True))
        return counts


def _link_arrays(entries: list[Entry]) -> dict[tuple[str, str], np.ndarray]:
    linked: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, entry in enumerate(entries, start=1):
        for key, values in entry.links.items():
            for value in values:
                linked[(key, value)].append(row)
    return {k: np.array(v, dtype=np.int64) for k, v in linked.items()}


def _provider_arrays(entries: list[Entry]) -> tuple[np.ndarray, np.ndarray]:
    rows = {e.iri: i for i, e in enumerate(entries, start=1)}
    pairs = [(row, rows[p]) for row, e in enumerate(entries, start=1) for p in e.links.get("provider", []) if p in rows]
    offers, providers = zip(*pairs, strict=True) if pairs else ((), ())
    return np.array(offers, dtype=np.int64), np.array(providers, dtype=np.int64)


def _facet_arrays(entries: list[Entry]) -> dict[str, _Facet]:
    facets = {}
    for key in FACETS:
        rows: list[int] = []
        values: list[int] = []
        ids: dict[str, int] = {}
        for row, entry in enumerate(entries, start=1):
            for value in [entry.kind] if key == "kind" else entry.links.get(key, []):
                rows.append(row)
                values.append(ids.setdefault(value, len(ids)))
        facets[key] = _Facet(np.array(rows, dtype=np.int64), np.array(values, dtype=np.int64), list(ids), ids)
    return facets


class _WordStarts:
    """Every word of every entry's names, sorted, with its row: one- and two-letter queries find the rows with a
    word beginning so by binary search."""

    def __init__(self, entries: list[Entry]) -> None:
        words: list[str] = [""]
        rows: list[int] = [0]
        for row, entry in enumerate(entries, start=1):
            found = _name_words(entry)
            words += found
            rows += [row] * len(found)
        order = np.argsort(np.array(words), kind="stable")
        self.words = np.array(words)[order]
        self.rows = np.array(rows, dtype=np.int64)[order]

    def rows_starting(self, prefix: str) -> np.ndarray:
        """Rows with a name word beginning with ``prefix``."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        lo, hi = np.searchsorted(self.words, [prefix, end])
        return self.rows[lo:hi]


def _name_words(entry: Entry) -> list[str]:
    return list({w for name in (*entry.names.values(), *entry.alt) for w in tokens(name)})


_INDEX_KEY = "search-index"
_latest: weakref.WeakKeyDictionary[GraphStore, SearchIndex] = weakref.WeakKeyDictionary()
_builders: weakref.WeakKeyDictionary[GraphStore, threading.Thread] = weakref.WeakKeyDictionary()
_builders_lock = threading.Lock()


def current_index(store: GraphStore, wait_s: float | None = None) -> tuple[SearchIndex, bool]:
    """The search index of the store's current write generation and True; built on first use after a write.

    With ``wait_s``, a rebuild that takes longer (about 10 s for 100k entries) runs on in the background and
    the index of an earlier generation answers meanwhile, returned with False so the page can say so. The very
    first index is always waited for."""
    ready = peek(store, _INDEX_KEY)
    if ready is not None:
        return ready, True
    if wait_s is None:
        return _build_current(store), True
    builder = _start_builder(store)
    builder.join(wait_s)
    ready = peek(store, _INDEX_KEY)
    previous = _latest.get(store)
    if ready is not None or previous is None:
        return ready or _build_current(store), True
    return previous, False


def prepare_search(store: GraphStore) -> None:
    """Start building the current generation's index in the background (e.g. when the service starts)."""
    if peek(store, _INDEX_KEY) is None:
        _start_builder(store)


def _build_current(store: GraphStore) -> SearchIndex:
    index = derived(store, _INDEX_KEY, lambda: build_index(store))
    _latest[store] = index
    return index


def _start_builder(store: GraphStore) -> threading.Thread:
    """The thread building the current generation's index (started unless one runs)."""
    with _builders_lock:
        builder = _builders.get(store)
        if builder is None or not builder.is_alive():
            builder = threading.Thread(target=_build_current, args=(store,), name="search-index", daemon=True)
            _builders[store] = builder
            builder.start()
        return builder


def _csv_rows(store: GraphStore, query: str) -> Iterator[list[str]]:
    """Rows of a SELECT as lists of plain strings, without the header (SPARQL CSV results)."""
    buffer = io.BytesIO()
    store.query_to(query, "text/csv", buffer)
    reader = csv.reader(io.StringIO(buffer.getvalue().decode("utf-8"), newline=""))
    next(reader, None)
    yield from reader


def collect(
    store: GraphStore,
) -> tuple[list[Entry], dict[str, dict[str, str]], dict[str, list[str]], dict[str, list[str]]]:
    """Entries (sorted by German name), labels by language of every concept and named thing, every label text
    (normalised, alternative labels too) of concepts and municipalities, and the entries' descriptions."""
    by_iri: dict[str, Entry] = {}
    for iri, kind in _csv_rows(store, _KINDS_QUERY):
        entry = by_iri.setdefault(iri, Entry(iri, kind))
        if KINDS.index(kind) < KINDS.index(entry.kind):
            entry.kind = kind  # an actor that is also a network stays an actor
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    label_texts: dict[str, list[str]] = defaultdict(list)
    for iri, name, lang in sorted(_csv_rows(store, _NAMES_QUERY)):  # the alphabetically first name per language
        if iri in by_iri:
            by_iri[iri].names.setdefault(lang, name)
        labels[iri].setdefault(lang, name)
    for iri, kind, label, lang in sorted(_csv_rows(store, _CONCEPTS_QUERY)):
        if kind == "pref":
            labels[iri].setdefault(lang, label)
        label_texts[iri].append(normalise(label))
    texts: dict[str, list[str]] = defaultdict(list)
    for iri, column, value in _csv_rows(store, _TEXTS_QUERY):
        if iri in by_iri:
            (by_iri[iri].alt if column == "alt" else texts[iri]).append(value)
    for iri, key, value in _csv_rows(store, _LINKS_QUERY):
        if iri in by_iri:
            by_iri[iri].links.setdefault(key, []).append(value)
    for entry in by_iri.values():
        for key, values in entry.links.items():
            entry.links[key] = list(dict.fromkeys(values))
        for municipality in entry.links.get("municipality", []):
            label_texts.setdefault(municipality, [normalise(n) for n in labels.get(municipality, {}).values()])
    entries = sorted(by_iri.values(), key=_sort_key)
    return entries, dict(labels), {k: list(dict.fromkeys(v)) for k, v in label_texts.items()}, texts


def _sort_key(entry: Entry) -> tuple[str, str]:
    return fold(entry.name()), entry.iri


def build_index(store: GraphStore) -> SearchIndex:
    """Read entries from the store and index them (FTS5 in an in-memory SQLite database, numpy arrays)."""
    entries, labels, label_texts, texts = collect(store)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(name, alt, text, tokenize='trigram', detail='full')")
    db.executemany(
        "INSERT INTO docs(rowid, name, alt, text) VALUES (?, ?, ?, ?)",
        (
            (
                row,
                _joined(entry.names.values()),
                _joined(entry.alt),
                _joined(texts.get(entry.iri, [])),
            )
            for row, entry in enumerate(entries, start=1)
        ),
    )
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    return SearchIndex(db, entries, labels, label_texts)


def _joined(texts: Iterable[str]) -> str:
    """Normalised texts separated by `` | `` (so a phrase never matches across two of them)."""
    return " | ".join(dict.fromkeys(normalise(t) for t in texts))
