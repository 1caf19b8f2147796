"""SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graphs (indirect graph identification: ``?graph=IRI`` or ``?default``).

- GET / HEAD: a named graph, or the default graph (the union of all graphs), as Turtle, N-Triples, JSON-LD,
  RDF/XML or N-Quads (a named graph's quads carry its IRI) by Accept or ``?format=``; 404 for an unknown graph.
- PUT (replace), POST (merge; also ``multipart/form-data`` with one RDF document per part), DELETE (drop): only
  with the bearer token, like SPARQL Update (401/403 otherwise).
  Written data take the same road as an import (the pipeline: store context, SHACL gate, one atomic write with
  provenance): violations are refused with 422 and the coordinator's messages, and the store stays as it was.
  The default graph is the union of all graphs and cannot be written.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from rdflib import Dataset, Graph, URIRef
from starlette.datastructures import UploadFile as StarletteUploadFile

from graph_service.core.errors import InputError, Rejected
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.core.sparql_terms import iri, is_iri
from graph_service.pipeline import GateOptions, ImportBatch, SourceInfo, drop_source, land
from graph_service.pipeline.updates import source_for_graph
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store, require_update_token
from graph_service.web.negotiation import GRAPH_TYPES, NotAcceptable, choose

router = APIRouter(tags=["graph store"])

RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
READ_TYPES = [*GRAPH_TYPES, "application/n-quads"]
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
#: the protocol's parameters and bodies for /openapi.json (the handlers read them from the request themselves)
_TARGET = [
    {"name": "graph", "in": "query", "schema": {"type": "string"}},
    {"name": "default", "in": "query", "schema": {"type": "string"}, "allowEmptyValue": True},
]
_READ = {"parameters": [*_TARGET, {"name": "format", "in": "query", "schema": {"type": "string"}}]}
_WRITE = {
    "parameters": _TARGET,
    "requestBody": {"content": {media: {"schema": {"type": "string"}} for media in RDF_FORMATS}},
}
_MERGE = {
    "parameters": _TARGET,
    "requestBody": {
        "content": {
            **_WRITE["requestBody"]["content"],  # type: ignore[index]
            "multipart/form-data": {
                "schema": {"type": "object", "additionalProperties": {"type": "string", "format": "binary"}}
            },
        }
    },
}


def _target(request: Request) -> URIRef | None:
    """The graph named by ``?graph=`` (None for ``?default``); 400 when neither or both are given."""
    params = request.query_params
    graphs = params.getlist("graph")
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise HTTPException(400, "Name exactly one graph: ?graph=<IRI> or ?default.")
    if graphs and not is_iri(graphs[0]):
        raise HTTPException(400, f"?graph= must be an absolute IRI (RFC 3987), not {graphs[0]!r}.")
    return URIRef(graphs[0]) if graphs else None


def _exists(store: GraphStore, graph_iri: URIRef) -> bool:
    """True when the graph holds a triple: one ASK instead of counting every graph (1M triples: ms, not 1 s)."""
    return store.ask(f"ASK {{ GRAPH {iri(str(graph_iri))} {{ ?s ?p ?o }} }}")


@router.api_route(
    "/rdf-graphs", methods=["GET", "HEAD"], summary="Graph Store Protocol: read a graph", openapi_extra=_READ
)
async def read_graph(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
) -> Response:
    """A named graph or the default (union) graph, serialised by content negotiation."""
    graph_iri = _target(request)
    try:
        media = choose(request.headers.get("accept"), READ_TYPES, request.query_params.get("format"))
    except NotAcceptable as exc:
        raise HTTPException(406, str(exc)) from exc
    if graph_iri is not None and not await run_in_threadpool(_exists, store, graph_iri):
        raise HTTPException(404, f"The store has no graph <{graph_iri}>.")
    graph = await run_in_threadpool(store.construct, _UNION) if graph_iri is None else None
    if graph is None:
        graph = await run_in_threadpool(store.graph, graph_iri)  # type: ignore[arg-type]
    body = _serialize(graph, graph_iri, media)
    if request.method == "HEAD":
        return Response(headers={"Content-Length": str(len(body))}, media_type=media)
    return Response(body, media_type=media)


def _serialize(graph: Graph, graph_iri: URIRef | None, media: str) -> bytes:
    """``graph`` in ``media``; as N-Quads a named graph's triples carry its IRI (the default graph's do not)."""
    if media != "application/n-quads":
        return graph.serialize(format=RDF_FORMATS[media], encoding="utf-8")
    if graph_iri is None:
        return graph.serialize(format="nt", encoding="utf-8")  # N-Triples lines are default-graph N-Quads
    dataset = Dataset()
    named = dataset.graph(graph_iri)
    named += graph
    return dataset.serialize(format="nquads", encoding="utf-8")


async def _payload(request: Request, *, multipart: bool = False) -> Graph:
    """The request body parsed by its Content-Type; 415 for other types, 400 for bad RDF.

    With ``multipart`` (POST, Graph Store Protocol 5.5) a ``multipart/form-data`` body is accepted too: every part is
    an RDF document in a type of its own, and their triples are merged."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if multipart and media == "multipart/form-data":
        return await _parts(request)
    return _parse(await request.body(), media)


