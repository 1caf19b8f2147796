"""The declarative mapping format (YAML), validated with pydantic. See docs/mappings.md for a worked example.

A mapping that cannot be loaded is ONE :class:`MappingError` naming the file, line and column, in German and
English (YAML syntax and schema problems alike; pydantic's own texts never reach the user). The line of every
part of the file is kept (:meth:`Mapping.line_of`), so later checks (unknown columns, unknown codes) can point
at the line to fix.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from graph_service.core.errors import InputError, Location
from importers.readers import ReaderOptions, ReadLimits
from importers.values import DEFAULT_NULL_MARKERS

MAPPINGS_DIR = Path(__file__).parent / "mappings"


class MappingError(InputError):
    """A mapping file is missing or invalid; the message names the file and the field."""


class SpecError(ValueError):
    """A rule of the mapping format is broken (raised inside validators; carries German and English text)."""

    def __init__(self, de: str, en: str) -> None:
        super().__init__(de)
        self.de, self.en = de, en


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Spec):
    """A test on one column (``a[].b`` tests every item of the list ``a``); all given tests must hold."""

    column: str
    equals: str | list[str] | None = None
    not_equals: str | list[str] | None = None
    startswith: str | list[str] | None = None
    matches: str | None = None  # a regular expression found in the value (re.search)
    not_matches: str | None = None
    present: bool | None = None


class ReaderSpec(_Spec):
    """File format and dialect; ``auto`` detects."""

    format: Literal["auto", "csv", "tsv", "xlsx", "json", "geojson"] = "auto"
    encoding: str = "auto"
    delimiter: str = "auto"
    null_markers: list[str] | None = None
    records: str | None = None
    sheet: str | None = None
    header_row: int = 1
    required_columns: list[str] = Field(default_factory=list)
    optional_columns: list[str] = Field(default_factory=list)  # may be missing from a file (then empty)

    def options(self, limits: ReadLimits | None = None) -> ReaderOptions:
        nulls = frozenset(self.null_markers) if self.null_markers is not None else DEFAULT_NULL_MARKERS
        return ReaderOptions(
            format=self.format,
            encoding=self.encoding,
            delimiter=self.delimiter,
            null_markers=nulls,
            records=self.records,
            sheet=self.sheet,
            header_row=self.header_row,
            required_columns=list(self.required_columns),
            limits=limits or ReadLimits(),
        )


Step = str | dict[str, Any]
STEP_NAMES = ("strip", "lower", "upper", "title", "collapse", "digits", "replace", "regex_replace", "split", "pad")


class DeriveSpec(_Spec):
    """One step that adds columns to every row before filters and entities see it (in the order given).

    The value comes ``from`` a column or template, or is the first non-empty of ``coalesce``; then ``extract``
    (regex with named groups: one column per group), ``apply`` (strip, lower, upper, title, collapse, digits,
    ``{replace: {alt: neu}}``, ``{regex_replace: [muster, ersatz]}``, ``{split: ";"}``, ``{pad: 8}``), ``date``
    (formats tried in order: ``TT.MM.JJJJ``, ``JJJJ-MM-TT``, ``excel``), ``number`` (``de``: decimal comma),
    ``lookup`` (value maps tried in order, then ``default``) turn it into the column ``into``.
    """

    into: str | None = None
    source: str | None = Field(None, alias="from")
    coalesce: list[str] = Field(default_factory=list)
    extract: str | None = None
    apply: list[Step] = Field(default_factory=list)
    date: str | list[str] | None = None
    number: Literal["de", "en"] | None = None
    lookup: str | list[str] | None = None
    default: str | None = None
    required: bool = False

    @model_validator(mode="after")
    def _shape(self) -> DeriveSpec:
        if (self.source is None) == (not self.coalesce):
            raise SpecError("genau eines von from, coalesce angeben", "give exactly one of from, coalesce")
        if self.extract is not None:
            try:
                pattern = re.compile(self.extract)
            except re.error as exc:
                raise SpecError(f"ungültiger regulärer Ausdruck: {exc}", f"invalid regular expression: {exc}") from exc
            if not pattern.groupindex:
                raise SpecError(
                    "extract braucht benannte Gruppen, z. B. (?P<plz>\\d{5})",
                    "extract needs named groups, e.g. (?P<plz>\\d{5})",
                )
        elif self.into is None:
            raise SpecError("into (Name der neuen Spalte) fehlt", "into (name of the new column) is missing")
        for step in self.apply:
            name = step if isinstance(step, str) else next(iter(step), "")
            if name not in STEP_NAMES or (isinstance(step, dict) and len(step) != 1):
                raise SpecError(
                    f"unbekannter Schritt {step!r} (bekannt: {', '.join(STEP_NAMES)})",
                    f"unknown step {step!r} (known: {', '.join(STEP_NAMES)})",
                )
        return self

    def outputs(self) -> list[str]:
        """Names of the columns this step adds."""
        if self.extract is not None:
            return list(re.compile(self.extract).groupindex)
        return [self.into or ""]


class PropertySpec(_Spec):
    """One property: its value from a ``column``, a ``template`` (``{col}`` placeholders) or a constant ``value``.

    ``kind``: literal (with ``datatype``/``lang``), iri, url (a web address, ``https://`` added), region (a region
    key -> region IRI), concept (slug or German label in ``scheme``), ref (IRIs of another entity of the same row,
    by its id), entity (an IRI, or a local id minted as ``{scheme}/{id}``, e.g. scheme ``actor``).
    ``map`` translates source values first (value map name, or a list tried in order); an entry may be a list
    (one code -> several values); ``bitmask`` reads the cell as a number and maps each set bit (1, 2, 4, …);
    ``split`` splits one cell into several values; ``coalesce`` takes the first non-empty column or template.
    """

    p: str
    column: str | None = None
    template: str | None = None
    coalesce: list[str] | None = None
    value: Any = None
    ref: str | None = None
    kind: Literal["literal", "iri", "url", "region", "concept", "ref", "entity"] = "literal"
    datatype: str | None = None
    lang: str | None = None
    scheme: str | None = None
    map: str | list[str] | None = None
    bitmask: bool = False
    split: str | None = None
    when: list[Condition] = Field(default_factory=list)
    required: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> PropertySpec:
        given = [x for x in (self.column, self.template, self.coalesce, self.value, self.ref) if x is not None]
        if len(given) != 1:
            raise SpecError(
                f"Eigenschaft {self.p}: genau eines von column, template, coalesce, value, ref angeben",
                f"property {self.p}: give exactly one of column, template, coalesce, value, ref",
            )
        if self.bitmask and not self.map:
            raise SpecError("bitmask braucht map (Wertetabelle der Bits)", "bitmask needs map (value map of the bits)")
        if self.ref is not None:
            self.kind = "ref"
        return self

    @property
    def source_text(self) -> str:
        """The column or template the value comes from (for messages)."""
        return self.column or self.template or ", ".join(self.coalesce or []) or str(self.value)


class Classify(_Spec):
    """Classify an entity by a code column (``column``, optionally ``split`` or ``bitmask``) or by flag columns."""

    map: str | list[str]
    column: str | None = None
    split: str | None = None
    bitmask: bool = False  # the cell is a number; each set bit (1, 2, 4, …) is a code of the map
    contains: bool = False  # codes are the map keys found inside the cell (case-insensitive), e.g. in a name
    scheme: str | None = None  # the cell names a concept of this scheme (label or slug); its slug is the code
    flags: list[str] = Field(default_factory=list)

    @property
    def maps(self) -> list[str]:
        return [self.map] if isinstance(self.map, str) else list(self.map)


class AddressSpec(_Spec):
    """Templates of the postal address parts."""

    street: str | None = None
    postal_code: str | None = None
    locality: str | None = None


class GeometrySpec(_Spec):
    """Columns with WGS84 longitude and latitude."""

    lon: str
    lat: str


class PlacementSpec(_Spec):
    """Where the entity lies: an 8-digit AGS template, a postcode (+ locality) looked up in the PLZ table, or a
    free-text ``address`` (``"Musterstraße 1, 06108 Halle (Saale)"``) whose postcode and town are read from it."""

    ags: str | None = None
    postcode: str | None = None
    locality: str | None = None
    address: str | None = None  # column or template with the whole address
    required: bool = True
    overrides: dict[str, str] = Field(default_factory=dict)  # "PLZ Ort" -> AGS, for Ortsteile the table lacks
    within: str | None = None  # AGS prefix (or $param): rows placed elsewhere are out of scope (filtered)


class MeasureSpec(_Spec):
    """One numeric column observed as a Data Cube observation."""

    column: str
    indicator: str
    label: str
    monitoring_area: str
    unit: str | None = None


class ObservationSpec(_Spec):
    """Observations made of some columns of each row, in one qb:DataSet."""

    dataset: str
    dataset_label: str
    ref_period: str
    ref_area: str = "municipality"  # or a region-key template
    measures: list[MeasureSpec]


class SiteSpec(_Spec):
    """The building of an organisation: an ``org:Site`` with its own address, geometry and municipality.

    Rows sharing the organisation's IRI but with another address add another site; the organisation keeps the
    values of its first row. ``iri`` defaults to ``site/<local id of the organisation>-<address>``."""

    iri: str | list[str] | None = None
    label: str | None = None  # template
    properties: list[PropertySpec] = Field(default_factory=list)
    address: AddressSpec | None = None
    geometry: GeometrySpec | None = None
    municipality: PlacementSpec | None = None


class EntitySpec(_Spec):
    """One kind of entity each row (or each item of a list column, ``for_each``) produces."""

    id: str
    iri: str | list[str] | None = None  # "{kind}/{local template}"; a list: the first whose placeholders are filled
    region: str | None = None  # region key template (AdminUnits)
    when: list[Condition] = Field(default_factory=list)
    for_each: str | None = None
    types: list[str] = Field(default_factory=list)
    classify: list[Classify] = Field(default_factory=list)
    properties: list[PropertySpec] = Field(default_factory=list)
    address: AddressSpec | None = None
    geometry: GeometrySpec | None = None
    municipality: PlacementSpec | None = None
    observations: ObservationSpec | None = None
    site: SiteSpec | None = None
    label_for_messages: str | None = None

    @model_validator(mode="after")
    def _one_iri(self) -> EntitySpec:
        if (self.iri is None) == (self.region is None):
            raise SpecError(
                f"Entität {self.id}: genau eines von iri, region angeben",
                f"entity {self.id}: give exactly one of iri, region",
            )
        return self

    @property
    def iri_templates(self) -> list[str]:
        return [] if self.iri is None else [self.iri] if isinstance(self.iri, str) else list(self.iri)


class SourceSpec(_Spec):
    """Licence, attribution and description of the source (goes into the metadata graph)."""

    title: str
    licence: str
    attribution: str | None = None
    publisher: str | None = None
    source_url: str | None = None
    description: str | None = None


class Mapping(_Spec):
    """A whole mapping file."""

    id: str
    source: SourceSpec
    reader: ReaderSpec = Field(default_factory=ReaderSpec)
    params: dict[str, str] = Field(default_factory=dict)
    derive: list[DeriveSpec] = Field(default_factory=list)
    filters: list[Condition] = Field(default_factory=list)
    personal_data: list[str] = Field(default_factory=list)
    value_maps: dict[str, dict[str, Any]] = Field(default_factory=dict)
    entities: list[EntitySpec]
    hook: str | None = None
    hook_options: dict[str, Any] = Field(default_factory=dict)
    path: Path | None = Field(default=None, exclude=True)
    _lines: dict[tuple, tuple[int, int]] = PrivateAttr(default_factory=dict)

    def line_of(self, *path: str | int) -> int | None:
        """Line (1-based) of a part of the mapping file, e.g. ``line_of("value_maps", "schularten")``."""
        for end in range(len(path), -1, -1):
            if path[:end] in self._lines:
                return self._lines[path[:end]][0]
        return None

    @property
    def file_name(self) -> str:
        return self.path.name if self.path else f"Mapping {self.id}"


def params_from_pairs(items: Iterable[str]) -> dict[str, str]:
    """``["kreis=01001"]`` -> ``{"kreis": "01001"}`` (``--param`` and the service's import form); InputError
    for an item without ``=``. Whether the mapping declares the names is checked when the batch is built."""
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(
                f"Parameter „{item}“: erwartet name=wert",
                f'parameter "{item}": expected name=value',
                fix_de="z. B. --param kreis=01001",
                fix_en="e.g. --param kreis=01001",
            )
        params[key.strip()] = value.strip()
    return params


def shipped_mappings() -> dict[str, Path]:
    """Ids of the mappings shipped in importers/mappings -> file."""
    return {p.stem: p for p in sorted(MAPPINGS_DIR.glob("*.yaml"))}


@functools.cache
def directory_mappings() -> dict[str, Mapping]:
    """The shipped mappings of directories (school and Kita lists, registers), not the sheet templates
    (``vorlage-*``): id -> mapping, for the workspace's choice of a source's kind and its parameter fields."""
    return {name: load_mapping(path) for name, path in shipped_mappings().items() if not name.startswith("vorlage-")}


def load_mapping(mapping: str | Path) -> Mapping:
    """Load a mapping by shipped id or file path; raises MappingError with a readable message."""
    path = Path(mapping)
    if not path.is_file():
        shipped = shipped_mappings()
        if str(mapping) not in shipped:
            raise MappingError(
                f"Mapping „{mapping}“ nicht gefunden (mitgeliefert: {', '.join(shipped)})",
                f'mapping "{mapping}" not found (shipped: {", ".join(shipped)})',
                where=Location(file=str(mapping)),
            )
        path = shipped[str(mapping)]
    data, lines = parse_yaml(path)
    try:
        result = Mapping.model_validate(data)
    except ValidationError as exc:
        raise schema_error(path, exc, lines) from None
    result.path = path
    result._lines = lines
    return result


def parse_yaml(path: Path) -> tuple[Any, dict[tuple, tuple[int, int]]]:
    """The YAML document and the (line, column) of every key and item, by path."""
    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "?"
        raise MappingError(
            f"kein gültiges YAML (Spalte {col}): {problem} – Einrückung, Doppelpunkte und Anführungszeichen prüfen",
            f"not valid YAML (column {col}): {problem} – check indentation, colons and quotes",
            where=Location(file=path.name, line=line),
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(
            f"kein gültiges YAML: {exc}", f"not valid YAML: {exc}", where=Location(file=path.name)
        ) from None
    if not isinstance(data, dict):
        raise MappingError(
            "ein Mapping ist eine YAML-Zuordnung (id:, source:, entities: …)",
            "a mapping is a YAML mapping (id:, source:, entities: …)",
            where=Location(file=path.name, line=1),
        )
    lines: dict[tuple, tuple[int, int]] = {}
    _positions(node, (), lines)
    return data, lines


def _positions(node: yaml.Node, path: tuple, out: dict[tuple, tuple[int, int]]) -> None:
    out.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            out[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _positions(value, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*path, index), out)


def _field_names() -> set[str]:
    names: set[str] = set()
    for model in (Mapping, SourceSpec, ReaderSpec, EntitySpec, PropertySpec, Classify, DeriveSpec, SiteSpec,
                  AddressSpec, GeometrySpec, PlacementSpec, ObservationSpec, MeasureSpec, Condition):  # fmt: skip
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names


_TYPE_WORDS = {
    "string_type": ("Text", "text"),
    "list_type": ("Liste", "list"),
    "dict_type": ("Zuordnung (schlüssel: wert)", "mapping (key: value)"),
    "bool_type": ("true/false", "true/false"),
    "bool_parsing": ("true/false", "true/false"),
    "int_type": ("ganze Zahl", "integer"),
    "int_parsing": ("ganze Zahl", "integer"),
    "model_type": ("Zuordnung (schlüssel: wert)", "mapping (key: value)"),
}


_UNION_TAG = re.compile(r"(str|int|float|bool|any|list\[.*\]|dict\[.*\]|literal\[.*\]|function-\w+\[.*\])")


def _clean_loc(loc: tuple) -> tuple:
    """The error location without pydantic's union member tags (``str``, ``list[str]``)."""
    return tuple(p for p in loc if not (isinstance(p, str) and _UNION_TAG.fullmatch(p)))


def _one_error(err: dict[str, Any]) -> tuple[tuple, str, str]:
    loc = _clean_loc(tuple(err["loc"]))
    kind, given, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    key = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(key, sorted(_field_names()), n=2)
        hint_de = f" – meinten Sie {' oder '.join(f'„{n}“' for n in near)}?" if near else ""
        hint_en = f" – did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        return loc, f"unbekannter Schlüssel „{key}“{hint_de}", f'unknown key "{key}"{hint_en}'
    if kind == "missing":
        return loc, f"Pflichtangabe „{key}“ fehlt", f'required key "{key}" is missing'
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return (
            loc,
            f"„{given}“ ist nicht erlaubt, erlaubt: {expected.replace(' or ', ' oder ')}",
            f'"{given}" is not allowed, allowed: {expected}',
        )
    if kind == "value_error" and isinstance(ctx.get("error"), SpecError):
        return loc, ctx["error"].de, ctx["error"].en
    if kind in _TYPE_WORDS:
        de, en = _TYPE_WORDS[kind]
        return loc, f"{de} erwartet, gefunden: {given!r}", f"{en} expected, found: {given!r}"
    return loc, f"ungültiger Wert {given!r} ({kind})", f"invalid value {given!r} ({kind})"


def schema_error(path: Path, exc: ValidationError, lines: dict[tuple, tuple[int, int]]) -> MappingError:
    """One message for all schema problems of a mapping file, each with its line and column."""
    seen: set[tuple] = set()
    parts_de, parts_en, first_line = [], [], None
    for err in exc.errors(include_url=False):
        loc, de, en = _one_error(err)
        if loc in seen:
            continue  # the alternatives of one union field: one message
        seen.add(loc)
        line, col = next((lines[loc[:end]] for end in range(len(loc), -1, -1) if loc[:end] in lines), (None, None))
        first_line = first_line or line
        where = ".".join(str(p) for p in loc) or "(Datei)"
        parts_de.append(f"Zeile {line}, Spalte {col} ({where}): {de}")
        parts_en.append(f"line {line}, column {col} ({where}): {en}")
    return MappingError(
        "ungültiges Mapping: " + "; ".join(parts_de),
        "invalid mapping: " + "; ".join(parts_en),
        where=Location(file=path.name),
        fix_de="die genannten Stellen im Mapping korrigieren (docs/mappings.md beschreibt jeden Schlüssel).",
        fix_en="correct these places in the mapping (docs/mappings.md describes every key).",
    )
