"""Jinja2 rendering of the service's HTML pages (autoescaped) with the visitor's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from graph_service import __version__
from graph_service.core.settings import Settings
from graph_service.core.templating import environment


def language(request: Request, settings: Settings) -> str:
    """``?lang=`` wins, then the first of de/en in Accept-Language, then the default language."""
    wanted = request.query_params.get("lang")
    if wanted in {"de", "en"}:
        return wanted
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in {"de", "en"}:
            return code
    return settings.default_language


def render(template: str, request: Request, settings: Settings, **context: Any) -> str:
    """Render ``service/<template>`` with language, version and the request."""
    lang = context.pop("lang", None) or language(request, settings)
    return (
        environment()
        .get_template(f"service/{template}")
        .render(lang=lang, version=__version__, request=request, **context)
    )
