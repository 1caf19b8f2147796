"""A throw-away Virtuoso 7 (Debian package virtuoso-opensource-7-bin) on 127.0.0.1, for tests and benchmarks.

The server gets a temporary database folder and free ports, is polled until its SPARQL endpoint answers, and is
stopped (terminate, then kill) by :meth:`VirtuosoServer.stop`. Updates go through ``/sparql-auth`` and the Graph
Store Protocol through ``/sparql-graph-crud-auth``, both with HTTP digest authentication (user ``dba``).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INSTALL_HINT = "virtuoso-t / isql-vt not installed: apt-get install virtuoso-opensource-7-bin"

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql_port}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {d}, /tmp
CheckpointInterval = 0
TransactionAfterImageLimit = 1500000000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = {threads}
MaxClientConnections = {threads}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxSortedTopRows = 1000000
"""


def virtuoso_available() -> bool:
    """True when the Debian package's binaries are on PATH."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class VirtuosoServer:
    """A running virtuoso-t process with its ports and endpoints."""

    folder: Path
    process: subprocess.Popen[bytes]
    isql_port: int
    http_port: int
    user: str = "dba"
    password: str = "dba"

    @classmethod
    def start(cls, folder: Path, *, buffers: int = 170_000, threads: int = 16, wait_s: float = 90) -> VirtuosoServer:
        """Start virtuoso-t on free ports with a fresh database in ``folder``; wait until SPARQL answers."""
        folder.mkdir(parents=True, exist_ok=True)
        isql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                d=folder,
                isql_port=isql_port,
                http_port=http_port,
                buffers=buffers,
                dirty=buffers * 3 // 4,
                threads=threads,
            )
        )
        process = subprocess.Popen(
            ["virtuoso-t", "-f", "-c", str(ini)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder
        )
        server = cls(folder, process, isql_port, http_port)
        server._wait(wait_s)
        return server

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_endpoint(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_endpoint(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def graph_store_endpoint(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def _wait(self, wait_s: float) -> None:
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "virtuoso.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{log}")
            try:
                self.select("ASK {}")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer within {wait_s} s")

    def isql(self, sql: str, timeout: float = 600) -> str:
        """Run SQL through isql-vt; raises RuntimeError when Virtuoso reports an error."""
        out = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.isql_port}", self.user, self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if out.returncode != 0 or "*** Error" in out.stdout or "*** Error" in out.stderr:
            raise RuntimeError(f"isql failed: {out.stdout[-1000:]} {out.stderr[-1000:]}")
        return out.stdout

    def reset(self) -> VirtuosoServer:
        """Remove every triple (``RDF_GLOBAL_RESET``): modules that read the union of all graphs start empty."""
        self.isql("RDF_GLOBAL_RESET();")
        return self

    def bulk_load(self, folder: Path, pattern: str, graph_iri: str) -> None:
        """Virtuoso's own bulk loader (ld_dir + rdf_loader_run + checkpoint): the fastest way in."""
        self.isql(f"ld_dir('{folder}', '{pattern}', '{graph_iri}');")
        self.isql("rdf_loader_run();")
        self.isql("checkpoint;")

    def select(self, query: str, timeout: float = 120) -> dict[str, Any]:
        """A SPARQL SELECT/ASK over HTTP, answered as SPARQL JSON."""
        params = urllib.parse.urlencode({"query": query, "format": "application/sparql-results+json"})
        with urllib.request.urlopen(f"{self.query_endpoint}?{params}", timeout=timeout) as response:
            return json.load(response)

    def stop(self) -> None:
        """Terminate the server (kill after 30 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
