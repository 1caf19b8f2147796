"""Checking a mapping against a file's columns before any row is read.

Every column the mapping names (in ``column:``, templates, conditions, derive steps, placement, sites…) must exist
in the file or be made by a ``derive`` step. All unknown names are ONE error naming each column, the line of the
mapping that uses it and the nearest columns of the file ("meinten Sie …"): a wrong column name must never
silently drop a field for every row, nor reject every row as "empty".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph_service.core.errors import Location
from importers.mapping import EntitySpec, Mapping, MappingError, PlacementSpec, PropertySpec, SiteSpec
from importers.readers import Table
from importers.transforms import placeholders

_INDEXED = re.compile(r"^(?P<list>[^\[\]]+)\[\d*\]\.(?P<rest>.+)$")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Reference:
    """A column name used somewhere in the mapping (``path`` into the YAML; ``for_each`` of its entity)."""

    column: str
    path: Path
    for_each: str | None = None


def _names(text: str | None, template: bool) -> list[str]:
    if not text:
        return []
    return placeholders(text) if template or "{" in text else [text]


def references(mapping: Mapping) -> Iterator[Reference]:
    """Every column name the mapping uses, with where it is used."""
    for i, name in enumerate(mapping.reader.required_columns):
        yield Reference(name, ("reader", "required_columns", i))
    for i, step in enumerate(mapping.derive):
        for name in _names(step.source, False):
            yield Reference(name, ("derive", i, "from"))
        for j, item in enumerate(step.coalesce):
            for name in _names(item, False):
                yield Reference(name, ("derive", i, "coalesce", j))
    for i, condition in enumerate(mapping.filters):
        yield Reference(condition.column, ("filters", i, "column"))
    for i, entity in enumerate(mapping.entities):
        yield from _entity(entity, ("entities", i))


def _entity(entity: EntitySpec, at: Path) -> Iterator[Reference]:
    each = entity.for_each
    if each:
        yield Reference(each, (*at, "for_each"))
    for i, condition in enumerate(entity.when):
        yield Reference(condition.column, (*at, "when", i, "column"), each)
    for i, template in enumerate(entity.iri_templates):
        for name in placeholders(template.partition("/")[2]):
            yield Reference(name, (*at, "iri") if isinstance(entity.iri, str) else (*at, "iri", i), each)
    for name in _names(entity.region, True):
        yield Reference(name, (*at, "region"), each)
    for i, classify in enumerate(entity.classify):
        if classify.column:
            yield Reference(classify.column, (*at, "classify", i, "column"), each)
        for j, flag in enumerate(classify.flags):
            yield Reference(flag, (*at, "classify", i, "flags", j), each)
    yield from _parts(entity, at, each)
    if entity.observations:
        obs = entity.observations
        for i, measure in enumerate(obs.measures):
            yield Reference(measure.column, (*at, "observations", "measures", i, "column"), each)
        for name in placeholders(obs.ref_period):
            yield Reference(name, (*at, "observations", "ref_period"), each)
        if obs.ref_area != "municipality":
            for name in placeholders(obs.ref_area):
                yield Reference(name, (*at, "observations", "ref_area"), each)
    if entity.site:
        site = entity.site
        templates = [site.iri] if isinstance(site.iri, str) else list(site.iri or [])
        for template in templates:
            for name in placeholders(template.partition("/")[2]):
                yield Reference(name, (*at, "site", "iri"), each)
        for name in _names(site.label, True):
            yield Reference(name, (*at, "site", "label"), each)
        yield from _parts(site, (*at, "site"), each)


def _parts(spec: EntitySpec | SiteSpec, at: Path, each: str | None) -> Iterator[Reference]:
    for i, prop in enumerate(spec.properties):
        yield from _property(prop, (*at, "properties", i), each)
    if spec.address:
        for key in ("street", "postal_code", "locality"):
            for name in _names(getattr(spec.address, key), True):
                yield Reference(name, (*at, "address", key), each)
    if spec.geometry:
        yield Reference(spec.geometry.lon, (*at, "geometry", "lon"), each)
        yield Reference(spec.geometry.lat, (*at, "geometry", "lat"), each)
    if spec.municipality:
        yield from _placement(spec.municipality, (*at, "municipality"), each)


def _property(prop: PropertySpec, at: Path, each: str | None) -> Iterator[Reference]:
    for i, condition in enumerate(prop.when):
        yield Reference(condition.column, (*at, "when", i, "column"), each)
    if prop.column:
        yield Reference(prop.column, (*at, "column"), each)
    for name in _names(prop.template, True):
        yield Reference(name, (*at, "template"), each)
    for i, item in enumerate(prop.coalesce or []):
        for name in _names(item, False):
            yield Reference(name, (*at, "coalesce", i), each)


def _placement(spec: PlacementSpec, at: Path, each: str | None) -> Iterator[Reference]:
    for name in _names(spec.ags, True):
        yield Reference(name, (*at, "ags"), each)
    for key in ("postcode", "locality", "address"):
        for name in _names(getattr(spec, key), False):
            yield Reference(name, (*at, key), each)


def _known(ref: Reference, columns: set[str], table: Table) -> bool:
    name = ref.column
    if name in columns or name == "#":
        return True
    if name.startswith("item.") and ref.for_each:
        keys = table.item_keys.get(ref.for_each)
        return ref.for_each in columns and (keys is None or name[5:] in keys)
    match = _INDEXED.match(name)
    if match:
        keys = table.item_keys.get(match["list"])
        return match["list"] in columns and (keys is None or match["rest"] in keys)
    return False


def suggestions(name: str, columns: list[str]) -> list[str]:
    """The nearest column names (case-insensitive equal first, then difflib)."""
    folded = [c for c in columns if c.casefold() == name.casefold()]
    close = difflib.get_close_matches(name, columns, n=3, cutoff=0.6)
    lower = {c.casefold(): c for c in columns}
    close += [lower[c] for c in difflib.get_close_matches(name.casefold(), list(lower), n=3, cutoff=0.6)]
    return list(dict.fromkeys(folded + close))[:3]


def _near(ref: Reference, columns: list[str], table: Table) -> list[str]:
    """Suggestions in the form the mapping used: ``item.<key>`` and ``list[0].<key>`` from the items' keys."""
    name = ref.column
    if name.startswith("item.") and ref.for_each and ref.for_each in table.item_keys:
        return [f"item.{k}" for k in suggestions(name[5:], sorted(table.item_keys[ref.for_each]))]
    match = _INDEXED.match(name)
    if match and match["list"] in table.item_keys:
        head = name[: len(name) - len(match["rest"])]
        return [head + k for k in suggestions(match["rest"], sorted(table.item_keys[match["list"]]))]
    return suggestions(name, columns)


