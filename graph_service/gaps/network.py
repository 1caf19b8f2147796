"""Transitions and network structure: missing ties, isolated actors, single points of failure, brokers, and
networks lacking the members one would expect."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graph_service.gaps.context import VOCAB, GapContext
from graph_service.gaps.table import Cell, GapTable
from graph_service.network.metrics import articulation_points, bridges

PLACE = ["municipalityLabel", "ags"]
LIFE_PHASE = VOCAB + "lebensphase/"


def kita_without_transition(ctx: GapContext) -> GapTable:
    """Kitas with no recorded cooperation with any primary school."""
    query = "gap-kita-without-transition"
    return GapTable("kita-without-transition", "transitions", [*PLACE, "kitaLabel"], ctx.rows(query), query)


def school_without_vocational_partner(ctx: GapContext) -> GapTable:
    """Secondary schools without a chamber, employment agency, Jobcenter, vocational school or company as partner."""
    query = "gap-school-without-vocational-partner"
    columns = [*PLACE, "schoolLabel", "typeLabel"]
    return GapTable("school-without-vocational-partner", "transitions", columns, ctx.rows(query), query)


def isolated_actors(ctx: GapContext) -> GapTable:
    """Actors of the example sheets with neither a cooperation nor a network membership."""
    query = "gap-isolated-actors"
    return GapTable("isolated-actors", "network", [*PLACE, "actorLabel"], ctx.rows(query), query)


def structure(ctx: GapContext) -> list[GapTable]:
    """Articulation points, bridges and brokers of the cooperation network (networkx)."""
    graph = ctx.cooperation_graph
    return [_articulation(graph), _bridges(graph), _brokers(graph)]


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


def dependents(graph: nx.Graph) -> dict[str, list[str]]:
    """Broker -> actors whose only cooperation partner it is (a pair of two such actors has no broker)."""
    result: dict[str, list[str]] = defaultdict(list)
    for node in graph:
        if graph.degree[node] == 1:
            (broker,) = graph.neighbors(node)
            if graph.degree[broker] > 1:
                result[broker].append(node)
    return dict(result)


def _brokers(graph: nx.Graph) -> GapTable:
    rows: list[dict[str, Cell]] = []
    for broker, nodes in dependents(graph).items():
        labels = sorted(str(graph.nodes[n]["label"]) for n in nodes)
        rows.append(
            {
                "actor": broker,
                "actorLabel": graph.nodes[broker]["label"],
                "dependents": len(nodes),
                "dependentLabels": "; ".join(labels),
            }
        )
    rows.sort(key=lambda r: (-int(r["dependents"]), str(r["actorLabel"])))
    columns = ["actorLabel", "dependents", "dependentLabels"]
    return GapTable("brokers", "network", columns, rows, "gap-cooperation-edges")


@dataclass
class _Network:
    """What the members of one network bring: their actor types and the life phases of their offers."""

    label: str
    subjects: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    phases: set[str] = field(default_factory=set)


def composition(ctx: GapContext) -> list[GapTable]:
    """Networks lacking an expected actor type (rules in expectations.toml) or any member from a life phase."""
    labels = ctx.concept_labels()
    life_phases = sorted((iri for iri in labels if iri.startswith(LIFE_PHASE)), key=labels.__getitem__)
    missing_types: list[dict[str, Cell]] = []
    missing_phases: list[dict[str, Cell]] = []
    for iri, net in sorted(_networks(ctx.rows("gap-network-members")).items(), key=lambda item: item[1].label):
        base: dict[str, Cell] = {"network": iri, "networkLabel": net.label, "members": len(net.members)}
        for rule in ctx.expectations:
            absent = [t for t in rule.expected_types if t not in net.types]
            if absent and rule.applies_to(net.label, *net.subjects):
                names = ", ".join(labels.get(t, t.rsplit("/", 1)[1]) for t in absent)
                missing_types.append({**base, "rule": rule.name, "missingLabels": names})
        absent_phases = [labels[p] for p in life_phases if p not in net.phases]
        if absent_phases:
            missing_phases.append({**base, "missingLabels": ", ".join(absent_phases)})
    query = "gap-network-members"
    type_columns = ["networkLabel", "rule", "members", "missingLabels"]
    phase_columns = ["networkLabel", "members", "missingLabels"]
    return [
        GapTable("network-missing-types", "network", type_columns, missing_types, query),
        GapTable("network-missing-life-phases", "network", phase_columns, missing_phases, query),
    ]


def _networks(rows: list[dict[str, Cell]]) -> dict[str, _Network]:
    networks: dict[str, _Network] = {}
    for row in rows:
        net = networks.setdefault(str(row["network"]), _Network(str(row.get("networkLabel") or row["network"])))
        for values, column in (
            (net.subjects, "subject"),
            (net.members, "member"),
            (net.types, "memberType"),
            (net.phases, "lifePhase"),
        ):
            if row.get(column):
                values.add(str(row[column]))
    return networks
