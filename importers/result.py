"""The outcome of running a mapping over a file: its graph and what happened to each row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from graph_service.pipeline.batch import ImportBatch, RowIssue, SourceInfo
from importers.engine import RowOutcome
from importers.mapping import Mapping


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
            return f"{self.path.name} (Blatt {self.mapping.reader.sheet or 'erstes Blatt'})"
        return self.path.name

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
        """The batch for the pipeline (rows out of the filter are not counted as read).

        Raises:
            InputError: a built term is not valid RDF."""
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
                o.file or self.path.name, o.row, o.column, None if o.value is None else str(o.value), o.message or ""
            )
            for o in self.outcomes
            if o.status == "rejected"
        ]
        c = self.counts
        return ImportBatch.from_graph(
            info,
            self.graph,
            rows_read=c["imported"] + c["merged"] + c["rejected"],
            rows_merged=c["merged"],
            rejected_rows=issues,
        )
