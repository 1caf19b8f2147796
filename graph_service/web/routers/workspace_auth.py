"""Sign-in, sign-out and the accounts page of the workspace (``/arbeitsbereich/anmelden``, ``…/konten``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from graph_service.accounts import ROLES
from graph_service.core.errors import BildungsgraphError
from graph_service.web.templating import language
from graph_service.web.workspace_access import (
    LOGIN_PATH,
    checked_form,
    current_account,
    error_page,
    flash,
    render,
    require_account,
    sign_in,
    sign_out,
    workspace,
)

router = APIRouter(prefix="/arbeitsbereich", tags=["workspace"], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only paths inside the workspace (no open redirect)."""
    return target if target and target.startswith("/arbeitsbereich") and "//" not in target else "/arbeitsbereich/"


@router.get("/anmelden", summary="Sign-in page")
async def login_page(request: Request, weiter: str | None = None) -> Response:
    expired = bool(request.session.pop("expired", False))
    if current_account(request) is not None:
        return RedirectResponse(_safe_next(weiter), status_code=303)
    return render(request, "login.html.j2", next=_safe_next(weiter), expired=expired)


@router.post("/anmelden", summary="Sign in")
async def login(request: Request) -> Response:
    form = await request.form()
    try:
        await checked_form(request)
        client = request.client.host if request.client else ""
        account = await run_in_threadpool(
            workspace(request).accounts.sign_in, str(form.get("login", "")), str(form.get("password", "")), client
        )
    except BildungsgraphError as exc:
        return render(
            request,
            "login.html.j2",
            status=exc.http_status,
            next=_safe_next(str(form.get("next") or "")),
            error=exc.describe(language(request, request.app.state.settings)),
            login=str(form.get("login", "")),
        )
    sign_in(request, account)
    return RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)


@router.post("/abmelden", summary="Sign out")
async def logout(request: Request) -> Response:
    await checked_form(request)
    sign_out(request)
    flash(request, "Sie sind abgemeldet.", "You are signed out.")
    return RedirectResponse(LOGIN_PATH, status_code=303)


@router.get("/konten", summary="Accounts (administrators)")
async def accounts_page(request: Request) -> Response:
    account = require_account(request, "admin")
    listing = await run_in_threadpool(workspace(request).accounts.accounts)
    return render(request, "accounts.html.j2", account=account, accounts=listing, roles=ROLES)


@router.post("/konten", summary="Create an account (administrators)")
async def create_account(request: Request) -> Response:
    account = require_account(request, "admin")
    try:
        form = await checked_form(request)
        roles = [str(r) for r in form.getlist("roles")]
        created = await run_in_threadpool(
            workspace(request).accounts.add, str(form.get("login", "")), str(form.get("password", "")), roles
        )
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    flash(request, f"Konto „{created.login}“ angelegt.", f'account "{created.login}" created.')
    return RedirectResponse("/arbeitsbereich/konten", status_code=303)


@router.post("/konten/{login}/sperren", summary="Switch an account off or on (administrators)")
async def toggle_account(request: Request, login: str) -> Response:
    account = require_account(request, "admin")
    try:
        form = await checked_form(request)
        disabled = form.get("disabled") == "1"
        if disabled and login == account.login:
            raise BildungsgraphError("Sie können Ihr eigenes Konto nicht sperren.", "you cannot switch off yourself.")
        changed = await run_in_threadpool(workspace(request).accounts.set_disabled, login, disabled)
    except BildungsgraphError as exc:
        return error_page(request, exc, account)
    word = ("gesperrt", "switched off") if changed.disabled else ("entsperrt", "switched on")
    flash(request, f"Konto „{changed.login}“ {word[0]}.", f'account "{changed.login}" {word[1]}.')
    return RedirectResponse("/arbeitsbereich/konten", status_code=303)
