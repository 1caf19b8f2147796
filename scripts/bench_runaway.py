"""Runaway benchmark (issue 17): many clients with small queries while a few runaway queries run, per execution mode.

For each query execution mode (``workers``: evaluation in worker processes killed at the time limit, the default;
``in-process``: threads of the service, the code before) the script serves the synthetic landscape of ``--size``
triples (``bildungsgraph serve`` as a subprocess, result cache off so every query is evaluated), then for
``--window`` seconds

- ``--clients`` asyncio clients each send small queries one after another (the label of an actor drawn from the
  data; every text differs, so nothing is shared), and
- ``--runaways`` clients each send a cross product of four triple patterns (it never ends by itself) and send it
  again when it was stopped,

and reports: small queries answered (200) and failed (by status or error), their median and p99 latency, how
the runaway queries ended, the peak memory of the server's process tree (workers included; RSS counts pages
that forked workers share once per process, PSS splits them), and the CPU the tree used in the 3 s after the
window (a stopped query must not keep a core busy).

The clients run in this process on the same machine: on 2 cores they take CPU from the server, which is part of
the figure. Run: ``python -m scripts.bench_runaway [--size 100000] [--clients 200] [--runaways 4] [--window 10]
[--modes workers,in-process] [--timeout 30] [--out bench/results/runaway.md]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from graph_service.store.embedded import EmbeddedStore
from scripts.bench_endpoint import CACHE, CLI, ID, Process, dataset, running
from tests.support.virtuoso import free_port

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = {"Accept": "application/sparql-results+json"}


@dataclass
class Figures:
    """What one mode did in the window."""

    mode: str
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    runaway_endings: Counter[str] = field(default_factory=Counter)
    peak_rss_mib: float = 0.0
    peak_pss_mib: float = 0.0
    cpu_after_s: float = 0.0
    window_s: float = 0.0


def actors(nq: Path, count: int) -> list[str]:
    """IRIs of ``count`` actors sampled from the data set (fixed seed)."""
    found = set()
    with nq.open(encoding="utf-8") as handle:
        for line in handle:
            if "/def#actorType>" in line and line.startswith(f"<{ID}"):
                found.add(line.split(">", 1)[0][1:])
    return random.Random(17).sample(sorted(found), min(count, len(found)))


@contextmanager
def serve(nq: Path, work: Path, mode: str, timeout: float) -> Iterator[Process]:
    """A fresh store loaded with the data set, served with query execution ``mode``."""
    folder = work / f"store-{mode}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(folder.with_name(folder.name + ".snapshots"), ignore_errors=True)
    store = EmbeddedStore(folder)
    with nq.open("rb") as handle:
        store.restore(handle, fmt="nquads")
    store.close()
    port = free_port()
    env = {
        "BILDUNGSGRAPH_QUERY_EXECUTION": mode,
        "BILDUNGSGRAPH_QUERY_TIMEOUT_S": str(timeout),
        "BILDUNGSGRAPH_RESULT_CACHE_MB": "0",
    }
    process = Process(
        f"runaway-{mode}-{port}",
        [*CLI, "serve", "--store", str(folder), "--port", str(port)],
        f"http://127.0.0.1:{port}/health",
        env,
    )
    with running(process):
        yield process


async def small_client(http: httpx.AsyncClient, url: str, iris: list[str], end: float, figures: Figures) -> None:
    """Small queries one after another until ``end``."""
    rng = random.Random(id(figures) ^ len(figures.latencies))
    while time.monotonic() < end:
        query = f"SELECT ?label WHERE {{ <{rng.choice(iris)}> <{LABEL}> ?label }}"
        started = time.monotonic()
        try:
            response = await http.post(url, data={"query": query}, headers=JSON)
        except httpx.HTTPError as exc:
            figures.failures[type(exc).__name__] += 1
            continue
        if response.status_code == 200:
            figures.latencies.append(time.monotonic() - started)
        else:
            figures.failures[f"HTTP {response.status_code}"] += 1


async def runaway_client(http: httpx.AsyncClient, url: str, end: float, figures: Figures) -> None:
    """The runaway query, again whenever it was stopped, until ``end``."""
    while time.monotonic() < end:
        try:
            response = await http.post(url, data={"query": RUNAWAY}, headers=JSON)
            figures.runaway_endings[f"HTTP {response.status_code}"] += 1
        except httpx.HTTPError as exc:
            figures.runaway_endings[type(exc).__name__] += 1


async def load(url: str, iris: list[str], args: argparse.Namespace, figures: Figures) -> None:
    limits = httpx.Limits(max_connections=args.clients + args.runaways + 10)
    timeout = httpx.Timeout(args.timeout * 2 + 10)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as http:
        end = time.monotonic() + args.window
        tasks = [runaway_client(http, url, end, figures) for _ in range(args.runaways)]
        tasks += [small_client(http, url, iris, end, figures) for _ in range(args.clients)]
        started = time.monotonic()
        await asyncio.gather(*tasks)
        figures.window_s = time.monotonic() - started


def _tree(pids: list[int]) -> list[psutil.Process]:
    processes = []
    for pid in pids:
        try:
            root = psutil.Process(pid)
            processes += [root, *root.children(recursive=True)]
        except psutil.Error:
            continue
    return processes


def cpu_by_process(pids: list[int]) -> dict[int, float]:
    """CPU seconds so far of every process in the trees of ``pids``."""
    seconds = {}
    for process in _tree(pids):
        try:
            times = process.cpu_times()
            seconds[process.pid] = times.user + times.system
        except psutil.Error:
            continue
    return seconds


class CpuTracker:
    """CPU seconds of a process tree, sampled every 0.1 s so that processes that end (killed or retired query
    workers) still count with their last reading (at most 0.1 s of theirs is missed)."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids = pids
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        seen = cpu_by_process(self.pids())
        with self._lock:
            self._last.update(seen)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def seconds(self) -> float:
        """CPU used by the tree since the tracker started."""
        self._sample()
        with self._lock:
            return sum(last - self._first.get(pid, 0.0) for pid, last in self._last.items())

    def __enter__(self) -> CpuTracker:
        self._first = cpu_by_process(self.pids())
        self._last = dict(self._first)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class MemorySampler:
    """Peak RSS and peak PSS (shared pages split between the processes sharing them) of a process tree."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids, self.rss, self.pss = pids, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            rss = pss = 0
            for process in _tree(self.pids()):
                try:
                    info = process.memory_full_info()
                except psutil.Error:
                    continue
                rss, pss = rss + info.rss, pss + info.pss
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(mode: str, nq: Path, iris: list[str], work: Path, args: argparse.Namespace) -> Figures:
    figures = Figures(mode)
    with serve(nq, work, mode, args.timeout) as process:
        url = process.ready.removesuffix("/health") + "/sparql"
        with MemorySampler(process.pids) as memory:
            asyncio.run(load(url, iris, args, figures))
        with CpuTracker(process.pids) as cpu:
            time.sleep(3)
            figures.cpu_after_s = cpu.seconds()
        figures.peak_rss_mib, figures.peak_pss_mib = memory.rss / 2**20, memory.pss / 2**20
    return figures


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def report(results: list[Figures], args: argparse.Namespace, quads: int) -> str:
    lines = [
        f"{args.clients} clients with small queries and {args.runaways} runaway queries for {args.window:g} s; "
        f"{quads:,} quads; time limit {args.timeout:g} s; result cache off; {os.cpu_count()} cores, load average "
        f"at start {os.getloadavg()[0]:.2f}",
        "",
        "| query execution | small queries answered | failed | median ms | p99 ms | runaway queries ended as | "
        "peak RSS / PSS MiB | CPU s in the 3 s after |",
        "|---|---:|---|---:|---:|---|---:|---:|",
    ]
    for f in results:
        failed = ", ".join(f"{n} {kind}" for kind, n in f.failures.most_common()) or "0"
        endings = ", ".join(f"{n} {kind}" for kind, n in f.runaway_endings.most_common()) or "still running"
        median = statistics.median(f.latencies) * 1000 if f.latencies else float("nan")
        memory = f"{f.peak_rss_mib:,.0f} / {f.peak_pss_mib:,.0f}"
        lines.append(
            f"| {f.mode} | {len(f.latencies):,} ({len(f.latencies) / args.window:,.1f}/s) | {failed} | {median:,.1f} | "
            f"{_p(f.latencies, 99):,.1f} | {endings} | {memory} | {f.cpu_after_s:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="target triples of the synthetic landscape")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--runaways", type=int, default=4)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=30.0, help="the service's query time limit")
    parser.add_argument("--modes", default="workers,in-process")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    nq = dataset(str(args.size), args.cache)
    iris = actors(nq, 2_000)
    quads = sum(1 for _ in nq.open(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="bench-runaway-", dir=args.cache.parent.resolve()) as tmp:
        results = []
        for mode in args.modes.split(","):
            print(f"{mode}: serving {quads:,} quads, {args.window:g} s of load …", flush=True)
            results.append(measure(mode, nq, iris, Path(tmp), args))
    text = report(results, args, quads)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
