"""A loopback HTTP server that records every request and answers with fixed bodies per path (for SSRF and
federation tests: did the endpoint call it, and how often)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

SPARQL_JSON = "application/sparql-results+json"
ONE_EMPTY_ROW = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'


@dataclass
class CountingServer:
    """Its base URL, the paths it was asked for, and the answers it gives (path -> content type, body)."""

    url: str
    hits: list[str] = field(default_factory=list)
    answers: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@contextmanager
def counting_server(answers: dict[str, tuple[str, bytes]] | None = None) -> Iterator[CountingServer]:
    """Serve on 127.0.0.1 (free port); unknown paths get an empty SPARQL JSON row."""
    state = CountingServer("", answers=dict(answers or {}))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def _answer(self) -> None:
            path = self.path.split("?", 1)[0]
            state.hits.append(path)
            content_type, body = state.answers.get(path, (SPARQL_JSON, ONE_EMPTY_ROW))
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
