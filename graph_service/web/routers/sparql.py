"""SPARQL 1.1 Protocol endpoint at /sparql (query; update only with a bearer token).

- Query by GET ``?query=``, POST form (``query=``), POST ``application/sparql-query``.
- Default graph = union of all named graphs unless ``default-graph-uri`` is given.
- Dataset: ``default-graph-uri`` / ``named-graph-uri`` when given, else the query's ``FROM`` / ``FROM NAMED``,
  else the union of all named graphs.
- Results by Accept or ``?format=``; the query form is known from the result type, so the client's choice for
  solutions and the one for graphs are both negotiated first; 406 when the result's kind has no acceptable type.
- Before evaluation every text passes the query gate (``store.query_gate``): 400 for nesting deeper than
  ``query_max_nesting``, more than ``query_max_operators`` operators, SERVICE/LOAD outside
  ``federation_allow_list``; 413 for texts longer than ``max_query_bytes``.
- Evaluation runs in a worker process (``query_execution = "workers"``) killed at ``query_timeout_s``: the
  client gets 503 with Retry-After and the work stops. A worker that dies (memory limit) gives 422.
- Complete answers or an error: a SELECT with more than ``result_row_cap`` rows is answered 422, never a
  shortened 200.

Messages are German unless ``?lang=en`` or Accept-Language prefers English.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from typing import Annotated, NoReturn

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from graph_service.core.errors import BildungsgraphError, Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, VOCAB
from graph_service.core.settings import Settings
from graph_service.core.sparql_terms import checked_iri, iri
from graph_service.pipeline import GateOptions, apply_update
from graph_service.queries import list_queries
from graph_service.store.base import (
    GraphStore,
    NotAcceptableResult,
    QueryAborted,
    QueryEvaluationError,
    QuerySyntaxError,
    QueryTimeout,
    RemoteEndpointError,
    ResultTypes,
    StoreError,
)
from graph_service.store.query_gate import GateLimits, QueryShape, check
from graph_service.web.dependencies import get_app_settings, get_store, require_update_token
from graph_service.web.negotiation import GRAPH_TYPES, SELECT_TYPES, NotAcceptable, choose, select_media_type
from graph_service.web.service_description import service_description
from graph_service.web.templating import language, render

router = APIRouter(tags=["sparql"])

_IRIS = {"type": "array", "items": {"type": "string"}}
#: the protocol's parameters and bodies for /openapi.json (the handlers read them from the request themselves)
QUERY_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"}},
    {"name": "default-graph-uri", "in": "query", "schema": _IRIS},
    {"name": "named-graph-uri", "in": "query", "schema": _IRIS},
    {"name": "format", "in": "query", "schema": {"type": "string"}},
]
_FORM = {
    "query": {"type": "string"},
    "update": {"type": "string"},
    "default-graph-uri": _IRIS,
    "named-graph-uri": _IRIS,
}
POST_BODY = {
    "content": {
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": _FORM}},
    }
}

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET) or service description",
    openapi_extra={"parameters": QUERY_PARAMETERS},
)
async def sparql_get(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    params = request.query_params
    if "update" in params:
        raise HTTPException(400, "Updates are not allowed by GET; POST them with a bearer token.")
    query = _single(params.getlist("query"), "query")
    if query is None or _opens_share_link(request):
        return _describe_service(request, settings)
    return await _answer(request, store, settings, query)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query or update (POST)",
    openapi_extra={"parameters": QUERY_PARAMETERS[1:], "requestBody": POST_BODY},
)
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


#: parameters of a YASGUI share link besides ``query`` (YASGUI's createShareConfig)
_SHARE_LINK_KEYS = {
    "endpoint",
    "requestMethod",
    "tabTitle",
    "headers",
    "contentTypeConstruct",
    "contentTypeSelect",
    "outputFormat",
    "outputSettings",
    "namedGraph",
    "defaultGraph",
}


def _opens_share_link(request: Request) -> bool:
    """A browser following a YASGUI share link (``/sparql?query=…&requestMethod=GET…``): it gets the query page,
    which loads the query from the URL, instead of the raw results. SPARQL clients never ask for HTML first."""
    if not _SHARE_LINK_KEYS & set(request.query_params):
        return False
    try:  # results first: a missing Accept or */* gets results, as before
        return choose(request.headers.get("accept"), [*SELECT_TYPES, "text/html"]) == "text/html"
    except NotAcceptable:
        return False


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
    return f"BASE {iri(base)}\n{text}"


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
    lang = language(request, settings)
    if len(query.encode("utf-8")) > settings.max_query_bytes:
        raise HTTPException(
            413,
            _text(
                lang,
                f"Die Abfrage ist länger als {settings.max_query_bytes} Bytes.",
                f"The query is longer than {settings.max_query_bytes} bytes.",
            ),
        )
    params = request.query_params
    default_graphs = _graph_iris(default_graphs or params.getlist("default-graph-uri"), "default-graph-uri", lang)
    named_graphs = _graph_iris(named_graphs or params.getlist("named-graph-uri"), "named-graph-uri", lang)
    query = with_base(query, _endpoint_url(request))
    _gate(query, settings, request, lang)
    types = _result_types(request.headers.get("accept"), params.get("format"))
    buffer = _Body()
    started = time.monotonic()
    try:
        kind, truncated = await asyncio.wait_for(
            run_in_threadpool(
                store.query_to,
                query,
                types,
                buffer,
                default_graph_uris=default_graphs,
                named_graph_uris=named_graphs,
                timeout=settings.query_timeout_s,
                row_cap=settings.result_row_cap,
            ),
            timeout=settings.query_timeout_s + _GRACE_S,
        )
    except (StoreError, TimeoutError) as exc:
        _fail(exc, settings, lang)
    if truncated:
        raise HTTPException(422, _row_cap_message(settings.result_row_cap, lang))
    headers = {"X-Query-Time-Ms": f"{(time.monotonic() - started) * 1000:.1f}"}
    return buffer.response(types.for_kind(kind), headers)  # type: ignore[arg-type]


_GRACE_S = 5.0  # the store stops a query at its time limit; this only guards against a store that does not


def _text(lang: str, de: str, en: str) -> str:
    return en if lang == "en" else de


def _graph_iris(values: list[str], name: str, lang: str) -> list[str]:
    """The graph IRIs of a protocol parameter; 400 for one that is not an absolute IRI."""
    try:
        return [checked_iri(str(v)) for v in values]
    except BildungsgraphError as exc:
        raise HTTPException(400, f"{name}: {exc.describe(lang)}") from exc


def _gate(text: str, settings: Settings, request: Request, lang: str) -> QueryShape:
    """The query gate (nesting, operators, SERVICE/LOAD allow-list); 400 with its message."""
    limits = GateLimits(
        max_nesting=settings.query_max_nesting,
        max_operators=settings.query_max_operators,
        allowed_remote=frozenset(settings.federation_allow_list),
    )
    try:
        return check(text, limits, base_iri=_endpoint_url(request))
    except BildungsgraphError as exc:
        raise HTTPException(exc.http_status, exc.describe(lang)) from exc


def _result_types(accept: str | None, format_param: str | None) -> ResultTypes:
    """The client's media type for solutions/booleans and for graphs (406 when neither family is acceptable)."""
    try:
        results: str | None = select_media_type(accept, format_param)
    except NotAcceptable:
        results = None
    try:
        graph: str | None = choose(accept, GRAPH_TYPES, format_param)
    except NotAcceptable as exc:
        if results is None:
            raise HTTPException(406, str(exc)) from exc
        graph = None
    return ResultTypes(results, graph)


