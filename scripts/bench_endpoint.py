"""Endpoint benchmark (issue 8): our service against rdflib-endpoint and Virtuoso, measured in one run.

For each data set (synthetic landscape of N triples plus the ontology, or the shipped demo county) and each
configuration

- ``ours``           our service (``bildungsgraph serve --store``) on the embedded Oxigraph store, with its
                     result cache (repeated queries are answered from it until the next write),
- ``ours-nocache``   the same with the result cache off (``BILDUNGSGRAPH_RESULT_CACHE_MB=0``): every call evaluated,
- ``rdflib``         rdflib-endpoint serving the same quads from rdflib's in-memory Dataset (union default graph),
- ``virtuoso``       Virtuoso 7 (Debian package) bulk-loaded with the same quads, queried directly at /sparql,
- ``ours+virtuoso``  our service on that Virtuoso (``bildungsgraph serve --endpoint``),

the server runs as a subprocess on 127.0.0.1 while its peak RSS (process tree) is sampled, and over HTTP

1. every saved gap and competency query and a sample of resource look-ups (our pages: GET with Accept
   text/turtle; the peers: DESCRIBE) runs once to warm up and count rows, then ``--repeat`` times at one client:
   median and p95 latency per query;
2. two workloads, the gap queries alone and the whole mix, run by N clients (threads) for ``--window`` seconds
   each: successful queries per second.

Row counts are compared across configurations. A call past ``--timeout`` counts as failed; afterwards the
script waits until the server is idle (rdflib-endpoint keeps computing a query its client gave up on) and
restarts it when that takes longer than the timeout. Queries that fail at one client are left out of that
configuration's throughput workloads (noted under the table).

Run: ``make bench`` or ``.venv/bin/python -m scripts.bench_endpoint [--sizes 100000,1000000] [--10m] [--demo]
[--configs ours,ours-nocache,rdflib,virtuoso,ours+virtuoso] [--clients 1,8,32] [--repeat 5] [--window 15] [--timeout 60]
[--out bench/results/endpoint.md]``
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from graph_service.core.ontology import load_ontology
from graph_service.queries import list_queries
from graph_service.store.embedded import EmbeddedStore
from scripts.synthetic_landscape import as_nquads, generate
from tests.support.virtuoso import VirtuosoServer, free_port, virtuoso_available

ID = "https://w3id.org/bildungsgraph/id/"
SITE = "https://w3id.org/bildungsgraph/"
CONFIGS = ("ours", "ours-nocache", "ours-inprocess", "ours-inprocess-nocache", "rdflib", "virtuoso", "ours+virtuoso")
JSON = "application/sparql-results+json"
CACHE = Path("var/bench")
CLI = [sys.executable, "-c", "from graph_service.cli import app; app()"]

Rows = int | str  # a row count, or "timeout" / "error NNN" / SKIPPED
SKIPPED = "timeout (smaller set)"


@dataclass
class Call:
    """One HTTP request of the workload: a saved query, or a resource look-up of ``iri``."""

    name: str
    kind: str  # "gap", "cq" or "lookup"
    query: str | None = None
    iri: str | None = None


@dataclass
class Result:
    """Figures of one configuration on one data set."""

    config: str
    load_s: float = 0.0
    rows: dict[str, Rows] = field(default_factory=dict)
    latency: dict[str, list[float]] = field(default_factory=dict)
    throughput: dict[tuple[str, int], float] = field(default_factory=dict)  # (workload, clients) -> q/s
    peak_rss_mib: float = 0.0
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- data


def dataset(size: str, cache: Path) -> Path:
    """N-Quads of the data set (landscape + ontology, or the demo county), generated once into ``cache``."""
    folder = cache / size
    nq = folder / "all.nq"
    if nq.exists():
        return nq
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "all.nq.part"
    if size == "demo":
        _demo_quads(folder, partial)
    else:
        with partial.open("w", encoding="utf-8") as out:
            out.writelines(as_nquads(generate(int(size)), f"{ID}graph/synthetische-landschaft"))
            ontology = load_ontology().serialize(format="nt")
            out.writelines(as_nquads(iter(ontology.splitlines(keepends=True)), f"{ID}graph/ontologie"))
    partial.rename(nq)
    return nq


def _demo_quads(folder: Path, out: Path) -> None:
    """The shipped demo county (``bildungsgraph demo``, ontology included) dumped as N-Quads."""
    store_dir = folder / "demo-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    subprocess.run([*CLI, "demo", "--store", str(store_dir)], check=True, stdout=subprocess.DEVNULL)
    store = EmbeddedStore(store_dir)
    with out.open("wb") as handle:
        store.dump(handle, "nquads")
    store.close()
    shutil.rmtree(store_dir)


def workload(nq: Path, lookups: int) -> list[Call]:
    """The saved gap and competency queries, plus look-ups of ``lookups`` actors sampled from the data."""
    calls = [Call(q.id, "gap" if q.id.startswith("gap-") else "cq", q.text) for q in list_queries()]
    actors = set()
    with nq.open(encoding="utf-8") as handle:
        for line in handle:
            if "/def#actorType>" in line and line.startswith(f"<{ID}"):
                actors.add(line.split(">", 1)[0][1:])
    sample = random.Random(42).sample(sorted(actors), min(lookups, len(actors)))
    return calls + [Call(f"lookup-{i:02d}", "lookup", iri=iri) for i, iri in enumerate(sample)]


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    """A server under test: where SPARQL goes, where our resource pages are (None: DESCRIBE), what to watch."""

    sparql: str
    pids: Callable[[], list[int]]
    pages: str | None = None
    restart: Callable[[], None] | None = None


class Process:
    """A server subprocess that answers ``ready`` once started; can be restarted (a busy serial server)."""

    def __init__(
        self, name: str, args: list[str], ready: str, env: dict[str, str] | None = None, wait_s: float = 3600
    ) -> None:
        self.args, self.ready, self.env, self.wait_s = args, ready, {**os.environ, **(env or {})}, wait_s
        self.popen: subprocess.Popen[bytes] | None = None
        self.log = CACHE / "logs" / f"{name}.log"

    def start(self) -> None:
        """Start the server (its output appended to ``self.log``, for post-mortems) and wait until it answers."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.wait_s
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{' '.join(self.args[3:])} exited with {self.popen.returncode}")
            try:
                if httpx.get(self.ready, timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.ready} did not answer within {self.wait_s:g} s")

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def pids(self) -> list[int]:
        return [self.popen.pid] if self.popen else []


