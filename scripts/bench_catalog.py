"""Benchmark of /catalog, /.well-known/void and the dumps on the ~1M-triple synthetic landscape of bench_gaps.

Builds the landscape in a temporary on-disk store (or opens ``--store``), serves it with uvicorn and times the
requests a harvester makes.

Run: ``.venv/bin/python -m scripts.bench_catalog [--triples 1000000] [--store DIR]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import httpx

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from scripts.bench_gaps import build_store
from tests.support.live_server import live_server

PATHS = [
    "/catalog",
    "/.well-known/void",
    "/.well-known/void",
    "/dumps/all.nq.gz",
    "/dumps/beispiel-bench-03.nq.gz",
]


def time_requests(store: EmbeddedStore, folder: Path) -> None:
    """GET each path once and print status, size and seconds."""
    with live_server(Settings(store_path=folder / "unused", _env_file=None), store) as url:
        for path in PATHS:
            start = time.perf_counter()
            response = httpx.get(url + path, timeout=600)
            seconds = time.perf_counter() - start
            print(f"{path:34} {response.status_code} {len(response.content):>11,} bytes {seconds:6.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=None, help="use this existing store instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.store is not None:
            store = EmbeddedStore(args.store)
        else:
            store, seconds = build_store(Path(tmp) / "store", args.triples)
            print(f"store built in {seconds:.1f} s")
        print(f"store: {sum(info.triples for info in store.graphs()):,} triples")
        try:
            time_requests(store, Path(tmp))
        finally:
            store.close()


if __name__ == "__main__":
    main()
