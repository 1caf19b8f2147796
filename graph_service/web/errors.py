"""One mapping from the system's errors to HTTP: a :class:`BildungsgraphError` answers with its status and message.

Input errors are 400 (or 422 for a refused batch), a busy store 503, unknown things 404: never a 500 for the
client's mistake. The message is in the visitor's language (``?lang=`` or Accept-Language).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graph_service.core.errors import BildungsgraphError
from graph_service.web.templating import language


async def bildungsgraph_error(request: Request, exc: Exception) -> JSONResponse:
    """The error as JSON with its own status code."""
    assert isinstance(exc, BildungsgraphError)
    lang = language(request, request.app.state.settings)
    return JSONResponse(exc.to_json(lang), status_code=exc.http_status)


def install(app: FastAPI) -> None:
    """Register the handler on ``app``."""
    app.add_exception_handler(BildungsgraphError, bildungsgraph_error)
