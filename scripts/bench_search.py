"""Search benchmark: the service's search API against a SPARQL scan of the labels, on a generated landscape.

Generates the synthetic landscape (default 1.2M triples, about 100k actors and offers), bulk-loads it into a
temporary embedded store, builds the search index, serves the app with uvicorn on 127.0.0.1 and sends the
typing sequence of a coordinator ("k", "ki", "kit", "kita", …, with and without facets) to ``/api/search``.
The peer is what the page would do without an index: one SPARQL query per keystroke that filters all labels
with ``CONTAINS(LCASE(…))``, sent to our own ``/sparql`` on the same store. Prints median and p95 latency of
each and their ratio.

Run: ``.venv/bin/python -m scripts.bench_search [--triples 1200000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from graph_service.core.settings import Settings
from graph_service.publish.search_index import build_index
from scripts.bench_gaps import build_store
from tests.support.live_server import live_server

KEYSTROKES = ["k", "ki", "kit", "kita", "g", "gr", "gru", "grund", "grundschule", "v", "vh", "vhs", "sprach"]
_SCAN = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?e ?name WHERE {{
  {{ ?e bg:actorType ?t }} UNION {{ ?e bg:lifePhase ?p }}
  ?e rdfs:label ?name FILTER(CONTAINS(LCASE(STR(?name)), "{word}"))
}} LIMIT 50
"""


def _times(call: list[tuple[str, dict[str, str]]], client: httpx.Client, repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        for url, params in call:
            start = time.perf_counter()
            response = client.get(url, params=params)
            response.raise_for_status()
            seconds.append(time.perf_counter() - start)
    return seconds


def _figures(name: str, seconds: list[float]) -> tuple[float, float]:
    median = statistics.median(seconds) * 1000
    p95 = statistics.quantiles(seconds, n=20)[-1] * 1000
    print(f"{name:<42} {len(seconds):>6} {median:>10.1f} {p95:>10.1f}")
    return median, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, load_seconds = build_store(Path(tmp) / "store", args.triples)
        start = time.perf_counter()
        index = build_index(store)
        print(f"landscape: {args.triples:,} triples loaded in {load_seconds:.1f} s; index of {len(index.entries):,}")
        print(f"entities built in {time.perf_counter() - start:.1f} s")
        settings = Settings(store_path=Path(tmp) / "unused", query_timeout_s=120, _env_file=None)
        with live_server(settings, store) as base, httpx.Client(base_url=base, timeout=180) as client:
            client.get("/api/search", params={"q": "warm-up"}).raise_for_status()  # builds the app's index
            print(f"{'workload':<42} {'calls':>6} {'median ms':>10} {'p95 ms':>10}")
            api = [("/api/search", {"q": word}) for word in KEYSTROKES]
            facets = [("/api/search", {"q": word, "kind": "actor"}) for word in KEYSTROKES]
            scan = [("/sparql", {"query": _SCAN.format(word=word)}) for word in KEYSTROKES]
            ours, ours_p95 = _figures("/api/search (index), per keystroke", _times(api, client, args.repeat))
            _figures("/api/search with kind=actor", _times(facets, client, args.repeat))
            peer, peer_p95 = _figures(
                "SPARQL CONTAINS scan via /sparql", _times(scan, client, max(1, args.repeat // 5))
            )
        print(f"index vs scan: median {peer / ours:.1f}x, p95 {peer_p95 / ours_p95:.1f}x faster")
        store.close()


if __name__ == "__main__":
    main()
