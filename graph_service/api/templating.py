"""Jinja2 rendering of the service's HTML pages (autoescaped) with the visitor's language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph_service import __version__
from graph_service.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@cache
def environment() -> Environment:
    """The template environment (autoescape on for .html.j2)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))


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
