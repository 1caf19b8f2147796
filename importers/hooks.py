"""Source-specific Python, only where a mapping cannot express it. Each hook is named in a mapping's ``hook:``.

``datacube-tables`` (mapping ``konstanz-statistik``): a folder of wide statistics tables (one row per year or
school year, one column per figure) whose column meanings live in a companion ``X.md`` with YAML front matter
(title, source, columns with description and unit). A mapping cannot read the labels of its measures from a
second file, so this hook does: one qb:DataSet per table, one qb:Observation per non-empty cell, one
bg:Indicator per column (with the table's bg:monitoringArea), refArea = the region of ``hook_options.ref_area``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph_service.core.iris import IriMinter, slugify
from graph_service.core.namespaces import PROV, QB, bind_prefixes
from graph_service.core.settings import Settings
from graph_service.pipeline.provenance import file_iri
from importers.engine import RowBuilder, RowOutcome, add_observation
from importers.mapping import Mapping
from importers.readers import ReaderError, ReaderOptions, ReadLimits, read_records
from importers.result import BuildResult
from importers.values import CellValueError, parse_decimal


def run_hook(spec: Mapping, path: Path, settings: Settings, params: dict[str, str]) -> BuildResult:
    """Dispatch to the hook a mapping names."""
    hooks = {"datacube-tables": datacube_tables}
    if spec.hook not in hooks:
        raise ReaderError(f"{spec.path}: unbekannter Hook {spec.hook!r} (bekannt: {', '.join(hooks)})")
    return hooks[spec.hook](spec, path, settings, params)


def front_matter(md: Path) -> dict[str, Any]:
    """The YAML front matter of a companion .md file (empty if none)."""
    if not md.is_file():
        return {}
    match = re.match(r"^---\n(.*?)\n---", md.read_text(encoding="utf-8"), flags=re.S)
    return (yaml.safe_load(match[1]) or {}) if match else {}


def datacube_tables(spec: Mapping, folder: Path, settings: Settings, params: dict[str, str]) -> BuildResult:
    """Build qb:DataSets from the tables listed in ``hook_options.tables`` (file relative to ``folder``)."""
    if not folder.is_dir():
        raise ReaderError(f"{folder}: Ordner mit den Tabellen erwartet")
    minter = IriMinter(settings.base_iri)
    graph = Graph()
    bind_prefixes(graph)
    result = BuildResult(spec, folder, graph)
    builder = RowBuilder(spec, minter, file_iri(minter, folder), params)
    area = minter.region(spec.hook_options["ref_area"])
    options = spec.reader.options(ReadLimits.from_settings(settings))
    for table in spec.hook_options["tables"]:
        _one_table(folder / table["file"], table, spec, minter, builder, area, result, options)
    return result


def _one_table(
    csv_path: Path,
    table: dict,
    spec: Mapping,
    minter: IriMinter,
    builder: RowBuilder,
    area: URIRef,
    result: BuildResult,
    options: ReaderOptions,
) -> None:
    meta = front_matter(csv_path.with_suffix(".md"))
    columns = {c["name"]: c for c in meta.get("columns", []) if isinstance(c, dict) and "name" in c}
    period_column = spec.hook_options.get("period_column", "jahr")
    stem = f"{spec.hook_options.get('prefix', 'tabelle')}-{slugify(csv_path.parent.name)}-{slugify(csv_path.stem)}"
    dataset = minter.entity("dataset", stem)
    g = result.graph
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, RDFS.label, Literal(table.get("label") or meta.get("title") or csv_path.stem, lang="de")))
    if meta.get("source"):
        g.add((dataset, DCTERMS.source, Literal(str(meta["source"]))))
    table_iri = file_iri(minter, csv_path)
    for record in read_records(csv_path, options):
        outcome = RowOutcome(record.row, "imported", file=str(csv_path))
        period = record.data.get(period_column)
        if record.problem or period is None:
            outcome.status, outcome.message = "rejected", record.problem or f"Zeitraum ({period_column}) fehlt"
            result.outcomes.append(outcome)
            continue
        triples = []
        try:
            for name, raw in record.data.items():
                if name == period_column or raw is None:
                    continue
                triples.append((name, parse_decimal(raw)))
        except CellValueError as exc:
            outcome.status, outcome.column = "rejected", name
            outcome.message, outcome.message_en = exc.de, exc.en
            result.outcomes.append(outcome)
            continue
        for name, value in triples:
            info = columns.get(name, {})
            label = info.get("description", name) + (f" ({info['unit']})" if info.get("unit") else "")
            indicator = builder.add_indicator(g, f"{stem}-{slugify(name)}", label, table["monitoring_area"])
            obs = minter.entity("observation", f"{stem}-{slugify(name)}-{slugify(str(period))}")
            add_observation(g, obs, dataset, area, str(period), indicator, value, info.get("unit"))
            g.add((obs, PROV.wasDerivedFrom, URIRef(f"{table_iri}#row={record.row}")))
        result.outcomes.append(outcome)
