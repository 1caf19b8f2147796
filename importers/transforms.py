"""Transforms of the mapping language: templates with optional parts and the ``derive`` steps.

Templates: ``{Spalte}`` placeholders; a part in square brackets vanishes when a placeholder inside it is empty
(``"{Straße}[ {Hausnummer}]"`` keeps the street without a number), a placeholder outside brackets is required
(the template gives nothing when it is empty). ``derive`` steps add columns to a row before filters and entities
see it: regex extraction with named groups, ``coalesce``, text steps, dates, decimal commas and lookups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from importers.mapping import DeriveSpec, Mapping, Step
from importers.values import CellValueError, parse_decimal

_TOKEN = re.compile(r"\{([^{}]+)\}|\[|\]|[^{}\[\]]+")
_EXCEL_EPOCH = date(1899, 12, 30)


class TransformError(ValueError):
    """A value cannot be transformed; German and English text, the column and the value."""

    def __init__(self, de: str, en: str, column: str | None = None, value: Any = None) -> None:
        super().__init__(de)
        self.de, self.en, self.column, self.value = de, en, column, value


@dataclass(frozen=True)
class Template:
    """A parsed template: a list of parts; a part is (optional, [(literal, placeholder)…])."""

    parts: tuple[tuple[bool, tuple[tuple[str, str | None], ...]], ...]

    @property
    def placeholders(self) -> list[str]:
        return [name for _, items in self.parts for _, name in items if name is not None]


@lru_cache(maxsize=1024)
def parse_template(text: str) -> Template:
    """Split a template into required and optional (``[…]``) parts."""
    parts: list[tuple[bool, tuple[tuple[str, str | None], ...]]] = []
    current: list[tuple[str, str | None]] = []
    optional = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[]":
            if current:
                parts.append((optional, tuple(current)))
            current, optional = [], token == "["
        elif match[1] is not None:
            current.append(("", match[1]))
        else:
            current.append((token, None))
    if current:
        parts.append((optional, tuple(current)))
    return Template(tuple(parts))


def placeholders(text: str) -> list[str]:
    """Column names a template refers to."""
    return parse_template(text).placeholders


def fill(template: str, lookup: Callable[[str], Any]) -> str | None:
    """Fill a template; None if a required placeholder is empty, optional parts with an empty one vanish."""
    out: list[str] = []
    for optional, items in parse_template(template).parts:
        piece: list[str] = []
        for literal, name in items:
            if name is None:
                piece.append(literal)
                continue
            value = lookup(name)
            if value is None or value == "" or isinstance(value, list):
                if not optional:
                    return None
                piece = []
                break
            piece.append(_text(value))
        out.extend(piece)
    return "".join(out).strip()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_or_template(text: str, lookup: Callable[[str], Any]) -> Any:
    """A template (it has ``{…}``) filled, else the value of the column of that name."""
    return fill(text, lookup) if "{" in text else lookup(text)


def coalesce(items: list[str], lookup: Callable[[str], Any]) -> Any:
    """The first non-empty of several columns or templates."""
    for item in items:
        value = column_or_template(item, lookup)
        if value not in (None, "", []):
            return value
    return None


# -- text steps ------------------------------------------------------------------------------------------------
def _replace(text: str, table: dict[str, str]) -> str:
    for old, new in table.items():
        text = text.replace(str(old), str(new))
    return text


def _regex_replace(text: str, args: list[str]) -> str:
    return re.sub(args[0], args[1] if len(args) > 1 else "", text)


def _title(text: str) -> str:
    """``GRUNDSCHULE AM SEE`` -> ``Grundschule Am See``; words with digits stay as they are."""
    return " ".join(w if any(c.isdigit() for c in w) else w[:1].upper() + w[1:].lower() for w in text.split(" "))


_SIMPLE: dict[str, Callable[[str], str]] = {
    "strip": str.strip,
    "lower": str.lower,
    "upper": str.upper,
    "title": _title,
    "collapse": lambda t: re.sub(r"\s+", " ", t).strip(),
    "digits": lambda t: re.sub(r"\D", "", t),
}


def apply_step(value: Any, step: Step) -> Any:
    """One text step; a list (after ``split``) is transformed item by item."""
    if isinstance(value, list):
        return [v for v in (apply_step(item, step) for item in value) if v not in (None, "")]
    text = _text(value)
    if isinstance(step, str):
        return _SIMPLE[step](text)
    name, arg = next(iter(step.items()))
    if name == "replace":
        return _replace(text, arg)
    if name == "regex_replace":
        return _regex_replace(text, arg if isinstance(arg, list) else [arg])
    if name == "split":
        return [part.strip() for part in text.split(arg) if part.strip()]
    if name == "pad":
        return text.zfill(int(arg))
    raise TransformError(f"unbekannter Schritt {name!r}", f"unknown step {name!r}")


# -- dates and numbers -----------------------------------------------------------------------------------------
_DATE_TOKENS = {"TT": r"(?P<d>\d{1,2})", "MM": r"(?P<m>\d{1,2})", "JJJJ": r"(?P<y>\d{4})", "JJ": r"(?P<yy>\d{2})"}
_DATE_TOKENS.update({"DD": _DATE_TOKENS["TT"], "YYYY": _DATE_TOKENS["JJJJ"], "YY": _DATE_TOKENS["JJ"]})


@lru_cache(maxsize=64)
def _date_pattern(fmt: str) -> re.Pattern[str]:
    pattern = re.escape(fmt)
    for token in sorted(_DATE_TOKENS, key=len, reverse=True):
        pattern = pattern.replace(token, _DATE_TOKENS[token], 1)
    return re.compile(pattern)


def parse_date(value: Any, formats: list[str]) -> str:
    """ISO date (``JJJJ-MM-TT``) from a cell: German formats such as ``TT.MM.JJJJ``, or ``excel`` serials."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value).strip()
    for fmt in formats:
        if fmt.lower() == "excel":
            serial = _excel_serial(value)
            if serial is not None:
                return serial
            continue
        match = _date_pattern(fmt).fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        year = int(groups["y"]) if groups.get("y") else 2000 + int(groups.get("yy") or 0)
        try:
            return date(year, int(groups.get("m") or 1), int(groups.get("d") or 1)).isoformat()
        except ValueError:
            continue
    raise TransformError(
        f"kein Datum im Format {' oder '.join(formats)}: {text!r}",
        f"not a date in the format {' or '.join(formats)}: {text!r}",
    )


