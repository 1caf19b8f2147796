"""Workspace pages for one record: view with its source and history, form (from the SHACL shapes), create,
delete. Saving goes through the gate as a new version of the record's source."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from graph_service.accounts import Account
from graph_service.core.errors import BildungsgraphError, InputError, NotFound
from graph_service.core.sparql_terms import checked_iri
from graph_service.web.templating import language
from graph_service.web.workspace_access import checked_form, error_page, flash, render, require_account, workspace
from graph_service.workspace import Workspace
from graph_service.workspace.forms import Form, FormError, forms, values_of
from graph_service.workspace.labels import RDFS_LABEL, change_labels, change_rows
from graph_service.workspace.records import delete_record, record_form, save_record

router = APIRouter(prefix="/arbeitsbereich", tags=["workspace"], include_in_schema=False)

_ACTORS = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a (SAMPLE(?l) AS ?label) WHERE { ?a a org:Organization ; rdfs:label ?l } GROUP BY ?a LIMIT 3000"""
_REGIONS = """PREFIX bg: <https://w3id.org/bildungsgraph/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?ags (SAMPLE(?l) AS ?label) WHERE { ?r bg:ags ?ags ; rdfs:label ?l } GROUP BY ?ags ORDER BY ?ags LIMIT 3000"""


def _record_iri(value: str | None) -> str:
    if not value:
        raise InputError("Welcher Eintrag? (iri fehlt)", "which record? (iri missing)")
    return checked_iri(value)


@router.get("/eintrag", summary="One record: fields, source, history")
async def record_page(request: Request, iri: str | None = None) -> Response:
    account = require_account(request)
    ws = workspace(request)
    lang = language(request, request.app.state.settings)
    try:
        subject = _record_iri(iri)
        data = await run_in_threadpool(_record_data, ws, account, subject, lang)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    return render(request, "record.html.j2", account=account, iri=subject, **data)


def _record_data(ws: Workspace, account: Account, subject: str, lang: str) -> dict[str, Any]:
    holders = []
    for source, place in ws.graphs_of(subject):
        form, content = record_form(ws, source, subject)
        shown = values_of(content, subject, form, ws.minter)
        groups = [(name, [f for f in fields if shown[f.key]]) for name, fields in form.groups(lang)]
        holders.append(
            {
                "groups": [(name, fields) for name, fields in groups if fields],
                "source": source,
                "state": place.target,
                "form": form,
                "values": shown,
                "labels": _option_labels(form, lang),
                "permission": ws.permission(account, source),
            }
        )
    if not holders:
        raise NotFound("Diesen Eintrag gibt es in keiner Quelle.", "no source holds this record.")
    history = ws.versions.record_history(subject)
    changes = [change for _, change in history]
    labels = change_labels(changes, [], ws.public)
    rows = change_rows(changes, lang, labels)
    logins = {a.id: a.login for a in ws.accounts.accounts()}
    entries = [(version, row) for (version, _), row in zip(history, rows, strict=True)]
    names = [v for h in holders for f in h["form"].fields if f.path == (RDFS_LABEL,) for v in h["values"][f.key]]
    title = names[0] if names else labels.get(subject) or subject.rsplit("/", 1)[-1]
    return {"holders": holders, "history": entries, "logins": logins, "title": title}


def _option_labels(form: Form, lang: str) -> dict[str, str]:
    return {o.value: o.label(lang) for f in form.fields for o in f.options}


