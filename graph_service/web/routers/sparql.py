"""SPARQL 1.1 Protocol endpoint at /sparql (query; update only with a bearer token).

- Query by GET ``?query=``, POST form (``query=``), POST ``application/sparql-query``.
- Default graph = union of all named graphs unless ``default-graph-uri`` is given.
- Results by Accept or ``?format=``; 406 when nothing fits; 400 with the parser's message on syntax errors.
- A query runs in a worker thread with a wall-clock limit (``query_timeout_s``); past it the client gets 503
  while the work is stopped at the next row (SELECT) or abandoned, and other clients keep being served.
- SELECT results stop at ``result_row_cap`` rows; then ``X-Result-Truncated: true`` and ``X-Result-Row-Cap``
  say so explicitly. Queries longer than ``max_query_bytes`` get 413.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from graph_service.core.namespaces import BG, VOCAB
from graph_service.core.settings import Settings
from graph_service.queries import list_queries
from graph_service.store.base import GraphStore, QuerySyntaxError, QueryTimeout, StoreError
from graph_service.store.embedded import query_form
from graph_service.web.dependencies import get_app_settings, get_store, require_update_token
from graph_service.web.negotiation import GRAPH_TYPES, NotAcceptable, choose, select_media_type
from graph_service.web.service_description import service_description
from graph_service.web.templating import render

router = APIRouter(tags=["sparql"])

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@router.get("/sparql", summary="SPARQL 1.1 query (GET) or service description")
async def sparql_get(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    params = request.query_params
    if "update" in params:
        raise HTTPException(400, "Updates are not allowed by GET; POST them with a bearer token.")
    query = _single(params.getlist("query"), "query")
    if query is None:
        return _describe_service(request, settings)
    return await _answer(request, store, settings, query)


@router.post("/sparql", summary="SPARQL 1.1 query or update (POST)")
async def sparql_post(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    content_type = _content_type(request)
    if content_type == "application/sparql-query":
        return await _answer(request, store, settings, await _utf8_body(request))
    if content_type == "application/sparql-update":
        return await _update(request, store, settings, await _utf8_body(request))
    if content_type in FORM_TYPES:
        form = await request.form()
        if "update" in form and "query" in form:
            raise HTTPException(400, "The form has both 'query' and 'update'; send one.")
        if "update" in form:
            return await _update(request, store, settings, str(_single(form.getlist("update"), "update")))
        if "query" in form:
            return await _answer(
                request,
                store,
                settings,
                str(_single(form.getlist("query"), "query")),
                default_graphs=[str(v) for v in form.getlist("default-graph-uri")],
                named_graphs=[str(v) for v in form.getlist("named-graph-uri")],
            )
        raise HTTPException(400, "The form has neither 'query' nor 'update'.")
    raise HTTPException(
        415, "POST a query as application/sparql-query, application/sparql-update or a form with 'query='."
    )


def _describe_service(request: Request, settings: Settings) -> Response:
    accept = request.headers.get("accept", "")
    try:
        media = choose(accept, ["text/html", "text/turtle", "application/ld+json"], request.query_params.get("format"))
    except NotAcceptable as exc:
        raise HTTPException(406, str(exc)) from exc
    if media == "text/html":
        prefixes = {"id": settings.base_iri, "bg": str(BG), "vocab": str(VOCAB), **DISPLAY_PREFIXES}
        local = [settings.base_iri, str(BG), str(VOCAB)]
        return HTMLResponse(
            render("query.html.j2", request, settings, examples=_examples(), prefixes=prefixes, local_bases=local)
        )
    graph = service_description(str(request.url_for("sparql_get")), settings)
    fmt = "turtle" if media == "text/turtle" else "json-ld"
    return Response(graph.serialize(format=fmt), media_type=media)


def _single(values: list, name: str) -> str | None:
    """The one value of a protocol parameter; 400 when it is given more than once."""
    if len(values) > 1:
        raise HTTPException(400, f"The parameter '{name}' is given {len(values)} times; send exactly one.")
    return str(values[0]) if values else None


def _content_type(request: Request) -> str:
    """The media type of the body; 415 when a charset other than UTF-8 is declared."""
    content_type = request.headers.get("content-type", "")
    media, _, parameters = content_type.partition(";")
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in {"utf-8", "utf8"}:
            raise HTTPException(415, f"Only UTF-8 is accepted (the request declares charset={value.strip()}).")
    return media.strip().lower()


async def _utf8_body(request: Request) -> str:
    try:
        return (await request.body()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"The request body is not valid UTF-8 (byte {exc.start}).") from exc


_RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\s]*>")
_BASE = re.compile(r"\bBASE\s*<", re.IGNORECASE)


def with_base(text: str, base: str) -> str:
    """``text`` with ``BASE <base>`` in front when it uses relative IRIs and declares no base of its own."""
    if _BASE.search(text) or not _RELATIVE_IRI.search(text):
        return text
    return f"BASE <{base}>\n{text}"


def _examples() -> list[dict[str, str]]:
    return [{"id": q.id, "title_de": q.title_de, "title_en": q.title_en, "text": q.text} for q in list_queries()]


# shown as prefixed names in the query page's result table
DISPLAY_PREFIXES = {
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


async def _answer(
    request: Request,
    store: GraphStore,
    settings: Settings,
    query: str,
    *,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Response:
    if len(query.encode("utf-8")) > settings.max_query_bytes:
        raise HTTPException(413, f"The query is longer than {settings.max_query_bytes} bytes.")
    params = request.query_params
    default_graphs = default_graphs or params.getlist("default-graph-uri")
    named_graphs = named_graphs or params.getlist("named-graph-uri")
    query = with_base(query, _endpoint_url(request))
    form = query_form(query)
    accept = request.headers.get("accept")
    try:
        if form in {"CONSTRUCT", "DESCRIBE"}:
            media = choose(accept, GRAPH_TYPES, params.get("format"))
        else:
            media = select_media_type(accept, params.get("format"))
    except NotAcceptable as exc:
        raise HTTPException(406, str(exc)) from exc
    buffer = _Body()
    started = time.monotonic()
    try:
        _kind, truncated = await asyncio.wait_for(
            run_in_threadpool(
                store.query_to,
                query,
                media,
                buffer,
                default_graph_uris=default_graphs,
                named_graph_uris=named_graphs,
                timeout=settings.query_timeout_s,
                row_cap=settings.result_row_cap,
            ),
            timeout=settings.query_timeout_s + 1.0,
        )
    except QuerySyntaxError as exc:
        raise HTTPException(400, f"SPARQL syntax error: {exc}") from exc
    except (QueryTimeout, TimeoutError) as exc:
        raise HTTPException(
            503, f"The query ran longer than {settings.query_timeout_s:g} s and was stopped. Narrow it down."
        ) from exc
    except StoreError as exc:
        raise HTTPException(500, f"Store error: {exc}") from exc
    headers = {"X-Query-Time-Ms": f"{(time.monotonic() - started) * 1000:.1f}"}
    if truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Row-Cap"] = str(settings.result_row_cap)
    return buffer.response(media, headers)


class _Body:
    """Where a result is written: a cached result arrives as one bytes object and is sent without a copy."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush (serialisers may call it)."""

    def value(self) -> bytes:
        return self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)

    def response(self, media_type: str, headers: dict[str, str]) -> Response:
        """Small results in one piece; large ones streamed in slices, so a slow reader does not make the server
        copy the whole unsent rest into its socket buffer (32 clients x a 25 MB gap table)."""
        body = self.value()
        if len(body) <= _STREAM_FROM:
            return Response(body, media_type=media_type, headers=headers)
        headers = {**headers, "Content-Length": str(len(body))}
        return StreamingResponse(_slices(body), media_type=media_type, headers=headers)


_STREAM_FROM = 1 << 20
_SLICE = 256 << 10


def _slices(body: bytes) -> Iterator[bytes]:
    view = memoryview(body)
    for start in range(0, len(body), _SLICE):
        yield bytes(view[start : start + _SLICE])


async def _update(request: Request, store: GraphStore, settings: Settings, update: str) -> Response:
    require_update_token(request, settings)
    using = [name for name in ("using-graph-uri", "using-named-graph-uri") if name in request.query_params]
    if using:
        raise HTTPException(
            400, f"{' and '.join(using)} are not supported; name the graphs with USING / USING NAMED in the update."
        )
    try:
        await run_in_threadpool(store.update, with_base(update, _endpoint_url(request)))
    except QuerySyntaxError as exc:
        raise HTTPException(400, f"SPARQL syntax error: {exc}") from exc
    return Response(status_code=204)


def _endpoint_url(request: Request) -> str:
    """The endpoint's own URL, the base IRI of queries and updates (SPARQL 1.1 Protocol)."""
    return str(request.url.replace(query=""))
