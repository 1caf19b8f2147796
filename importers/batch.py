"""Running a mapping over a file: every row ends imported, merged, filtered (out of scope) or rejected."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import bind_prefixes
from graph_service.core.settings import Settings
from graph_service.pipeline.batch import ImportBatch
from graph_service.pipeline.provenance import file_iri
from importers.engine import OutOfScope, RowBuilder, RowOutcome, RowProblem, holds
from importers.hooks import run_hook
from importers.mapping import Mapping, load_mapping
from importers.readers import ReaderError, Record, read_records
from importers.result import BuildResult


def run_mapping(
    path: Path, mapping: str | Path | Mapping, settings: Settings, params: dict[str, str] | None = None
) -> BuildResult:
    """Read ``path`` with ``mapping`` and build its graph; whole-file problems raise ReaderError."""
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    if spec.hook:
        return run_hook(spec, Path(path), settings, params or {})
    path = Path(path)
    merged_params = {**spec.params, **(params or {})}
    minter = IriMinter(settings.base_iri)
    builder = RowBuilder(spec, minter, file_iri(minter, path), merged_params)
    graph = Graph()
    bind_prefixes(graph)
    result = BuildResult(spec, path, graph)
    seen: set[URIRef] = set()
    for record in read_records(path, spec.reader.options()):
        result.outcomes.append(_one_row(record, spec, builder, graph, seen, merged_params))
    return result


def _drop_personal(record: Record, columns: list[str]) -> set[str]:
    values = set()
    for column in columns:
        value = record.data.pop(column, None)
        if isinstance(value, str) and len(value.strip()) >= 4:
            values.add(value.strip())
    return values


def _one_row(
    record: Record, spec: Mapping, builder: RowBuilder, graph: Graph, seen: set[URIRef], params: dict[str, str]
) -> RowOutcome:
    personal = _drop_personal(record, spec.personal_data)
    if record.problem:
        return RowOutcome(record.row, "rejected", record.problem, record.column)
    if not all(holds(c, record.data, params) for c in spec.filters):
        return RowOutcome(record.row, "filtered")
    try:
        row_graph, iris = builder.build(record)
    except RowProblem as exc:
        return RowOutcome(record.row, "rejected", exc.message, exc.column, exc.value)
    except OutOfScope as exc:
        return RowOutcome(record.row, "filtered", f"außerhalb des Gebiets: {exc}")
    if not iris:
        return RowOutcome(record.row, "filtered", "keine Entität für diese Zeile definiert")
    leaked = personal_values_in(row_graph, personal)
    if leaked:  # a mapping copied a personal-data column somewhere: drop the whole row, never the person
        return RowOutcome(record.row, "rejected", "Wert einer personenbezogenen Spalte würde im Graphen landen")
    status = "merged" if iris[0] in seen else "imported"
    seen.update(iris)
    for triple in row_graph:
        graph.add(triple)
    return RowOutcome(record.row, status, iris=iris)


def personal_values_in(triples: Iterable[tuple], values: set[str]) -> set[str]:
    """Literals of a row that equal a value of that row's dropped personal-data columns."""
    if not values:
        return set()
    return {str(o) for _, _, o in triples if isinstance(o, Literal) and str(o).strip() in values}


def build_batch(
    path: Path, mapping: str | Path, settings: Settings, params: dict[str, Any] | None = None
) -> ImportBatch:
    """The entry point used by ``bildungsgraph import FILE --mapping M``: mapping id or file -> ImportBatch.

    Raises ReaderError (file unreadable) or MappingError (mapping invalid) with a readable message.
    """
    return run_mapping(Path(path), mapping, settings, params).to_import_batch()


__all__ = ["BuildResult", "ReaderError", "build_batch", "run_mapping"]
