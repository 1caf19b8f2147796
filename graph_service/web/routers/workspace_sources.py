"""Workspace pages for sources: overview, new source, upload -> preview -> commit, release, versions, restore,
downloads of the filled template. Every form carries the CSRF token; every write goes through the workspace
(and so through the one pipeline and its gate)."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from graph_service.accounts import Account
from graph_service.core.errors import BildungsgraphError, InputError
from graph_service.core.iris import slugify
from graph_service.web.templating import language
from graph_service.web.workspace_access import checked_form, error_page, flash, render, require_account, workspace
from graph_service.workspace import Source, Workspace
from graph_service.workspace.history import discard_draft, release, restore
from graph_service.workspace.labels import change_labels, change_rows
from graph_service.workspace.roundtrip import export_csv, export_xlsx, template_kind
from graph_service.workspace.uploads import (
    PREVIEW_FILE,
    CommitChoice,
    Preview,
    check_again_without_refused_rows,
    check_upload,
    commit,
)
from importers import directory_mappings
from importers.templates import TEMPLATES

router = APIRouter(prefix="/arbeitsbereich", tags=["workspace"], include_in_schema=False)
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_DEFAULT = ox.DefaultGraph()

KINDS_DE = {
    "akteure": "Akteure",
    "angebote": "Angebote",
    "kooperationen": "Kooperationen",
    "zustaendigkeiten": "Zuständigkeiten",
    "netzwerke": "Netzwerke und Gremien",
    "mitgliedschaften": "Mitgliedschaften",
}
KINDS_EN = {
    "akteure": "actors",
    "angebote": "offers",
    "kooperationen": "cooperations",
    "zustaendigkeiten": "responsibilities",
    "netzwerke": "networks and committees",
    "mitgliedschaften": "memberships",
}


def _lang(request: Request) -> str:
    return language(request, request.app.state.settings)


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _source_row(ws: Workspace, account: Account, source: Source) -> dict[str, Any]:
    owner = ws.accounts.get(source.owner) if source.owner else None
    latest = ws.versions.latest(source.id)
    return {
        "source": source,
        "owner": owner.login if owner else None,
        "draft": ws.has_draft(source),
        "permission": ws.permission(account, source),
        "latest": latest,
        "kind": template_kind(source.mapping),
        "directory": _directory_title(source.mapping),
    }


def _directory_title(mapping: str | None) -> str | None:
    """The title of a source's directory mapping (e.g. the Sachsen school list); None for templates."""
    if not mapping or mapping.startswith("vorlage-"):
        return None
    found = directory_mappings().get(mapping)
    return found.source.title if found else mapping


def _directories() -> list[tuple[str, str]]:
    """(id, title) of every shipped directory mapping, for the choice of a source's kind."""
    return sorted(((name, m.source.title) for name, m in directory_mappings().items()), key=lambda d: d[1])


def _default_licence(kind: str) -> str:
    """CC BY 4.0 for a coordinator's own sheet; a directory keeps the licence its publisher gives (its mapping)."""
    directory = directory_mappings().get(kind)
    return directory.source.licence if directory else "https://creativecommons.org/licenses/by/4.0/"


def _param_fields(ws: Workspace, source: Source) -> list[tuple[str, str, str]]:
    """(name, value, default) per parameter of the source's mapping: the last committed upload's value or the
    mapping's default."""
    spec = directory_mappings().get(source.mapping or "")
    if spec is None or not spec.params:
        return []
    last = ws.registry.last_params(source.id)
    return [(name, last.get(name, default), default) for name, default in spec.params.items()]


@router.get("/", summary="Workspace overview")
async def overview(request: Request) -> Response:
    account = require_account(request)
    ws = workspace(request)

    def rows() -> list[dict[str, Any]]:
        return [_source_row(ws, account, s) for s in ws.sources()]

    return render(request, "overview.html.j2", account=account, rows=await run_in_threadpool(rows))


