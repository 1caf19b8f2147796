"""Colour and shape are properties of the concept: read once, the same in every view, export and slide.

A concept of a scheme carries its colour as ``bg:colour "#RRGGBB"``; the actor types are grouped into sectors
(``skos:Collection`` with ``bg:colour`` and ``bg:shape``), and every actor is drawn with its sector's shape so the
sectors stay apart in black-and-white print. The shipped schemes (``ontology/vocab``) give the defaults; a
store that holds its own annotations overrides them. Concepts without a colour (life phases, target groups)
get one from a colour-blind-safe palette by their fixed place in their scheme, never by their place in a view.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph_service.core.namespaces import BG, sparql_prefixes
from graph_service.core.ontology import concepts, load_ontology, scheme_of
from graph_service.store.base import GraphStore

#: Okabe & Ito (2008) without black, then Paul Tol's "muted" set: distinguishable with colour-vision deficiency.
PALETTE: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#882255",
    "#44AA99",
    "#999933",
    "#332288",
    "#DDCC77",
    "#117733",
    "#CC6677",
    "#88CCEE",
    "#AA4499",
)
NONE_COLOUR = "#BBBBBB"
NETWORK_COLOUR = "#6E6E6E"
NETWORK_SHAPE = "diamond"
DEFAULT_SHAPE = "dot"
#: Node shapes a group may carry (vis-network names; the static exports map them to matplotlib markers).
SHAPES: tuple[str, ...] = ("dot", "square", "triangle", "triangleDown", "hexagon", "star")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

_COLOURS_QUERY = sparql_prefixes() + "\nSELECT ?c ?colour WHERE { ?c bg:colour ?colour }"
_GROUPS_QUERY = (
    sparql_prefixes()
    + "\nSELECT ?g ?c ?shape WHERE { ?g a skos:Collection ; skos:member ?c . OPTIONAL { ?g bg:shape ?shape } }"
)


@dataclass
class Looks:
    """Colours of concepts and groups, the group of each concept and the shape of each group."""

    colours: dict[str, str] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, str] = field(default_factory=dict)

    def colour(self, concept: str | None) -> str:
        """The colour of ``concept`` (grey when it has none and belongs to no scheme)."""
        if concept is None:
            return NONE_COLOUR
        return self.colours.get(concept) or scheme_colour(concept) or NONE_COLOUR

    def group(self, concept: str | None) -> str | None:
        """The group (sector) of ``concept``, or None."""
        return self.group_of.get(concept) if concept else None

    def shape(self, concept: str | None) -> str:
        """Node shape of an actor of type ``concept`` (the shape of its group)."""
        group = self.group(concept)
        return self.shapes.get(group, DEFAULT_SHAPE) if group else DEFAULT_SHAPE

    def merge(self, other: Looks) -> Looks:
        """These looks overridden by ``other`` where it says something."""
        return Looks(self.colours | other.colours, self.group_of | other.group_of, self.shapes | other.shapes)


def _colour_value(term: object) -> str | None:
    text = str(term).strip() if isinstance(term, Literal) else ""
    return text.upper() if _HEX.match(text) else None


def _shape_value(term: object) -> str | None:
    text = str(term).strip() if isinstance(term, Literal) else ""
    return text if text in SHAPES else None


def _from_rows(
    colour_rows: Iterable[tuple[object, object]], group_rows: Iterable[tuple[object, object, object]]
) -> Looks:
    looks = Looks()
    for concept, value in colour_rows:
        colour = _colour_value(value)
        if colour:
            looks.colours[str(concept)] = colour
    for group, concept, shape in sorted(group_rows, key=lambda r: (str(r[0]), str(r[1]))):
        looks.group_of.setdefault(str(concept), str(group))
        value = _shape_value(shape)
        if value:
            looks.shapes[str(group)] = value
    return looks


@lru_cache(maxsize=1)
def _shipped() -> Looks:
    graph: Graph = load_ontology()
    groups = [
        (g, c, graph.value(g, BG.shape))
        for g in graph.subjects(RDF.type, SKOS.Collection)
        for c in graph.objects(g, SKOS.member)
    ]
    return _from_rows(graph.subject_objects(BG.colour), groups)


def shipped() -> Looks:
    """The looks given by the shipped concept schemes (a copy: callers may change it)."""
    return Looks().merge(_shipped())


def read_looks(store: GraphStore) -> Looks:
    """The shipped looks, overridden by the annotations the store holds.

    Raises
    ------
    graph_service.store.base.StoreError : the store failed.
    """
    base = shipped()
    found: dict[str, set[str]] = {}
    for row in store.select(_COLOURS_QUERY):
        colour = _colour_value(row["colour"])
        if colour:
            found.setdefault(str(row["c"]), set()).add(colour)
    # a store holds the shipped schemes too: a county's own colour is the one that differs from ours
    colours = [(c, Literal(min(v - {base.colours.get(c)} or v))) for c, v in sorted(found.items())]
    groups = [(r["g"], r["c"], r.get("shape")) for r in store.select(_GROUPS_QUERY)]
    return base.merge(_from_rows(colours, groups))


@cache
def scheme_colour(concept: str) -> str | None:
    """Default colour of a concept of one of our schemes: the palette colour of its fixed place in the scheme."""
    scheme = scheme_of(concept)
    if scheme is None:
        return None
    ordered = _scheme_order(str(scheme).rsplit("/", 1)[-1])
    return PALETTE[ordered.index(concept) % len(PALETTE)] if concept in ordered else None


@cache
def _scheme_order(scheme: str) -> tuple[str, ...]:
    return tuple(str(c.iri) for c in concepts(scheme))


def keyed_colour(key: str) -> str:
    """A palette colour chosen by a stable hash of ``key`` (communities: the same community, the same colour)."""
    return PALETTE[zlib.crc32(key.encode("utf-8")) % len(PALETTE)]


def ranked_colours(keys: Iterable[str]) -> dict[str, str]:
    """Palette colours for keys in their sorted order (municipalities by AGS: fixed per landscape, not per view)."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}
