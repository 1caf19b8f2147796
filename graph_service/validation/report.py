"""The report model of the SHACL gate: one explained result per finding, grouped for people and machines."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from itertools import groupby
from typing import Literal

Severity = Literal["Violation", "Warning", "Info"]
SEVERITY_ORDER: dict[str, int] = {"Violation": 0, "Warning": 1, "Info": 2}
_SEVERITY_DE = {"Violation": "Fehler", "Warning": "Warnung", "Info": "Hinweis"}


@dataclass
class ValidationResult:
    """One SHACL result, explained for a coordinator (German and English texts from our shapes)."""

    severity: Severity
    focus_node: str
    focus_label: str
    path: str | None
    path_label: str | None
    value: str | None
    message: str
    shape: str | None
    source_file: str | None = None
    source_row: int | None = None
    message_en: str | None = None
    path_label_en: str | None = None

    def describe(self, lang: str = "de") -> str:
        """``file Zeile 12 (label), Feld Anbieter: message (Wert: v)``."""
        en = lang == "en"
        message = (self.message_en or self.message) if en else self.message
        path_label = (self.path_label_en or self.path_label) if en else self.path_label
        where = self.source_file or self.focus_label
        if self.source_row is not None:
            where += f" {'row' if en else 'Zeile'} {self.source_row}"
        if self.source_file:
            where += f" ({self.focus_label})"
        if path_label:
            where += f", {'field' if en else 'Feld'} {path_label}"
        text = f"{where}: {message}"
        if self.value:
            text += f" ({'value' if en else 'Wert'}: {self.value})"
        return text

    def key(self) -> tuple:
        """What makes two results the same finding (engines and runs are compared by it)."""
        return (self.severity, self.focus_node, self.path, self.value, self.shape)


def sort_key(result: ValidationResult) -> tuple[int, str, int, str, str]:
    """Severity, then source file and row, then the thing and message."""
    return (
        SEVERITY_ORDER[result.severity],
        result.source_file or result.focus_label,
        result.source_row or 0,
        result.focus_node,
        result.message,
    )


@dataclass
class ValidationReport:
    """All results of one validation."""

    results: list[ValidationResult] = field(default_factory=list)
    lang: str = "de"

    def __post_init__(self) -> None:
        self.results = sorted(unique(self.results), key=sort_key)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Info"]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and hints are allowed)."""
        return not self.violations

    def to_text(self, lang: str | None = None) -> str:
        """Results grouped by severity, then by source file and row."""
        lang = lang or self.lang
        lines: list[str] = []
        for severity, group in groupby(self.results, key=lambda r: r.severity):
            items = list(group)
            name = severity if lang == "en" else _SEVERITY_DE[severity]
            lines.append(f"{name} ({len(items)}):")
            lines += [f"  - {r.describe(lang)}" for r in items]
        return "\n".join(lines) if lines else ("No findings." if lang == "en" else "Keine Befunde.")

    def to_dict(self) -> dict:
        """The results as JSON-ready data."""
        return {
            "conforms": self.conforms,
            "counts": {"violations": len(self.violations), "warnings": len(self.warnings), "infos": len(self.infos)},
            "results": [asdict(r) for r in self.results],
        }

    def to_json(self) -> str:
        """The results as a JSON document."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def unique(results: list[ValidationResult]) -> list[ValidationResult]:
    """One result per thing, field, value and shape: a shape failing on several components explains it once."""
    seen: set[tuple] = set()
    kept = []
    for result in results:
        if result.key() not in seen:
            seen.add(result.key())
            kept.append(result)
    return kept
