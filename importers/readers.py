"""Generic readers: CSV/TSV (dialect, encoding and BOM detection), XLSX, JSON array and GeoJSON.

Every reader yields :class:`Record` objects: the RFC 7111 row number (the header counts as row 1, so the first
data row is 2; JSON items are numbered from 1), the cleaned cells, and a problem text when the row itself is
malformed (too many cells, broken quoting). Whole-file problems raise :class:`ReaderError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_service.core.errors import InputError
from importers.values import DEFAULT_NULL_MARKERS, clean

SNIFF_DELIMITERS = ",;\t|"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class ReaderError(InputError):
    """A file cannot be read at all (missing, wrong encoding, no header); the message names the file."""


@dataclass
class Record:
    """One input row: number, cells by column name, and a problem text if the row is malformed."""

    row: int
    data: dict[str, Any]
    problem: str | None = None
    column: str | None = None


@dataclass
class ReaderOptions:
    """How to read a file; ``"auto"`` means detect."""

    format: str = "auto"
    encoding: str = "auto"
    delimiter: str = "auto"
    quotechar: str = '"'
    null_markers: frozenset[str] = DEFAULT_NULL_MARKERS
    records: str | None = None  # JSON: dotted path to the array
    sheet: str | None = None  # XLSX: sheet name (default: first)
    header_row: int = 1
    required_columns: list[str] = field(default_factory=list)


def detect_format(path: Path) -> str:
    """Format from the file suffix."""
    suffix = path.suffix.lower()
    return {".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".json": "json", ".geojson": "geojson"}.get(suffix, "csv")


def decode(raw: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Decode bytes; detect a BOM, else try UTF-8 and fall back to Windows-1252. Returns (text, encoding)."""
    if encoding != "auto":
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReaderError(f"Datei ist nicht als {encoding} lesbar: {exc}") from exc
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw.decode(name), name
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """Guess the delimiter from the header line (most frequent candidate outside quotes), Sniffer as tiebreak."""
    header = text.split("\n", 1)[0]
    unquoted = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in SNIFF_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > 0 and sorted(counts.values())[-2] < counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=SNIFF_DELIMITERS).delimiter
    except csv.Error:
        return ","


def unique_headers(names: list[str]) -> tuple[list[str], list[str]]:
    """Make header names unique (``Ort``, ``Ort#2``) and name empty ones; returns (names, notes)."""
    seen: dict[str, int] = {}
    result: list[str] = []
    notes: list[str] = []
    for index, raw in enumerate(names, start=1):
        name = (raw or "").strip(" \t\ufeff") or f"Spalte{index}"
        if name in seen:
            seen[name] += 1
            new = f"{name}#{seen[name]}"
            notes.append(f"Spaltenname {name!r} kommt mehrfach vor; Spalte {index} heißt {new!r}")
            name = new
        else:
            seen[name] = 1
        result.append(name)
    return result, notes


def read_records(path: Path, options: ReaderOptions | None = None) -> Iterator[Record]:
    """Read any supported file into records."""
    options = options or ReaderOptions()
    if not path.is_file():
        raise ReaderError(f"{path}: Datei nicht gefunden")
    fmt = detect_format(path) if options.format == "auto" else options.format
    readers = {"csv": read_csv, "tsv": read_csv, "xlsx": read_xlsx, "json": read_json, "geojson": read_geojson}
    if fmt not in readers:
        raise ReaderError(f"{path}: unbekanntes Format {fmt!r}")
    if fmt == "tsv" and options.delimiter == "auto":
        options.delimiter = "\t"
    return readers[fmt](path, options)


def read_csv(path: Path, options: ReaderOptions) -> Iterator[Record]:
    """CSV/TSV with detected encoding, BOM and delimiter; CRLF, tabs in fields and padded cells handled."""
    text, _ = decode(path.read_bytes(), options.encoding)
    if not text.strip():
        raise ReaderError(f"{path}: Datei ist leer")
    delimiter = sniff_delimiter(text) if options.delimiter == "auto" else options.delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=options.quotechar, strict=True)
    rows = iter(reader)
    try:
        for _ in range(options.header_row):
            header = next(rows)
    except StopIteration as exc:
        raise ReaderError(f"{path}: keine Kopfzeile gefunden") from exc
    except csv.Error as exc:
        raise ReaderError(f"{path}: Kopfzeile nicht lesbar ({exc})") from exc
    names, _notes = unique_headers(header)
    _check_required(path, names, options.required_columns)
    yield from _csv_rows(rows, names, options, start=options.header_row + 1)


