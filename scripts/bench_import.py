"""Import benchmark: SHACL-gated import of a synthetic landscape, embedded vs Virtuoso vs the naive baseline.

For each size (default 100k and 1M triples) the synthetic landscape is written as one N-Triples file, then each
configuration runs in its own process so its peak RSS can be read (``os.wait4``):

- ``embedded``: ``bildungsgraph``'s streaming import into a fresh on-disk Oxigraph store;
- ``virtuoso``: the same import into a throw-away Virtuoso 7 through :class:`RemoteStore`
  (server RSS reported separately);
- ``naive``: what a Python user would write first: rdflib ``Graph.parse`` of the whole file, then pySHACL over the
  whole graph with the ontology (no store write), stopped after ``--naive-timeout`` seconds.

Run: ``python -m scripts.bench_import [--sizes 100000,1000000] [--skip-virtuoso] [--naive-timeout 900]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

BASE = "https://w3id.org/bildungsgraph/id/"


def write_landscape(path: Path, triples: int, seed: int = 42) -> int:
    """The synthetic landscape of about ``triples`` triples as one N-Triples file; returns the line count."""
    try:
        from scripts.synthetic_landscape import generate

        lines = generate(triples, seed=seed, base_iri=BASE)
    except ImportError:  # the generator's older home
        from scripts.bench_gaps import landscape

        lines = (line.rsplit(" <", 1)[0] + " .\n" for line in landscape(triples, seed))
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line)
            count += 1
    return count


# -- workers (run in their own process) -----------------------------------------------------------------
def worker(kind: str, data: Path, store_dir: Path, endpoint_json: str | None) -> dict[str, Any]:
    """Run one configuration and return its figures (seconds, triples, outcome)."""
    if kind == "naive":
        return _naive(data)
    from graph_service.core.iris import IriMinter
    from graph_service.core.settings import Settings
    from graph_service.pipeline import land, read_rdf_file

    settings = Settings(store_path=store_dir, base_iri=BASE, _env_file=None)
    if kind == "embedded":
        from graph_service.store.embedded import EmbeddedStore

        store = EmbeddedStore(store_dir)
    else:
        from graph_service.store.remote import RemoteStore

        store = RemoteStore(**json.loads(endpoint_json or "{}"))
    from graph_service.core.errors import Rejected

    started = time.perf_counter()
    minter = IriMinter(settings.base_iri)
    try:
        report = land(store, read_rdf_file(data, minter, "bench"), minter)
    except Rejected as exc:
        return {"error": f"rejected: {exc.report.reason}"}
    seconds = time.perf_counter() - started
    landed = sum(g.triples for g in store.graphs() if str(g.iri).endswith("graph/bench"))
    store.close()
    return {
        "seconds": seconds,
        "triples": report.triples,
        "landed": landed,
        "warnings": len(report.validation.warnings),
    }


def _naive(data: Path) -> dict[str, Any]:
    from pyshacl import validate
    from rdflib import Graph

    from graph_service.core.ontology import load_ontology as ontology_graph
    from graph_service.validation.shapes import shapes_graph

    started = time.perf_counter()
    graph = Graph()
    graph.parse(data, format="nt")
    parsed = time.perf_counter() - started
    graph += ontology_graph()
    conforms, _report, _text = validate(graph, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    return {
        "seconds": time.perf_counter() - started,
        "parse_seconds": parsed,
        "triples": len(graph),
        "conforms": conforms,
    }


# -- driver ---------------------------------------------------------------------------------------------
def run_worker(kind: str, data: Path, store_dir: Path, endpoint: dict | None, timeout: float) -> dict[str, Any]:
    """Start a worker process, wait (with timeout), return its figures plus its peak RSS in MiB."""
    cmd = [
        sys.executable,
        "-m",
        "scripts.bench_import",
        "--worker",
        kind,
        "--data",
        str(data),
        "--store",
        str(store_dir),
    ]
    if endpoint:
        cmd += ["--endpoint-json", json.dumps(endpoint)]
    out = tempfile.TemporaryFile()  # noqa: SIM115 (read after the child ends)
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            return {"error": f"did not finish within {timeout:.0f} s", "rss_mib": usage.ru_maxrss / 1024}
        time.sleep(0.2)
    process.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode()
    if process.returncode != 0:
        return {
            "error": (process.stderr.read().decode() if process.stderr else "")[-600:],
            "rss_mib": usage.ru_maxrss / 1024,
        }
    figures = json.loads(text.strip().splitlines()[-1])
    figures["rss_mib"] = usage.ru_maxrss / 1024
    return figures


def _vm_hwm_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--skip-virtuoso", action="store_true")
    parser.add_argument("--configs", default="embedded,virtuoso,naive", help="which configurations to run")
    parser.add_argument("--skip-naive-above", type=int, default=10_000_000)
    parser.add_argument("--naive-timeout", type=float, default=900)
    parser.add_argument("--worker")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--endpoint-json")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.store, args.endpoint_json)))
        return
    console = Console(width=140)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            data = folder / f"landscape-{size}.nt"
            lines = write_landscape(data, size)
            console.print(f"[bold]{size:,}[/] target: {lines:,} triples, {data.stat().st_size / 2**20:.0f} MiB")
            configs = args.configs.split(",")
            if "embedded" in configs:
                rows.append(_row("embedded", size, run_worker("embedded", data, folder / f"emb-{size}", None, 3600)))
                console.print(rows[-1])
            if "virtuoso" in configs and not args.skip_virtuoso:
                rows.append(_virtuoso_row(folder, data, size))
                console.print(rows[-1])
            if "naive" in configs and size <= args.skip_naive_above:
                rows.append(
                    _row("naive rdflib+pySHACL", size, run_worker("naive", data, folder, None, args.naive_timeout))
                )
                console.print(rows[-1])
    _print_table(console, rows)
    results = Path("bench/results")
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    (results / f"import-{stamp}.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))


def _virtuoso_row(folder: Path, data: Path, size: int) -> dict[str, Any]:
    from tests.support.virtuoso import VirtuosoServer, virtuoso_available

    if not virtuoso_available():
        return _row("virtuoso", size, {"error": "virtuoso-t not installed"})
    server = VirtuosoServer.start(folder / f"virtuoso-{size}", buffers=340_000, threads=8)
    try:
        endpoint = {
            "endpoint": server.query_endpoint,
            "update_endpoint": server.update_endpoint,
            "graph_store_endpoint": server.graph_store_endpoint,
            "user": server.user,
            "password": server.password,
            "auth": "digest",
            "graph_prefix": BASE,
            "timeout": 600,
        }
        figures = run_worker("virtuoso", data, folder / f"unused-{size}", endpoint, 3600)
        figures["server_rss_mib"] = _vm_hwm_mib(server.process.pid)
    finally:
        server.stop()
    return _row("virtuoso", size, figures)


def _row(config: str, size: int, figures: dict[str, Any]) -> dict[str, Any]:
    return {"config": config, "size": size, **figures}


def _print_table(console: Console, rows: list[dict[str, Any]]) -> None:
    table = Table(title="Import + SHACL gate (one source file)")
    for column in ("size", "configuration", "triples", "seconds", "triples/s", "peak RSS MiB", "vs naive"):
        table.add_column(column, justify="right")
    naive = {r["size"]: r.get("seconds") for r in rows if r["config"].startswith("naive") and "seconds" in r}
    for r in rows:
        seconds = r.get("seconds")
        rss = f"{r.get('rss_mib', 0):.0f}" + (f" (+server {r['server_rss_mib']:.0f})" if "server_rss_mib" in r else "")
        ratio = f"{naive[r['size']] / seconds:.1f}x" if seconds and naive.get(r["size"]) else "-"
        table.add_row(
            f"{r['size']:,}",
            r["config"],
            f"{r.get('triples', 0):,}",
            f"{seconds:.1f}" if seconds else r.get("error", "")[:60],
            f"{r['triples'] / seconds:,.0f}" if seconds else "-",
            rss,
            ratio,
        )
    console.print(table)


if __name__ == "__main__":
    main()
