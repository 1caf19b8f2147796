"""Generic readers: CSV/TSV (dialect, encoding and BOM detection), XLSX, JSON array and GeoJSON.

Every reader yields :class:`Record` objects: the RFC 7111 row number (the header counts as row 1, so the first
data row is 2; JSON items are numbered from 1), the cleaned cells, and a problem text when the row itself is
malformed (too many cells, broken quoting). Whole-file problems raise :class:`ReaderError`.

:func:`open_table` also tells the columns before any row is read (CSV/XLSX: the header; JSON: every key of every
item), so a mapping can be checked against them first. :class:`ReadLimits` are checked before parsing: the file
size (for XLSX the uncompressed sizes in the zip directory, which zipfile enforces while inflating), the row
count (CSV: lines; XLSX: the sheet's ``<dimension>``), the JSON nesting depth; cells longer than the limit make
their row unreadable.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_service.core.errors import InputError, Location
from graph_service.core.settings import Settings
from importers.values import DEFAULT_NULL_MARKERS, clean

SNIFF_DELIMITERS = ",;\t|"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class ReaderError(InputError):
    """A file cannot be read at all (missing, wrong encoding, no header); the message names the file."""


class TooLarge(ReaderError):
    """A file passes an import limit (size, rows, cell length, nesting); refused before it is parsed."""


@dataclass(frozen=True)
class ReadLimits:
    """Import limits (settings ``import_max_*``), checked before parsing."""

    max_bytes: int = 100 * 2**20
    max_rows: int = 1_000_000
    max_cell_chars: int = 100_000
    max_json_depth: int = 64

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        return cls(
            settings.import_max_bytes,
            settings.import_max_rows,
            settings.import_max_cell_chars,
            settings.import_max_json_depth,
        )


def _error(path: Path, de: str, en: str) -> ReaderError:
    """A whole-file problem naming the file (its name only: a local directory may contain a person's name)."""
    return ReaderError(de, en, where=Location(file=path.name))


def _too_large(path: Path, de: str, en: str, setting: str) -> TooLarge:
    return TooLarge(
        de,
        en,
        where=Location(file=path.name),
        fix_de=f"Datei aufteilen oder die Grenze BILDUNGSGRAPH_{setting.upper()} erhöhen.",
        fix_en=f"split the file or raise the limit BILDUNGSGRAPH_{setting.upper()}.",
    )


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
    limits: ReadLimits = field(default_factory=ReadLimits)


@dataclass
class Table:
    """An opened file: its columns (known before any row is read) and its records.

    ``item_keys``: for JSON list columns holding objects, the keys seen in any item (``buildings`` ->
    ``{street, postcode, …}``)."""

    columns: list[str]
    records: Iterator[Record]
    item_keys: dict[str, set[str]] = field(default_factory=dict)


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
            raise ReaderError(
                f"Datei ist nicht als {encoding} lesbar: {exc}", f"file cannot be read as {encoding}: {exc}"
            ) from exc
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
    return open_table(path, options).records


def open_table(path: Path, options: ReaderOptions | None = None) -> Table:
    """Open any supported file: limits checked, header read, records still to come."""
    options = options or ReaderOptions()
    if not path.is_file():
        raise _error(path, "Datei nicht gefunden", "file not found")
    fmt = detect_format(path) if options.format == "auto" else options.format
    readers = {"csv": read_csv, "tsv": read_csv, "xlsx": read_xlsx, "json": read_json, "geojson": read_geojson}
    if fmt not in readers:
        raise _error(path, f"unbekanntes Format {fmt!r}", f"unknown format {fmt!r}")
    if fmt == "tsv" and options.delimiter == "auto":
        options.delimiter = "\t"
    if fmt != "xlsx":
        _check_size(path, path.stat().st_size, options.limits)
    return readers[fmt](path, options)


def _check_size(path: Path, size: int, limits: ReadLimits) -> None:
    if size > limits.max_bytes:
        mib, limit = size / 2**20, limits.max_bytes / 2**20
        raise _too_large(
            path,
            f"Datei zu groß: {mib:,.1f} MiB (unkomprimiert), erlaubt sind {limit:,.1f} MiB",
            f"file too large: {mib:,.1f} MiB (uncompressed), the limit is {limit:,.1f} MiB",
            "import_max_bytes",
        )


def _check_rows(path: Path, rows: int, limits: ReadLimits) -> None:
    if rows > limits.max_rows:
        raise _too_large(
            path,
            f"zu viele Zeilen: {rows:,}, erlaubt sind {limits.max_rows:,}",
            f"too many rows: {rows:,}, the limit is {limits.max_rows:,}",
            "import_max_rows",
        )


def read_csv(path: Path, options: ReaderOptions) -> Table:
    """CSV/TSV with detected encoding, BOM and delimiter; CRLF, tabs in fields and padded cells handled."""
    raw = path.read_bytes()
    _check_rows(path, raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1) - options.header_row, options.limits)
    text, _ = decode(raw, options.encoding)
    del raw
    if not text.strip():
        raise _error(path, "Datei ist leer", "file is empty")
    delimiter = sniff_delimiter(text) if options.delimiter == "auto" else options.delimiter
    csv.field_size_limit(max(options.limits.max_cell_chars, 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=options.quotechar, strict=True)
    rows = iter(reader)
    try:
        for _ in range(options.header_row):
            header = next(rows)
    except StopIteration as exc:
        raise _error(path, "keine Kopfzeile gefunden", "no header row found") from exc
    except csv.Error as exc:
        raise _error(path, f"Kopfzeile nicht lesbar ({exc})", f"header row cannot be read ({exc})") from exc
    names, _notes = unique_headers(header)
    _check_required(path, names, options.required_columns)
    return Table(names, _csv_rows(rows, names, options, start=options.header_row + 1))


def _check_required(path: Path, names: list[str], required: list[str]) -> None:
    missing = [c for c in required if c not in names]
    if missing:
        raise _error(
            path,
            f"Spalte(n) fehlen: {', '.join(missing)} (vorhanden: {', '.join(names)})",
            f"column(s) missing: {', '.join(missing)} (present: {', '.join(names)})",
        )


def _csv_rows(rows: Iterator[list[str]], names: list[str], options: ReaderOptions, start: int) -> Iterator[Record]:
    number = start - 1
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            reason = (
                f"eine Zelle ist länger als {options.limits.max_cell_chars:,} Zeichen"
                if "field larger than field limit" in str(exc)
                else str(exc)
            )
            yield Record(number, {}, f"Zeile nicht lesbar: {reason}")
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


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def _check_xlsx_zip(path: Path, limits: ReadLimits) -> None:
    """Refuse a workbook by its zip directory (uncompressed sizes) and its sheets' ``<dimension>``, unparsed."""
    from openpyxl.utils.cell import range_boundaries  # lazy: openpyxl costs 0.15 s at start; CSV and JSON need none

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_size(path, sum(i.file_size for i in infos), limits)
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as sheet:
                        head = sheet.read(4096)
                    match = _DIMENSION.search(head)
                    if match:
                        _min_col, _min_row, _max_col, max_row = range_boundaries(match[1].decode())
                        _check_rows(path, (max_row or 0) - 1, limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _error(path, f"keine lesbare Excel-Datei ({exc})", f"not a readable Excel file ({exc})") from exc


def read_xlsx(path: Path, options: ReaderOptions) -> Table:
    """First (or the named) sheet of an Excel workbook; row numbers are the sheet's row numbers."""
    from openpyxl import load_workbook  # lazy: as above
    from openpyxl.utils.exceptions import InvalidFileException

    _check_xlsx_zip(path, options.limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _error(path, f"keine lesbare Excel-Datei ({exc})", f"not a readable Excel file ({exc})") from exc
    if options.sheet and options.sheet not in book.sheetnames:
        raise _error(
            path,
            f"Tabellenblatt {options.sheet!r} fehlt (vorhanden: {', '.join(book.sheetnames)})",
            f"sheet {options.sheet!r} missing (present: {', '.join(book.sheetnames)})",
        )
    sheet = book[options.sheet] if options.sheet else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        for _ in range(options.header_row):
            header = next(rows)
    except StopIteration as exc:
        raise _error(
            path, f"Tabellenblatt {sheet.title!r} hat keine Kopfzeile", f"sheet {sheet.title!r} has no header row"
        ) from exc
    names, _ = unique_headers([str(h) if h is not None else "" for h in header])
    _check_required(path, names, options.required_columns)
    return Table(names, _xlsx_rows(path, book, rows, names, options))


def _xlsx_rows(
    path: Path, book: Any, rows: Iterator[tuple], names: list[str], options: ReaderOptions
) -> Iterator[Record]:
    limit = options.limits.max_cell_chars
    count = 0
    for number, cells in enumerate(rows, start=options.header_row + 1):
        values = [c.strip() if isinstance(c, str) else c for c in cells]
        if all(v is None or v == "" for v in values):
            continue  # empty spreadsheet rows are layout, not data
        count += 1
        _check_rows(path, count, options.limits)
        if any(isinstance(v, str) and len(v) > limit for v in values):
            yield Record(number, {}, f"Zeile nicht lesbar: eine Zelle ist länger als {limit:,} Zeichen")
            continue
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


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(text: str, stop_above: int) -> int:
    """Deepest nesting of arrays/objects in JSON text (strings skipped); stops counting above ``stop_above``."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _load_json(path: Path, options: ReaderOptions) -> Any:
    text, _ = decode(path.read_bytes(), options.encoding)
    limit = options.limits.max_json_depth
    if json_depth(text, limit) > limit:
        raise _too_large(
            path,
            f"JSON zu tief verschachtelt (mehr als {limit} Ebenen)",
            f"JSON nested too deeply (more than {limit} levels)",
            "import_max_json_depth",
        )
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise _error(path, "JSON zu tief verschachtelt", "JSON nested too deeply") from exc
    except json.JSONDecodeError as exc:
        raise _error(
            path,
            f"kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}: {exc.msg})",
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from exc


def _items(path: Path, data: Any, dotted: str | None) -> list[Any]:
    for part in (dotted or "").split(".") if dotted else []:
        if not isinstance(data, dict) or part not in data:
            raise _error(path, f"Schlüssel {dotted!r} nicht gefunden", f"key {dotted!r} not found")
        data = data[part]
    if not isinstance(data, list):
        raise _error(path, "JSON-Array erwartet", "JSON array expected")
    return data


def _json_table(path: Path, records: list[Record], limits: ReadLimits) -> Table:
    """Columns of JSON records: every key of any item; list columns of objects with their items' keys."""
    _check_rows(path, len(records), limits)
    columns: dict[str, None] = {}
    item_keys: dict[str, set[str]] = {}
    for record in records:
        for key, value in record.data.items():
            columns.setdefault(key, None)
            if isinstance(value, list):
                keys = item_keys.setdefault(key, set())
                for item in value:
                    if isinstance(item, dict):
                        keys.update(flatten(item))
    return Table(list(columns), iter(records), item_keys)


def read_json(path: Path, options: ReaderOptions) -> Table:
    """A JSON array of objects (or an array under ``records``); nested objects flattened to dotted keys."""
    records = []
    for number, item in enumerate(_items(path, _load_json(path, options), options.records), start=1):
        if not isinstance(item, dict):
            records.append(Record(number, {}, f"Objekt erwartet, gefunden: {type(item).__name__}"))
            continue
        records.append(Record(number, {k: clean(v, options.null_markers) for k, v in flatten(item).items()}))
    return _json_table(path, records, options.limits)


def read_geojson(path: Path, options: ReaderOptions) -> Table:
    """GeoJSON features: properties plus ``geometry.lon``/``geometry.lat`` for points and ``geometry.wkt``."""
    data = _load_json(path, options)
    records = []
    for number, feature in enumerate(_items(path, data, options.records or "features"), start=1):
        if not isinstance(feature, dict):
            records.append(Record(number, {}, "Feature-Objekt erwartet"))
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
        records.append(Record(number, cells))
    return _json_table(path, records, options.limits)