def _parse(body: bytes, media: str, graph: Graph | None = None) -> Graph:
    if media not in RDF_FORMATS:
        raise HTTPException(415, f"Send RDF as one of: {', '.join(RDF_FORMATS)}.")
    try:
        return (graph if graph is not None else Graph()).parse(data=body, format=RDF_FORMATS[media])
    except Exception as exc:  # any parser error is the client's bad input
        raise HTTPException(400, f"The body is not valid {media}: {exc}") from exc


async def _parts(request: Request) -> Graph:
    """The merged RDF documents of a multipart/form-data body (400 for a part that is no file)."""
    graph = Graph()
    try:
        form = await request.form()
    except Exception as exc:  # a malformed multipart body is the client's bad input
        raise HTTPException(400, f"The multipart body cannot be read: {exc}") from exc
    for name, part in form.multi_items():
        if not isinstance(part, StarletteUploadFile):
            raise HTTPException(400, f"The form field {name!r} is no RDF document (send files with a Content-Type).")
        _parse(await part.read(), (part.content_type or "").split(";")[0].strip().lower(), graph)
    return graph


def _source(graph_iri: URIRef, minter: IriMinter) -> SourceInfo:
    """The source a Graph Store write describes (see :func:`pipeline.updates.source_for_graph`)."""
    return source_for_graph(str(graph_iri), minter)


def _land(store: GraphStore, settings: Settings, graph_iri: URIRef, data: Graph) -> None:
    """The pipeline for one Graph Store write: 400 for terms that are not RDF, 422 with the report when refused."""
    minter = IriMinter(settings.base_iri)
    try:
        batch = ImportBatch.from_graph(_source(graph_iri, minter), data)
        land(store, batch, minter, GateOptions(allow_empty=True))
    except Rejected as exc:
        raise HTTPException(
            422, {"message": "Die Daten verletzen die Prüfregeln.", "report": exc.report.to_text()}
        ) from exc
    except InputError as exc:
        raise HTTPException(400, exc.describe("en")) from exc


async def _writable(request: Request, settings: Settings) -> URIRef:
    require_update_token(request, settings)
    graph_iri = _target(request)
    if graph_iri is None:
        raise HTTPException(400, "The default graph is the union of all graphs; write to a named graph.")
    return graph_iri


@router.put("/rdf-graphs", summary="Graph Store Protocol: replace a graph (token)", openapi_extra=_WRITE)
async def put_graph(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    """Replace the graph with the body (201 when it is new, 204 otherwise)."""
    graph_iri = await _writable(request, settings)
    data = await _payload(request)
    existed = await run_in_threadpool(_exists, store, graph_iri)
    await run_in_threadpool(_land, store, settings, graph_iri, data)
    return Response(status_code=204 if existed else 201)


@router.post("/rdf-graphs", summary="Graph Store Protocol: merge into a graph (token)", openapi_extra=_MERGE)
async def post_graph(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    """Add the body's triples to the graph (201 when it is new, 204 otherwise)."""
    graph_iri = await _writable(request, settings)
    data = await _payload(request, multipart=True)
    existed = await run_in_threadpool(_exists, store, graph_iri)
    merged = (await run_in_threadpool(store.graph, graph_iri)) + data if existed else data
    await run_in_threadpool(_land, store, settings, graph_iri, merged)
    return Response(status_code=204 if existed else 201)


@router.delete(
    "/rdf-graphs", summary="Graph Store Protocol: drop a graph (token)", openapi_extra={"parameters": _TARGET}
)
async def delete_graph(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    """Drop the graph (404 when the store does not have it)."""
    graph_iri = await _writable(request, settings)
    if not await run_in_threadpool(_exists, store, graph_iri):
        raise HTTPException(404, f"The store has no graph <{graph_iri}>.")
    minter = IriMinter(settings.base_iri)
    await run_in_threadpool(drop_source, store, graph_iri, minter, _source(graph_iri, minter).source_id)
    return Response(status_code=204)
