"""The outcome of running a mapping over a file: its graph and what happened to each row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph_service.core.errors import InputError, Location
from graph_service.core.namespaces import bind_prefixes
from graph_service.pipeline.batch import ImportBatch, Notice, RowIssue, SourceInfo, checked_store
from graph_service.store.terms import to_oxigraph
from importers.engine import RowOutcome
from importers.mapping import Mapping


@dataclass
class BuildResult:
    """The graph of one source file and what happened to each of its rows."""

    mapping: Mapping
    path: Path
    triples: Graph | set[tuple]  # an rdflib graph (hooks), or the set of triples the rows made (fast)
    outcomes: list[RowOutcome] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    defaults: Counter[tuple[str, str]] = field(default_factory=Counter)

    @cached_property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (made on first use: tests, matching before import, previews)."""
        if isinstance(self.triples, Graph):
            return self.triples
        graph = Graph()
        bind_prefixes(graph)
        for triple in self.triples:
            graph.add(triple)
        return graph

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
            f"{len(self.triples)} Tripel"
        )

    @property
    def file_label(self) -> str:
        """File name for messages; spreadsheets name the sheet too."""
        if self.path.suffix.lower() == ".xlsx":
            return f"{self.path.name} (Blatt {self.mapping.reader.sheet or 'erstes Blatt'})"
        return self.path.name

    def feedback(self, lang: str = "de") -> str:
        """Row-level feedback (German, or English): file/sheet, row, column, value, what to do."""
        en = lang == "en"
        lines = []
        for o in self.outcomes:
            if o.status != "rejected":
                continue
            where = f"{o.file or self.file_label}, {'row' if en else 'Zeile'} {o.row}"
            if o.column:
                where += f', column "{o.column}"' if en else f", Spalte „{o.column}“"
            if o.value not in (None, ""):
                where += f', value "{o.value}"' if en else f", Wert „{o.value}“"
            lines.append(f"{where}: {(o.message_en or o.message) if en else o.message}")
        return "\n".join(lines)

    def issues(self) -> list[RowIssue]:
        """The rejected rows as the pipeline's row issues."""
        return [
            RowIssue(
                o.file or self.file_label,
                o.row,
                o.column,
                None if o.value is None else str(o.value),
                o.message or "",
                o.message_en,
            )
            for o in self.outcomes
            if o.status == "rejected"
        ]

    def notices(self) -> list[Notice]:
        """Codes that fell to a value map's ``default`` entry, counted (silent reclassification made visible)."""
        notes = []
        for (table, code), rows in sorted(self.defaults.items(), key=lambda item: (-item[1], item[0])):
            line = self.mapping.line_of("value_maps", table)
            notes.append(
                Notice(
                    f"{rows} Zeile(n) mit Code „{code}“ über default von value_maps.{table} (Zeile {line}) eingeordnet "
                    "– Code im Mapping ergänzen, wenn das nicht stimmt",
                    f'{rows} row(s) with code "{code}" classified by the default of value_maps.{table} (line {line}) '
                    "– add the code to the mapping if that is wrong",
                )
            )
        return notes

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
            mapping=self.mapping.id,
        )
        c = self.counts
        data = checked_store(self.triples, self.path) if isinstance(self.triples, Graph) else self._store()
        return ImportBatch(
            info,
            data,
            rows_read=c["imported"] + c["merged"] + c["rejected"],
            rows_merged=c["merged"],
            rejected_rows=self.issues(),
            notices=self.notices(),
        )

    def _store(self) -> ox.Store:
        """The triples streamed into an in-memory store (no list of every quad: large registers stay small).

        Raises:
            InputError: a term is not valid RDF (the engine checks cell values, so this names a mapping bug)."""
        store = ox.Store()
        try:
            store.bulk_extend(
                ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph()) for s, p, o in self.triples
            )
        except (ValueError, TypeError) as exc:
            raise InputError(
                f"Ungültiger Wert: {exc}", f"invalid value: {exc}", where=Location(file=self.path.name)
            ) from exc
        return store
