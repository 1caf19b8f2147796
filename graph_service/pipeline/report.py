"""The outcome of one pass through the pipeline: checked (validate) or landed (import), or why it was refused."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import URIRef

from graph_service.pipeline.batch import RowIssue
from graph_service.pipeline.diff import GraphDiff
from graph_service.pipeline.versions import Version
from graph_service.validation import ValidationReport


@dataclass
class ImportReport:
    """Rows, triples, findings and the decision for one batch."""

    source_id: str
    graph_iri: URIRef
    rows_read: int
    rows_imported: int
    rows_merged: int
    rows_rejected: int
    triples: int
    landed: bool
    rejected_rows: list[RowIssue] = field(default_factory=list)
    validation: ValidationReport | None = None
    reason: str | None = None
    reason_en: str | None = None
    previous_triples: int | None = None
    diff: GraphDiff | None = None  # set by land() when the write is kept as a version
    version: Version | None = None

    @property
    def accepted(self) -> bool:
        """True when the gate lets the batch through (whether or not it was written)."""
        return self.reason is None

    def summary(self, lang: str = "de") -> str:
        """One line for the console."""
        if lang == "en":
            state = "passes the gate" if self.accepted else f"REJECTED ({self.reason_en})"
            state = "imported" if self.landed else state
            return (
                f"{self.source_id}: {state}; {self.triples} triples; rows read {self.rows_read}, "
                f"imported {self.rows_imported}, merged {self.rows_merged}, rejected {self.rows_rejected}"
            )
        state = "besteht die Prüfung" if self.accepted else f"ABGELEHNT ({self.reason})"
        state = "importiert" if self.landed else state
        return (
            f"{self.source_id}: {state}; {self.triples} Tripel; Zeilen gelesen {self.rows_read}, "
            f"importiert {self.rows_imported}, zusammengeführt {self.rows_merged}, abgelehnt {self.rows_rejected}"
        )

    def to_text(self, lang: str = "de") -> str:
        """Summary, rejected rows and the validation findings, for people."""
        lines = [self.summary(lang)]
        lines += [f"  - {issue.describe(lang)}" for issue in self.rejected_rows]
        if self.validation is not None and self.validation.results:
            lines.append(self.validation.to_text(lang))
        return "\n".join(lines)

    def to_json(self, lang: str = "de") -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "source_id": self.source_id,
            "graph": str(self.graph_iri),
            "landed": self.landed,
            "accepted": self.accepted,
            "reason": self.reason_en if lang == "en" else self.reason,
            "rows": {
                "read": self.rows_read,
                "imported": self.rows_imported,
                "merged": self.rows_merged,
                "rejected": self.rows_rejected,
            },
            "triples": self.triples,
            "rejected_rows": [asdict(issue) for issue in self.rejected_rows],
            "validation": self.validation.to_dict() if self.validation is not None else None,
        }
