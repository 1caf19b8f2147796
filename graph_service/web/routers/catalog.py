"""DCAT-AP.de catalogue (/catalog), VoID (/.well-known/void) and gzipped N-Quads dumps (/dumps/…)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from rdflib import Graph, URIRef

from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.publish.catalog import (
    ServiceUrls,
    SourceRecord,
    build_catalog,
    build_void,
    find_record,
    publisher_choices,
    source_records,
)
from graph_service.publish.dumps import chunks, dump_file
from graph_service.publish.void_stats import cached_statistics
from graph_service.store.base import GraphStore
from graph_service.web.dependencies import get_app_settings, get_store
from graph_service.web.negotiation import NotAcceptable, choose

router = APIRouter(tags=["catalogue"])

_RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
CATALOG_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
VOID_TYPES = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


def _media(request: Request, offered: list[str]) -> str:
    try:
        return choose(request.headers.get("accept"), offered, request.query_params.get("format"))
    except NotAcceptable as exc:
        raise HTTPException(406, str(exc)) from exc


def _urls(request: Request) -> ServiceUrls:
    return ServiceUrls(str(request.base_url))


def _rdf_response(graph: Graph, media: str) -> Response:
    body = graph.serialize(format=_RDF_FORMATS[media], encoding="utf-8")
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.get("/catalog", summary="DCAT-AP.de catalogue of the source graphs (Turtle, JSON-LD, RDF/XML)")
async def catalog(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    media = _media(request, CATALOG_TYPES)
    minter = IriMinter(settings.base_iri)

    def build() -> Graph:
        return build_catalog(store, minter, _urls(request), store.graphs(), publisher_choices(settings, store))

    return _rdf_response(await run_in_threadpool(build), media)


@router.get("/.well-known/void", summary="VoID description with statistics per named graph")
async def void(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    media = _media(request, VOID_TYPES)
    minter = IriMinter(settings.base_iri)

    def build() -> Graph:
        infos = store.graphs()
        return build_void(store, minter, _urls(request), infos, cached_statistics(store, infos))

    return _rdf_response(await run_in_threadpool(build), media)


@router.api_route("/dumps/all.nq.gz", methods=["GET", "HEAD"], summary="Every named graph as gzipped N-Quads")
async def dump_all(request: Request, store: Annotated[GraphStore, Depends(get_store)]) -> Response:
    infos = await run_in_threadpool(store.graphs)
    validator = _etag(";".join(f"{i.iri}={i.triples}" for i in sorted(infos, key=lambda i: str(i.iri))))
    return await _dump(request, store, None, "all", validator, None)


@router.api_route("/dumps/{source_id}.nq.gz", methods=["GET", "HEAD"], summary="One source graph as gzipped N-Quads")
async def dump_source(
    source_id: str,
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
) -> Response:
    minter = IriMinter(settings.base_iri)
    record = await run_in_threadpool(_record, store, minter, source_id)
    if record is None:
        raise HTTPException(
            404,
            f"Keine Quelle '{source_id}' im Graphen (kein benannter Graph <{minter.graph(source_id)}>). "
            "Die vorhandenen Quellen und ihre Abzüge stehen im Katalog unter /catalog.",
        )
    validator = _etag(f"{record.graph}={record.triples}@{record.modified}")
    return await _dump(request, store, record.graph, source_id, validator, record.http_date())


def _record(store: GraphStore, minter: IriMinter, source_id: str) -> SourceRecord | None:
    if source_id == "meta":
        meta = minter.meta_graph()
        info = next((i for i in store.graphs() if i.iri == meta), None)
        return SourceRecord(meta, "meta", None, info.triples) if info else None
    return find_record(source_records(store, minter, store.graphs()), source_id)


def _etag(text: str) -> str:
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


async def _dump(
    request: Request, store: GraphStore, graph: URIRef | None, name: str, etag: str, modified: str | None
) -> Response:
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if modified:
        headers["Last-Modified"] = modified
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":  # link checkers of harvesting portals: answer without dumping
        response = Response(status_code=200, media_type="application/gzip", headers=headers)
        del response.headers["content-length"]  # unknown until dumped; not 0
        return response
    file = await run_in_threadpool(dump_file, store, graph)
    size = file.seek(0, 2)
    file.seek(0)
    headers["Content-Length"] = str(size)
    headers["Content-Disposition"] = f'attachment; filename="{name}.nq.gz"'
    return StreamingResponse(chunks(file), media_type="application/gzip", headers=headers)