@contextmanager
def running(process: Process) -> Iterator[Process]:
    try:
        process.start()
        yield process
    finally:
        process.stop()


def _service_env(timeout: float) -> dict[str, str]:
    return {"BILDUNGSGRAPH_QUERY_TIMEOUT_S": str(timeout), "BILDUNGSGRAPH_RESULT_ROW_CAP": "100000000"}


def _our_service(option: str, value: str, timeout: float, cache: bool = True, execution: str = "workers") -> Process:
    port = free_port()
    args = [*CLI, "serve", option, value, "--port", str(port)]
    env = _service_env(timeout) | ({} if cache else {"BILDUNGSGRAPH_RESULT_CACHE_MB": "0"})
    env |= {"BILDUNGSGRAPH_QUERY_EXECUTION": execution}
    return Process(f"ours-{port}", args, f"http://127.0.0.1:{port}/health", env)


@contextmanager
def ours(
    nq: Path, work: Path, timeout: float, result: Result, *, cache: bool = True, execution: str = "workers"
) -> Iterator[Server]:
    """Bulk-load the quads into a fresh embedded store (timed), then serve it."""
    shutil.rmtree(work / "ours-store", ignore_errors=True)
    start = time.perf_counter()
    store = EmbeddedStore(work / "ours-store")
    with nq.open("rb") as handle:
        store.restore(handle, fmt="nquads")
    store.close()
    process = _our_service("--store", str(work / "ours-store"), timeout, cache, execution)
    with running(process):
        result.load_s = time.perf_counter() - start
        base = process.ready.removesuffix("/health")
        yield Server(f"{base}/sparql", process.pids, base, process.restart)


