"""The one Jinja environment of the system (autoescaped): pages, reports, ontology docs and network pages.

All templates live in ``graph_service/templates/<area>/``; callers name them as ``"<area>/<file>"``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@cache
def environment() -> Environment:
    """The shared environment (autoescape on for .html and .j2; ``tojson`` for JSON inside ``<script>``)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False}
    return env