def _excel_serial(value: Any) -> str | None:
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    if not (1 <= number < 2_958_466) or not float(number).is_integer():  # 1900-01-01 .. 9999-12-31
        return None
    return (_EXCEL_EPOCH + timedelta(days=int(number))).isoformat()


def parse_number(value: Any, style: str) -> str:
    """Canonical decimal text: ``de`` reads ``1.234,5`` (point = thousands), ``en`` reads ``1,234.5``."""
    text = re.sub(r"[\s\u00a0\u202f']", "", _text(value))
    text = text.replace(".", "").replace(",", ".") if style == "de" else text.replace(",", "")
    try:
        return str(parse_decimal(text))
    except CellValueError as exc:
        raise TransformError(f"keine Zahl: {value!r}", f"not a number: {value!r}") from exc


# -- derive ----------------------------------------------------------------------------------------------------
def lookup_chain(mapping: Mapping, names: list[str], value: Any) -> tuple[Any, str | None]:
    """The entry of ``value`` in the first value map that knows it: (entry, map name), else (None, None)."""
    key = _text(value)
    for name in names:
        table = mapping.value_maps.get(name, {})
        if key in table:
            return table[key], name
    return None, None


def derive_row(mapping: Mapping, data: dict[str, Any], lookup: Callable[[str], Any]) -> None:
    """Run every derive step of ``mapping`` on one row (adds columns to ``data``)."""
    for step in mapping.derive:
        data.update(derive_one(mapping, step, lookup))


def derive_one(mapping: Mapping, step: DeriveSpec, lookup: Callable[[str], Any]) -> dict[str, Any]:
    """The columns one derive step adds to a row."""
    column = step.source or ", ".join(step.coalesce)
    value = column_or_template(step.source, lookup) if step.source is not None else coalesce(step.coalesce, lookup)
    if value in (None, "", []):
        if step.required:
            raise TransformError("Wert fehlt", "value missing", column)
        return dict.fromkeys(step.outputs())
    try:
        if step.extract is not None:
            return _extract(step, value, column)
        for item in step.apply:
            value = apply_step(value, item)
        if step.date is not None:
            formats = [step.date] if isinstance(step.date, str) else step.date
            value = _each(value, lambda v: parse_date(v, formats))
        if step.number is not None:
            value = _each(value, lambda v: parse_number(v, step.number or "de"))
        if step.lookup is not None:
            value = _each(value, lambda v: _lookup(mapping, step, v))
    except TransformError as exc:
        exc.column, exc.value = exc.column or column, exc.value if exc.value is not None else value
        raise
    return {step.into or "": value if value not in ("", []) else None}


def _each(value: Any, function: Callable[[Any], Any]) -> Any:
    return [function(v) for v in value] if isinstance(value, list) else function(value)


def _extract(step: DeriveSpec, value: Any, column: str) -> dict[str, Any]:
    pattern = re.compile(step.extract or "")
    match = pattern.search(_text(value))
    if match is None:
        if step.required:
            raise TransformError(
                f"Wert passt nicht zum Muster {step.extract}",
                f"value does not match the pattern {step.extract}",
                column,
                value,
            )
        return dict.fromkeys(pattern.groupindex)
    return {name: (text.strip() or None) if text is not None else None for name, text in match.groupdict().items()}


def _lookup(mapping: Mapping, step: DeriveSpec, value: Any) -> Any:
    names = [step.lookup] if isinstance(step.lookup, str) else list(step.lookup or [])
    entry, _ = lookup_chain(mapping, names, value)
    if entry is not None:
        return entry
    if step.default is not None:
        return step.default
    where = ", ".join(f"value_maps.{n} (Zeile {mapping.line_of('value_maps', n)})" for n in names)
    where_en = ", ".join(f"value_maps.{n} (line {mapping.line_of('value_maps', n)})" for n in names)
    raise TransformError(
        f"unbekannter Code {_text(value)!r} – im Mapping unter {where} ergänzen",
        f"unknown code {_text(value)!r} – add it to the mapping under {where_en}",
    )


def bits(value: Any) -> list[str]:
    """The set bits of a bitmask cell as codes: ``13`` -> ``["1", "4", "8"]``."""
    try:
        number = int(parse_decimal(value))
    except (CellValueError, ValueError) as exc:
        raise TransformError(
            f"Bitmaske (ganze Zahl) erwartet: {value!r}", f"bitmask (integer) expected: {value!r}"
        ) from exc
    if number < 0:
        raise TransformError(f"Bitmaske darf nicht negativ sein: {value!r}", f"bitmask must not be negative: {value!r}")
    return [str(1 << i) for i in range(number.bit_length()) if number >> i & 1]
