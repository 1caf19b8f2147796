"""Running a mapping over a file: every row ends imported, merged, filtered (out of scope) or rejected."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef

from graph_service.core.iris import IriMinter
from graph_service.core.namespaces import bind_prefixes
from graph_service.core.settings import Settings
from importers.engine import OutOfScope, RowBuilder, RowOutcome, RowProblem, holds
from importers.mapping import Mapping, load_mapping
from importers.readers import ReaderError, Record, read_records

if TYPE_CHECKING:
    from graph_service.pipeline.importing import ImportBatch


@dataclass
class BuildResult:
    """The graph of one source file and what happened to each of its rows."""

    mapping: Mapping
    path: Path
    graph: Graph
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        """Rows per status (imported, merged, rejected, filtered)."""
        return Counter(o.status for o in self.outcomes)

    @property
    def rows_read(self) -> int:
        return len(self.outcomes)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{self.mapping.id}: {self.rows_read} Zeilen gelesen, {c['imported']} importiert, "
            f"{c['merged']} zusammengeführt, {c['rejected']} abgelehnt, {c['filtered']} außerhalb des Filters; "
            f"{len(self.graph)} Tripel"
        )

    @property
    def file_label(self) -> str:
        """File name for messages; spreadsheets name the sheet too."""
        if self.path.suffix.lower() == ".xlsx":
            return f"{self.path} (Blatt {self.mapping.reader.sheet or 'erstes Blatt'})"
        return str(self.path)

    def feedback(self) -> str:
        """Row-level feedback in German: file/sheet, row, column, value, what to do."""
        lines = []
        for o in self.outcomes:
            if o.status != "rejected":
                continue
            where = f"{o.file or self.file_label}, Zeile {o.row}"
            if o.column:
                where += f", Spalte „{o.column}“"
            if o.value not in (None, ""):
                where += f", Wert „{o.value}“"
            lines.append(f"{where}: {o.message}")
        return "\n".join(lines)

    def to_import_batch(self) -> ImportBatch:
        """The batch for ``pipeline.importing.import_batch`` (rows out of the filter are not counted as read)."""
        from graph_service.pipeline.importing import ImportBatch, RowIssue, SourceInfo

        src = self.mapping.source
        info = SourceInfo(
            source_id=self.mapping.id,
            title=src.title,
            licence=src.licence,
            attribution=src.attribution,
            publisher=src.publisher,
            source_url=src.source_url,
            input_path=self.path,
        )
        issues = [
            RowIssue(
                o.file or str(self.path), o.row, o.column, None if o.value is None else str(o.value), o.message or ""
            )
            for o in self.outcomes
            if o.status == "rejected"
        ]
        c = self.counts
        return ImportBatch(
            source=info,
            graph=self.graph,
            rows_read=c["imported"] + c["merged"] + c["rejected"],
            rows_merged=c["merged"],
            rejected_rows=issues,
        )


def run_mapping(
    path: Path, mapping: str | Path | Mapping, settings: Settings, params: dict[str, str] | None = None
) -> BuildResult:
    """Read ``path`` with ``mapping`` and build its graph; whole-file problems raise ReaderError."""
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    if spec.hook:
        from importers.hooks import run_hook

        return run_hook(spec, Path(path), settings, params or {})
    path = Path(path)
    merged_params = {**spec.params, **(params or {})}
    builder = RowBuilder(spec, IriMinter(settings.base_iri), path.resolve().as_uri(), merged_params)
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
