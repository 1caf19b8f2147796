"""What the stoppable query execution costs (issue 17): worker processes against in-process evaluation, interleaved.

Both modes serve the same synthetic landscape at once (two ``bildungsgraph serve`` subprocesses, result cache off so
every call is evaluated). The saved gap and competency queries are the workload (queries that fail or pass the
time limit in a first call are left out and named). Then, alternating between the two servers so that other load
on the machine falls on both alike:

1. latency at one client: ``--rounds`` rounds, each calling every query on both servers (the order of the two
   swapped every round); per query the median, per mode the median of those and their sum (one pass of the
   workload);
2. throughput at N clients (``--clients``): ``--windows`` windows of ``--window`` seconds per mode, alternating
   A B A B …; successful queries per second, and the CPU the server's process tree used per query (CPU time is
   not taken by other processes on the machine, so this is the overhead figure least disturbed by them);
3. the peak RSS / PSS of each server's process tree.

Run: ``python -m scripts.bench_query_execution [--size 100000] [--clients 1,8] [--rounds 5] [--windows 3]
[--window 10] [--out bench/results/query-execution-100k.md]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from graph_service.queries import list_queries
from scripts.bench_endpoint import CACHE, dataset
from scripts.bench_runaway import CpuTracker, MemorySampler, serve

MODES = ("workers", "in-process")
JSON = {"Accept": "application/sparql-results+json"}


@dataclass
class Mode:
    """One server and its figures."""

    name: str
    url: str
    pids: list[int]
    latency: dict[str, list[float]] = field(default_factory=dict)
    answered: dict[int, int] = field(default_factory=dict)  # clients -> successful calls
    seconds: dict[int, float] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)


def call(http: httpx.Client, url: str, query: str, timeout: float) -> bool:
    try:
        return http.post(url, data={"query": query}, headers=JSON, timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def workload(mode: Mode, timeout: float) -> tuple[dict[str, str], list[str]]:
    """The saved queries that answer within ``timeout`` (tried on the workers server, which stops the others)."""
    kept, dropped = {}, []
    with httpx.Client() as http:
        for query in list_queries():
            if call(http, mode.url, query.text, timeout):
                kept[query.id] = query.text
            else:
                dropped.append(query.id)
    return kept, dropped


def latencies(modes: list[Mode], queries: dict[str, str], rounds: int, timeout: float) -> None:
    with httpx.Client() as http:
        for round_ in range(rounds):
            for name, text in queries.items():
                for mode in modes if round_ % 2 == 0 else reversed(modes):
                    started = time.perf_counter()
                    if call(http, mode.url, text, timeout):
                        mode.latency.setdefault(name, []).append(time.perf_counter() - started)


def throughput(mode: Mode, queries: list[str], clients: int, window: float, timeout: float) -> None:
    """Add one window of ``clients`` threads looping over ``queries`` to the mode's counts."""
    end = time.perf_counter() + window

    def client(k: int) -> int:
        ok, i = 0, k * len(queries) // clients
        with httpx.Client() as http:
            while time.perf_counter() < end:
                ok += call(http, mode.url, queries[i % len(queries)], timeout)
                i += 1
        return ok

    with CpuTracker(lambda: mode.pids) as cpu:
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            answered = sum(pool.map(client, range(clients)))
        elapsed = time.perf_counter() - started
        used = cpu.seconds()
    mode.answered[clients] = mode.answered.get(clients, 0) + answered
    mode.seconds[clients] = mode.seconds.get(clients, 0.0) + elapsed
    mode.cpu[clients] = mode.cpu.get(clients, 0.0) + used


def report(modes: list[Mode], memory: dict[str, tuple[float, float]], args: argparse.Namespace, head: str) -> str:
    names = sorted(set.intersection(*(set(m.latency) for m in modes)))
    lines = [head, "", "| | " + " | ".join(m.name for m in modes) + " | workers / in-process |", "|---|---:|---:|---:|"]

    def row(label: str, values: list[float], fmt: str = "{:,.1f}") -> None:
        ratio = values[0] / values[1] if values[1] else float("nan")
        lines.append(f"| {label} | " + " | ".join(fmt.format(v) for v in values) + f" | {ratio:.2f} |")

    medians = [[statistics.median(m.latency[n]) * 1000 for n in names] for m in modes]
    row("median of the per-query medians, ms (1 client)", [statistics.median(m) for m in medians])
    row("one pass of the workload (sum of medians), ms", [sum(m) for m in medians])
    for clients in args.clients:
        row(f"queries/s @{clients}", [m.answered[clients] / m.seconds[clients] for m in modes], "{:,.2f}")
        row(f"server CPU ms per query @{clients}", [m.cpu[clients] * 1000 / max(m.answered[clients], 1) for m in modes])
    row("peak RSS MiB (process tree)", [memory[m.name][0] for m in modes], "{:,.0f}")
    row("peak PSS MiB (process tree)", [memory[m.name][1] for m in modes], "{:,.0f}")
    lines += [
        "",
        "| query | " + " | ".join(f"{m.name} median ms" for m in modes) + " | ratio |",
        "|---|---:|---:|---:|",
    ]
    for n, values in zip(names, zip(*medians, strict=True), strict=True):
        lines.append(f"| {n} | " + " | ".join(f"{v:,.1f}" for v in values) + f" | {values[0] / values[1]:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--windows", type=int, default=3, help="throughput windows per mode and client count")
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=30.0, help="the services' time limit and the first call's")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    nq = dataset(str(args.size), args.cache)
    head = (
        f"{args.size:,} triples (target), result cache off, time limit {args.timeout:g} s; {os.cpu_count()} cores, "
        f"load average at start {os.getloadavg()[0]:.2f}; {args.rounds} latency rounds, {args.windows} x "
        f"{args.window:g} s per mode and client count, modes alternating"
    )
    with tempfile.TemporaryDirectory(prefix="bench-qe-", dir=args.cache.parent.resolve()) as tmp, ExitStack() as stack:
        servers = [stack.enter_context(serve(nq, Path(tmp), name, args.timeout)) for name in MODES]
        modes = [
            Mode(name, server.ready.removesuffix("/health") + "/sparql", server.pids())
            for name, server in zip(MODES, servers, strict=True)
        ]
        samplers = {m.name: stack.enter_context(MemorySampler(lambda m=m: m.pids)) for m in modes}
        queries, dropped = workload(modes[0], args.timeout)
        if dropped:
            head += f"; left out (no answer within {args.timeout:g} s): {', '.join(dropped)}"
        print(f"{len(queries)} queries; latency rounds …", flush=True)
        latencies(modes, queries, args.rounds, args.timeout * 2)
        for clients in args.clients:
            print(f"throughput @{clients} …", flush=True)
            for _ in range(args.windows):
                for mode in modes:
                    throughput(mode, list(queries.values()), clients, args.window, args.timeout * 2)
        memory = {name: (s.rss / 2**20, s.pss / 2**20) for name, s in samplers.items()}
    text = report(modes, memory, args, head)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
