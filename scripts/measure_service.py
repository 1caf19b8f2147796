"""Latency of the saved example queries over HTTP on the demo store (a measurement, not a test).

Usage: python -m scripts.measure_service [--store var/demo-store] [--repeat 20]
Prints per query: rows, median and p95 latency in ms (client-side, real uvicorn on 127.0.0.1).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from graph_service.core.settings import Settings
from graph_service.queries import list_queries
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, default=Path("var/demo-store"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    store = EmbeddedStore(args.store, read_only=True)
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(), store), port=args.port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{args.port}"
    while True:
        try:
            httpx.get(f"{base}/health", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    print(f"{'query':55} {'rows':>5} {'median ms':>10} {'p95 ms':>8}")
    with httpx.Client(headers={"Accept": "application/sparql-results+json"}) as client:
        for query in list_queries():
            timings, rows = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.post(f"{base}/sparql", data={"query": query.text})
                timings.append((time.perf_counter() - started) * 1000)
                rows = len(response.json().get("results", {}).get("bindings", []))
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(f"{query.id:55} {rows:5d} {statistics.median(timings):10.1f} {p95:8.1f}")
    server.should_exit = True


if __name__ == "__main__":
    main()