@contextmanager
def rdflib_endpoint(nq: Path, work: Path, timeout: float, result: Result) -> Iterator[Server]:
    """rdflib-endpoint parsing the quads at start-up (the load time)."""
    port = free_port()
    args = [sys.executable, "-m", "scripts.rdflib_endpoint_server", str(nq), str(port)]
    process = Process(f"rdflib-{port}", args, f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D")
    start = time.perf_counter()
    with running(process):
        result.load_s = time.perf_counter() - start
        yield Server(f"http://127.0.0.1:{port}/sparql", process.pids, None, process.restart)


@contextmanager
def virtuoso(nq: Path, work: Path, result: Result) -> Iterator[VirtuosoServer]:
    """A fresh Virtuoso, bulk-loaded with the quads (timed)."""
    folder = work / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)
    server = VirtuosoServer.start(folder, buffers=340_000, threads=34)
    try:
        _link_or_copy(nq, folder / "all.nq")
        start = time.perf_counter()
        server.bulk_load(folder, "all.nq", f"{ID}graph/default")
        result.load_s = time.perf_counter() - start
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy(source, target)


@contextmanager
def virtuoso_direct(nq: Path, work: Path, timeout: float, result: Result) -> Iterator[Server]:
    with virtuoso(nq, work, result) as server:
        yield Server(server.query_endpoint, lambda: [server.process.pid])


@contextmanager
def ours_on_virtuoso(nq: Path, work: Path, timeout: float, result: Result) -> Iterator[Server]:
    """Our service on a Virtuoso loaded as above; RSS and load time count both."""
    with virtuoso(nq, work, result) as server:
        start = time.perf_counter()
        process = _our_service("--endpoint", server.query_endpoint, timeout)
        with running(process):
            result.load_s += time.perf_counter() - start
            base = process.ready.removesuffix("/health")
            yield Server(f"{base}/sparql", lambda: [*process.pids(), server.process.pid], base, process.restart)


@contextmanager
def ours_without_cache(nq: Path, work: Path, timeout: float, result: Result) -> Iterator[Server]:
    with ours(nq, work, timeout, result, cache=False) as server:
        yield server


@contextmanager
def ours_in_process(nq: Path, work: Path, timeout: float, result: Result) -> Iterator[Server]:
    with ours(nq, work, timeout, result, execution="in-process") as server:
        yield server


@contextmanager
def ours_in_process_without_cache(nq: Path, work: Path, timeout: float, result: Result) -> Iterator[Server]:
    with ours(nq, work, timeout, result, cache=False, execution="in-process") as server:
        yield server


STARTERS = {
    "ours": ours,
    "ours-nocache": ours_without_cache,
    "ours-inprocess": ours_in_process,
    "ours-inprocess-nocache": ours_in_process_without_cache,
    "rdflib": rdflib_endpoint,
    "virtuoso": virtuoso_direct,
    "ours+virtuoso": ours_on_virtuoso,
}


# --------------------------------------------------------------------------- measuring


def _tree(pids: list[int]) -> list[psutil.Process]:
    processes = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            processes += [process, *process.children(recursive=True)]
        except psutil.Error:
            continue
    return processes


class RssSampler:
    """Peak resident memory of the server's process tree, sampled every 0.1 s in a thread."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids, self.peak, self._stop = pids, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        total = 0
        for process in _tree(self.pids()):
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.sample()

    def __enter__(self) -> RssSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu_seconds(server: Server) -> float:
    total = 0.0
    for process in _tree(server.pids()):
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def settle(server: Server, limit_s: float, result: Result) -> None:
    """Wait until the server is idle (< 5 % CPU for a second); restart it if that takes longer than limit_s."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        before = _cpu_seconds(server)
        time.sleep(1)
        if _cpu_seconds(server) - before < 0.05:
            return
    if server.restart:
        result.notes.append("restarted after a client timeout (server still busy)")
        server.restart()