@router.get("/verlauf", summary="Recent changes (activity feed)")
async def activity(request: Request) -> Response:
    account = require_account(request)
    ws = workspace(request)
    versions = await run_in_threadpool(ws.versions.versions, None, 100)
    logins = {a.id: a.login for a in ws.accounts.accounts()}
    return render(request, "activity.html.j2", account=account, versions=versions, logins=logins)


@router.get("/quellen/neu", summary="New source form")
async def new_source_page(request: Request) -> Response:
    account = require_account(request, "editor")
    return render(request, "new_source.html.j2", account=account, kinds=_kinds(request), directories=_directories())


def _kinds(request: Request) -> list[tuple[str, str]]:
    names = KINDS_EN if _lang(request) == "en" else KINDS_DE
    return [(kind, names[kind]) for kind in TEMPLATES]


@router.post("/quellen/neu", summary="Create a source")
async def create_source(request: Request) -> Response:
    account = require_account(request, "editor")
    try:
        form = await checked_form(request)
        title = str(form.get("title", "")).strip()
        kind = str(form.get("kind", ""))
        if not title or (kind not in TEMPLATES and kind not in directory_mappings()):
            raise InputError("Name und Art der Tabelle angeben.", "give a name and the kind of sheet.")
        mapping = f"vorlage-{kind}" if kind in TEMPLATES else kind
        source_id = slugify(str(form.get("source_id", "")) or title)[:60]
        if len(source_id) < 3:
            raise InputError("Der Name ist zu kurz (mindestens 3 Zeichen).", "the name is too short.")
        visibility = "internal" if form.get("internal") == "1" else "public"
        licence = str(form.get("licence", "")).strip() or _default_licence(kind)
        ws = workspace(request)
        if any(s.id == source_id for s in ws.sources()):
            raise InputError(
                f"Eine Quelle „{source_id}“ gibt es schon.",
                f'a source "{source_id}" exists already.',
                fix_de="Wählen Sie einen anderen Namen oder laden Sie in die bestehende Quelle hoch.",
                fix_en="choose another name or upload into the existing source.",
            )
        source = Source(source_id, title, account.id, mapping, visibility, licence, time.time())
        await run_in_threadpool(ws.registry.add_source, source)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    flash(request, f"Quelle „{title}“ angelegt. Laden Sie jetzt die Tabelle hoch.", f'source "{title}" created.')
    return _see(f"/arbeitsbereich/quellen/{source_id}")


@router.get("/quellen/{source_id}", summary="One source")
async def source_page(request: Request, source_id: str) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        data = await run_in_threadpool(_source_page_data, ws, account, source_id)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    return render(request, "source.html.j2", account=account, **data, kinds=dict(_kinds(request)))


def _source_page_data(ws: Workspace, account: Account, source_id: str) -> dict[str, Any]:
    source = ws.source(source_id)
    row = _source_row(ws, account, source)
    content = ws.content(ws.working_place(source))
    records = sorted(
        {
            (q.subject.value, q.object.value)
            for q in content.quads_for_pattern(None, _LABEL, None, _DEFAULT)
            if q.subject.value.startswith(ws.minter.base)
        },
        key=lambda r: r[1].casefold(),
    )
    logins = {a.id: a.login for a in ws.accounts.accounts()}
    return {
        **row,
        "records": records[:500],
        "record_count": len(records),
        "versions": ws.versions.versions(source.id, 50),
        "logins": logins,
        "mappings": sorted(TEMPLATES),
        "directories": _directories(),
        "params": _param_fields(ws, source),
    }


@router.post("/quellen/{source_id}/hochladen", summary="Upload a sheet and see its row report and diff")
async def upload(request: Request, source_id: str) -> Response:
    async def checked(ws: Workspace, account: Account, lang: str) -> Preview:
        form = await checked_form(request)
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise InputError("Bitte eine Datei auswählen.", "please choose a file.")
        body = await file.read()
        source = ws.source(source_id)
        mapping = str(form.get("mapping") or source.mapping or "")
        partial = form.get("accept_partial") == "1"
        params = _params(form)
        return await run_in_threadpool(
            check_upload, ws, account, source, file.filename, body, mapping, lang, partial, params
        )

    return await _to_preview(request, checked)


