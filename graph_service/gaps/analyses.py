"""The gap analyses: saved ``gap-*.rq`` queries plus networkx for articulation points.

Each analysis yields a :class:`GapTable` (plain strings and numbers), so HTML, CSV and JSON share one shape.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field

import networkx as nx
from rdflib.term import Identifier, Literal

from graph_service.queries import get_query
from graph_service.store.base import GraphStore, SelectResult
from visualisations.metrics import articulation_points, bridges

Cell = str | int | float

#: A coverage cell counts as "low" when its rate per 1,000 inhabitants is below this share of the median rate
#: of the same category over all municipalities in the report (zero cells are flagged "zero").
LOW_SHARE_OF_MEDIAN = 0.5


@dataclass
class GapTable:
    """One result table of the report; ``columns`` are keys into each row."""

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
    """All tables of one run, with the county filter used (``None`` = whole store)."""

    county: str | None
    tables: list[GapTable]

    def table(self, table_id: str) -> GapTable:
        """The table with ``table_id`` (KeyError if absent)."""
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"county": self.county, "tables": [t.to_dict() for t in self.tables]}


def _cell(term: Identifier | None) -> Cell:
    if term is None:
        return ""
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float) and not isinstance(value, bool) else str(term)
    return str(term)


def _rows(result: SelectResult, county: str | None) -> list[dict[str, Cell]]:
    rows = [{var: _cell(row.get(var)) for var in result.variables} for row in result.rows]
    if county is None:
        return rows
    return [row for row in rows if str(row.get("ags", "")).startswith(county)]


def _run(store: GraphStore, query_id: str, county: str | None) -> tuple[list[str], list[dict[str, Cell]]]:
    result = store.select(get_query(query_id).text)
    return result.variables, _rows(result, county)


def _coverage(store: GraphStore, query_id: str, table_id: str, county: str | None) -> GapTable:
    _, rows = _run(store, query_id, county)
    for row in rows:
        population = row.get("population")
        offers = int(row.get("offers", 0) or 0)
        row["per1000"] = round(offers * 1000 / population, 3) if isinstance(population, int) and population else ""
    flag_low(rows)
    columns = ["municipalityLabel", "ags", "conceptLabel", "offers", "population", "per1000", "flag"]
    return GapTable(table_id, "coverage", columns, rows, query_id)


def flag_low(rows: list[dict[str, Cell]]) -> None:
    """Set ``flag`` to ``zero``, ``low`` (below LOW_SHARE_OF_MEDIAN × the category's median rate) or ``""``."""
    rates: dict[str, list[float]] = {}
    for row in rows:
        if isinstance(row["per1000"], float):
            rates.setdefault(str(row["concept"]), []).append(row["per1000"])
    for row in rows:
        rate, values = row["per1000"], rates.get(str(row["concept"]), [])
        if int(row.get("offers", 0) or 0) == 0:
            row["flag"] = "zero"
        elif isinstance(rate, float) and values and rate < LOW_SHARE_OF_MEDIAN * statistics.median(values):
            row["flag"] = "low"
        else:
            row["flag"] = ""


def _simple(store: GraphStore, query_id: str, section: str, columns: list[str], county: str | None) -> GapTable:
    _, rows = _run(store, query_id, county)
    return GapTable(query_id.removeprefix("gap-"), section, columns, rows, query_id)


def cooperation_graph(store: GraphStore, county: str | None = None) -> nx.Graph:
    """Undirected actor graph: an edge per pair of parties of a cooperation; node attribute ``label``."""
    graph = nx.Graph()
    for row in store.select(get_query("gap-cooperation-edges").text).rows:
        a, b = str(row["a"]), str(row["b"])
        graph.add_node(a, label=_cell(row.get("aLabel")) or a)
        graph.add_node(b, label=_cell(row.get("bLabel")) or b)
        graph.add_edge(a, b)
    return graph


def _articulation(graph: nx.Graph) -> GapTable:
    rows: list[dict[str, Cell]] = [
        {"actor": node, "actorLabel": graph.nodes[node]["label"], "degree": graph.degree[node]}
        for node in articulation_points(graph)
    ]
    rows.sort(key=lambda r: str(r["actorLabel"]))
    return GapTable("articulation-points", "network", ["actorLabel", "degree"], rows, "gap-cooperation-edges")


def _bridges(graph: nx.Graph) -> GapTable:
    rows: list[dict[str, Cell]] = [
        {"a": a, "aLabel": graph.nodes[a]["label"], "b": b, "bLabel": graph.nodes[b]["label"]}
        for a, b in bridges(graph)
    ]
    rows.sort(key=lambda r: (str(r["aLabel"]), str(r["bLabel"])))
    return GapTable("bridges", "network", ["aLabel", "bLabel"], rows, "gap-cooperation-edges")


_CONCEPT_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?label WHERE {
  ?concept skos:prefLabel ?label . FILTER(LANG(?label) = "%s")
  FILTER(STRSTARTS(STR(?concept), "https://w3id.org/bildungsgraph/vocab/"))
}"""
_CONCEPT_COLUMNS = {"conceptLabel": "concept", "typeLabel": "type"}


def _translate_concepts(store: GraphStore, tables: list[GapTable], lang: str) -> None:
    """Replace German concept labels by those in ``lang`` where the vocabulary has one."""
    labels = {str(r["concept"]): str(r["label"]) for r in store.select(_CONCEPT_LABELS % lang).rows}
    for table in tables:
        for row in table.rows:
            for label_column, iri_column in _CONCEPT_COLUMNS.items():
                if label_column in row and str(row.get(iri_column, "")) in labels:
                    row[label_column] = labels[str(row[iri_column])]


def build_report(store: GraphStore, county: str | None = None, lang: str = "de") -> GapReport:
    """Run every analysis; ``county`` (AGS prefix, e.g. ``01001``) keeps only rows of that area.

    Concept labels (life phase, target group, actor type) are in ``lang`` (``de`` or ``en``)."""
    place = ["municipalityLabel", "ags"]
    graph = cooperation_graph(store)
    tables = [
        _coverage(store, "gap-coverage-life-phase", "coverage-life-phase", county),
        _coverage(store, "gap-coverage-target-group", "coverage-target-group", county),
        _simple(store, "gap-missing-actor-types", "coverage", [*place, "typeLabel"], county),
        _simple(store, "gap-kita-without-transition", "transitions", [*place, "kitaLabel"], county),
        _simple(
            store,
            "gap-responsibility-without-legal-basis",
            "responsibilities",
            ["responsibilityLabel", "agentLabel"],
            county,
        ),
        _simple(
            store, "gap-actors-without-responsibility", "responsibilities", [*place, "actorLabel", "typeLabel"], county
        ),
        _simple(store, "gap-isolated-actors", "network", [*place, "actorLabel"], county),
        _articulation(graph),
        _bridges(graph),
    ]
    if lang != "de":
        _translate_concepts(store, tables, lang)
    return GapReport(county, tables)
