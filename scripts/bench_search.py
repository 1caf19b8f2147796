"""Search benchmark: ``/api/search`` on a generated landscape of about 100k entities (goal: median ≤ 20 ms,
p95 ≤ 60 ms), against what the page would do without an index (a SPARQL ``CONTAINS`` scan of all labels).

Generates the synthetic landscape (default 1.2M triples: about 23k actors, 75k offers, networks and
municipalities), bulk-loads it into an embedded store (or opens ``--store`` if it exists), builds the search
index (time printed: the wait of the first search after a write), serves the app with uvicorn on 127.0.0.1
and sends a coordinator's workload: typing ("k", "ki", "kit", "kita", …), whole words, and words with facet
filters. Every answer carries the facet counts over all hits. Prints median and p95 per workload.

Run: ``.venv/bin/python -m scripts.bench_search [--triples 1200000] [--repeat 5] [--store var/bench-search]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from graph_service.core.settings import Settings
from graph_service.publish.search_index import current_index
from graph_service.store.embedded import EmbeddedStore
from scripts.bench_gaps import build_store
from tests.support.live_server import live_server

V = "https://w3id.org/bildungsgraph/vocab/"
TYPING = [
    word[:n]
    for word in ("kita", "grundschule", "vhs", "sprachkurs", "beratung", "neuzugewanderte")
    for n in range(1, len(word) + 1)
]
WORDS = ["Kita", "Grundschule", "VHS", "Sprachkurs", "Neuzugewanderte", "Musikschule", "Ferien", "DaZ", "Beratung"]
FACETED = [
    {"q": "Kita", "kind": "actor"},
    {"q": "", "kind": "offer", "group": V + "zielgruppe/neuzugewanderte"},
    {"q": "Sprach", "phase": V + "lebensphase/weiterbildung"},
    {"q": "Beratung", "group": V + "zielgruppe/eltern-familien", "kind": "offer"},
]
_SCAN = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?e ?name WHERE {{
  {{ ?e bg:actorType ?t }} UNION {{ ?e bg:lifePhase ?p }}
  ?e rdfs:label ?name FILTER(CONTAINS(LCASE(STR(?name)), "{word}"))
}} LIMIT 50
"""


def _times(calls: list[tuple[str, dict[str, str]]], client: httpx.Client, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        for url, params in calls:
            start = time.perf_counter()
            client.get(url, params=params).raise_for_status()
            seconds.append(time.perf_counter() - start)
    return seconds


def _figures(name: str, seconds: list[float]) -> tuple[float, float]:
    median = statistics.median(seconds) * 1000
    p95 = statistics.quantiles(seconds, n=20)[-1] * 1000
    print(f"{name:<48} {len(seconds):>6} {median:>10.1f} {p95:>10.1f}", flush=True)
    return median, p95


def _open_store(path: Path | None, tmp: Path, triples: int) -> EmbeddedStore:
    if path is not None and path.exists():
        print(f"store: reusing {path}")
        return EmbeddedStore(path)
    store, seconds = build_store(path or tmp / "store", triples)
    print(f"store: {triples:,} triples generated and loaded in {seconds:.1f} s")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, default=None, help="keep the generated store here (reused if present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = _open_store(args.store, Path(tmp), args.triples)
        start = time.perf_counter()
        index, _ = current_index(store)  # the app's index of this generation, as after a write
        print(f"index: {len(index):,} entities built in {time.perf_counter() - start:.1f} s")
        municipality = index.search("", kind="municipality", limit=1).entries[0].iri
        faceted = [*FACETED, {"q": "Kita", "municipality": municipality}]
        settings = Settings(store_path=Path(tmp) / "unused", query_timeout_s=120, _env_file=None)
        with live_server(settings, store) as base, httpx.Client(base_url=base, timeout=180) as client:
            client.get("/api/search", params={"q": "warm-up"}).raise_for_status()
            print(f"{'workload (each answer with facet counts)':<48} {'calls':>6} {'median ms':>10} {'p95 ms':>10}")
            typing = _times([("/api/search", {"q": w}) for w in TYPING], client, args.repeat)
            words = _times([("/api/search", {"q": w}) for w in WORDS], client, args.repeat)
            facets = _times([("/api/search", p) for p in faceted], client, args.repeat)
            _figures("typing, per keystroke", typing)
            _figures("whole words", words)
            _figures("words with facet filters", facets)
            median, p95 = _figures("all of the above", typing + words + facets)
            page = _times([("/search", {"q": w}) for w in WORDS], client, max(1, args.repeat // 2))
            _figures("HTML page /search", page)
            scan = [("/sparql", {"query": _SCAN.format(word=w.lower())}) for w in WORDS]
            peer, _ = _figures("peer: SPARQL CONTAINS scan via /sparql", _times(scan, client, 1))
        verdict = "met" if median <= 20 and p95 <= 60 else "NOT met"
        print(f"goal median <= 20 ms, p95 <= 60 ms: {verdict}; the scan's median is {peer / median:.0f}x ours")
        store.close()


if __name__ == "__main__":
    main()
