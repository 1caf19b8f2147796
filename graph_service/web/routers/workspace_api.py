"""The service's write API for the command line (``/api/workspace/…``): while a service holds the store, the CLI
sends ``import``, ``drop``, ``restore``, ``demo`` and ``init`` here, and asks for a read-only checkpoint for its
read commands. Every call needs ``Authorization: Bearer <token>``: the update token from settings, or the token
the running service wrote (mode 0600) into its service file in the store folder. Writes take the one pipeline
and the workspace's write lock; imports are kept as versions (account ``cli``)."""

from __future__ import annotations

import hmac
import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef
from starlette.datastructures import FormData, UploadFile

from graph_service.core.errors import Forbidden, InputError, Rejected
from graph_service.core.sparql_terms import checked_iri
from graph_service.county.init import init_county
from graph_service.pipeline import GateOptions, Keeping, drop_source, land, read_rdf_file
from graph_service.store.embedded import EmbeddedStore
from graph_service.web.workspace_access import workspace
from importers import build_batch, params_from_pairs
from importers.demo import run_demo

router = APIRouter(prefix="/api/workspace", tags=["workspace api"])
CLI_ACCOUNT = "cli"


def require_token(request: Request) -> None:
    """Forbidden unless the bearer token is the update token or the service's local token."""
    sent = request.headers.get("authorization", "")
    token = sent[7:].strip() if sent.lower().startswith("bearer ") else ""
    accepted = [
        t for t in (request.app.state.settings.update_token, getattr(request.app.state, "local_token", None)) if t
    ]
    if not token or not any(hmac.compare_digest(token.encode(), t.encode()) for t in accepted):
        raise Forbidden(
            "Schreiben über den Dienst braucht das Token des Dienstes.",
            "writing through the service needs the service's token.",
            fix_de="Setzen Sie BILDUNGSGRAPH_UPDATE_TOKEN wie beim Dienst oder arbeiten Sie als Nutzer, "
            "der den Store-Ordner lesen darf.",
            fix_en="set BILDUNGSGRAPH_UPDATE_TOKEN as for the service, or run as a user who may read the store folder.",
        )


def _flag(form: FormData, name: str) -> bool:
    return str(form.get(name, "")).lower() in ("1", "true", "yes")


async def _save(upload: Any, folder: Path) -> Path:
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("Datei fehlt.", "file missing.")
    path = folder / Path(upload.filename).name
    path.write_bytes(await upload.read())
    return path


@router.post("/import", summary="Import a file (as `bildungsgraph import`)")
async def import_file(request: Request) -> Response:
    require_token(request)
    form = await request.form()
    ws = workspace(request)
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-cli-", ignore_cleanup_errors=True) as received:
        folder = Path(received)
        path = await _save(form.get("file"), folder)
        mapping = str(form.get("mapping") or "") or None
        if isinstance(form.get("mapping_file"), UploadFile):
            mapping = str(await _save(form.get("mapping_file"), folder))
        source_id = str(form.get("source_id") or "") or None
        params = params_from_pairs(str(item) for item in form.getlist("param"))
        if params and not mapping:
            raise InputError("Parameter gelten nur zusammen mit einem Mapping.", "parameters need a mapping.")
        options = GateOptions(
            strict=_flag(form, "strict"),
            accept_partial=_flag(form, "accept_partial"),
            allow_empty=_flag(form, "allow_empty"),
            lang=str(form.get("lang") or "de"),
        )

        def run() -> dict[str, Any]:
            if mapping:
                batch = build_batch(path, mapping, ws.settings, params)
            else:
                batch = read_rdf_file(path, ws.minter, source_id)
            if source_id:
                batch.source.source_id = source_id
            with ws.write_lock:
                keep = Keeping(ws.versions, "public", f"Konsole: import {path.name}")
                report = land(ws.public, batch, ws.minter, options, account=CLI_ACCOUNT, keep=keep)
            return {"report": report.to_json(options.lang), "text": report.to_text(options.lang)}

        try:
            return JSONResponse(await run_in_threadpool(run))
        except Rejected as exc:
            body = {"report": exc.report.to_json(options.lang), "text": exc.report.to_text(options.lang)}
            return JSONResponse(body, status_code=422)