# German and English message of a failed evaluation ({exc}: the store's message; {limit}, {memory}: settings);
# the status is the one the error class declares (asyncio's TimeoutError: 503)
_FAILURES: list[tuple[type[Exception], str, str]] = [
    (QuerySyntaxError, "SPARQL-Syntaxfehler: {exc}", "SPARQL syntax error: {exc}"),
    (
        NotAcceptableResult,
        "Kein annehmbares Format für dieses Ergebnis (Accept, format=): {exc}",
        "No acceptable media type for this result (Accept, format=): {exc}",
    ),
    (
        QueryEvaluationError,
        "Die Abfrage kann so nicht ausgewertet werden: {exc}",
        "The query cannot be evaluated as written: {exc}",
    ),
    (
        QueryTimeout,
        "Die Abfrage lief länger als {limit} s und wurde gestoppt. Bitte eingrenzen (LIMIT, Filter).",
        "The query ran longer than {limit} s and was stopped. Narrow it down (LIMIT, filters).",
    ),
    (
        TimeoutError,
        "Die Abfrage lief länger als {limit} s und wurde gestoppt. Bitte eingrenzen (LIMIT, Filter).",
        "The query ran longer than {limit} s and was stopped. Narrow it down (LIMIT, filters).",
    ),
    (
        QueryAborted,
        "Die Auswertung wurde abgebrochen: sie brauchte mehr als die {memory} MiB Speicher einer Abfrage oder stieß "
        "an eine Grenze der Abfragemaschine ({exc}). Bitte vereinfachen.",
        "The evaluation was stopped: it needed more than the {memory} MiB of memory a query may use, or hit a "
        "limit of the query engine ({exc}). Please simplify it.",
    ),
    (
        RemoteEndpointError,
        "Ein freigegebener entfernter Endpunkt antwortete nicht richtig: {exc}",
        "An allowed remote endpoint failed: {exc}",
    ),
    (StoreError, "Fehler des Speichers: {exc}", "Store error: {exc}"),
]


