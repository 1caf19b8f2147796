"""From the store to networkx: read the landscape once with SPARQL, then build filtered network views.

Nodes are actors (IRI strings) with ``label``, ``kind`` (``"actor"`` or ``"network"``), ``actor_type`` and its
label, ``municipality`` / ``ags``, and the ``life_phases`` / ``target_groups`` of their offers. Edges carry
``kind`` (one of :data:`graph_service.network.filters.EDGE_KINDS`), the IRI of the fact behind them, a type label,
topic and period. :func:`build_graph` returns a :class:`networkx.MultiGraph` (one edge per fact);
:func:`simple_graph` collapses it to a weighted :class:`networkx.Graph` for metrics.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from rdflib import Literal
from rdflib.term import Identifier

from graph_service.core import ontology
from graph_service.core.namespaces import BG
from graph_service.network import queries
from graph_service.network.filters import FilterError, NetworkFilter
from graph_service.network.labels import Labels
from graph_service.network.looks import NETWORK_SHAPE, Looks, read_looks
from graph_service.store.base import GraphStore

UNTYPED = "untyped"


@dataclass
class Actor:
    """What the store says about one actor (before filtering)."""

    iri: str
    types: set[str] = field(default_factory=set)
    municipality: str | None = None
    ags: str | None = None
    life_phases: set[str] = field(default_factory=set)
    target_groups: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Fact:
    """One edge-producing fact: a cooperation, membership, operating body, funding or responsibility."""

    kind: str
    iri: str
    a: str
    b: str
    type: str | None = None
    topic: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    network: str | None = None


@dataclass
class Landscape:
    """Everything a network view needs, read from the store in a few flat queries."""

    actors: dict[str, Actor] = field(default_factory=dict)
    networks: dict[str, str] = field(default_factory=dict)  # IRI -> class local name
    facts: list[Fact] = field(default_factory=list)
    labels: Labels = field(default_factory=Labels)
    looks: Looks = field(default_factory=Looks)


# -- reading -----------------------------------------------------------------------------------------------
def _date(term: Identifier | None) -> dt.date | None:
    if term is None:
        return None
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(term)
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date(int(text[:4]), 1, 1)
    except ValueError:
        return None


def _s(term: Identifier | None) -> str | None:
    return None if term is None else str(term)


def _read_actors(store: GraphStore, land: Landscape) -> None:
    for query, typed in ((queries.ACTORS, True), (queries.RELATED_ORGS, False)):
        for row in store.select(query):
            iri = str(row["a"])
            actor = land.actors.setdefault(iri, Actor(iri))
            if typed:
                actor.types.add(str(row["type"]))
            if "label" in row:
                land.labels.add(iri, row["label"])
            if "m" in row:
                actor.municipality = str(row["m"])
                actor.ags = _s(row.get("ags")) or actor.municipality.rsplit("/", 1)[-1]
                if "mlabel" in row:
                    land.labels.add(actor.municipality, row["mlabel"])
    for row in store.select(queries.OFFER_FACETS):
        actor = land.actors.get(str(row["a"]))
        if actor is not None:
            target = actor.life_phases if str(row["p"]).endswith("lifePhase") else actor.target_groups
            target.add(str(row["v"]))


def _read_networks(store: GraphStore, land: Landscape) -> None:
    for row in store.select(queries.NETWORKS):
        iri = str(row["n"])
        land.networks.setdefault(iri, str(row["cls"]).rsplit("#", 1)[-1])
        if "label" in row:
            land.labels.add(iri, row["label"])


def _topic(term: Identifier | None, land: Landscape) -> str | None:
    if isinstance(term, Literal):
        land.labels.add(f"literal:{term}", term)
        return f"literal:{term}"
    return _s(term)


def _read_facts(store: GraphStore, land: Landscape) -> None:
    seen: set[tuple[str, str, str, str]] = set()

    def add(fact: Fact) -> None:
        key = (fact.kind, fact.iri, fact.a, fact.b)
        if key not in seen:
            seen.add(key)
            land.facts.append(fact)

    for r in store.select(queries.COOPERATIONS):
        add(
            Fact(
                "cooperation",
                str(r["c"]),
                str(r["a"]),
                str(r["b"]),
                _s(r.get("type")),
                _topic(r.get("subject"), land),
                _date(r.get("start")),
                _date(r.get("end")),
                _s(r.get("net")),
            )
        )
    for r in store.select(queries.MEMBERSHIPS):
        network = str(r["n"])
        land.networks.setdefault(network, "Network")
        add(
            Fact(
                "membership",
                str(r["ms"]),
                str(r["a"]),
                network,
                _s(r.get("role")),
                None,
                _date(r.get("start")),
                _date(r.get("end")),
                network,
            )
        )
    for r in store.select(queries.OPERATED_BY):
        add(Fact("operated_by", f"{r['a']}#operatedBy", str(r["a"]), str(r["t"])))
    for r in store.select(queries.FUNDING):
        iri = _s(r.get("f")) or f"{r['a']}#fundedBy"
        add(Fact("funding", iri, str(r["a"]), str(r["funder"]), None, None, _date(r.get("start")), _date(r.get("end"))))
    for r in store.select(queries.RESPONSIBILITIES):
        add(
            Fact(
                "responsibility",
                str(r["r"]),
                str(r["target"]),
                str(r["agent"]),
                _s(r.get("type")),
                None,
                _date(r.get("start")),
                _date(r.get("end")),
            )
        )


def read_landscape(store: GraphStore) -> Landscape:
    """Read actors, networks, edge facts and the labels of every concept they use.

    Parameters
    ----------
    store : any :class:`graph_service.store.base.GraphStore`.

    Returns
    -------
    A :class:`Landscape`; build views from it with :func:`build_graph`.

    Raises
    ------
    graph_service.store.base.StoreError : the store failed.
    """
    land = Landscape()
    _read_actors(store, land)
    _read_networks(store, land)
    _read_facts(store, land)
    concepts: set[str] = set()
    for actor in land.actors.values():
        concepts |= actor.types | actor.life_phases | actor.target_groups
    concepts |= {f.type for f in land.facts if f.type} | {f.topic for f in land.facts if f.topic}
    land.looks = read_looks(store)
    concepts |= {g for c in concepts if (g := land.looks.group(c))}
    concepts = {c for c in concepts if not c.startswith("literal:")}
    land.labels.load(store, concepts)
    land.labels.load(store, [*land.actors, *land.networks])
    _shipped_labels(land.labels, concepts)
    return land


def _shipped_labels(labels: Labels, iris: set[str]) -> None:
    """Labels from the shipped schemes for concepts the store does not describe."""
    for iri in sorted(i for i in iris if i not in labels):
        for lang in ("de", "en"):
            text = ontology.label(iri, lang)
            if text:
                labels.add(iri, Literal(text, lang=lang))


# -- building ----------------------------------------------------------------------------------------------
def _actor_ok(actor: Actor, flt: NetworkFilter) -> bool:
    return (
        flt.area_ok(actor.ags)
        and (not flt.actor_types or bool(actor.types & set(flt.actor_types)))
        and (not flt.life_phases or bool(actor.life_phases & set(flt.life_phases)))
        and (not flt.target_groups or bool(actor.target_groups & set(flt.target_groups)))
    )


def primary_type(types: set[str], looks: Looks) -> str | None:
    """The type an actor is drawn as: the most specific of its types (a narrower concept before its group)."""
    if not types:
        return None
    return sorted(types, key=lambda t: (looks.group(t) is None, t))[0]


def _actor_attrs(actor: Actor, land: Landscape, lang: str) -> dict[str, object]:
    labels, looks = land.labels, land.looks
    types = sorted(actor.types)
    primary = primary_type(actor.types, looks) or UNTYPED
    untyped = "ohne Typ" if lang == "de" else "untyped"
    group = looks.group(primary)
    return {
        "label": labels.get(actor.iri, lang),
        "kind": "actor",
        "actor_type": primary,
        "actor_type_label": labels.get(primary, lang) if types else untyped,
        "actor_types": types,
        "actor_group": group or UNTYPED,
        "actor_group_label": labels.get(group, lang) if group else untyped,
        "shape": looks.shape(primary),
        "municipality": actor.municipality,
        "municipality_label": labels.get(actor.municipality, lang) if actor.municipality else None,
        "ags": actor.ags,
        "life_phase": min(actor.life_phases, default=None),
        "life_phase_label": labels.get(min(actor.life_phases), lang) if actor.life_phases else None,
        "target_group": min(actor.target_groups, default=None),
        "target_group_label": labels.get(min(actor.target_groups), lang) if actor.target_groups else None,
        "life_phases": sorted(actor.life_phases),
        "life_phase_labels": sorted(labels.get(i, lang) for i in actor.life_phases),
        "target_groups": sorted(actor.target_groups),
        "target_group_labels": sorted(labels.get(i, lang) for i in actor.target_groups),
    }


def _edge_attrs(fact: Fact, labels: Labels, lang: str) -> dict[str, object]:
    return {
        "kind": fact.kind,
        "iri": fact.iri,
        "source": fact.a,
        "target": fact.b,
        "type": fact.type,
        "type_label": labels.get(fact.type, lang) if fact.type else None,
        "topic": labels.get(fact.topic, lang) if fact.topic else None,
        "start": fact.start.isoformat() if fact.start else None,
        "end": fact.end.isoformat() if fact.end else None,
        "network": fact.network,
        "network_label": labels.get(fact.network, lang) if fact.network else None,
    }


def _add_memberships(graph: nx.MultiGraph, facts: list[Fact], land: Landscape, mode: str, lang: str) -> None:
    """Membership edges. In an organisation that is itself an actor: member–organisation edge in both modes.
    In a network or committee: bipartite = actor–network edge; projection = one edge per pair of members.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        if fact.b in land.actors or mode == "bipartite":
            if fact.b in land.actors and fact.b not in graph:
                continue  # the organisation was filtered out
            if fact.b not in graph:
                graph.add_node(fact.b, **network_attrs(fact.b, land, lang))
            graph.add_edge(fact.a, fact.b, key=f"membership:{fact.iri}", **_edge_attrs(fact, land.labels, lang))
        else:
            members[fact.b].add(fact.a)
    for network in sorted(members):
        shared = Fact("membership", network, "", "", network=network)
        for a, b in combinations(sorted(members[network]), 2):
            attrs = _edge_attrs(shared, land.labels, lang) | {"source": a, "target": b}
            graph.add_edge(a, b, key=f"membership:{network}", **attrs)


