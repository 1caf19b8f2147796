"""Running a mapping over a file: every row ends imported, merged, filtered (out of scope) or rejected."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from graph_service.core.errors import InputError, Location
from graph_service.core.iris import IriMinter
from graph_service.core.settings import Settings
from graph_service.pipeline.batch import ImportBatch, RowIssue
from graph_service.pipeline.provenance import file_iri
from importers.columns import check_columns
from importers.engine import OutOfScope, RowBuilder, RowOutcome, RowProblem, holds
from importers.hooks import run_hook
from importers.mapping import Mapping, load_mapping
from importers.readers import ReaderError, ReadLimits, Record, open_table
from importers.result import BuildResult


def run_mapping(
    path: Path,
    mapping: str | Path | Mapping,
    settings: Settings,
    params: dict[str, str] | None = None,
    *,
    refused: dict[int, RowIssue] | None = None,
) -> BuildResult:
    """Read ``path`` with ``mapping`` and build its graph; whole-file problems raise ReaderError/MappingError.

    ``refused``: rows to reject with the given reason instead of building them (a partial import drops the rows
    whose entities the SHACL gate refused)."""
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    merged_params = merge_params(spec, params)
    if spec.hook:
        return run_hook(spec, Path(path), settings, merged_params)
    path = Path(path)
    minter = IriMinter(settings.base_iri)
    builder = RowBuilder(spec, minter, file_iri(minter, path), merged_params)
    triples: set[tuple] = set()
    result = BuildResult(spec, path, triples, params=merged_params)
    options = spec.reader.options(ReadLimits.from_settings(settings))
    options.required_columns = []  # checked below with the mapping's lines and the nearest names
    table = open_table(path, options)
    check_columns(spec, table, path.name)
    seen: set[URIRef] = set()
    for record in table.records:
        if refused and record.row in refused:
            issue = refused[record.row]
            result.outcomes.append(
                RowOutcome(
                    record.row, "rejected", issue.message, issue.column, issue.value, message_en=issue.message_en
                )
            )
            continue
        result.outcomes.append(_one_row(record, spec, builder, triples, seen, merged_params))
    result.defaults = builder.defaults
    return result


def merge_params(spec: Mapping, params: dict[str, Any] | None) -> dict[str, str]:
    """The mapping's params with the caller's (``--param key=value``); an unknown key is an InputError."""
    given = {str(k): str(v) for k, v in (params or {}).items()}
    unknown = sorted(set(given) - set(spec.params))
    if unknown:
        known = ", ".join(spec.params) or "keine"
        raise InputError(
            f"unbekannter Parameter {', '.join(unknown)} – das Mapping {spec.id} kennt: {known}",
            f"unknown parameter {', '.join(unknown)} – mapping {spec.id} knows: {known if spec.params else 'none'}",
            where=Location(file=spec.file_name, line=spec.line_of("params")),
            fix_de="Namen prüfen oder den Parameter unter params: im Mapping anlegen.",
            fix_en="check the name or declare the parameter under params: in the mapping.",
        )
    return {**spec.params, **given}


def _drop_personal(record: Record, columns: list[str]) -> set[str]:
    values = set()
    for column in columns:
        value = record.data.pop(column, None)
        if isinstance(value, str) and len(value.strip()) >= 4:
            values.add(value.strip())
    return values


def _one_row(
    record: Record, spec: Mapping, builder: RowBuilder, triples: set[tuple], seen: set[URIRef], params: dict[str, str]
) -> RowOutcome:
    personal = _drop_personal(record, spec.personal_data)
    if record.problem:
        return RowOutcome(record.row, "rejected", record.problem, record.column)
    try:
        builder.derive(record)
        if not all(holds(c, record.data, params) for c in spec.filters):
            return RowOutcome(record.row, "filtered")
        row_graph, iris = builder.build(record, seen)
    except RowProblem as exc:
        return RowOutcome(record.row, "rejected", exc.message, exc.column, exc.value, message_en=exc.message_en)
    except OutOfScope as exc:
        return RowOutcome(record.row, "filtered", f"außerhalb des Gebiets: {exc}")
    if not iris:
        return RowOutcome(record.row, "filtered", "keine Entität für diese Zeile definiert")
    leaked = personal_values_in(row_graph, personal)
    if leaked:  # a mapping copied a personal-data column somewhere: drop the whole row, never the person
        return RowOutcome(
            record.row,
            "rejected",
            "Wert einer personenbezogenen Spalte würde im Graphen landen",
            message_en="a value of a personal-data column would end up in the graph",
        )
    status = "merged" if iris[0] in seen else "imported"
    seen.update(iris)
    triples.update(row_graph)
    return RowOutcome(record.row, status, iris=iris)


def personal_values_in(triples: Iterable[tuple], values: set[str]) -> set[str]:
    """Literals of a row that equal a value of that row's dropped personal-data columns."""
    if not values:
        return set()
    return {str(o) for _, _, o in triples if isinstance(o, Literal) and str(o).strip() in values}


def build_batch(
    path: Path, mapping: str | Path | Mapping, settings: Settings, params: dict[str, Any] | None = None
) -> ImportBatch:
    """The entry point used by ``bildungsgraph import FILE --mapping M``: mapping id or file -> ImportBatch.

    The batch can be narrowed by the gate (``--accept-partial``): it is built again without the refused rows.
    Raises ReaderError (file unreadable) or MappingError (mapping invalid) with a readable message.
    """
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    path = Path(path)

    def narrowed(refused: dict[int, RowIssue]) -> ImportBatch:
        batch = run_mapping(path, spec, settings, params, refused=refused).to_import_batch()
        batch.without_rows = lambda more: narrowed({**refused, **{i.row or 0: i for i in more}})
        return batch

    return narrowed({})


__all__ = ["BuildResult", "ReaderError", "build_batch", "run_mapping"]