def _fail(exc: Exception, settings: Settings, lang: str) -> NoReturn:
    """The HTTP error for a failed evaluation: the client's mistakes 4xx, a stopped query 503, the store's 5xx."""
    de, en = next((de, en) for kind, de, en in _FAILURES if isinstance(exc, kind))
    status = exc.http_status if isinstance(exc, BildungsgraphError) else 503
    limit, memory = f"{settings.query_timeout_s:g}", settings.query_memory_mb
    detail = _text(lang, de, en).format(exc=exc, limit=limit, memory=memory)
    headers = {"Retry-After": str(max(int(settings.query_timeout_s), 1))} if status == 503 else None
    raise HTTPException(status, detail, headers=headers) from exc


def _row_cap_message(cap: int, lang: str) -> str:
    return _text(
        lang,
        f"Das Ergebnis hat mehr als {cap} Zeilen (Obergrenze dieses Endpunkts); es wird nicht gekürzt ausgeliefert. "
        "Mit LIMIT/OFFSET seitenweise abfragen, mit COUNT zählen oder den Datenabzug (/dumps) laden.",
        f"The result has more than {cap} rows (this endpoint's cap); it is not delivered shortened. Page through it "
        "with LIMIT/OFFSET, count with COUNT, or download the dump (/dumps).",
    )


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
    lang = language(request, settings)
    using = [name for name in ("using-graph-uri", "using-named-graph-uri") if name in request.query_params]
    if using:
        raise HTTPException(
            400, f"{' and '.join(using)} are not supported; name the graphs with USING / USING NAMED in the update."
        )
    update = with_base(update, _endpoint_url(request))
    _gate(update, settings, request, lang)
    minter = IriMinter(settings.base_iri)
    try:
        await run_in_threadpool(apply_update, store, update, minter, GateOptions(allow_empty=True, lang=lang))
    except Rejected as exc:
        raise HTTPException(
            422, {"message": exc.describe(lang), "report": exc.report.to_text(lang) if exc.report else None}
        ) from exc
    except StoreError as exc:
        _fail(exc, settings, lang)
    return Response(status_code=204)


def _endpoint_url(request: Request) -> str:
    """The endpoint's own URL, the base IRI of queries and updates (SPARQL 1.1 Protocol)."""
    return str(request.url.replace(query=""))
