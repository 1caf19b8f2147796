"""The mapping engine: records + mapping -> one rdflib graph (an import batch) and an account of every row."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.iris import IriMinter, slugify
from graph_service.core.namespaces import (
    BG,
    GEO,
    ORG,
    PREFIXES,
    PROV,
    QB,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    VOCAB,
)
from graph_service.core.sparql_terms import is_iri
from importers import transforms
from importers.concepts import resolve_concept
from importers.mapping import (
    AddressSpec,
    Classify,
    Condition,
    EntitySpec,
    GeometrySpec,
    Mapping,
    ObservationSpec,
    PlacementSpec,
    PropertySpec,
    SiteSpec,
)
from importers.placement import PlacementError, ags_for_postcode, postcode_and_town
from importers.readers import Record, flatten
from importers.transforms import TransformError, lookup_chain
from importers.values import CellValueError, bilingual, digits, parse_boolean, parse_decimal, parse_integer

_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
_NORDIC = str.maketrans({"ø": "oe", "Ø": "Oe", "æ": "ae", "Æ": "Ae", "å": "aa", "Å": "Aa"})
_INDEXED = re.compile(r"^(?P<list>[^\[\]]+)\[(?P<index>\d*)\]\.(?P<rest>.+)$")


class OutOfScope(Exception):
    """The row lies outside the configured area; it is counted as filtered."""


class RowProblem(Exception):
    """A row cannot be imported; carries German and English text, the column and the value it is about."""

    def __init__(self, message: str, column: str | None = None, value: Any = None, *, en: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = en or message
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
    message_en: str | None = None


@lru_cache(maxsize=4096)
def expand_curie(curie: str) -> URIRef:
    """``schema:School`` -> full IRI; full IRIs pass through."""
    if curie.startswith(("http://", "https://", "urn:", "file:")):
        return URIRef(curie)
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}")
    return URIRef(f"{PREFIXES[prefix]}{local}")


@lru_cache(maxsize=4096)
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
    """Fill ``{column}`` placeholders; None if a required one is empty; ``[…]`` parts vanish when empty."""
    return transforms.fill(template, lambda name: lookup(data, name))


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
    if starts is not None and (text is None or not text.startswith(tuple(starts))):
        return False
    if c.matches is not None and (text is None or not _regex(c.matches).search(text)):
        return False
    return not (c.not_matches is not None and text is not None and _regex(c.not_matches).search(text))


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class TripleList(list):
    """A cheap stand-in for a Graph while one row is built (``add`` appends); nothing lands on error."""

    def add(self, triple: tuple) -> None:
        self.append(triple)


class RowBuilder:
    """Builds the triples of one row according to a mapping.

    ``defaults`` counts the codes that fell to a value map's ``default`` entry (map, code) -> rows."""

    def __init__(self, mapping: Mapping, minter: IriMinter, file_iri: str, params: dict[str, str]) -> None:
        self.mapping = mapping
        self.minter = minter
        self.file_iri = file_iri
        self.params = params
        self.indicators: set[URIRef] = set()
        self.datasets: set[URIRef] = set()
        self.defaults: Counter[tuple[str, str]] = Counter()
        self._row_defaults: Counter[tuple[str, str]] = Counter()

    def derive(self, record: Record) -> None:
        """Add the mapping's derived columns to the record (before filters see it)."""
        if not self.mapping.derive:
            return
        try:
            transforms.derive_row(self.mapping, record.data, lambda name: lookup(record.data, name))
        except TransformError as exc:
            raise RowProblem(exc.de, exc.column, exc.value, en=exc.en) from exc

    def build(
        self, record: Record, described: set[URIRef] | frozenset[URIRef] = frozenset()
    ) -> tuple[TripleList, list[URIRef]]:
        """Triples of one row and the IRIs of its main entities (first entity spec first).

        ``described``: IRIs earlier rows made; an organisation with sites keeps what its first row said."""
        graph = TripleList()
        self._row_defaults = Counter()
        made: dict[str, list[URIRef]] = {}
        contexts: dict[str, list[dict[str, Any]]] = {}
        for spec in self.mapping.entities:
            contexts[spec.id] = list(self._contexts(spec, record.data))
            made[spec.id] = [self._subject(spec, ctx) for ctx in contexts[spec.id]]
        for spec in self.mapping.entities:
            for subject, ctx in zip(made[spec.id], contexts[spec.id], strict=True):
                again = spec.site is not None and subject in described
                municipality = None
                if not again:
                    municipality = self._describe(graph, spec, subject, ctx, made, record.row)
                if spec.site is not None:
                    self._site(graph, spec, subject, ctx, record.row, municipality, again)
        main = [iri for spec in self.mapping.entities for iri in made[spec.id]]
        self.defaults.update(self._row_defaults)
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
                raise RowProblem(
                    f"Gebietsschlüssel fehlt ({spec.region})", spec.region, en=f"region key missing ({spec.region})"
                )
            try:
                return self.minter.region(key)
            except ValueError as exc:
                raise RowProblem(str(exc), spec.region, key, en=str(exc)) from exc
        return self._minted(spec.iri_templates, data)

    def _minted(self, templates: list[str], data: dict[str, Any]) -> URIRef:
        """The IRI of the first template whose placeholders are filled (``kind/local``)."""
        for template in templates:
            kind, _, local_template = template.partition("/")
            local = fill(local_template, data)
            if local:
                return self.minter.entity(kind, local.translate(_NORDIC))
        first = templates[0].partition("/")[2] if templates else ""
        column = _first_column(first)
        raise RowProblem(
            f"Kennung fehlt: {' / '.join(templates)} ist leer – bitte „{column}“ ausfüllen",
            column,
            en=f'identifier missing: {" / ".join(templates)} is empty – please fill in "{column}"',
        )

    def _describe(
        self, g: Graph, spec: EntitySpec, s: URIRef, data: dict[str, Any], made: dict, row: int
    ) -> URIRef | None:
        for t in spec.types:
            g.add((s, RDF.type, expand_curie(t)))
        for classify in spec.classify:
            self._classify(g, s, classify, data)
        municipality = self._details(g, s, spec, data, made)
        if spec.observations:
            self._observations(g, s, spec.observations, data, municipality, row)
        g.add((s, PROV.wasDerivedFrom, URIRef(f"{self.file_iri}#row={row}")))
        return municipality

    def _details(
        self, g: Graph, s: URIRef, spec: EntitySpec | SiteSpec, data: dict[str, Any], made: dict
    ) -> URIRef | None:
        """Properties, address, geometry and municipality of ``s`` (an entity or a site); returns the municipality."""
        for prop in spec.properties:
            for obj in self._values(prop, data, made):
                g.add((s, expand_curie(prop.p), obj))
        if spec.address:
            self._address(g, s, spec.address, data)
        if spec.geometry:
            self._geometry(g, s, spec.geometry, data)
        municipality = self._placed(spec.municipality, data) if spec.municipality else None
        if municipality is not None:
            g.add((s, BG.municipality, municipality))
        return municipality

    def _placed(self, spec: PlacementSpec, data: dict[str, Any]) -> URIRef | None:
        """The municipality, or OutOfScope when it lies outside ``within``."""
        municipality = self._municipality(spec, data)
        if municipality is not None and spec.within:
            prefix = self.params.get(spec.within[1:], "") if spec.within.startswith("$") else spec.within
            if not str(municipality).rsplit("/", 1)[-1].startswith(prefix):
                raise OutOfScope(str(municipality))
        return municipality

    def _site(
        self, g: Graph, spec: EntitySpec, org: URIRef, data: dict[str, Any], row: int, place: URIRef | None, again: bool
    ) -> None:
        """One org:Site of the organisation ``org`` (its building at this row's address)."""
        site: SiteSpec = spec.site  # type: ignore[assignment]
        iri = self._site_iri(site, org, data)
        g.add((org, ORG.hasSite, iri))
        g.add((iri, RDF.type, ORG.Site))
        label = fill(site.label, data) if site.label else None
        street = fill(site.address.street, data) if site.address and site.address.street else None
        g.add((iri, RDFS.label, Literal(label or street or "Standort", lang="de")))
        municipality = self._details(g, iri, site, data, {})
        if municipality is not None and not again and spec.municipality is None and place is None:
            g.add((org, BG.municipality, municipality))  # the organisation lies where its first site lies
        g.add((iri, PROV.wasDerivedFrom, URIRef(f"{self.file_iri}#row={row}")))

    def _site_iri(self, site: SiteSpec, org: URIRef, data: dict[str, Any]) -> URIRef:
        if site.iri:
            return self._minted([site.iri] if isinstance(site.iri, str) else list(site.iri), data)
        parts = []
        if site.address:
            parts = [fill(t, data) or "" for t in (site.address.street, site.address.postal_code) if t]
        local = slugify(f"{str(org).rstrip('/').rsplit('/', 1)[-1]} {' '.join(parts)}")
        return self.minter.entity("site", local)

    # -- classification and values ---------------------------------------------------------------------------
    def _classify(self, g: Graph, s: URIRef, classify: Classify, data: dict[str, Any]) -> None:
        tables = [self.mapping.value_maps.get(name) for name in classify.maps]
        if any(t is None for t in tables):
            missing = next(n for n, t in zip(classify.maps, tables, strict=True) if t is None)
            raise RowProblem(
                f"Wertetabelle {missing!r} fehlt im Mapping", en=f"value map {missing!r} missing in the mapping"
            )
        has_default = any("default" in t for t in tables if t)
        codes: list[tuple[str, str]] = []
        if classify.column:
            raw = lookup(data, classify.column)
            codes += self._codes(classify, raw, tables)
        for flag in classify.flags:
            value = lookup(data, flag)
            if value is not None and _truthy(value, flag):
                codes.append((flag, flag))
        if not codes and not has_default:
            column = classify.column or ", ".join(classify.flags)
            raise RowProblem(
                f"Art/Typ fehlt – bitte „{column}“ ausfüllen", column, en=f'type missing – please fill in "{column}"'
            )
        for column, code in codes or [("", "default")]:
            entry, _ = lookup_chain(self.mapping, classify.maps, code)
            if entry is None and has_default:
                entry, name = lookup_chain(self.mapping, classify.maps, "default")
                self._count_default(name, code)
            if entry is None:
                raise self._unknown_code(classify.maps, column, code)
            for t in entry.get("types", []):
                g.add((s, RDF.type, expand_curie(t)))
            for slug in entry.get("actor_type", []):
                g.add((s, BG.actorType, concept("akteurstyp", slug)))

    def _count_default(self, table: str | None, code: str) -> None:
        """Count a code that fell to ``default`` (a map with only ``default`` classifies all alike: not counted)."""
        if code != "default" and any(key != "default" for key in self.mapping.value_maps.get(table or "", {})):
            self._row_defaults[(table or "", code)] += 1

    def _codes(self, classify: Classify, raw: Any, tables: list) -> list[tuple[str, str]]:
        column = classify.column or ""
        if raw is None:
            return []
        if isinstance(raw, list):  # a derived list (``split``): every item is a code
            return [(column, self._code(classify, str(item).strip())) for item in raw if str(item).strip()]
        if classify.contains:
            text = str(raw).lower()
            keys = [key for table in tables for key in table if key != "default"]
            return [(column, key) for key in dict.fromkeys(keys) if key.lower() in text]
        if classify.bitmask:
            try:
                return [(column, bit) for bit in transforms.bits(raw)]
            except TransformError as exc:
                raise RowProblem(exc.de, column, raw, en=exc.en) from exc
        parts = str(raw).split(classify.split) if classify.split else [str(raw)]
        return [(column, self._code(classify, p.strip())) for p in parts if p.strip()]

    def _unknown_code(self, maps: list[str], column: str, code: str) -> RowProblem:
        known = [k for name in maps for k in self.mapping.value_maps.get(name, {}) if k != "default"]
        shown = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
        where = " / ".join(f"value_maps.{n} (Zeile {self.mapping.line_of('value_maps', n)})" for n in maps)
        where_en = " / ".join(f"value_maps.{n} (line {self.mapping.line_of('value_maps', n)})" for n in maps)
        return RowProblem(
            f"unbekannter Code „{code}“ – im Mapping {self.mapping.file_name} unter {where} ergänzen "
            f"(bekannt: {shown})",
            column,
            code,
            en=f'unknown code "{code}" – add it to the mapping {self.mapping.file_name} under {where_en} '
            f"(known: {shown})",
        )

    def _code(self, classify: Classify, text: str) -> str:
        if not classify.scheme:
            return text
        try:
            return str(resolve_concept(classify.scheme, text)).rsplit("/", 1)[-1]
        except ValueError as exc:
            de, en = bilingual(exc)
            raise RowProblem(de, classify.column, text, en=en) from exc

    def _values(self, prop: PropertySpec, data: dict[str, Any], made: dict) -> list:
        if not all(holds(c, data, self.params) for c in prop.when):
            return []
        if prop.kind == "ref":
            return list(made.get(prop.ref or "", []))
        raw = self._raw(prop, data)
        if raw is None or raw == "" or raw == []:
            if prop.required:
                source = prop.source_text
                raise RowProblem(
                    f"Pflichtfeld ist leer – bitte „{source}“ ausfüllen",
                    source,
                    en=f'required field is empty – please fill in "{source}"',
                )
            return []
        if isinstance(raw, list):
            items = list(raw)
        elif prop.split and isinstance(raw, str):
            items = raw.split(prop.split)
        else:
            items = [raw]
        result = []
        for item in items:
            item = item.strip() if isinstance(item, str) else item
            if item in (None, ""):
                continue
            for value in self._mapped(prop, item):
                result.append(self._term(prop, value))
        return result

    def _mapped(self, prop: PropertySpec, item: Any) -> list[Any]:
        """A value through the property's value map(s): one code may give several values; bitmasks split first."""
        if not prop.map:
            return [item]
        maps = [prop.map] if isinstance(prop.map, str) else list(prop.map)
        if prop.bitmask:
            try:
                codes = transforms.bits(item)
            except TransformError as exc:
                raise RowProblem(exc.de, prop.column, item, en=exc.en) from exc
        else:
            codes = [str(item)]
        values: list[Any] = []
        for code in codes:
            entry, _ = lookup_chain(self.mapping, maps, code)
            if entry is None:
                entry, name = lookup_chain(self.mapping, maps, "default")
                if entry is None:
                    raise self._unknown_code(maps, prop.source_text, code)
                self._count_default(name, code)
            values += entry if isinstance(entry, list) else [entry]
        return values

    def _raw(self, prop: PropertySpec, data: dict[str, Any]) -> Any:
        if prop.column is not None:
            return lookup(data, prop.column)
        if prop.template is not None:
            return fill(prop.template, data)
        if prop.coalesce is not None:
            return transforms.coalesce(prop.coalesce, lambda name: lookup(data, name))
        return prop.value

    def _term(self, prop: PropertySpec, value: Any) -> URIRef | Literal:
        column = prop.source_text
        try:
            if prop.kind == "iri":
                return checked(expand_curie(str(value)), column, value)
            if prop.kind == "url":
                return web_address(value, column)
            if prop.kind == "region":
                return self.minter.region(region_key(value))
            if prop.kind == "concept":
                return resolve_concept(prop.scheme or "", str(value))
            if prop.kind == "entity":
                text = str(value).strip()
                if text.startswith(("http://", "https://")):
                    return checked(URIRef(text), column, value)
                return self.minter.entity(prop.scheme or "actor", text)
            return typed_literal(value, prop.datatype, prop.lang)
        except (CellValueError, TransformError, ValueError) as exc:
            de, en = bilingual(exc)
            raise RowProblem(f"{de} – bitte korrigieren", column, value, en=f"{en} – please correct it") from exc

    # -- address, geometry, municipality ----------------------------------------------------------------------
    def _address(self, g: Graph, s: URIRef, address: AddressSpec, data: dict[str, Any]) -> None:
        parts = {
            SCHEMA.streetAddress: address.street,
            SCHEMA.postalCode: address.postal_code,
            SCHEMA.addressLocality: address.locality,
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

    def _geometry(self, g: Graph, s: URIRef, geometry: GeometrySpec, data: dict[str, Any]) -> None:
        lon_raw, lat_raw = lookup(data, geometry.lon), lookup(data, geometry.lat)
        if lon_raw is None or lat_raw is None:
            return
        shown = f"{lon_raw} {lat_raw}"
        try:
            lon, lat = parse_decimal(lon_raw), parse_decimal(lat_raw)
        except CellValueError as exc:
            raise RowProblem(f"Koordinate: {exc.de}", geometry.lon, shown, en=f"coordinate: {exc.en}") from exc
        if not (lon.is_finite() and lat.is_finite()):
            raise RowProblem(
                "Koordinate ist keine Zahl (NaN, unendlich)", geometry.lon, shown, en="coordinate is not a number"
            )
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise RowProblem(
                "Koordinaten außerhalb des gültigen Bereichs",
                geometry.lon,
                f"{lon} {lat}",
                en="coordinates out of range",
            )
        node = URIRef(f"{s}/geometry")
        g.add((s, GEO.hasGeometry, node))
        g.add((node, RDF.type, GEO.Geometry))
        g.add((node, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)))

    def _municipality(self, spec: PlacementSpec, data: dict[str, Any]) -> URIRef | None:
        source = spec.postcode or spec.ags or spec.address
        try:
            if spec.ags:
                ags = fill(spec.ags, data)
                if ags:
                    return self.minter.region(digits(ags, 8))
            elif spec.postcode:
                plz = lookup(data, spec.postcode)
                if plz is not None:
                    locality = lookup(data, spec.locality) if spec.locality else None
                    return self._by_postcode(spec, str(plz), locality)
            elif spec.address:
                text = transforms.column_or_template(spec.address, lambda name: lookup(data, name))
                if text:
                    plz, town = postcode_and_town(str(text))
                    if plz is None:
                        raise PlacementError(
                            f"keine Postleitzahl in der Adresse {str(text)!r}",
                            f"no postcode in the address {str(text)!r}",
                        )
                    return self._by_postcode(spec, plz, town)
        except (PlacementError, CellValueError, ValueError) as exc:
            de, en = bilingual(exc)
            raise RowProblem(
                f"Gemeinde nicht bestimmbar: {de}", source, en=f"municipality cannot be determined: {en}"
            ) from exc
        if spec.required:
            raise RowProblem(
                "Gemeinde nicht bestimmbar: Gemeindeschlüssel/Postleitzahl fehlt",
                source,
                en="municipality cannot be determined: municipality key/postcode missing",
            )
        return None

    def _by_postcode(self, spec: PlacementSpec, plz: str, locality: Any) -> URIRef:
        override = spec.overrides.get(f"{plz} {locality or ''}".strip()) or spec.overrides.get(plz)
        if override:
            return self.minter.region(digits(override, 8))
        return self.minter.region(ags_for_postcode(plz, None if locality is None else str(locality)))

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
                raise RowProblem(exc.de, measure.column, raw, en=exc.en) from exc
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
            raise CellValueError(
                f"Datum im Format TT.MM.JJJJ oder JJJJ-MM-TT erwartet: {value!r}",
                f"date as DD.MM.YYYY or YYYY-MM-DD expected: {value!r}",
            )
        return Literal(text, datatype=XSD.date)
    text = re.sub(r"\s+", " ", str(value)).strip()
    return Literal(text, lang=lang) if lang else Literal(text)


def _truthy(value: Any, column: str) -> bool:
    try:
        return parse_boolean(value)
    except CellValueError as exc:
        raise RowProblem(exc.de, column, value, en=exc.en) from exc


def _first_column(template: str) -> str | None:
    names = transforms.placeholders(template)
    return names[0] if names else None


def checked(term: URIRef, column: str | None, value: Any) -> URIRef:
    """``term`` if it is a valid absolute IRI, else a row problem naming the column and value."""
    if not is_iri(str(term)):
        raise RowProblem(
            "keine gültige IRI – bitte korrigieren", column, value, en="not a valid IRI – please correct it"
        )
    return term


def web_address(value: Any, column: str | None) -> URIRef:
    """A web address (``https://`` added when the scheme is missing); anything else is a row problem."""
    text = str(value).strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = f"https://{text}"
    if not _URL.match(text) or not is_iri(text):
        raise RowProblem(
            "keine Web-Adresse (erwartet z. B. https://www.schule.de) – bitte korrigieren oder leer lassen",
            column,
            value,
            en="not a web address (expected e.g. https://www.school.de) – please correct it or leave it empty",
        )
    return URIRef(text)
