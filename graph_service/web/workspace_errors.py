"""The workspace's one extra error mapping: a page that needs a signed-in account redirects to the sign-in page."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from graph_service.web.workspace_access import LOGIN_PATH, SignInRequired


async def sign_in_required(request: Request, exc: Exception) -> RedirectResponse:
    """303 to the sign-in page, which comes back to the page asked for."""
    assert isinstance(exc, SignInRequired)
    if exc.expired:
        request.session["expired"] = True
    lang = "&lang=en" if request.query_params.get("lang") == "en" else ""
    return RedirectResponse(f"{LOGIN_PATH}?weiter={quote(exc.next_path)}{lang}", status_code=303)


def install(app: FastAPI) -> None:
    """Register the handler on ``app``."""
    app.add_exception_handler(SignInRequired, sign_in_required)
