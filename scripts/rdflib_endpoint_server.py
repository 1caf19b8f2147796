"""Serve an N-Quads file with rdflib-endpoint from rdflib's in-memory Dataset (the peer of scripts.bench_endpoint).

The default graph is the union of all named graphs, as in our service, so the same queries give the same
answers. Run: ``python -m scripts.rdflib_endpoint_server FILE.nq PORT`` (needs ``pip install rdflib-endpoint``).
"""

from __future__ import annotations

import sys
import time

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    path, port = sys.argv[1], int(sys.argv[2])
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    print(f"rdflib-endpoint: {len(dataset):,} quads parsed in {time.perf_counter() - start:.1f} s", flush=True)
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