def network_attrs(iri: str, land: Landscape, lang: str) -> dict[str, object]:
    """Node attributes of a network, committee or conference drawn as a hub node."""
    kind = land.networks.get(iri, "Network")
    return {
        "label": land.labels.get(iri, lang),
        "kind": "network",
        "actor_type": kind,
        "actor_type_label": ontology.label(str(BG[kind]), lang) or kind,
        "actor_group": "network",
        "shape": NETWORK_SHAPE,
    }


def build_graph(land: Landscape, flt: NetworkFilter | None = None, *, lang: str = "de") -> nx.MultiGraph:
    """One filtered network view of the landscape.

    Parameters
    ----------
    land : the landscape read by :func:`read_landscape`.
    flt : what to keep (default: everything, actor projection).
    lang : language of labels (``"de"`` or ``"en"``).

    Returns
    -------
    A MultiGraph whose nodes and edges were added in sorted order (so every later step is deterministic).

    Raises
    ------
    FilterError : the ego actor is not in the filtered network.
    """
    flt = flt or NetworkFilter()
    graph = nx.MultiGraph()
    for iri in sorted(land.actors):
        if _actor_ok(land.actors[iri], flt):
            graph.add_node(iri, **_actor_attrs(land.actors[iri], land, lang))
    kinds = set(flt.edge_kinds) or None
    kept = [
        f
        for f in sorted(land.facts, key=lambda f: (f.kind, f.iri, f.a, f.b))
        if (kinds is None or f.kind in kinds) and f.a in graph and flt.date_ok(f.start, f.end)
    ]
    for fact in kept:
        if fact.kind != "membership" and fact.b in graph and fact.a != fact.b:
            graph.add_edge(fact.a, fact.b, key=f"{fact.kind}:{fact.iri}", **_edge_attrs(fact, land.labels, lang))
    _add_memberships(graph, [f for f in kept if f.kind == "membership"], land, flt.mode, lang)
    if flt.connected_only:
        graph.remove_nodes_from([n for n in sorted(graph) if graph.degree(n) == 0 and n != flt.ego])
    return ego_view(graph, flt.ego, flt.depth) if flt.ego else graph


