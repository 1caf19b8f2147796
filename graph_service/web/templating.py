"""Jinja2 rendering of the service's HTML pages (autoescaped) with the visitor's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from graph_service import __version__
from graph_service.core.settings import Settings
from graph_service.core.templating import environment

LANGUAGES = ["de", "en"]


def language(request: Request, settings: Settings) -> str:
    """``?lang=`` wins, then the best of de/en by Accept-Language q-values (werkzeug), then the default."""
    wanted = request.query_params.get("lang")
    if wanted in LANGUAGES:
        return wanted
    accepted = parse_accept_header(request.headers.get("accept-language"), LanguageAccept)
    return accepted.best_match(LANGUAGES, default=settings.default_language) or settings.default_language


def render(template: str, request: Request, settings: Settings, **context: Any) -> str:
    """Render ``service/<template>`` with language, version and the request."""
    return render_page(f"service/{template}", request, settings, **context)


def render_page(path: str, request: Request, settings: Settings, **context: Any) -> str:
    """Render ``<area>/<file>`` of graph_service/templates with language, version and the request."""
    lang = context.pop("lang", None) or language(request, settings)
    return environment().get_template(path).render(lang=lang, version=__version__, request=request, **context)