def run_call(client: httpx.Client, server: Server, call: Call, timeout: float) -> tuple[float, Rows]:
    """Seconds and row count (triples for look-ups) of one call, or "timeout" / "error NNN"."""
    start = time.perf_counter()
    try:
        if call.query is None and server.pages:
            url = server.pages + "/" + str(call.iri).removeprefix(SITE)
            response = client.get(url, headers={"Accept": "text/turtle"}, timeout=timeout)
        else:
            query, accept = (call.query, JSON) if call.query else (f"DESCRIBE <{call.iri}>", "text/turtle")
            response = client.post(server.sparql, data={"query": query}, headers={"Accept": accept}, timeout=timeout)
    except httpx.TimeoutException:
        return timeout, "timeout"
    except httpx.TransportError as exc:  # e.g. the server closed the connection: a failed call, not a crash
        return time.perf_counter() - start, f"error {type(exc).__name__}"
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        return seconds, f"error {response.status_code}"
    if call.query is None:
        return seconds, sum(1 for line in response.text.splitlines() if line.rstrip().endswith((".", ";", ",")))
    return seconds, len(response.json().get("results", {}).get("bindings", []))


def latencies(server: Server, calls: list[Call], args: argparse.Namespace, result: Result, skip: set[str]) -> None:
    """Warm-up with row counts, then ``repeat`` timed runs of each call at one client.

    Calls in ``skip`` timed out on a smaller data set and are not run again.
    """
    with httpx.Client() as client:
        for call in calls:
            if call.name in skip:
                result.rows[call.name], result.latency[call.name] = SKIPPED, []
                continue
            seconds, rows = run_call(client, server, call, args.timeout)
            result.rows[call.name] = rows
            if not isinstance(rows, int):
                print(f"    {call.name}: {rows}", flush=True)
                if rows == "timeout":
                    settle(server, min(args.timeout, 10), result)
                result.latency[call.name] = []
                continue
            if seconds > args.timeout / 4:  # a slow query runs once only
                result.latency[call.name] = [seconds]
                continue
            times = []
            for _ in range(args.repeat):
                seconds, rows = run_call(client, server, call, args.timeout)
                times.append(seconds)
                if rows == "timeout":
                    settle(server, min(args.timeout, 10), result)
                    break
            result.latency[call.name] = times


def throughput(server: Server, calls: list[Call], clients: int, window: float, timeout: float) -> tuple[float, int]:
    """Successful calls per second while ``clients`` threads loop over ``calls`` for ``window`` seconds."""
    deadline = time.perf_counter() + window

    def client(k: int) -> tuple[int, int]:
        ok = failed = 0
        i = k * len(calls) // clients
        with httpx.Client() as http:
            while time.perf_counter() < deadline:
                rows = run_call(http, server, calls[i % len(calls)], timeout)[1]
                ok, failed, i = ok + isinstance(rows, int), failed + (not isinstance(rows, int)), i + 1
        return ok, failed

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        counts = list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - start
    return sum(ok for ok, _ in counts) / elapsed, sum(failed for _, failed in counts)


def measure(server: Server, calls: list[Call], args: argparse.Namespace, result: Result, skip: set[str]) -> None:
    latencies(server, calls, args, result, skip)
    answered = [c for c in calls if isinstance(result.rows[c.name], int)]
    if len(answered) < len(calls):
        failed = sorted({str(result.rows[c.name]) for c in calls} - {str(result.rows[c.name]) for c in answered})
        result.notes.append(f"{len(calls) - len(answered)} calls ({', '.join(failed)}) left out of its throughput")
    for name, mix in (("gap", [c for c in answered if c.kind == "gap"]), ("mix", answered)):
        for clients in args.clients:
            if not mix:
                continue
            rate, failed = throughput(server, mix, clients, args.window, args.timeout)
            result.throughput[(name, clients)] = rate
            if failed:
                result.notes.append(f"{name} @{clients}: {failed} calls failed")
                settle(server, min(args.timeout, 10), result)


def bench_config(
    config: str, nq: Path, calls: list[Call], work: Path, args: argparse.Namespace, skip: set[str]
) -> Result:
    """Start, load and measure one configuration; ``skip``: calls that timed out on a smaller data set."""
    result = Result(config)
    print(f"  {config}: loading …", flush=True)
    pids: list[Callable[[], list[int]]] = []
    with RssSampler(lambda: [pid for get in pids for pid in get()]) as rss:
        with STARTERS[config](nq, work, args.timeout, result) as server:
            pids.append(server.pids)
            print(f"  {config}: loaded in {result.load_s:.1f} s, measuring …", flush=True)
            measure(server, calls, args, result, skip)
        result.peak_rss_mib = rss.peak / 2**20
    return result


