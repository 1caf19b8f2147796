"""The mapping engine: records + mapping -> one rdflib graph (an import batch) and an account of every row."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import (
    BG,
    GEO,
    PREFIXES,
    PROV,
    QB,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    VOCAB,
)
from importers.concepts import resolve_concept
from importers.mapping import Condition, EntitySpec, Mapping, ObservationSpec, PlacementSpec, PropertySpec
from importers.placement import PlacementError, ags_for_postcode
from importers.readers import Record, flatten
from importers.values import CellValueError, digits, parse_boolean, parse_decimal, parse_integer

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_NORDIC = str.maketrans({"ø": "oe", "Ø": "Oe", "æ": "ae", "Æ": "Ae", "å": "aa", "Å": "Aa"})
_INDEXED = re.compile(r"^(?P<list>[^\[\]]+)\[(?P<index>\d*)\]\.(?P<rest>.+)$")


class OutOfScope(Exception):
    """The row lies outside the configured area; it is counted as filtered."""


class RowProblem(Exception):
    """A row cannot be imported; carries the column and value it is about."""

    def __init__(self, message: str, column: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.value = value


@dataclass
class RowOutcome:
    """What happened to one row."""

    row: int
    status: str  # imported | merged | rejected | filtered
    message: str | None = None
    column: str | None = None
    value: Any = None
    iris: list[URIRef] = field(default_factory=list)
    file: str | None = None


def expand_curie(curie: str) -> URIRef:
    """``schema:School`` -> full IRI; full IRIs pass through."""
    if curie.startswith(("http://", "https://", "urn:", "file:")):
        return URIRef(curie)
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}")
    return URIRef(f"{PREFIXES[prefix]}{local}")


def concept(scheme: str, slug: str) -> URIRef:
    """IRI of a concept of one of our SKOS schemes."""
    return URIRef(f"{VOCAB}{scheme}/{slug}")


def lookup(data: dict[str, Any], column: str) -> Any:
    """Cell value; ``list[0].key`` indexes a list column, ``list[].key`` returns the values of every item."""
    if column in data:
        return data[column]
    match = _INDEXED.match(column)
    if not match:
        return None
    items = data.get(match["list"])
    if not isinstance(items, list):
        return None
    values = [_item_value(item, match["rest"]) for item in items]
    if match["index"] == "":
        return [v for v in values if v is not None]
    index = int(match["index"])
    return values[index] if index < len(values) else None


def _item_value(item: Any, key: str) -> Any:
    return flatten(item).get(key) if isinstance(item, dict) else None


def fill(template: str, data: dict[str, Any]) -> str | None:
    """Fill ``{column}`` placeholders; None if any referenced cell is empty."""
    missing = False

    def sub(match: re.Match[str]) -> str:
        nonlocal missing
        value = lookup(data, match[1])
        if value is None or value == "" or isinstance(value, list):
            missing = True
            return ""
        return str(value)

    result = _PLACEHOLDER.sub(sub, template)
    return None if missing else result.strip()


def holds(condition: Condition, data: dict[str, Any], params: dict[str, str]) -> bool:
    """Whether a condition holds for a row (list columns: for any item)."""
    value = lookup(data, condition.column)
    values = value if isinstance(value, list) else [value]
    return any(_holds_one(condition, v, params) for v in values) if values else _holds_one(condition, None, params)


def _as_list(x: str | list[str] | None, params: dict[str, str]) -> list[str] | None:
    if x is None:
        return None
    items = x if isinstance(x, list) else [x]
    return [params.get(i[1:], i) if i.startswith("$") else i for i in items]


def _holds_one(c: Condition, value: Any, params: dict[str, str]) -> bool:
    text = None if value is None else str(value)
    if c.present is not None and (text is not None) != c.present:
        return False
    if (eq := _as_list(c.equals, params)) is not None and text not in eq:
        return False
    if (ne := _as_list(c.not_equals, params)) is not None and text in ne:
        return False
    starts = _as_list(c.startswith, params)
    return not (starts is not None and (text is None or not text.startswith(tuple(starts))))


class TripleList(list):
    """A cheap stand-in for a Graph while one row is built (``add`` appends); nothing lands on error."""

    def add(self, triple: tuple) -> None:
        self.append(triple)


class RowBuilder:
    """Builds the triples of one row according to a mapping."""

    def __init__(self, mapping: Mapping, minter: IriMinter, file_iri: str, params: dict[str, str]) -> None:
        self.mapping = mapping
        self.minter = minter
        self.file_iri = file_iri
        self.params = params
        self.indicators: set[URIRef] = set()
        self.datasets: set[URIRef] = set()

    def build(self, record: Record) -> tuple[TripleList, list[URIRef]]:
        """Triples of one row and the IRIs of its main entities (first entity spec first)."""
        graph = TripleList()
        made: dict[str, list[URIRef]] = {}
        contexts: dict[str, list[dict[str, Any]]] = {}
        for spec in self.mapping.entities:
            contexts[spec.id] = list(self._contexts(spec, record.data))
            made[spec.id] = [self._subject(spec, ctx) for ctx in contexts[spec.id]]
        for spec in self.mapping.entities:
            for subject, ctx in zip(made[spec.id], contexts[spec.id], strict=True):
                self._describe(graph, spec, subject, ctx, made, record.row)
        main = [iri for spec in self.mapping.entities for iri in made[spec.id]]
        return graph, main

    def _contexts(self, spec: EntitySpec, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if not all(holds(c, data, self.params) for c in spec.when):
            return
        if spec.for_each is None:
            yield data
            return
        items = data.get(spec.for_each)
        for index, item in enumerate(items if isinstance(items, list) else [], start=1):
            if isinstance(item, dict):
                ctx = dict(data)
                ctx.update({f"item.{k}": v for k, v in flatten(item).items()})
                ctx["#"] = index
                yield ctx

    def _subject(self, spec: EntitySpec, data: dict[str, Any]) -> URIRef:
        if spec.region is not None:
            key = fill(spec.region, data)
            if key is None:
                raise RowProblem(f"Gebietsschlüssel fehlt ({spec.region})", spec.region)
            try:
                return self.minter.region(key)
            except ValueError as exc:
                raise RowProblem(str(exc), spec.region, key) from exc
        kind, _, local_template = (spec.iri or "").partition("/")
        local = fill(local_template, data)
        if not local:
            raise RowProblem(f"Kennung fehlt: {local_template} ist leer", _first_column(local_template))
        return self.minter.entity(kind, local.translate(_NORDIC))

    def _describe(self, g: Graph, spec: EntitySpec, s: URIRef, data: dict[str, Any], made: dict, row: int) -> None:
        for t in spec.types:
            g.add((s, RDF.type, expand_curie(t)))
        for classify in spec.classify:
            self._classify(g, s, classify, data)
        for prop in spec.properties:
            for obj in self._values(prop, data, made):
                g.add((s, expand_curie(prop.p), obj))
        if spec.address:
            self._address(g, s, spec, data)
        if spec.geometry:
            self._geometry(g, s, spec, data)
        municipality = self._municipality(spec.municipality, data) if spec.municipality else None
        if municipality is not None and spec.municipality and spec.municipality.within:
            prefix = (
                self.params.get(spec.municipality.within[1:], "")
                if spec.municipality.within.startswith("$")
                else spec.municipality.within
            )
            if not str(municipality).rsplit("/", 1)[-1].startswith(prefix):
                raise OutOfScope(str(municipality))
        if municipality is not None:
            g.add((s, BG.municipality, municipality))
        if spec.observations:
            self._observations(g, s, spec.observations, data, municipality, row)
        g.add((s, PROV.wasDerivedFrom, URIRef(f"{self.file_iri}#row={row}")))

    def _classify(self, g: Graph, s: URIRef, classify: Any, data: dict[str, Any]) -> None:
        table = self.mapping.value_maps.get(classify.map)
        if table is None:
            raise RowProblem(f"Wertetabelle {classify.map!r} fehlt im Mapping")
        codes: list[tuple[str, str]] = []
        if classify.column:
            raw = lookup(data, classify.column)
            if raw is not None and classify.contains:
                text = str(raw).lower()
                codes += [(classify.column, key) for key in table if key != "default" and key.lower() in text]
            elif raw is not None:
                parts = str(raw).split(classify.split) if classify.split else [str(raw)]
                codes += [(classify.column, self._code(classify, p.strip())) for p in parts if p.strip()]
        for flag in classify.flags:
            value = lookup(data, flag)
            if value is not None and _truthy(value, flag):
                codes.append((flag, flag))
        if not codes and "default" not in table:
            raise RowProblem("Art/Typ fehlt – bitte ausfüllen", classify.column or ", ".join(classify.flags))
        for column, code in codes or [("", "default")]:
            entry = table.get(code, table.get("default"))
            if entry is None:
                allowed = ", ".join(k for k in table if k != "default")
                raise RowProblem(
                    f"unbekannter Wert {code!r} – bitte einen dieser Werte eintragen: {allowed}", column, code
                )
            for t in entry.get("types", []):
                g.add((s, RDF.type, expand_curie(t)))
            for slug in entry.get("actor_type", []):
                g.add((s, BG.actorType, concept("akteurstyp", slug)))

    def _code(self, classify: Any, text: str) -> str:
        if not classify.scheme:
            return text
        try:
            return str(resolve_concept(classify.scheme, text)).rsplit("/", 1)[-1]
        except ValueError as exc:
            raise RowProblem(str(exc), classify.column, text) from exc

    def _values(self, prop: PropertySpec, data: dict[str, Any], made: dict) -> list:
        if not all(holds(c, data, self.params) for c in prop.when):
            return []
        if prop.kind == "ref":
            return list(made.get(prop.ref or "", []))
        raw = self._raw(prop, data)
        if raw is None or raw == "":
            if prop.required:
                raise RowProblem(
                    f"Pflichtfeld ist leer – bitte „{prop.column or prop.template}“ ausfüllen",
                    prop.column or prop.template,
                )
            return []
        items = str(raw).split(prop.split) if prop.split and isinstance(raw, str) else [raw]
        result = []
        for item in items:
            item = item.strip() if isinstance(item, str) else item
            if item in (None, ""):
                continue
            if prop.map:
                item = self.mapping.value_maps.get(prop.map, {}).get(
                    str(item), self.mapping.value_maps.get(prop.map, {}).get("default")
                )
                if item is None:
                    raise RowProblem(f"unbekannter Wert für {prop.p}", prop.column, raw)
            result.append(self._term(prop, item))
        return result

    def _raw(self, prop: PropertySpec, data: dict[str, Any]) -> Any:
        if prop.column is not None:
            return lookup(data, prop.column)
        if prop.template is not None:
            return fill(prop.template, data)
        return prop.value

    def _term(self, prop: PropertySpec, value: Any) -> URIRef | Literal:
        column = prop.column or prop.template
        try:
            if prop.kind == "iri":
                return expand_curie(str(value))
            if prop.kind == "url":
                text = str(value).strip()
                return URIRef(text if re.match(r"^https?://", text) else f"https://{text}")
            if prop.kind == "region":
                return self.minter.region(region_key(value))
            if prop.kind == "concept":
                return resolve_concept(prop.scheme or "", str(value))
            if prop.kind == "entity":
                text = str(value).strip()
                if text.startswith(("http://", "https://")):
                    return URIRef(text)
                return self.minter.entity(prop.scheme or "actor", text)
            return typed_literal(value, prop.datatype, prop.lang)
        except (CellValueError, ValueError) as exc:
            raise RowProblem(f"{exc} – bitte korrigieren", column, value) from exc

    def _address(self, g: Graph, s: URIRef, spec: EntitySpec, data: dict[str, Any]) -> None:
        assert spec.address is not None
        parts = {
            SCHEMA.streetAddress: spec.address.street,
            SCHEMA.postalCode: spec.address.postal_code,
            SCHEMA.addressLocality: spec.address.locality,
        }
        values = {p: fill(t, data) for p, t in parts.items() if t}
        if not any(values.values()):
            return
        node = BNode()
        g.add((s, SCHEMA.address, node))
        g.add((node, RDF.type, SCHEMA.PostalAddress))
        for p, v in values.items():
            if v:
                g.add((node, p, Literal(re.sub(r"\s+", " ", v))))

    def _geometry(self, g: Graph, s: URIRef, spec: EntitySpec, data: dict[str, Any]) -> None:
        assert spec.geometry is not None
        lon_raw, lat_raw = lookup(data, spec.geometry.lon), lookup(data, spec.geometry.lat)
        if lon_raw is None or lat_raw is None:
            return
        try:
            lon, lat = parse_decimal(lon_raw), parse_decimal(lat_raw)
        except CellValueError as exc:
            raise RowProblem(f"Koordinate: {exc}", spec.geometry.lon, f"{lon_raw} {lat_raw}") from exc
        if not (lon.is_finite() and lat.is_finite()):
            raise RowProblem("Koordinate ist keine Zahl (NaN, unendlich)", spec.geometry.lon, f"{lon_raw} {lat_raw}")
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise RowProblem("Koordinaten außerhalb des gültigen Bereichs", spec.geometry.lon, f"{lon} {lat}")
        node = URIRef(f"{s}/geometry")
        g.add((s, GEO.hasGeometry, node))
        g.add((node, RDF.type, GEO.Geometry))
        g.add((node, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)))

    def _municipality(self, spec: PlacementSpec, data: dict[str, Any]) -> URIRef | None:
        try:
            if spec.ags:
                ags = fill(spec.ags, data)
                if ags:
                    return self.minter.region(digits(ags, 8))
            elif spec.postcode:
                plz = lookup(data, spec.postcode)
                if plz is not None:
                    locality = lookup(data, spec.locality) if spec.locality else None
                    override = spec.overrides.get(f"{plz} {locality}".strip())
                    if override:
                        return self.minter.region(digits(override, 8))
                    return self.minter.region(ags_for_postcode(str(plz), locality))
        except (PlacementError, CellValueError, ValueError) as exc:
            raise RowProblem(f"Gemeinde nicht bestimmbar: {exc}", spec.postcode or spec.ags) from exc
        if spec.required:
            raise RowProblem(
                "Gemeinde nicht bestimmbar: Gemeindeschlüssel/Postleitzahl fehlt", spec.postcode or spec.ags
            )
        return None

    def _observations(
        self, g: Graph, s: URIRef, spec: ObservationSpec, data: dict, place: URIRef | None, row: int
    ) -> None:
        dataset = self.minter.entity("dataset", spec.dataset)
        area = place if spec.ref_area == "municipality" else self.minter.region(fill(spec.ref_area, data) or "")
        period = fill(spec.ref_period, data) or spec.ref_period
        if dataset not in self.datasets:
            self.datasets.add(dataset)
            g.add((dataset, RDF.type, QB.DataSet))
            g.add((dataset, RDFS.label, Literal(spec.dataset_label, lang="de")))
        for measure in spec.measures:
            raw = lookup(data, measure.column)
            if raw is None:
                continue
            try:
                value = parse_decimal(raw)
            except CellValueError as exc:
                raise RowProblem(str(exc), measure.column, raw) from exc
            indicator = self.add_indicator(g, measure.indicator, measure.label, measure.monitoring_area)
            local = f"{spec.dataset}-{str(s).rstrip('/').rsplit('/', 1)[-1]}-{measure.indicator}"
            obs = self.minter.entity("observation", local)
            add_observation(g, obs, dataset, area, period, indicator, value, measure.unit)
            g.add((obs, SCHEMA.about, s))
            g.add((obs, PROV.wasDerivedFrom, URIRef(f"{self.file_iri}#row={row}")))

    def add_indicator(self, g: Graph, slug: str, label: str, area: str) -> URIRef:
        """The bg:Indicator node (once per batch)."""
        indicator = self.minter.entity("indicator", slug)
        if indicator not in self.indicators:
            self.indicators.add(indicator)
            g.add((indicator, RDF.type, BG.Indicator))
            g.add((indicator, RDFS.label, Literal(label, lang="de")))
            g.add((indicator, BG.monitoringArea, concept("monitoringbereich", area)))
        return indicator


def add_observation(
    g: Graph,
    obs: URIRef,
    dataset: URIRef,
    area: URIRef | None,
    period: str,
    indicator: URIRef,
    value: Decimal,
    unit: str | None,
) -> None:
    """One qb:Observation with refArea, refPeriod, indicator, value and unit."""
    g.add((obs, RDF.type, QB.Observation))
    g.add((obs, QB.dataSet, dataset))
    if area is not None:
        g.add((obs, SDMX_DIMENSION.refArea, area))
    period_literal = Literal(period, datatype=XSD.gYear) if re.fullmatch(r"\d{4}", period) else Literal(period)
    g.add((obs, SDMX_DIMENSION.refPeriod, period_literal))
    g.add((obs, BG.indicator, indicator))
    number = (
        Literal(int(value), datatype=XSD.integer)
        if value == value.to_integral_value()
        else Literal(value, datatype=XSD.decimal)
    )
    g.add((obs, SDMX_MEASURE.obsValue, number))
    if unit:
        g.add((obs, SDMX_ATTRIBUTE.unitMeasure, Literal(unit, lang="de")))


def region_key(value: Any) -> str:
    """A region key as digits; a spreadsheet that stored ``01001000`` as the number 1001000 gets its zero back."""
    text = str(int(value)) if isinstance(value, int | float) and float(value).is_integer() else str(value).strip()
    if not text.isdigit() or len(text) in (2, 3, 5, 8, 9, 12):
        return text
    return text.zfill(next((w for w in (2, 5, 8, 12) if w > len(text)), len(text)))


def typed_literal(value: Any, datatype: str | None, lang: str | None) -> Literal:
    """A literal of the requested xsd datatype (``integer``, ``decimal``, ``boolean``, ``date``, ``string``)."""
    name = (datatype or "string").removeprefix("xsd:")
    if name == "integer":
        return Literal(parse_integer(value), datatype=XSD.integer)
    if name == "decimal":
        return Literal(parse_decimal(value), datatype=XSD.decimal)
    if name == "boolean":
        return Literal(parse_boolean(value), datatype=XSD.boolean)
    if name == "date":
        text = str(value).strip()[:10]
        german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)  # German Excel writes TT.MM.JJJJ into CSV
        if german:
            text = f"{german[3]}-{int(german[2]):02d}-{int(german[1]):02d}"
        try:
            text = date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else ""
        except ValueError:
            text = ""  # 31.02. or month 13: not a day of the calendar
        if not text:
            raise CellValueError(f"Datum im Format TT.MM.JJJJ oder JJJJ-MM-TT erwartet: {value!r}")
        return Literal(text, datatype=XSD.date)
    text = re.sub(r"\s+", " ", str(value)).strip()
    return Literal(text, lang=lang) if lang else Literal(text)


def _truthy(value: Any, column: str) -> bool:
    try:
        return parse_boolean(value)
    except CellValueError as exc:
        raise RowProblem(str(exc), column, value) from exc


def _first_column(template: str) -> str | None:
    match = _PLACEHOLDER.search(template)
    return match[1] if match else None
