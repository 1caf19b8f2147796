"""Who is asking, and may they: the workspace of the app (made on first use), the signed-in account from the
session cookie (with idle and absolute expiry), CSRF tokens on every form, and the workspace's page rendering.

Sessions are Starlette's signed cookies (itsdangerous); the cookie holds only the account id, the sign-in time,
the last request time, the CSRF token and flash messages. CSRF: a synchronizer token per session, sent as a
hidden field by every form and compared in constant time; a form without the right token gets 403.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from graph_service import __version__
from graph_service.accounts import Account
from graph_service.accounts.store import ROLE_LABELS
from graph_service.core.errors import BildungsgraphError, Forbidden
from graph_service.core.templating import environment
from graph_service.web.templating import language
from graph_service.workspace import Workspace

_LOCK = threading.Lock()
LOGIN_PATH = "/arbeitsbereich/anmelden"


class SignInRequired(Exception):
    """The page needs a signed-in account; the handler sends the visitor to the sign-in page."""

    def __init__(self, next_path: str, expired: bool = False) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.expired = expired


def workspace(request: Request) -> Workspace:
    """The app's workspace (accounts, sources, private store, versions), made on first use."""
    state = request.app.state
    found = getattr(state, "workspace", None)
    if found is not None:
        return found
    with _LOCK:
        if getattr(state, "workspace", None) is None:
            state.workspace = Workspace(state.settings, state.store)
    return state.workspace


def current_account(request: Request) -> Account | None:
    """The signed-in account, or None (no session, expired session, account switched off)."""
    session = request.session
    account_id = session.get("account")
    if not account_id:
        return None
    settings = request.app.state.settings
    now = time.time()
    if (
        now - float(session.get("seen", 0)) > settings.session_idle_s
        or now - float(session.get("since", 0)) > settings.session_max_s
    ):
        sign_out(request)
        session["expired"] = True
        return None
    account = workspace(request).accounts.get(account_id)
    if account is None or account.disabled:
        sign_out(request)
        return None
    session["seen"] = now
    return account


def require_account(request: Request, role: str | None = None) -> Account:
    """The signed-in account (SignInRequired otherwise); Forbidden when it lacks ``role``."""
    account = current_account(request)
    if account is None:
        expired = bool(request.session.pop("expired", False))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target if request.method == "GET" else "/arbeitsbereich/", expired)
    if role is not None and not account.has(role):
        label_de, label_en = ROLE_LABELS[role]
        raise Forbidden(f"Dafür braucht Ihr Konto die Rolle „{label_de}“.", f'this needs the role "{label_en}".')
    return account


def sign_in(request: Request, account: Account) -> None:
    """Start a fresh session for ``account`` (a new CSRF token too: no fixation)."""
    request.session.clear()
    now = time.time()
    request.session.update({"account": account.id, "since": now, "seen": now, "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use, also for the sign-in form)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def checked_form(request: Request) -> FormData:
    """The posted form after the CSRF check; Forbidden when the token is missing or wrong."""
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    expected = request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden(
            "Das Formular ist abgelaufen oder stammt nicht von dieser Seite.",
            "the form has expired or does not come from this site.",
            fix_de="Laden Sie die Seite neu und senden Sie das Formular noch einmal.",
            fix_en="reload the page and send the form again.",
        )
    return form


def when(stamp: float) -> str:
    """A time stamp as coordinators read it (``01.12.2026 07:31``, local time)."""
    return time.strftime("%d.%m.%Y %H:%M", time.localtime(stamp))


def flash(request: Request, text_de: str, text_en: str | None = None, kind: str = "ok") -> None:
    """A message shown once on the next page."""
    request.session.setdefault("flash", []).append({"de": text_de, "en": text_en or text_de, "kind": kind})


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``workspace/<template>`` in the visitor's language, with account, CSRF token and flash messages."""
    settings = request.app.state.settings
    lang = language(request, settings)
    account = context.pop("account", None)

    def t(de: str, en: str) -> str:
        return en if lang == "en" else de

    messages = request.session.pop("flash", []) if "flash" in request.session else []
    body = (
        environment()
        .get_template(f"workspace/{template}")
        .render(
            lang=lang,
            t=t,
            version=__version__,
            request=request,
            account=account,
            csrf=csrf_token(request),
            messages=messages,
            role_labels=ROLE_LABELS,
            when=when,
            **context,
        )
    )
    return HTMLResponse(body, status_code=status)


def error_page(request: Request, exc: BildungsgraphError, account: Account | None = None) -> HTMLResponse:
    """A workspace error as a page in the visitor's language, with its HTTP status."""
    lang = language(request, request.app.state.settings)
    report = getattr(exc, "report", None)
    return render(
        request,
        "error.html.j2",
        status=exc.http_status,
        account=account,
        message=exc.describe(lang),
        report=report.to_text(lang) if report is not None else None,
    )
