"""Data quality per source: how many records lack what the shapes ask for with severity Warning or Info.

Violations never reach the store (the import gate rejects them); warnings and hints do. Each such rule of
``shapes/*.ttl`` that is a ``sh:minCount`` on a property of a target class is counted per source graph with one
SPARQL query, so the summary stays fast on a million triples. :func:`counted_rules` lists the rules; a test
checks that no Warning/Info shape falls outside this form and that the counts equal pySHACL's.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from graph_service.core.sparql_terms import iri
from graph_service.gaps.context import GapContext, cell
from graph_service.gaps.table import Cell, GapTable
from graph_service.validation.shapes import shapes_graph

SEVERITIES = (SH.Warning, SH.Info)
_COUNT = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g (COUNT(?s) AS ?records) (SUM(IF(COALESCE(?n, 0) < {min_count}, 1, 0)) AS ?missing) WHERE {{
  {{ SELECT DISTINCT ?g ?s WHERE {{ {focus} }} }}
  OPTIONAL {{ SELECT ?s (COUNT(DISTINCT ?value) AS ?n) WHERE {{ ?s {path} ?value }} GROUP BY ?s }}
}}
GROUP BY ?g
"""
_TITLES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?g ?title WHERE { ?ds bg:namedGraph ?g ; dct:title ?title }
"""


@dataclass(frozen=True)
class CountedRule:
    """A Warning/Info rule: each focus node should have at least ``min_count`` values along ``path``.

    ``focus`` and ``path`` are SPARQL: a graph pattern binding ``?g`` (source graph) and ``?s``, and a property
    path (an IRI or an alternative path)."""

    shape: Node
    focus: str
    path: str
    min_count: int
    severity: URIRef
    messages: dict[str, str]

    def message(self, lang: str) -> str:
        """The shape's message in ``lang`` (German, then any, as fallback)."""
        return self.messages.get(lang) or self.messages.get("de") or next(iter(self.messages.values()), "")

    def query(self) -> str:
        """SPARQL counting, per source graph, the focus nodes and those lacking the field."""
        return _COUNT.format(min_count=self.min_count, focus=self.focus, path=self.path)


def _focus(shapes: Graph, node_shape: Node) -> str | None:
    """The SPARQL pattern of the node shape's targets (class with subclasses, subjects of a property)."""
    patterns = [
        f"{{ GRAPH ?g {{ ?s a ?class }} ?class rdfs:subClassOf* {iri(target)} }}"
        for target in shapes.objects(node_shape, SH.targetClass)
    ]
    patterns += [f"{{ GRAPH ?g {{ ?s {iri(p)} ?any }} }}" for p in shapes.objects(node_shape, SH.targetSubjectsOf)]
    return " UNION ".join(sorted(patterns)) or None


def _path(shapes: Graph, path: Node | None) -> str | None:
    """An IRI path or an alternative path of IRIs as SPARQL; None for any other path form."""
    if isinstance(path, URIRef):
        return iri(path)
    alternatives = shapes.value(path, SH.alternativePath) if path is not None else None
    if alternatives is not None:
        members = list(Collection(shapes, alternatives))
        if members and all(isinstance(m, URIRef) for m in members):
            return "(" + "|".join(iri(m) for m in members) + ")"
    return None


def counted_rules(shapes: Graph | None = None) -> list[CountedRule]:
    """Every property shape with severity Warning or Info and ``sh:minCount`` on a countable path of a target."""
    shapes = shapes if shapes is not None else shapes_graph()
    rules = []
    for node_shape in set(shapes.subjects(SH.property, None)):
        focus = _focus(shapes, node_shape)
        for prop in shapes.objects(node_shape, SH.property):
            severity, min_count = shapes.value(prop, SH.severity), shapes.value(prop, SH.minCount)
            path = _path(shapes, shapes.value(prop, SH.path))
            if focus and path and severity in SEVERITIES and min_count is not None:
                messages = {m.language or "": str(m) for m in shapes.objects(prop, SH.message)}
                rules.append(CountedRule(prop, focus, path, int(min_count), severity, messages))  # type: ignore[arg-type]
    return sorted(rules, key=lambda r: (r.focus, r.path))


def unsupported_rules(shapes: Graph | None = None) -> list[Node]:
    """Warning/Info property shapes :func:`counted_rules` cannot count (must stay empty; a test checks)."""
    shapes = shapes if shapes is not None else shapes_graph()
    counted = {rule.shape for rule in counted_rules(shapes)}
    severe = {s for severity in SEVERITIES for s in shapes.subjects(SH.severity, severity)}
    return sorted((s for s in severe if s not in counted and (None, SH.property, s) in shapes), key=str)


def summary(ctx: GapContext) -> GapTable:
    """Per source and rule: records checked, records lacking the field, share lacking (only rules with gaps)."""
    titles = {str(r["g"]): str(r["title"]) for r in ctx.store.select(_TITLES).rows}
    severity_names = {"de": {SH.Warning: "Warnung", SH.Info: "Hinweis"}, "en": {SH.Warning: "Warning", SH.Info: "Hint"}}
    rows: list[dict[str, Cell]] = []
    for rule in counted_rules():
        for result in ctx.store.select(rule.query()).rows:
            missing, records = int(cell(result.get("missing")) or 0), int(cell(result.get("records")) or 0)
            if missing:
                graph = str(result["g"])
                rows.append(
                    {
                        "graph": graph,
                        "sourceLabel": titles.get(graph, graph.rsplit("/", 1)[-1]),
                        "severityLabel": severity_names[ctx.lang][rule.severity],
                        "message": rule.message(ctx.lang),
                        "rule": str(rule.shape),
                        "records": records,
                        "missing": missing,
                        "share": round(100 * missing / records, 1),
                    }
                )
    rows.sort(key=lambda r: (str(r["sourceLabel"]), -int(r["missing"])))
    columns = ["sourceLabel", "severityLabel", "message", "records", "missing", "share"]
    return GapTable("data-quality", "data-quality", columns, rows, None)