def ego_view(graph: nx.MultiGraph, ego: str, depth: int = 1) -> nx.MultiGraph:
    """The neighbourhood of ``ego`` up to ``depth`` steps, with the node flagged ``ego=True``.

    Raises
    ------
    FilterError : ``ego`` is not a node of ``graph``.
    """
    if ego not in graph:
        raise FilterError(
            f"ego: der Akteur {ego} ist nicht im gefilterten Netz.", f"ego actor {ego} is not in the filtered network"
        )
    view = nx.MultiGraph(nx.ego_graph(graph, ego, radius=depth))
    view.nodes[ego]["ego"] = True
    return view


def find_actor(land: Landscape, text: str) -> str:
    """The IRI of an actor given by IRI or by its name (case-insensitive, any language).

    Raises
    ------
    FilterError : no actor, or several actors, carry that name.
    """
    if text in land.actors or ":" in text:
        return text
    wanted = text.strip().casefold()
    hits = sorted(
        iri for iri in land.actors if wanted in {land.labels.get(iri, lang).casefold() for lang in ("de", "en")}
    )
    if len(hits) != 1:
        found_de = "kein Akteur" if not hits else f"{len(hits)} Akteure ({', '.join(hits)})"
        found_en = "no actor" if not hits else f"{len(hits)} actors ({', '.join(hits)})"
        raise FilterError(
            f"{found_de} mit dem Namen „{text}“; bitte die IRI angeben.",
            f"{found_en} named {text!r}; give the IRI instead",
        )
    return hits[0]


def simple_graph(graph: nx.MultiGraph) -> nx.Graph:
    """Collapse parallel edges into one with ``weight`` = number of facts; nodes and edges in sorted order."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes(data=True)))
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for a, b in graph.edges():
        weights[(min(a, b), max(a, b))] += 1
    simple.add_edges_from((a, b, {"weight": w}) for (a, b), w in sorted(weights.items()))
    return simple