# --------------------------------------------------------------------------- report


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000 if values else float("nan")


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[-1] * 1000


def _kind_median(result: Result, kind: str, calls: list[Call]) -> float:
    medians = [_ms(result.latency[c.name]) for c in calls if c.kind == kind and result.latency.get(c.name)]
    return statistics.median(medians) if medians else float("nan")


def _kind_p95(result: Result, kind: str, calls: list[Call]) -> float:
    return _p95([t for c in calls if c.kind == kind for t in result.latency.get(c.name, [])])


def _ratio(mine: float, peer: Result | None, key: tuple[str, int]) -> str:
    if peer is None or not peer.throughput.get(key):
        return "–"
    return f"{mine / peer.throughput[key]:.1f}x"


def summary_table(results: list[Result], calls: list[Call]) -> list[str]:
    lines = [
        "| configuration | load s | peak RSS MiB | gap median ms | gap p95 ms | cq median ms | lookup median ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        figures = [
            _kind_median(r, "gap", calls),
            _kind_p95(r, "gap", calls),
            _kind_median(r, "cq", calls),
            _kind_median(r, "lookup", calls),
        ]
        cells = " | ".join("–" if math.isnan(x) else f"{x:,.1f}" for x in figures)
        lines.append(f"| {r.config} | {r.load_s:.1f} | {r.peak_rss_mib:,.0f} | {cells} |")
    return lines


def throughput_table(results: list[Result], clients: list[int]) -> list[str]:
    by = {r.config: r for r in results}
    lines = [
        "| configuration | workload | " + " | ".join(f"q/s @{c} (×rdflib / ×Virtuoso)" for c in clients) + " |",
        "|---|---|" + "---:|" * len(clients),
    ]
    for r in results:
        for name in ("gap", "mix"):
            cells = []
            for c in clients:
                rate = r.throughput.get((name, c))
                if rate is None:
                    cells.append("–")
                    continue
                peers = f"{_ratio(rate, by.get('rdflib'), (name, c))} / {_ratio(rate, by.get('virtuoso'), (name, c))}"
                cells.append(f"{rate:,.2f} ({peers})")
            lines.append(f"| {r.config} | {name} | " + " | ".join(cells) + " |")
    return lines


def query_table(results: list[Result], calls: list[Call]) -> list[str]:
    lines = [
        "| query | rows | agree | " + " | ".join(f"{r.config} median / p95 ms" for r in results) + " |",
        "|---|---:|---|" + "---:|" * len(results),
    ]
    for call in calls:
        if call.kind == "lookup":
            continue
        counts = [r.rows.get(call.name) for r in results]
        answered = [n for n in counts if isinstance(n, int)]
        if len(set(answered)) > 1:
            agree = "DIFFERS: " + ", ".join(f"{r.config}={n}" for r, n in zip(results, counts, strict=True))
        else:
            agree = "yes" if len(answered) == len(counts) else f"{len(answered)} of {len(counts)} answered"
        cells = []
        for r in results:
            times = r.latency.get(call.name, [])
            cells.append(f"{_ms(times):,.1f} / {_p95(times):,.1f}" if times else str(r.rows.get(call.name)))
        lines.append(f"| {call.name} | {answered[0] if answered else '–'} | {agree} | " + " | ".join(cells) + " |")
    return lines


