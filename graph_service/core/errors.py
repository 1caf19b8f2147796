"""One error hierarchy for the whole system: what went wrong, where (file, row, column) and how to fix it.

Every error a user can cause or meet is a :class:`BildungsgraphError`. The shells map the kinds once:

==================  =========  ==========  ===========================================================
class               CLI exit   HTTP        meaning
==================  =========  ==========  ===========================================================
``InputError``      2          400 / 422   the input cannot be read (file, mapping, query, parameter)
``Rejected``        1          422         the input was read but the gate refused it; store unchanged
``StoreBusy``       2          503         another process holds the store; message names the fix
``NotFound``        2          404         a named thing (file, graph, source, record) does not exist
``Forbidden``       2          403         the caller may not do this
==================  =========  ==========  ===========================================================

Messages are German by default and English on request: an error carries both texts (``message_de`` and
``message_en``) plus an optional location, and :meth:`BildungsgraphError.describe` renders one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where a problem sits in the user's input (every part optional)."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    value: str | None = None

    def describe(self, lang: str = "de") -> str:
        """``datei.csv, Zeile 12, Spalte „Name“`` / ``datei.csv, row 12, column "Name"``."""
        de = lang != "en"
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"{'Zeile' if de else 'row'} {self.row}")
        if self.line is not None:
            parts.append(f"{'Zeile' if de else 'line'} {self.line}")
        if self.column:
            parts.append(f"Spalte „{self.column}“" if de else f'column "{self.column}"')
        text = ", ".join(parts)
        if self.value not in (None, ""):
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "…"
            text += f" ({'Wert' if de else 'value'} „{shown}“)" if de else f' (value "{shown}")'
        return text


class BildungsgraphError(Exception):
    """Base of every error the system reports to a user (never shown with a traceback unless asked for)."""

    exit_code = 2
    http_status = 400

    def __init__(
        self,
        message_de: str,
        message_en: str | None = None,
        *,
        where: Location | None = None,
        fix_de: str | None = None,
        fix_en: str | None = None,
    ) -> None:
        super().__init__(message_de)
        self.message_de = message_de
        self.message_en = message_en or message_de
        self.where = where
        self.fix_de = fix_de
        self.fix_en = fix_en or fix_de

    def describe(self, lang: str = "de") -> str:
        """One readable message: location, what is wrong, what to do."""
        en = lang == "en"
        text = self.message_en if en else self.message_de
        where = self.where.describe(lang) if self.where else ""
        if where:
            text = f"{where}: {text}"
        fix = self.fix_en if en else self.fix_de
        if fix:
            text += f" – {fix}"
        return text

    def to_json(self, lang: str = "de") -> dict[str, Any]:
        """The error as JSON-ready data (for HTTP bodies and ``--json``)."""
        data: dict[str, Any] = {"error": type(self).__name__, "message": self.describe(lang)}
        if self.where is not None:
            data["where"] = {k: v for k, v in self.where.__dict__.items() if v is not None}
        return data

    def __str__(self) -> str:
        return self.describe("de")


class InputError(BildungsgraphError):
    """The input cannot be read: missing or empty file, unknown format, syntax error, bad mapping, bad parameter."""

    exit_code = 2
    http_status = 400


class Rejected(BildungsgraphError):
    """The input was read but did not pass the gate; nothing was written. ``report`` explains every finding."""

    exit_code = 1
    http_status = 422

    def __init__(self, message_de: str, message_en: str | None = None, *, report: Any = None, **kw: Any) -> None:
        super().__init__(message_de, message_en, **kw)
        self.report = report


class StoreBusy(BildungsgraphError):
    """Another process holds the store (e.g. a running service)."""

    exit_code = 2
    http_status = 503


class NotFound(BildungsgraphError):
    """A named thing does not exist."""

    exit_code = 2
    http_status = 404


class Forbidden(BildungsgraphError):
    """The caller may not do this (missing token, role or ownership)."""

    exit_code = 2
    http_status = 403