def _choices(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    """Known actors and municipalities for the reference fields' suggestion lists."""
    prefix = f"{ws.minter.base}actor/"
    actors = [
        (str(r["a"])[len(prefix) :] if str(r["a"]).startswith(prefix) else str(r["a"]), str(r["label"]))
        for r in ws.public.select(_ACTORS)
    ]
    regions = [(str(r["ags"]), str(r["label"])) for r in ws.public.select(_REGIONS)]
    return {"actor": sorted(actors, key=lambda a: a[1].casefold()), "region": regions}


@router.get("/eintrag/bearbeiten", summary="Edit a record in its form")
async def edit_page(request: Request, iri: str | None = None, quelle: str | None = None) -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        subject = _record_iri(iri)
        source = ws.source(quelle or "")
        ws.require_write(account, source)
        form, content = await run_in_threadpool(record_form, ws, source, subject)
        shown = values_of(content, subject, form, ws.minter)
        choices = await run_in_threadpool(_choices, ws)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    return _form_page(request, account, ws, source, form, shown, choices, subject=subject)


def _refusal(
    exc: FormError | BildungsgraphError, lang: str
) -> tuple[dict[str, tuple[str, str]] | None, str | None, int]:
    """What the form shows when saving failed: problems per field (400), or the gate's report / the error."""
    if isinstance(exc, FormError):
        return exc.problems, None, 400
    report = getattr(exc, "report", None)
    return None, report.to_text(lang) if report is not None else exc.describe(lang), exc.http_status


def _form_page(
    request: Request,
    account: Account,
    ws: Workspace,
    source: Any,
    form: Form,
    shown: dict[str, list[str]],
    choices: dict[str, list[tuple[str, str]]],
    *,
    subject: str | None = None,
    problems: dict[str, tuple[str, str]] | None = None,
    error: str | None = None,
    kennung: str = "",
    status: int = 200,
) -> Response:
    return render(
        request,
        "form.html.j2",
        status=status,
        account=account,
        source=source,
        form=form,
        values=shown,
        choices=choices,
        subject=subject,
        problems=problems or {},
        error=error,
        kennung=kennung,
        permission=ws.permission(account, source),
        has_draft=ws.has_draft(source),
    )


def _submitted(form: Form, data: FormData) -> dict[str, list[str]]:
    return {f.key: [str(v) for v in data.getlist(f.key)] for f in form.fields}


@router.post("/eintrag/bearbeiten", summary="Save a record's form")
async def save(request: Request, iri: str | None = None, quelle: str | None = None) -> Response:
    account = require_account(request)
    return await _save(request, account, iri, quelle, None)


@router.get("/quellen/{source_id}/eintrag-neu", summary="Form for a new record")
async def new_record_page(request: Request, source_id: str, art: str = "actor") -> Response:
    account = require_account(request)
    ws = workspace(request)
    try:
        source = ws.source(source_id)
        ws.require_write(account, source)
        form = forms().get(art)
        if form is None:
            raise NotFound(f"Unbekannte Art „{art}“.", f'unknown kind "{art}".')
        choices = await run_in_threadpool(_choices, ws)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    return _form_page(request, account, ws, source, form, {}, choices)


@router.post("/quellen/{source_id}/eintrag-neu", summary="Create a record")
async def create_record(request: Request, source_id: str, art: str = "actor") -> Response:
    account = require_account(request)
    return await _save(request, account, None, source_id, art)


async def _save(
    request: Request, account: Account, iri: str | None, source_id: str | None, art: str | None
) -> Response:
    ws = workspace(request)
    lang = language(request, request.app.state.settings)
    try:
        data = await checked_form(request)
        source = ws.source(source_id or "")
        if art is None:
            subject: str | None = _record_iri(iri)
            form, _ = await run_in_threadpool(record_form, ws, source, subject)  # type: ignore[arg-type]
        else:
            subject = None
            form = forms().get(art)  # type: ignore[assignment]
            if form is None:
                raise NotFound(f"Unbekannte Art „{art}“.", f'unknown kind "{art}".')
        submitted = _submitted(form, data)
        kennung = str(data.get("kennung", "")).strip()
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    try:
        version, saved = await run_in_threadpool(
            lambda: save_record(ws, account, source, subject, form, submitted, kennung=kennung, lang=lang)
        )
    except (FormError, BildungsgraphError) as exc:
        problems, error, status = _refusal(exc, lang)
        choices = await run_in_threadpool(_choices, ws)
        return _form_page(
            request,
            account,
            ws,
            source,
            form,
            submitted,
            choices,
            subject=subject,
            problems=problems,
            error=error,
            kennung=kennung,
            status=status,
        )
    what = ("als Entwurf gespeichert", "saved as draft") if version.target == "draft" else ("gespeichert", "saved")
    flash(request, f"Eintrag {what[0]} (Version {version.id}).", f"record {what[1]} (version {version.id}).")
    return RedirectResponse(f"/arbeitsbereich/eintrag?iri={saved}", status_code=303)


@router.post("/eintrag/loeschen", summary="Delete a record from its source")
async def delete(request: Request) -> Response:
    account = require_account(request)
    ws = workspace(request)
    lang = language(request, request.app.state.settings)
    try:
        data = await checked_form(request)
        subject = _record_iri(str(data.get("iri", "")))
        source = ws.source(str(data.get("quelle", "")))
        version = await run_in_threadpool(delete_record, ws, account, source, subject, lang)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    flash(request, f"Eintrag gelöscht (Version {version.id}).", f"record deleted (version {version.id}).")
    return RedirectResponse(f"/arbeitsbereich/quellen/{source.id}", status_code=303)