@router.post("/drop", summary="Drop a source graph (as `bildungsgraph drop`)")
async def drop(request: Request) -> Response:
    require_token(request)
    form = await request.form()
    ws = workspace(request)
    graph = str(form.get("graph", ""))
    is_iri = "://" in graph
    target = checked_iri(graph) if is_iri else str(ws.minter.graph(graph))

    def run() -> None:
        with ws.write_lock:
            drop_source(ws.public, URIRef(target), ws.minter, None if is_iri else graph)

    await run_in_threadpool(run)
    return JSONResponse({"dropped": target})


@router.post("/restore", summary="Load a dump (as `bildungsgraph restore`)")
async def restore(request: Request) -> Response:
    require_token(request)
    form = await request.form()
    ws = workspace(request)
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-cli-", ignore_cleanup_errors=True) as received:
        folder = Path(received)
        path = await _save(form.get("file"), folder)
        fmt = "trig" if path.suffix == ".trig" else "nquads"

        def run() -> int:
            with ws.write_lock, path.open("rb") as handle:
                return ws.public.restore(handle, fmt)  # type: ignore[arg-type]

        return JSONResponse({"quads": await run_in_threadpool(run)})


@router.post("/demo", summary="Load the demo (as `bildungsgraph demo`)")
async def demo(request: Request) -> Response:
    require_token(request)
    ws = workspace(request)
    lines: list[str] = []

    def run() -> list[str]:
        with ws.write_lock:
            reports = run_demo(ws.public, ws.settings, echo=lines.append)
        return [r.summary() for r in reports]

    try:
        return JSONResponse({"lines": await run_in_threadpool(run)})
    except Rejected as exc:
        return JSONResponse({"lines": lines, "text": exc.report.to_text()}, status_code=422)


@router.post("/init", summary="Set up a county (as `bildungsgraph init`)")
async def init(request: Request) -> Response:
    require_token(request)
    form = await request.form()
    ws = workspace(request)
    lines: list[str] = []
    county = str(form.get("county", ""))

    def run() -> dict[str, Any]:
        with ws.write_lock:
            result = init_county(
                ws.public, county, ws.settings, whole_land=_flag(form, "whole_land"), echo=lines.append
            )
        return {
            "lines": lines,
            "name": result.area.name,
            "key": result.area.key,
            "municipalities": result.municipalities,
        }

    try:
        return JSONResponse(await run_in_threadpool(run))
    except Rejected as exc:
        return JSONResponse({"lines": lines, "text": exc.report.to_text()}, status_code=422)


@router.post("/checkpoint", summary="A read-only checkpoint of the store for the CLI's read commands")
async def checkpoint(request: Request) -> Response:
    require_token(request)
    ws = workspace(request)
    store = ws.public
    if not isinstance(store, EmbeddedStore):
        raise InputError("Der Dienst arbeitet mit einem entfernten Store.", "the service uses a remote store.")
    folder = ws.folder / "checkpoints"
    folder.mkdir(exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix="cli-", dir=folder)) / "store"
    await run_in_threadpool(store.checkpoint, target)
    return JSONResponse({"path": str(target)})


@router.get("/warmup", summary="Figures of the latest re-evaluation of the saved queries after a write")
async def warmup(request: Request) -> Response:
    require_token(request)
    warmer = request.app.state.warmer
    last = warmer.last if warmer is not None else None
    body = {"last": last.__dict__ if last else None, "too_slow": sorted(warmer.too_slow) if warmer else []}
    return JSONResponse(json.loads(json.dumps(body)))
