"""One query worker process: evaluates queries on a read-only checkpoint, inside limits set before any work.

Workers are forked by a *zygote*: a process started once per pool (``python -c "…zygote(fd)"``) that has
pyoxigraph and this package loaded, so a new worker costs a fork (milliseconds) instead of a Python start-up.
The pool sends the zygote a worker's limits and one end of a socket pair (``SCM_RIGHTS``); the zygote forks, the
child serves on that socket, the zygote answers with the child's pid. (multiprocessing's forkserver does the
same but re-imports the service's ``__main__`` module in every child.) Before it reads its first job the worker

- leaves the network (a new user + network namespace: no interface but a loopback that is down) unless it is a
  worker for allow-listed SERVICE calls — a SERVICE the gate missed cannot reach anything;
- caps its address space (``RLIMIT_AS``), so a query that builds huge strings ends this process, not the server;
- asks the kernel to kill it when its parent (the fork server, which ends with the service) dies;
- evaluates in a thread with a large stack, a margin over the gate's nesting limit.

Protocol on the connection: the parent sends a :class:`Job` (pickled: the parent is trusted); the worker answers
with a JSON header and, when the header says ``ok``, the serialised result as raw bytes. The parent never
unpickles anything a worker sends.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import resource
import signal
import threading
from dataclasses import asdict, dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection

import pyoxigraph as ox

from graph_service.store.base import NotAcceptableResult, StoreError
from graph_service.store.evaluation import QueryRequest, evaluate_to

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
STACK_MIB = 64


@dataclass(frozen=True)
class WorkerConfig:
    """Limits of one worker: address space in MiB (0 = none) and whether it may use the network."""

    memory_mb: int = 0
    network: bool = False


@dataclass(frozen=True)
class Job:
    """Evaluate ``request`` on the checkpoint at ``snapshot``."""

    snapshot: str
    request: QueryRequest


def zygote(control_fd: int) -> None:
    """Entry point of the zygote: fork one worker per request on the control socket; exit when the pool does."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps ended workers
    control = Connection(control_fd)
    # No PR_SET_PDEATHSIG here: it fires when the *thread* that started the zygote ends (e.g. the search-index
    # builder at start-up), not the service. When the service dies, the kernel closes the control socket and the
    # loop below ends on EOF.
    while True:
        try:
            config = WorkerConfig(**json.loads(control.recv_bytes()))
            fd = reduction.recv_handle(control)
        except (EOFError, OSError):
            return
        pid = os.fork()
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                serve(Connection(fd), config)
            finally:
                os._exit(0)
        os.close(fd)
        control.send_bytes(json.dumps({"pid": pid}).encode())


def request_worker(control: Connection, zygote_pid: int, config: WorkerConfig, fd: int) -> int:
    """Ask the zygote (pool side) for a worker serving on ``fd``; returns its pid."""
    control.send_bytes(json.dumps(asdict(config)).encode())
    reduction.send_handle(control, fd, zygote_pid)
    return int(json.loads(control.recv_bytes())["pid"])


def serve(conn: Connection, config: WorkerConfig) -> None:
    """Entry point of the worker process."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    isolated = False if config.network else libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0
    threading.stack_size(STACK_MIB << 20)
    if config.memory_mb:
        limit = config.memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send_bytes(json.dumps({"ready": True, "isolated": isolated}).encode())
    thread = threading.Thread(target=_loop, args=(conn,), name="query-worker")
    thread.start()
    thread.join()


def _loop(conn: Connection) -> None:
    store: ox.Store | None = None
    opened: str | None = None
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        if job.snapshot != opened:
            store, opened = None, None
            try:
                store, opened = ox.Store.read_only(job.snapshot), job.snapshot
            except OSError as exc:
                conn.send_bytes(json.dumps({"ok": False, "error": "StoreError", "message": str(exc)}).encode())
                continue
        assert store is not None
        header, body = _answer(store, job.request)
        conn.send_bytes(json.dumps(header).encode())
        if body is not None:
            conn.send_bytes(body)


def _answer(store: ox.Store, request: QueryRequest) -> tuple[dict[str, object], memoryview | None]:
    out = io.BytesIO()
    try:
        kind, truncated = evaluate_to(store, request, out)
    except NotAcceptableResult as exc:
        return {"ok": False, "error": "NotAcceptableResult", "kind": exc.kind, "message": str(exc)}, None
    except StoreError as exc:
        return {"ok": False, "error": type(exc).__name__, "message": str(exc)}, None
    except MemoryError:
        return {"ok": False, "error": "QueryAborted", "message": "memory limit reached"}, None
    return {"ok": True, "kind": kind, "truncated": truncated}, out.getbuffer()
