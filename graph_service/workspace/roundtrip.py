"""The Excel round trip: a source as its filled template (XLSX with the drop-downs, or CSV for German Excel).

The rows are read back from the source's RDF with the source's own template mapping (``importers/mappings/
vorlage-*.yaml``) run backwards: the IRI template gives the Kennung, each property its column (references as
Kennung, concepts by their German label as in the drop-down, regions by key, dates as dates), the
classification its code, the address its three columns. Uploading the file unchanged changes nothing (the diff
preview is empty); an edited cell shows as exactly that change.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from openpyxl import load_workbook

from graph_service.core.errors import InputError
from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import BG, PREFIXES, SCHEMA, VOCAB
from graph_service.workspace.registry import Source
from graph_service.workspace.service import Workspace
from importers import load_mapping
from importers.concepts import scheme_concepts
from importers.mapping import EntitySpec, Mapping, PropertySpec
from importers.templates import TEMPLATES, write_template

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
Facts = dict[str, list[Any]]


def template_kind(mapping: str | None) -> str | None:
    """``vorlage-akteure`` -> ``akteure``; None for other mappings."""
    if mapping and mapping.startswith("vorlage-") and mapping.removeprefix("vorlage-") in TEMPLATES:
        return mapping.removeprefix("vorlage-")
    return None


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return f"{PREFIXES[prefix]}{local}" if prefix in PREFIXES else curie


def _facts(content: ox.Store) -> dict[str, Facts]:
    """Subject -> predicate -> objects (pyoxigraph terms) of the default graph."""
    found: dict[str, Facts] = defaultdict(lambda: defaultdict(list))
    for quad in content.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        found[str(quad.subject) if isinstance(quad.subject, ox.BlankNode) else quad.subject.value][
            quad.predicate.value
        ].append(quad.object)
    return found


def rows(ws: Workspace, source: Source) -> tuple[str, list[dict[str, Any]]]:
    """The template kind and one row (column -> value) per record of the source's working state."""
    kind = template_kind(source.mapping)
    if kind is None:
        raise InputError(
            "Diese Quelle wurde nicht aus einer Tabellenvorlage gefüllt; sie lässt sich nicht als Vorlage laden.",
            "this source was not filled from a template, so it cannot be downloaded as one.",
        )
    mapping = load_mapping(source.mapping or "")
    facts = _facts(ws.content(ws.working_place(source)))
    entity = mapping.entities[0]
    kind_prefix = f"{ws.minter.base}{(entity.iri or '').split('/', 1)[0]}/"
    found = [_row(ws.minter, mapping, entity, iri, facts) for iri in sorted(facts) if iri.startswith(kind_prefix)]
    return kind, [r for r in found if r is not None]


def _row(minter: IriMinter, mapping: Mapping, entity: EntitySpec, iri: str, facts: dict[str, Facts]) -> dict | None:
    record = facts[iri]
    if not record.get(RDF_TYPE) and not record:
        return None
    row: dict[str, Any] = {}
    _from_iri(row, entity, iri)
    used: dict[str, set[str]] = defaultdict(set)
    for prop in entity.properties:
        if prop.column:
            _property(row, minter, prop, record, used)
    for classify in entity.classify:
        _classify(row, mapping, classify, record)
    if entity.address:
        address = next((facts.get(str(node), {}) for node in record.get(str(SCHEMA.address), [])), {})
        for column, predicate in (
            (entity.address.street, SCHEMA.streetAddress),
            (entity.address.postal_code, SCHEMA.postalCode),
            (entity.address.locality, SCHEMA.addressLocality),
        ):
            if column and address.get(str(predicate)):
                row[column.strip("{}")] = address[str(predicate)][0].value
    if entity.municipality and entity.municipality.ags:
        places = record.get(str(BG.municipality), [])
        if places:
            row[entity.municipality.ags.strip("{}")] = places[0].value.rsplit("/", 1)[-1]
    return row


def _from_iri(row: dict[str, Any], entity: EntitySpec, iri: str) -> None:
    """Columns named in the IRI template (``actor/{Kennung}``) from the record's IRI."""
    _, _, local = (entity.iri or "").partition("/")
    names = re.findall(r"\{([^{}]+)\}", local)
    pattern = "^" + re.sub(r"\\\{[^{}]+\\\}", "(.+?)", re.escape(local)) + "$"
    match = re.match(pattern, iri.rsplit("/", 1)[-1])
    if match:
        row.update(dict(zip(names, match.groups(), strict=True)))


