"""The service as its own process (``bildungsgraph serve``), for tests where the server may crash or must be
measured from outside (CPU, memory of its process tree)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from tests.support.live_server import free_port

CLI = "from graph_service.cli import app; app()"


@dataclass
class ServerProcess:
    """A running server: its base URL and process."""

    url: str
    popen: subprocess.Popen[bytes]

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tree(self) -> list[psutil.Process]:
        """The server and every process below it (query workers, their zygote)."""
        root = psutil.Process(self.popen.pid)
        return [root, *root.children(recursive=True)]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the whole tree (processes that ended are not counted)."""
        total = 0.0
        for process in self.tree():
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
        return total


@contextmanager
def server_process(store: Path, env: dict[str, str], workdir: Path) -> Iterator[ServerProcess]:
    """Serve the embedded store at ``store`` with settings from ``env`` (no ``.env``: run in ``workdir``)."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BILDUNGSGRAPH_")} | env
    log = (workdir / f"server-{port}.log").open("wb")
    popen = subprocess.Popen(
        [sys.executable, "-c", CLI, "serve", "--store", str(store), "--port", str(port)],
        cwd=workdir,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert popen.poll() is None, f"the server exited with {popen.returncode}"
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 60 s"
            time.sleep(0.1)
        yield ServerProcess(url, popen)
    finally:
        popen.terminate()
        try:
            popen.wait(20)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()
        log.close()
