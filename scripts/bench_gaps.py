"""Benchmark of the gap report on a synthetic landscape of about 1M triples in an on-disk embedded store.

Generates the synthetic landscape (:mod:`scripts.synthetic_landscape`: regions with population, actors, offers
with life phase/target group/offer type, cooperations, networks, responsibilities) as N-Quads, bulk-loads it with
the ontology and concept schemes into a temporary store folder, then times ``build_report`` and the HTML/CSV
writing. Goal (issue 7): whole report <= 30 s.

Run: ``.venv/bin/python -m scripts.bench_gaps [--triples 1000000] [--keep DIR] [--breakdown]``
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from rdflib import URIRef

from graph_service.core.ontology import load_ontology
from graph_service.gaps import ANALYSES, GapContext, build_report
from graph_service.gaps.report import write_report
from graph_service.store.embedded import EmbeddedStore
from scripts.synthetic_landscape import as_nquads, generate

ID = "https://w3id.org/bildungsgraph/id/"


def build_store(path: Path, target: int) -> tuple[EmbeddedStore, float]:
    """Generate and bulk-load the landscape plus the ontology; returns the store and the seconds it took."""
    start = time.perf_counter()
    store = EmbeddedStore(path)
    data = "".join(as_nquads(generate(target), f"{ID}graph/synthetische-landschaft")).encode()
    store.restore(io.BytesIO(data), fmt="nquads")
    store.add_triples(URIRef(f"{ID}graph/ontologie"), load_ontology())
    return store, time.perf_counter() - start


def breakdown(store: EmbeddedStore) -> None:
    """The analyses one after the other, printing the seconds each takes (build_report runs two at a time)."""
    ctx = GapContext(store)
    for analysis in ANALYSES:
        began = time.perf_counter()
        analysis.run(ctx)
        print(f"  {', '.join(analysis.table_ids):<55} {time.perf_counter() - began:6.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="write the report files into this folder")
    parser.add_argument("--breakdown", action="store_true", help="then time each analysis alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, load_seconds = build_store(Path(tmp) / "store", args.triples)
        triples = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"])
        print(f"store: {triples:,} triples, generated + bulk-loaded in {load_seconds:.1f} s", flush=True)
        start = time.perf_counter()
        report = build_report(store)
        built = time.perf_counter() - start
        out = (args.keep or Path(tmp)) / "gaps-bench.html"
        paths = write_report(report, out)
        total = time.perf_counter() - start
        rows = sum(len(t.rows) for t in report.tables)
        print(f"report: {len(report.tables)} tables, {rows:,} rows, {len(paths)} files")
        print(f"build_report {built:.1f} s | HTML + CSV {total - built:.1f} s | whole report {total:.1f} s", end="")
        print(" (goal <= 30 s)", flush=True)
        if args.breakdown:
            breakdown(store)
        store.close()


if __name__ == "__main__":
    main()