def check_columns(mapping: Mapping, table: Table, file_name: str) -> None:
    """Raise ONE MappingError for every column the mapping names that the file lacks."""
    derived = {name for step in mapping.derive for name in step.outputs()}
    columns = set(table.columns) | derived | set(mapping.reader.optional_columns)
    unknown: dict[str, list[Reference]] = {}
    for ref in references(mapping):
        if not _known(ref, columns, table):
            unknown.setdefault(ref.column, []).append(ref)
    if not unknown:
        return
    listed = sorted(columns)
    parts_de, parts_en, lines = [], [], []
    for name, refs in unknown.items():
        line = mapping.line_of(*refs[0].path)
        lines.append(line)
        near = _near(refs[0], listed, table)
        where_de = f"Zeile {line}" if line else ".".join(str(p) for p in refs[0].path)
        where_en = f"line {line}" if line else where_de
        if len(refs) > 1:
            where_de, where_en = f"{where_de} und {len(refs) - 1} weitere", f"{where_en} and {len(refs) - 1} more"
        hint_de = f" – meinten Sie {' oder '.join(f'„{n}“' for n in near)}?" if near else ""
        quoted = " or ".join(f'"{n}"' for n in near)
        hint_en = f" – did you mean {quoted}?" if near else ""
        parts_de.append(f"Spalte „{name}“ ({where_de}) gibt es in {file_name} nicht{hint_de}")
        parts_en.append(f'column "{name}" ({where_en}) does not exist in {file_name}{hint_en}')
    shown = ", ".join(table.columns[:40]) + (" …" if len(table.columns) > 40 else "")
    raise MappingError(
        "; ".join(parts_de),
        "; ".join(parts_en),
        where=Location(file=mapping.file_name, line=lines[0]),
        fix_de=f"Spaltennamen im Mapping korrigieren (Spalten der Datei: {shown}).",
        fix_en=f"correct the column names in the mapping (columns of the file: {shown}).",
    )
