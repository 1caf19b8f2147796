"""A pool of query worker processes: a query past its deadline is killed with its process, so its work stops.

pyoxigraph 0.5 cannot cancel a query; a thread that evaluates one runs on after its client got 503. Here each
evaluation runs in a worker process (:mod:`graph_service.store.query_worker`) and the calling thread waits on
the worker's socket (no GIL held, so the event loop is not slowed); at the deadline the worker gets SIGKILL and
the next query starts a fresh one (forked from the pool's zygote, which has pyoxigraph loaded: milliseconds).

Scheduling on a small machine:

- at most ``slots`` queries evaluate at normal priority; more wait (within their time limit);
- a query still running after ``slow_after_s`` while another query waits for a slot is niced (to 10) and
  gives its slot to the waiting query, so a few runaway queries cannot hold the endpoint for the length of the
  time limit; a niced worker is retired when its query ends (an unprivileged process cannot raise its priority
  again);
- at most ``max_workers`` worker processes exist (niced ones included), the bound on memory:
  ``max_workers x memory_mb``.

Workers for allow-listed SERVICE calls (``network=True``) are kept apart from the others, which have no network.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph_service.store.base import (
    NotAcceptableResult,
    QueryAborted,
    QueryEvaluationError,
    QuerySyntaxError,
    QueryTimeout,
    RemoteEndpointError,
    StoreError,
)
from graph_service.store.evaluation import QueryRequest
from graph_service.store.query_worker import Job, WorkerConfig, request_worker

_ERRORS: dict[str, type[StoreError]] = {
    cls.__name__: cls
    for cls in (QuerySyntaxError, QueryEvaluationError, QueryAborted, RemoteEndpointError, QueryTimeout, StoreError)
}
START_TIMEOUT_S = 60.0
NICE = 10  # CPU weight 110 against 1,024 at 0: a slow query yields to others but is not starved by them (19: 15)
DEMOTION_CHECK_S = 0.1


#: the environment of the zygote and so of every worker: a worker at its memory limit prints one line, not 60;
#: and two malloc arenas, not glibc's 8 per core, each reserving 64 MiB of address space: the memory limit
#: (RLIMIT_AS) counts reserved space, so a worker with five threads had 589 MiB of its 1 GiB reserved for nothing
#: (269 MiB with two arenas) and, under load, failed to start a thread and died (422 for a query that should
#: have run into its time limit)
WORKER_ENV = {"RUST_BACKTRACE": "0", "MALLOC_ARENA_MAX": "2"}


@dataclass(frozen=True)
class PoolLimits:
    """How many queries run at normal priority, how many worker processes may exist, and per-worker limits.

    ``allow_network``: whether a query that calls other endpoints (SERVICE) may run in a worker with network at
    all (True only when the service has a federation allow-list; the gate checks the targets)."""

    slots: int = 4
    max_workers: int = 8
    memory_mb: int = 0
    slow_after_s: float = 2.0
    allow_network: bool = False


@dataclass
class Answer:
    """A worker's answer: the query form, whether the row cap truncated the result, the serialised result."""

    kind: str
    truncated: bool
    body: bytes


@dataclass(eq=False)
class _Worker:
    pid: int
    conn: Connection
    network: bool
    isolated: bool = False
    niced: bool = False
    pidfd: int | None = None

    def __post_init__(self) -> None:
        with contextlib.suppress(OSError):  # pidfd: a signal that cannot hit a recycled pid
            self.pidfd = os.pidfd_open(self.pid)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        self.conn.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