def _params(form: Any) -> dict[str, str]:
    """The mapping parameters of the upload form (fields ``param-<name>``); an empty field keeps the default."""
    given = {key.removeprefix("param-"): str(value).strip() for key, value in form.items() if key.startswith("param-")}
    return {name: value for name, value in given.items() if value}


@router.post("/vorschau/{upload_id}/ohne-fehlerhafte-zeilen", summary="Check a refused upload without its bad rows")
async def check_without_refused_rows(request: Request, upload_id: str) -> Response:
    async def checked(ws: Workspace, account: Account, lang: str) -> Preview:
        await checked_form(request)
        return await run_in_threadpool(check_again_without_refused_rows, ws, account, upload_id, lang)

    return await _to_preview(request, checked)


async def _to_preview(request: Request, checked: Callable[[Workspace, Account, str], Awaitable[Preview]]) -> Response:
    """Run a check, keep what its preview page shows and send the browser there (or show the error)."""
    account = require_account(request)
    ws = workspace(request)
    lang = _lang(request)
    try:
        preview = await checked(ws, account, lang)
        await run_in_threadpool(_keep_preview, ws, preview, lang)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    return _see(f"/arbeitsbereich/vorschau/{preview.upload.id}")


def _keep_preview(ws: Workspace, preview: Preview, lang: str) -> None:
    """Everything the preview page shows, in German and English, next to the uploaded file."""
    data: dict[str, Any] = {
        "accepted": preview.accepted,
        "needs_confirmation": preview.needs_confirmation,
        "accept_partial": bool(preview.upload.summary.get("accept_partial")),
    }
    for each in ("de", "en"):
        data[f"report_{each}"] = preview.report.to_json(each)
        data[f"summary_{each}"] = preview.report.summary(each)
    if preview.diff is not None:
        changes = preview.diff.changes
        labels = change_labels(changes, preview.contents, ws.public)
        data["counts"] = preview.diff.counts()
        for each in ("de", "en"):
            data[f"changes_{each}"] = {
                kind: change_rows(getattr(preview.diff, kind), each, labels) for kind in ("added", "changed", "removed")
            }
        logins = {a.id: a.login for a in ws.accounts.accounts()}
        data["conflicts"] = {
            iri: {"version": v, "account": logins.get(a or "", a), "at": at}
            for iri, (v, a, at) in preview.conflicts.items()
        }
    (ws.uploads / preview.upload.id / PREVIEW_FILE).write_text(json.dumps(data, ensure_ascii=False))


@router.get("/vorschau/{upload_id}", summary="Row report and diff preview of an upload")
async def preview_page(request: Request, upload_id: str) -> Response:
    account = require_account(request)
    ws = workspace(request)
    lang = _lang(request)
    try:
        upload = ws.registry.upload(upload_id)
        source = ws.source(upload.source_id)
        data = json.loads((ws.uploads / upload_id / PREVIEW_FILE).read_text())
    except (BildungsgraphError, OSError) as exc:
        error = (
            exc
            if isinstance(exc, BildungsgraphError)
            else InputError(
                "Diese Vorschau ist abgelaufen: nicht übernommene Dateien werden nach einigen Tagen gelöscht.",
                "this preview has expired: files that were not committed are deleted after a few days.",
                fix_de="Laden Sie die Datei erneut hoch.",
                fix_en="upload the file again.",
            )
        )
        return error_page(request, error, account)
    spec = directory_mappings().get(upload.mapping)
    selection = {**(spec.params if spec else {}), **(upload.summary.get("params") or {})}
    return render(
        request,
        "preview.html.j2",
        account=account,
        selection=selection,
        upload=upload,
        source=source,
        data=data,
        report=data[f"report_{lang}"],
        summary=data[f"summary_{lang}"],
        changes=data.get(f"changes_{lang}", {}),
        permission=ws.permission(account, source),
    )