def _check_required(path: Path, names: list[str], required: list[str]) -> None:
    missing = [c for c in required if c not in names]
    if missing:
        raise ReaderError(f"{path}: Spalte(n) fehlen: {', '.join(missing)} (vorhanden: {', '.join(names)})")


def _csv_rows(rows: Iterator[list[str]], names: list[str], options: ReaderOptions, start: int) -> Iterator[Record]:
    number = start - 1
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield Record(number, {}, f"Zeile nicht lesbar: {exc}")
            continue
        number += 1
        if not any(c.strip() for c in cells):
            yield Record(number, {}, "leere Zeile")
            continue
        yield _record(number, names, cells, options.null_markers)


def _record(number: int, names: list[str], cells: list[Any], nulls: frozenset[str]) -> Record:
    data = {name: clean(cells[i], nulls) if i < len(cells) else None for i, name in enumerate(names)}
    extra = [c for c in cells[len(names) :] if clean(c, nulls) is not None]
    problem = None
    if extra:
        problem = f"{len(cells)} Zellen statt {len(names)} (falsches Trennzeichen oder Anführungszeichen?)"
    return Record(number, data, problem)


def read_xlsx(path: Path, options: ReaderOptions) -> Iterator[Record]:
    """First (or the named) sheet of an Excel workbook; row numbers are the sheet's row numbers."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReaderError(f"{path.name}: keine lesbare Excel-Datei ({exc})") from exc
    if options.sheet and options.sheet not in book.sheetnames:
        raise ReaderError(f"{path}: Tabellenblatt {options.sheet!r} fehlt (vorhanden: {', '.join(book.sheetnames)})")
    sheet = book[options.sheet] if options.sheet else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        for _ in range(options.header_row):
            header = next(rows)
    except StopIteration as exc:
        raise ReaderError(f"{path}: Tabellenblatt {sheet.title!r} hat keine Kopfzeile") from exc
    names, _ = unique_headers([str(h) if h is not None else "" for h in header])
    _check_required(path, names, options.required_columns)
    for number, cells in enumerate(rows, start=options.header_row + 1):
        values = [c.strip() if isinstance(c, str) else c for c in cells]
        if all(v is None or v == "" for v in values):
            continue  # empty spreadsheet rows are layout, not data
        yield _record(number, names, values, options.null_markers)
    book.close()


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested objects into dotted keys (``address.street``); lists stay lists."""
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _load_json(path: Path, options: ReaderOptions) -> Any:
    text, _ = decode(path.read_bytes(), options.encoding)
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ReaderError(f"{path.name}: JSON zu tief verschachtelt") from exc
    except json.JSONDecodeError as exc:
        raise ReaderError(f"{path}: kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}: {exc.msg})") from exc


def _items(path: Path, data: Any, dotted: str | None) -> list[Any]:
    for part in (dotted or "").split(".") if dotted else []:
        if not isinstance(data, dict) or part not in data:
            raise ReaderError(f"{path}: Schlüssel {dotted!r} nicht gefunden")
        data = data[part]
    if not isinstance(data, list):
        raise ReaderError(f"{path}: JSON-Array erwartet")
    return data


def read_json(path: Path, options: ReaderOptions) -> Iterator[Record]:
    """A JSON array of objects (or an array under ``records``); nested objects flattened to dotted keys."""
    for number, item in enumerate(_items(path, _load_json(path, options), options.records), start=1):
        if not isinstance(item, dict):
            yield Record(number, {}, f"Objekt erwartet, gefunden: {type(item).__name__}")
            continue
        yield Record(number, {k: clean(v, options.null_markers) for k, v in flatten(item).items()})


def read_geojson(path: Path, options: ReaderOptions) -> Iterator[Record]:
    """GeoJSON features: properties plus ``geometry.lon``/``geometry.lat`` for points and ``geometry.wkt``."""
    data = _load_json(path, options)
    for number, feature in enumerate(_items(path, data, options.records or "features"), start=1):
        if not isinstance(feature, dict):
            yield Record(number, {}, "Feature-Objekt erwartet")
            continue
        props = flatten(feature.get("properties") or {})
        cells = {k: clean(v, options.null_markers) for k, v in props.items()}
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            isinstance(geometry, dict)
            and geometry.get("type") == "Point"
            and isinstance(coords, list)
            and len(coords) >= 2
        ):
            cells["geometry.lon"], cells["geometry.lat"] = coords[0], coords[1]
        yield Record(number, cells)