def _property(row: dict, minter: IriMinter, prop: PropertySpec, record: Facts, used: dict[str, set[str]]) -> None:
    predicate = _expand(prop.p)
    values = [v for v in record.get(predicate, []) if _fits(minter, prop, v) and str(v) not in used[predicate]]
    if not values:
        return
    if not prop.split:
        values = sorted(values, key=str)[:1]
    used[predicate].update(str(v) for v in values)
    texts = sorted(_cell(minter, prop, v) for v in values)
    row[prop.column or ""] = (
        texts[0] if len(texts) == 1 and not isinstance(texts[0], str) else "; ".join(str(t) for t in texts)
    )


def _fits(minter: IriMinter, prop: PropertySpec, value: Any) -> bool:
    """Whether ``value`` is written by ``prop`` (a predicate may be shared: actors and life phases)."""
    text = getattr(value, "value", "")
    if prop.kind == "concept":
        return text.startswith(f"{VOCAB}{prop.scheme}/")
    if prop.kind == "entity":
        return isinstance(value, ox.NamedNode) and not text.startswith(str(VOCAB))
    if prop.kind == "region":
        return text.startswith(f"{minter.base}region/")
    return True


def _cell(minter: IriMinter, prop: PropertySpec, value: Any) -> Any:
    text = value.value
    if prop.kind == "concept":
        slug = text.rsplit("/", 1)[-1]
        return scheme_concepts(prop.scheme or "").get(slug, slug)
    if prop.kind == "entity":
        prefix = f"{minter.base}{prop.scheme or 'actor'}/"
        return text[len(prefix) :] if text.startswith(prefix) else text
    if prop.kind == "region":
        return text.rsplit("/", 1)[-1]
    datatype = getattr(getattr(value, "datatype", None), "value", "")
    if datatype.endswith("#date"):
        return date.fromisoformat(text)
    if datatype.endswith("#boolean"):
        return "ja" if text == "true" else "nein"
    return text


def _classify(row: dict, mapping: Mapping, classify: Any, record: Facts) -> None:
    if not classify.column:
        return
    table = mapping.value_maps.get(classify.map, {})
    if classify.scheme:
        concepts = scheme_concepts(classify.scheme)
        slugs = sorted(v.value.rsplit("/", 1)[-1] for v in record.get(str(BG.actorType), []))
        codes = [s for s in slugs if s in table]
        row[classify.column] = "; ".join(concepts.get(s, s) for s in codes)
        return
    types = {v.value for v in record.get(RDF_TYPE, [])}
    for code, entry in table.items():
        wanted = {_expand(t) for t in entry.get("types", [])}
        if code != "default" and wanted and wanted <= types:
            row[classify.column] = code
            return


def export_xlsx(ws: Workspace, source: Source) -> bytes:
    """The source as the filled template workbook (explanation sheet and drop-downs included)."""
    kind, found = rows(ws, source)
    with tempfile.TemporaryDirectory(prefix="bildungsgraph-export-") as folder:
        path = Path(folder) / f"{kind}.xlsx"
        write_template(kind, path)
        book = load_workbook(path)
        sheet = book["Daten"]
        headers = [c.header for c in TEMPLATES[kind]]
        for index, row in enumerate(found, start=2):
            for column, header in enumerate(headers, start=1):
                value = row.get(header)
                if value in (None, ""):
                    continue
                cell = sheet.cell(row=index, column=column, value=value)
                if isinstance(value, date):
                    cell.number_format = "DD.MM.YYYY"
                elif isinstance(value, str) and value.isdigit():
                    cell.number_format = "@"
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def export_csv(ws: Workspace, source: Source) -> bytes:
    """The source as CSV for German Excel: UTF-8 with BOM, ``;`` separated, dates as TT.MM.JJJJ."""
    kind, found = rows(ws, source)
    headers = [c.header for c in TEMPLATES[kind]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in found:
        writer.writerow([_csv_cell(row.get(h)) for h in headers])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "@") else text
