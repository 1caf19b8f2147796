"""Normalising cell values: null markers, padded strings, numbers like `` 90 164`` or ``9,43751``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

DEFAULT_NULL_MARKERS: frozenset[str] = frozenset({"", "-", "–", "—", "n/a", "N/A", "NULL", "null", "None"})

_SPACES = re.compile(r"[\s\u00a0\u202f']+")


class CellValueError(ValueError):
    """A cell could not be converted; the message (German, English) says what was expected."""

    def __init__(self, de: str, en: str | None = None) -> None:
        super().__init__(de)
        self.de, self.en = de, en or de


def bilingual(exc: Exception) -> tuple[str, str]:
    """German and English text of a value's error: ``de``/``en`` (cell and transform errors), ``message_de``/
    ``message_en`` (the project's errors, e.g. a placement), else the exception's text for both."""
    de = getattr(exc, "de", None) or getattr(exc, "message_de", None) or str(exc)
    return de, getattr(exc, "en", None) or getattr(exc, "message_en", None) or de


def clean(value: Any, null_markers: frozenset[str] = DEFAULT_NULL_MARKERS) -> Any:
    """Strip blanks and tabs from strings; return None for null markers. Other values pass unchanged."""
    if isinstance(value, str):
        value = value.strip(" \t\r\n\u00a0")
        return None if value in null_markers else value
    return value


def parse_decimal(value: Any) -> Decimal:
    """Parse ``" 90 164"``, ``"53.02"``, ``"9,43751"``, ``"1.234,5"`` or ``"1,234.5"`` into a Decimal."""
    if isinstance(value, bool):
        raise CellValueError(f"Zahl erwartet, nicht {value!r}", f"number expected, not {value!r}")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = _SPACES.sub("", str(value))
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellValueError(f"keine Zahl: {value!r}", f"not a number: {value!r}") from exc
    if not number.is_finite():
        raise CellValueError(f"keine endliche Zahl: {value!r}", f"not a finite number: {value!r}")
    return number


def parse_integer(value: Any) -> int:
    """Parse an integer, accepting blanks as thousands separators; ``"12.0"`` is fine, ``"12.5"`` is not."""
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellValueError(f"ganze Zahl erwartet: {value!r}", f"whole number expected: {value!r}")
    return int(number)


def parse_boolean(value: Any) -> bool:
    """Parse flags such as ``1``, ``X``, ``ja``, ``true`` (True) and ``0``, ``nein``, ``false`` (False)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "x", "ja", "j", "yes", "y", "true", "wahr"}:
        return True
    if text in {"0", "nein", "n", "no", "false", "falsch", ""}:
        return False
    raise CellValueError(f"ja/nein erwartet: {value!r}", f"yes/no expected: {value!r}")


def digits(value: Any, width: int) -> str:
    """Official keys as strings with leading zeros kept (``"1001000"`` with width 8 -> ``"01001000"``)."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit():
        raise CellValueError(f"Schlüssel aus Ziffern erwartet: {value!r}", f"key of digits expected: {value!r}")
    if len(text) > width:
        raise CellValueError(
            f"Schlüssel länger als {width} Ziffern: {value!r}", f"key longer than {width} digits: {value!r}"
        )
    return text.zfill(width)