def goals(size: str, results: list[Result], calls: list[Call], clients: list[int]) -> list[str]:
    """The issue's goals, checked on this data set for our service on the embedded store (with and without cache)."""
    by = {r.config: r for r in results}
    top = max(clients)
    lines: list[str] = []
    if not any(c.kind == "gap" for c in calls):
        return ["Goals: not checked, the workload has no gap queries."]
    for config in ("ours", "ours-nocache"):
        mine = by.get(config)
        if mine is None:
            continue
        lines.append(f"Goals ({size}, {config} on the embedded store):")
        if "rdflib" in by:
            ratio = _ratio(mine.throughput.get(("gap", top), 0), by["rdflib"], ("gap", top))
            lines.append(f"- gap-query throughput @{top} vs rdflib-endpoint: {ratio} (goal >= 10x)")
        lines.append(f"- median gap-query latency: {_kind_median(mine, 'gap', calls):,.1f} ms (goal <= 100 ms)")
        if "virtuoso" in by:
            lat = _kind_median(mine, "gap", calls) / _kind_median(by["virtuoso"], "gap", calls)
            ratio = _ratio(mine.throughput.get(("gap", top), 0), by["virtuoso"], ("gap", top))
            lines.append(
                f"- vs Virtuoso: gap median latency {lat:.2f}x, gap throughput @{top} {ratio} (goal within 2x)"
            )
        lines.append(f"- peak RSS: {mine.peak_rss_mib:,.0f} MiB (goal <= 1024 MiB at 1M triples)")
    return lines


def report(size: str, nq: Path, results: list[Result], calls: list[Call], clients: list[int]) -> str:
    quads = sum(1 for _ in nq.open(encoding="utf-8"))
    title = "demo county" if size == "demo" else f"{int(size):,} triples (target)"
    lines = [f"### {title}: {quads:,} quads, {len(calls)} calls", "", *summary_table(results, calls), ""]
    lines += [*throughput_table(results, clients), ""]
    lines += [*query_table(results, calls), ""]
    lines += [f"- {r.config}: {note}" for r in results for note in r.notes]
    lines += ["", *goals(size, results, calls, clients)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="target triples, comma-separated")
    parser.add_argument("--10m", dest="ten_million", action="store_true", help="also 10,000,000 triples")
    parser.add_argument("--demo", action="store_true", help="also the shipped demo county")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--queries", default="", help="only saved queries whose id starts with one of these")
    parser.add_argument("--lookups", type=int, default=20, help="resource look-ups in the workload")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per call at one client")
    parser.add_argument("--window", type=float, default=15.0, help="seconds per throughput run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per call")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of the generated data sets")
    parser.add_argument("--out", type=Path, default=None, help="also write the markdown here")
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | ({10_000_000} if args.ten_million else set()))
    args.sizes = ["demo"] * args.demo + [str(s) for s in sizes]
    return args


def available(configs: list[str]) -> list[str]:
    """The configurations whose software is installed; prints why the others are skipped."""
    kept = []
    for config in configs:
        if config not in STARTERS:
            raise SystemExit(f"unknown configuration {config!r}; choose from {', '.join(CONFIGS)}")
        if "virtuoso" in config and not virtuoso_available():
            print(f"skipped {config}: virtuoso-t / isql-vt not installed (apt-get install virtuoso-opensource-7-bin)")
        elif config == "rdflib" and not _has_module("rdflib_endpoint"):
            print("skipped rdflib: rdflib-endpoint not installed (pip install -e '.[bench]')")
        else:
            kept.append(config)
    return kept


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    configs = available([c for c in args.configs.split(",") if c])
    prefixes = tuple(p for p in args.queries.split(",") if p)
    head = (
        f"Machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; configurations "
        f"{', '.join(configs)}; clients {args.clients}; {args.repeat} timed runs per call; throughput window "
        f"{args.window:g} s; timeout {args.timeout:g} s; load average at start {os.getloadavg()[0]:.2f}\n"
    )
    print(head, flush=True)
    out = [head]
    slow: dict[str, set[str]] = {c: set() for c in configs}  # calls that timed out on a smaller data set
    args.cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-endpoint-", dir=args.cache.parent.resolve()) as tmp:
        for size in args.sizes:
            print(f"{size}: generating data set …", flush=True)
            nq = dataset(size, args.cache)
            calls = [c for c in workload(nq, args.lookups) if c.kind == "lookup" or c.name.startswith(prefixes or "")]
            results = [
                bench_config(c, nq, calls, Path(tmp), args, slow[c] if size != "demo" else set()) for c in configs
            ]
            for r in results if size != "demo" else []:
                slow[r.config] |= {name for name, rows in r.rows.items() if rows in ("timeout", SKIPPED)}
            text = report(size, nq, results, calls, args.clients)
            print(text, flush=True)
            out.append(text)
            shutil.rmtree(Path(tmp) / "ours-store", ignore_errors=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
