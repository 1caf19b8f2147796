"""The result shape of every gap analysis: tables of plain strings and numbers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

Cell = str | int | float


@dataclass
class GapTable:
    """One result table of the report; ``columns`` are keys into each row (rows may hold more, e.g. IRIs)."""

    id: str
    section: str
    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)
    query_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


@dataclass
class GapReport:
    """All tables of one run, with the county filter used (``None`` = whole store) and the area's name."""

    county: str | None
    tables: list[GapTable]
    name: str | None = None

    def table(self, table_id: str) -> GapTable:
        """The table with ``table_id`` (KeyError if absent)."""
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"county": self.county, "name": self.name, "tables": [t.to_dict() for t in self.tables]}
