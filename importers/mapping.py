"""The declarative mapping format (YAML), validated with pydantic. See docs/mappings.md for a worked example."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph_service.core.errors import InputError
from importers.readers import ReaderOptions
from importers.values import DEFAULT_NULL_MARKERS

MAPPINGS_DIR = Path(__file__).parent / "mappings"


class MappingError(InputError):
    """A mapping file is missing or invalid; the message names the file and the field."""


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Spec):
    """A test on one column (``a[].b`` tests every item of the list ``a``); all given tests must hold."""

    column: str
    equals: str | list[str] | None = None
    not_equals: str | list[str] | None = None
    startswith: str | list[str] | None = None
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

    def options(self) -> ReaderOptions:
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
        )


class PropertySpec(_Spec):
    """One property: its value from a ``column``, a ``template`` (``{col}`` placeholders) or a constant ``value``.

    ``kind``: literal (with ``datatype``/``lang``), iri, url (a web address, ``https://`` added), region (a region
    key -> region IRI), concept (slug or German label in ``scheme``), ref (IRIs of another entity of the same row,
    by its id), entity (an IRI, or a local id minted as ``{scheme}/{id}``, e.g. scheme ``actor``).
    ``map`` translates source values first (value map name), ``split`` splits one cell into several values.
    """

    p: str
    column: str | None = None
    template: str | None = None
    value: Any = None
    ref: str | None = None
    kind: Literal["literal", "iri", "url", "region", "concept", "ref", "entity"] = "literal"
    datatype: str | None = None
    lang: str | None = None
    scheme: str | None = None
    map: str | None = None
    split: str | None = None
    when: list[Condition] = Field(default_factory=list)
    required: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> PropertySpec:
        given = [x for x in (self.column, self.template, self.value, self.ref) if x is not None]
        if len(given) != 1:
            raise ValueError(f"property {self.p}: give exactly one of column, template, value, ref")
        if self.ref is not None:
            self.kind = "ref"
        return self


class Classify(_Spec):
    """Classify an entity by a code column (``column``, optionally ``split``) or by flag columns (``flags``)."""

    map: str
    column: str | None = None
    split: str | None = None
    contains: bool = False  # codes are the map keys found inside the cell (case-insensitive), e.g. in a name
    scheme: str | None = None  # the cell names a concept of this scheme (label or slug); its slug is the code
    flags: list[str] = Field(default_factory=list)


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
    """Where the entity lies: an 8-digit AGS template, or a postcode (+ locality) looked up in the PLZ table."""

    ags: str | None = None
    postcode: str | None = None
    locality: str | None = None
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


class EntitySpec(_Spec):
    """One kind of entity each row (or each item of a list column, ``for_each``) produces."""

    id: str
    iri: str | None = None  # "{kind}/{local template}"
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
    label_for_messages: str | None = None

    @model_validator(mode="after")
    def _one_iri(self) -> EntitySpec:
        if (self.iri is None) == (self.region is None):
            raise ValueError(f"entity {self.id}: give exactly one of iri, region")
        return self


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
    filters: list[Condition] = Field(default_factory=list)
    personal_data: list[str] = Field(default_factory=list)
    value_maps: dict[str, dict[str, Any]] = Field(default_factory=dict)
    entities: list[EntitySpec]
    hook: str | None = None
    hook_options: dict[str, Any] = Field(default_factory=dict)
    path: Path | None = Field(default=None, exclude=True)


def shipped_mappings() -> dict[str, Path]:
    """Ids of the mappings shipped in importers/mappings -> file."""
    return {p.stem: p for p in sorted(MAPPINGS_DIR.glob("*.yaml"))}


def load_mapping(mapping: str | Path) -> Mapping:
    """Load a mapping by shipped id or file path; raises MappingError with a readable message."""
    path = Path(mapping)
    if not path.is_file():
        shipped = shipped_mappings()
        if str(mapping) not in shipped:
            raise MappingError(f"Mapping {mapping!r} nicht gefunden (mitgeliefert: {', '.join(shipped)})")
        path = shipped[str(mapping)]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: kein gültiges YAML: {exc}") from exc
    try:
        result = Mapping.model_validate(data)
    except ValidationError as exc:
        raise MappingError(f"{path}: ungültiges Mapping:\n{exc}") from exc
    result.path = path
    return result
