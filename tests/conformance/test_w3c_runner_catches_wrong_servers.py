"""The W3C manifest runner fails when the server is wrong (a runner that checks nothing would pass them all).

1. An app that answers ``200 OK`` with an empty body to every request: only the cases whose manifest asks for
   nothing but a 2xx status may pass; every expected 4xx/404, boolean, result format, Content-Type and graph is
   checked, so every other case must fail.
2. The real service with every SPARQL boolean inverted on the way out: every case with an expected boolean must
   fail, although the status codes are right.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef

from graph_service.core.settings import Settings
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.app import create_app
from tests.conformance.test_w3c_manifests import CASES, TOKEN
from tests.conformance.w3c_runner import Case, run_case
from tests.support.live_server import serve_app


def _status_only_2xx(case: Case) -> bool:
    """The manifest asks nothing of this case but 2xx (or 3xx) statuses."""
    for request in case.requests:
        expected = request.expected
        if {"StatusCode4xx", "NotFound"} & set(expected.statuses) or expected.boolean is not None:
            return False
        if expected.format or expected.content_type or expected.body or expected.location_variable:
            return False
    return True


def _always_200() -> FastAPI:
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "DELETE"])
    async def anything(path: str) -> Response:
        return Response(status_code=200)

    return app


def _inverting(app: FastAPI) -> FastAPI:
    """``app`` with ``"boolean": x`` turned into ``not x`` in every SPARQL JSON result."""

    @app.middleware("http")
    async def invert(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if not response.headers.get("content-type", "").startswith("application/sparql-results+json"):
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        data = json.loads(body)
        if isinstance(data.get("boolean"), bool):
            data["boolean"] = not data["boolean"]
        return Response(
            json.dumps(data), status_code=response.status_code, media_type="application/sparql-results+json"
        )

    return app


def _failing(url: str, store: EmbeddedStore | None) -> set[str]:
    def load(graph_iri: URIRef, path: Path) -> None:
        if store is not None:
            store.replace_graph(graph_iri, Graph().parse(path, format="nt"))

    failing = set()
    with httpx.Client(base_url=url, timeout=30) as client:
        for name, case in CASES.items():
            if store is not None:
                store.update("DROP ALL")
            if run_case(client, case, token=TOKEN, load=load):
                failing.add(name)
    return failing


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("w3c-wrong") / "store")
    yield store
    store.close()


def test_a_server_that_answers_200_to_everything_fails_every_case_that_checks_more_than_2xx() -> None:
    with serve_app(_always_200()) as url:
        failing = _failing(url, None)
    lenient = {name for name, case in CASES.items() if _status_only_2xx(case)}
    assert lenient == {"update_post_form", "update_post_direct"}  # what the manifest asks of these two: 2xx only
    assert failing == set(CASES) - lenient


def test_a_server_with_inverted_booleans_fails_every_case_with_an_expected_boolean(
    store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = Settings(store_path=tmp_path_factory.mktemp("unused"), update_token=TOKEN, _env_file=None)
    with serve_app(_inverting(create_app(settings, store))) as url:
        failing = _failing(url, store)
    with_boolean = {n for n, c in CASES.items() if any(r.expected.boolean is not None for r in c.requests)}
    assert len(with_boolean) == 14  # the protocol manifest's ASK cases
    assert with_boolean <= failing