@router.post("/vorschau/{upload_id}/uebernehmen", summary="Commit a previewed upload")
async def commit_upload(request: Request, upload_id: str) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        form = await checked_form(request)
        choice = CommitChoice(
            publish=form.get("publish") == "1",
            confirm_removal=form.get("confirm_removal") == "1",
            keep_form_edits=form.get("conflicts", "keep") == "keep",
        )
        version = await run_in_threadpool(commit, ws, account, upload_id, choice, _lang(request))
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    _flash_version(request, version.target, version.id)
    return _see(f"/arbeitsbereich/quellen/{version.source_id}")


def _flash_version(request: Request, target: str, number: int) -> None:
    texts = {
        "draft": (
            f"Als Entwurf gespeichert (Version {number}). Öffentlich sichtbar erst nach der Freigabe.",
            f"saved as draft (version {number}); public only after release.",
        ),
        "public": (f"Veröffentlicht (Version {number}).", f"published (version {number})."),
        "internal": (f"Gespeichert (Version {number}, nur intern).", f"saved (version {number}, internal only)."),
    }
    flash(request, *texts.get(target, texts["public"]))


@router.post("/quellen/{source_id}/freigeben", summary="Release the draft (reviewers)")
async def release_draft(request: Request, source_id: str) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        await checked_form(request)
        version = await run_in_threadpool(release, ws, account, ws.source(source_id), _lang(request))
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    _flash_version(request, "public", version.id)
    return _see(f"/arbeitsbereich/quellen/{source_id}")


@router.post("/quellen/{source_id}/entwurf-verwerfen", summary="Discard the draft")
async def discard(request: Request, source_id: str) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        await checked_form(request)
        await run_in_threadpool(discard_draft, ws, account, ws.source(source_id))
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    flash(request, "Entwurf verworfen.", "draft discarded.")
    return _see(f"/arbeitsbereich/quellen/{source_id}")


@router.get("/quellen/{source_id}/versionen/{number}", summary="What one version changed")
async def version_page(request: Request, source_id: str, number: int) -> Response:
    account = require_account(request)
    ws = workspace(request)
    lang = _lang(request)
    try:
        version = ws.versions.get(number)
        if version.source_id != source_id:
            raise InputError("Diese Version gehört zu einer anderen Quelle.", "this version is of another source.")
        source = ws.source(source_id)

        def rows() -> list[dict[str, Any]]:
            changes = ws.versions.changes(number)
            labels = change_labels(changes, [ws.versions.content(version)], ws.public)
            return change_rows(changes, lang, labels, limit=1000)

        changes = await run_in_threadpool(rows)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    logins = {a.id: a.login for a in ws.accounts.accounts()}
    return render(
        request,
        "version.html.j2",
        account=account,
        source=source,
        version=version,
        changes=changes,
        logins=logins,
        permission=ws.permission(account, source),
    )


@router.post("/quellen/{source_id}/versionen/{number}/wiederherstellen", summary="Restore a version")
async def restore_version(request: Request, source_id: str, number: int) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        await checked_form(request)
        version = await run_in_threadpool(restore, ws, account, ws.source(source_id), number, _lang(request))
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    flash(
        request,
        f"Version {number} wiederhergestellt (neue Version {version.id}"
        + (", als Entwurf)." if version.target == "draft" else ")."),
        f"version {number} restored (new version {version.id}).",
    )
    return _see(f"/arbeitsbereich/quellen/{source_id}")


@router.get("/quellen/{source_id}/tabelle.{suffix}", summary="The source as the filled template (XLSX or CSV)")
async def download(request: Request, source_id: str, suffix: str) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        source = ws.source(source_id)
        if suffix not in ("xlsx", "csv"):
            raise InputError("Nur .xlsx oder .csv.", "only .xlsx or .csv.")
        writer = export_xlsx if suffix == "xlsx" else export_csv
        body = await run_in_threadpool(writer, ws, source)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    media = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if suffix == "xlsx"
        else "text/csv; charset=utf-8"
    )
    name = f"{source.id}-{time.strftime('%Y-%m-%d')}.{suffix}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
