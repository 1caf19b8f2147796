"""Register import benchmark: the full Destatis register (16,068 rows) through mapping, SHACL gate and store.

Runs the import in a child process (peak RSS from ``os.wait4``) into a fresh embedded store and prints the time of
each phase: reading + mapping (``run_mapping``), the batch (rdflib graph -> in-memory Oxigraph store), the gate
(store context + SHACL validation) and the write. Goal of issue 21: <= 15 s and <= 500 MB on 2 cores.

Run: ``python -m scripts.bench_register [--file ../shared/data/raw/destatis_gv_auszug/AuszugGV4QAktuell.csv]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from scripts.child_figures import measured_child

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "shared/data/raw/destatis_gv_auszug/AuszugGV4QAktuell.csv"


def worker(path: Path, store_dir: Path) -> dict[str, float | int]:
    """One import with phase timings (runs in the child process)."""
    from graph_service.core.iris import IriMinter
    from graph_service.core.settings import Settings
    from graph_service.pipeline import GateOptions, land
    from graph_service.store.embedded import EmbeddedStore
    from importers import run_mapping

    settings = Settings(store_path=store_dir, _env_file=None)
    minter = IriMinter(settings.base_iri)
    figures: dict[str, float | int] = {}
    started = time.perf_counter()
    result = run_mapping(path, "destatis-gv", settings)
    figures["map_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    batch = result.to_import_batch()
    figures["batch_s"] = time.perf_counter() - mark
    figures["rows"] = result.rows_read
    del result  # as in ``build_batch`` (the CLI's path): only the batch goes on to the gate
    store = EmbeddedStore(store_dir)
    mark = time.perf_counter()
    report = land(store, batch, minter, GateOptions())
    figures["gate_and_write_s"] = time.perf_counter() - mark
    figures["total_s"] = time.perf_counter() - started
    figures["cpu_s"] = time.process_time()
    figures["triples"] = report.triples
    figures["landed"] = int(report.landed)
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.file, args.store)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-register-") as tmp:
        cmd = [sys.executable, "-m", "scripts.bench_register", "--worker", "--file", str(args.file)]
        figures = measured_child([*cmd, "--store", str(Path(tmp) / "store")])
    for key, value in figures.items():
        print(f"{key:>18}: {value:.1f}" if isinstance(value, float) else f"{key:>18}: {value:,}")


if __name__ == "__main__":
    main()