class _Zygote:
    """The process that forks the workers (see :mod:`graph_service.store.query_worker`); restarted if it died."""

    CODE = "import sys; from graph_service.store.query_worker import zygote; zygote(int(sys.argv[1]))"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._control: Connection | None = None

    def fork(self, config: WorkerConfig) -> tuple[int, Connection]:
        """A new worker with ``config``: its pid and the pool's end of its socket."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                for attempt in (1, 2):
                    control, pid = self._running()
                    try:
                        return request_worker(control, pid, config, theirs.fileno()), Connection(ours.detach())
                    except (EOFError, OSError):
                        self._stop()
                        if attempt == 2:
                            raise
            raise AssertionError("unreachable")
        finally:
            theirs.close()

    def _running(self) -> tuple[Connection, int]:
        if self._process is None or self._process.poll() is not None or self._control is None:
            self._stop()
            control, remote = socket.socketpair()
            self._process = subprocess.Popen(
                [sys.executable, "-c", self.CODE, str(remote.fileno())],
                pass_fds=[remote.fileno()],
                stdin=subprocess.DEVNULL,
                env={**os.environ, **WORKER_ENV},
            )
            remote.close()
            self._control = Connection(control.detach())
        return self._control, self._process.pid

    def _stop(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._process is not None:
            try:
                self._process.wait(5)  # the zygote ends when its control socket closes
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def close(self) -> None:
        with self._lock:
            self._stop()


@dataclass
class _State:
    idle: dict[bool, list[_Worker]] = field(default_factory=lambda: {False: [], True: []})
    fast: int = 0  # queries at normal priority
    waiting: int = 0  # queries waiting for a slot
    alive: int = 0  # worker processes, idle and busy
    started: int = 0
    killed: int = 0


class QueryWorkers:
    """The pool; thread-safe. :meth:`run` blocks the calling thread (run it in a thread pool from async code)."""

    def __init__(self, limits: PoolLimits) -> None:
        self.limits = limits
        self._zygote = _Zygote()
        self._cond = threading.Condition()
        self._state = _State()
        self.isolated: bool | None = None  # whether the last started network-less worker could leave the network

    # -- public --------------------------------------------------------------------------------------------
    def run(self, snapshot: Path, request: QueryRequest, *, timeout: float | None, network: bool = False) -> Answer:
        """Evaluate ``request`` on ``snapshot`` within ``timeout`` seconds (slot wait included).

        Raises QueryTimeout (past the deadline: the worker was killed), QueryAborted (the worker died), the
        evaluation's own StoreError, or NotAcceptableResult."""
        deadline = None if timeout is None else time.monotonic() + timeout
        network = network and self.limits.allow_network
        worker = self._acquire(network, deadline, timeout)
        healthy = False
        try:
            header, body = self._exchange(worker, Job(str(snapshot), request), deadline, timeout)
            healthy = True
        finally:
            self._release(worker, healthy)
        return _answer(header, body)

    @property
    def stats(self) -> dict[str, int]:
        """Worker processes started, killed at a deadline, alive now."""
        with self._cond:
            return {"started": self._state.started, "killed": self._state.killed, "alive": self._state.alive}

    def close(self) -> None:
        """Stop every idle worker (busy ones are stopped by their callers' deadlines)."""
        with self._cond:
            idle = [w for workers in self._state.idle.values() for w in workers]
            for workers in self._state.idle.values():
                workers.clear()
            self._state.alive -= len(idle)
        for worker in idle:
            worker.kill()
        self._zygote.close()

    # -- slots and processes ---------------------------------------------------------------------------------
    def _acquire(self, network: bool, deadline: float | None, timeout: float | None) -> _Worker:
        with self._cond:
            state = self._state

            def free() -> bool:
                room = state.idle[network] or state.alive < self.limits.max_workers or state.idle[not network]
                return state.fast < self.limits.slots and bool(room)

            left = None if deadline is None else max(deadline - time.monotonic(), 0)
            state.waiting += 1
            try:
                if not self._cond.wait_for(free, left):
                    raise QueryTimeout(f"all {self.limits.slots} query slots stayed busy for {timeout:g} s")
            finally:
                state.waiting -= 1
            state.fast += 1
            if state.idle[network]:
                return state.idle[network].pop()
            evicted = state.idle[not network].pop() if state.alive >= self.limits.max_workers else None
            if evicted is None:
                state.alive += 1
        if evicted is not None:
            evicted.kill()
        try:
            return self._start(network)
        except BaseException:
            with self._cond:
                state.fast -= 1
                state.alive -= 1
                self._cond.notify_all()
            raise

    def _start(self, network: bool) -> _Worker:
        try:
            pid, conn = self._zygote.fork(WorkerConfig(memory_mb=self.limits.memory_mb, network=network))
        except (EOFError, OSError) as exc:
            raise StoreError(f"the query workers' zygote process does not answer ({exc})") from exc
        worker = _Worker(pid, conn, network)
        try:
            if not conn.poll(START_TIMEOUT_S):
                raise StoreError(f"a query worker did not start within {START_TIMEOUT_S:g} s")
            hello = json.loads(conn.recv_bytes())
        except (EOFError, OSError, StoreError) as exc:
            worker.kill()
            raise StoreError(f"a query worker did not start ({exc})") from exc
        worker.isolated = bool(hello.get("isolated"))
        if not network:
            self.isolated = worker.isolated
        with self._cond:
            self._state.started += 1
        return worker

    def _release(self, worker: _Worker, healthy: bool) -> None:
        keep = healthy and not worker.niced
        with self._cond:
            if not worker.niced:
                self._state.fast -= 1
            if keep:
                self._state.idle[worker.network].append(worker)
            else:
                self._state.alive -= 1
            self._cond.notify_all()
        if not keep:
            worker.kill()

    # -- one exchange --------------------------------------------------------------------------------------
    def _exchange(
        self, worker: _Worker, job: Job, deadline: float | None, timeout: float | None
    ) -> tuple[dict[str, Any], bytes | None]:
        """Send ``job``, wait for the answer; kill the worker at the deadline. Past ``slow_after_s``, while another
        query waits for a slot, nice the worker and give up the slot (without a waiting query a slow one keeps its
        priority: on its own it would only lose time to unrelated processes)."""
        try:
            worker.conn.send(job)
            slow_at = time.monotonic() + self.limits.slow_after_s
            while not worker.conn.poll(self._wait(worker, slow_at, deadline)):
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    with self._cond:
                        self._state.killed += 1
                    worker.kill()
                    raise QueryTimeout(f"query exceeded {timeout:g} s; its worker process was stopped")
                if not worker.niced and now >= slow_at and self._state.waiting:
                    self._demote(worker)
            header = json.loads(worker.conn.recv_bytes())
            body = worker.conn.recv_bytes() if header.get("ok") else None
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise QueryAborted("the query's worker process ended") from exc
        return header, body

    def _wait(self, worker: _Worker, slow_at: float, deadline: float | None) -> float | None:
        """Seconds to wait for the next event: the demotion (looked at every 0.1 s once due), then the deadline."""
        now = time.monotonic()
        demotion = None if worker.niced else max(slow_at, now + DEMOTION_CHECK_S)
        events = [t for t in (demotion, deadline) if t is not None]
        return max(min(events) - now, 0.0) if events else None

    def _demote(self, worker: _Worker) -> None:
        """Lower the worker's priority and give its slot to the next query."""
        _renice(worker.pid, NICE)
        worker.niced = True
        with self._cond:
            self._state.fast -= 1
            self._cond.notify_all()


def _renice(pid: int, nice: int) -> None:
    """Set the nice value of every thread of ``pid`` (on Linux a nice value belongs to a thread, and the query
    runs in the worker's evaluation thread, not its main thread)."""
    try:
        threads = [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
    except OSError:  # no /proc, or the process is gone (the next poll sees it)
        threads = [pid]
    for tid in threads:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, tid, nice)


def _answer(header: dict[str, Any], body: bytes | None) -> Answer:
    if header.get("ok"):
        return Answer(str(header["kind"]), bool(header["truncated"]), body or b"")
    if header.get("error") == "NotAcceptableResult":
        raise NotAcceptableResult(str(header.get("kind")))
    raise _ERRORS.get(str(header.get("error")), StoreError)(str(header.get("message")))
