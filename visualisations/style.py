"""How a network view looks, shared by the HTML pages, the slides and the static exports (so legends agree).

Colours come from the concepts (:mod:`graph_service.network.looks`): an actor type has one colour in every view,
export and slide, and every actor is drawn with the shape of its sector for black-and-white print. Edge kinds
differ by line pattern and arrows, not by colour alone. Sizes and the label font follow one rule for projection
(:func:`label_px`, :func:`radius_range`), which the page script applies with the same constants.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_service.network.aggregate import NETWORK_GROUP, NONE_GROUP
from graph_service.network.looks import (
    DEFAULT_SHAPE,
    NETWORK_COLOUR,
    NETWORK_SHAPE,
    NONE_COLOUR,
    Looks,
    keyed_colour,
    shipped,
)

#: View option ``colour_by`` -> (node attribute of the concept/key, node attribute of its label).
COLOUR_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "actor_type": ("actor_type", "actor_type_label"),
    "sector": ("actor_group", "actor_group_label"),
    "municipality": ("municipality", "municipality_label"),
    "life_phase": ("life_phase", "life_phase_label"),
    "target_group": ("target_group", "target_group_label"),
    "community": ("community_key", "community_name"),
}

UI_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "other": "Andere",
        "none": "ohne Angabe",
        "network": "Netzwerk / Gremium",
        "networks": "Netzwerke / Gremien",
        "legend": "Legende",
        "colour": "Farbe",
        "size": "Größe",
        "size_none": "alle gleich groß",
        "size_members": "Anzahl Akteure",
        "shape": "Form = Bereich",
        "edges": "Verbindungen",
        "search": "Akteur suchen …",
        "reset": "Alle zeigen",
        "theme": "Hell/Dunkel",
        "nodes": "Akteure",
        "links": "Verbindungen",
        "highlight": "hervorgehoben",
        "degree": "Anzahl Partner",
        "degree_centrality": "Gradzentralität",
        "betweenness": "Vermittlerrolle (Betweenness)",
        "closeness": "Nähe (Closeness)",
        "eigenvector": "Einfluss (Eigenvektor)",
        "actor_type": "Akteurstyp",
        "sector": "Bereich",
        "municipality": "Gemeinde",
        "life_phase": "Lebensphase",
        "target_group": "Zielgruppe",
        "community": "Gemeinschaft",
        "period": "Zeitraum",
        "topic": "Thema",
        "kind": "Art",
        "role": "Rolle",
        "members": "Akteure",
        "internal": "Verbindungen innerhalb",
        "between": "Verbindungen zwischen den Gruppen",
        "open_group": "Klick auf eine Gruppe öffnet sie",
        "back": "Zurück zur Übersicht",
        "articulation": "Schlüsselstelle: ohne diesen Akteur zerfällt das Netz",
        "prev": "zurück",
        "next": "weiter",
        "empty": "Keine Akteure für diese Auswahl.",
        "date": "Stand am",
        "new": "neu seit {date}",
        "ended": "beendet seit {date}",
        "continuing": "bestehen seit {date} fort",
        "state": "Stand {date}",
        "notes": "Notizen",
        "hidden_labels": "{n} Namen ausgeblendet (Maus zeigt sie)",
        "hidden_label": "1 Name ausgeblendet (Maus zeigt ihn)",
    },
    "en": {
        "other": "Other",
        "none": "not stated",
        "network": "Network / committee",
        "networks": "Networks / committees",
        "legend": "Legend",
        "colour": "Colour",
        "size": "Size",
        "size_none": "all the same size",
        "size_members": "Number of actors",
        "shape": "Shape = sector",
        "edges": "Links",
        "search": "Find an actor …",
        "reset": "Show all",
        "theme": "Light/dark",
        "nodes": "Actors",
        "links": "Links",
        "highlight": "highlighted",
        "degree": "Number of partners",
        "degree_centrality": "Degree centrality",
        "betweenness": "Broker role (betweenness)",
        "closeness": "Closeness",
        "eigenvector": "Influence (eigenvector)",
        "actor_type": "Actor type",
        "sector": "Sector",
        "municipality": "Municipality",
        "life_phase": "Life phase",
        "target_group": "Target group",
        "community": "Community",
        "period": "Period",
        "topic": "Topic",
        "kind": "Kind",
        "role": "Role",
        "members": "Actors",
        "internal": "Links inside",
        "between": "Links between the groups",
        "open_group": "Click a group to open it",
        "back": "Back to the overview",
        "articulation": "Cut point: without this actor the network falls apart",
        "prev": "back",
        "next": "next",
        "empty": "No actors for this selection.",
        "date": "As of",
        "new": "new since {date}",
        "ended": "ended since {date}",
        "continuing": "continuing since {date}",
        "state": "As of {date}",
        "notes": "Notes",
        "hidden_labels": "{n} names hidden (hover shows them)",
        "hidden_label": "1 name hidden (hover shows it)",
    },
}


@dataclass(frozen=True)
class EdgeStyle:
    """Look of one edge kind in HTML (vis-network) and matplotlib."""

    label_de: str
    label_en: str
    dashes: tuple[int, ...]  # empty = solid; vis-network pattern in px
    arrow: bool
    width: float
    mpl_linestyle: Any

    def label(self, lang: str) -> str:
        """Legend label in ``lang``."""
        return self.label_de if lang == "de" else self.label_en


EDGE_STYLES: dict[str, EdgeStyle] = {
    "cooperation": EdgeStyle("Kooperation", "Cooperation", (), False, 2.5, "solid"),
    "membership": EdgeStyle("Mitgliedschaft", "Membership", (10, 8), False, 1.5, (0, (5, 4))),
    "operated_by": EdgeStyle("Trägerschaft (→ Träger)", "operated by (→ operating body)", (), True, 1.5, "solid"),
    "funding": EdgeStyle("Förderung (→ Förderer)", "funding (→ funder)", (2, 6), True, 1.5, (0, (1, 3))),
    "responsibility": EdgeStyle(
        "Zuständigkeit (→ zuständig)", "responsibility (→ responsible)", (14, 5, 3, 5), True, 1.5, (0, (6, 2, 1, 2))
    ),
    "aggregate": EdgeStyle("Verbindungen (Breite = Anzahl)", "Links (width = number)", (), False, 2.0, "solid"),
}
#: Projected membership (a clique between the members of one network) is drawn like a membership.
PROJECTED_LABEL = {"de": "gemeinsames Netzwerk", "en": "shared network"}

#: Change over time: colour and pattern of new and ended links (Okabe–Ito bluish green and vermillion).
STATUS_STYLES: dict[str, dict[str, Any]] = {
    "new": {"colour": "#009E73", "dashes": (), "width": 2.2, "mpl_linestyle": "solid"},
    "ended": {"colour": "#D55E00", "dashes": (6, 6), "width": 1.6, "mpl_linestyle": (0, (3, 3))},
    "continuing": {"colour": None, "dashes": (), "width": 1.0, "mpl_linestyle": "solid"},
}

THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#FFFFFF",
        "text": "#111111",
        "muted": "#4A4A4A",
        "edge": "#5A5A5A",
        "faint": "rgba(90,90,90,0.35)",
        "dim": "#E4E4E4",
        "panel": "#F2F2F2",
        "accent": "#005A8C",
    },
    "dark": {
        "background": "#101418",
        "text": "#F5F5F5",
        "muted": "#C8C8C8",
        "edge": "#A8A8A8",
        "faint": "rgba(168,168,168,0.35)",
        "dim": "#2A3036",
        "panel": "#1C2228",
        "accent": "#7CC4F0",
    },
}

#: vis-network shape -> matplotlib marker, and the factor of the circle enclosing the shape (radius = size).
MARKERS: dict[str, str] = {
    "dot": "o",
    "square": "s",
    "triangle": "^",
    "triangleDown": "v",
    "hexagon": "h",
    "star": "*",
    "diamond": "D",
}
#: How far each vis-network shape of ``size`` r reaches from the node's centre, in r (measured from its drawing code).
SHAPE_REACH: dict[str, float] = {
    "dot": 1.0,
    "square": 1.42,
    "triangle": 1.52,
    "triangleDown": 1.52,
    "hexagon": 1.0,
    "star": 1.15,
    "diamond": 1.0,
}

#: The size rule of projection (also applied by the page script): label font in px for a viewport.
LABEL_FONT = {"base": 20, "reference_width": 1920, "reference_height": 1080, "minimum": 14}
#: Node radius in px: ``factor`` x sqrt(drawing area / nodes), clamped; the largest node is ``ratio`` x larger.
#: Group nodes of an aggregated overview: ``group_min`` to ``group_max`` x sqrt(drawing area).
RADIUS = {"factor": 0.06, "min": 3.0, "max": 10.0, "ratio": 3.0, "group_min": 0.022, "group_max": 0.065}


def label_px(width: float, height: float) -> int:
    """Label font size in px for a viewport: >= 18 px at 1920x1080, >= 14 px at 1280x720 (never below 14)."""
    scale = min(width / LABEL_FONT["reference_width"], height / LABEL_FONT["reference_height"])
    return max(LABEL_FONT["minimum"], round(LABEL_FONT["base"] * scale))


def radius_range(nodes: int, area: float, *, groups: bool = False) -> tuple[float, float]:
    """Smallest and largest node radius in px for ``nodes`` nodes drawn on ``area`` square px."""
    if groups:
        return RADIUS["group_min"] * math.sqrt(area), RADIUS["group_max"] * math.sqrt(area)
    smallest = min(max(RADIUS["factor"] * math.sqrt(area / max(nodes, 1)), RADIUS["min"]), RADIUS["max"])
    return smallest, smallest * RADIUS["ratio"]


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of the colour legend (with the node shape the category is drawn with)."""

    label: str
    colour: str
    count: int
    shape: str = DEFAULT_SHAPE


def ui_text(lang: str) -> dict[str, str]:
    """UI strings in ``lang`` (German when unknown)."""
    return UI_TEXT.get(lang, UI_TEXT["de"])


@dataclass(frozen=True)
class Colouring:
    """Colours of one landscape: concepts from the schemes, municipalities by their fixed order in the landscape."""

    looks: Looks = field(default_factory=shipped)
    municipalities: Mapping[str, str] = field(default_factory=dict)

    def category(self, data: Mapping[str, Any], attribute: str, lang: str) -> tuple[str, str, str]:
        """Key, label and colour of one node's category under ``colour_by=attribute``.

        Raises
        ------
        KeyError : unknown attribute.
        """
        key_attr, label_attr = COLOUR_ATTRIBUTES[attribute]
        text = ui_text(lang)
        if data.get("kind") == "network" or data.get("group_of") == NETWORK_GROUP:
            return NETWORK_GROUP, text["networks"], NETWORK_COLOUR
        if data.get("kind") == "group":
            key = str(data.get("group_of"))
            return key, str(data.get("label")), self._colour(attribute, key) if key != NONE_GROUP else NONE_COLOUR
        key = data.get(key_attr)
        if not key or key == "untyped":
            return NONE_GROUP, text["none"], NONE_COLOUR
        return str(key), str(data.get(label_attr) or key), self._colour(attribute, str(key))

    def _colour(self, attribute: str, key: str) -> str:
        if attribute == "community":
            return keyed_colour(key)
        if attribute == "municipality":
            return self.municipalities.get(key, NONE_COLOUR)
        return self.looks.colour(key)

    def shape(self, data: Mapping[str, Any]) -> str:
        """Node shape: diamond for networks, else the shape of the actor's sector."""
        if data.get("kind") == "network":
            return NETWORK_SHAPE
        return str(data.get("shape") or DEFAULT_SHAPE)


def colours(
    graph: Any, attribute: str = "actor_type", lang: str = "de", colouring: Colouring | None = None
) -> tuple[dict[str, str], list[LegendEntry]]:
    """Colour of every node by a categorical attribute, and the legend explaining it.

    Parameters
    ----------
    graph : network view (nodes carry the attributes set by :mod:`graph_service.network.build`).
    attribute : one of :data:`COLOUR_ATTRIBUTES`.
    lang : language of "not stated" / "networks".
    colouring : the landscape's colours (default: the shipped schemes only).

    Returns
    -------
    node -> hex colour, and legend entries (most frequent first, then "not stated", then networks).

    Raises
    ------
    KeyError : unknown attribute.
    """
    if attribute not in COLOUR_ATTRIBUTES:
        raise KeyError(f"cannot colour by {attribute!r}; choose one of {list(COLOUR_ATTRIBUTES)}")
    colouring = colouring or Colouring()
    node_colours: dict[str, str] = {}
    counts: Counter[str] = Counter()
    seen: dict[str, tuple[str, str, str]] = {}
    for node, data in graph.nodes(data=True):
        key, label, colour = colouring.category(data, attribute, lang)
        node_colours[node] = colour
        weight = int(data.get("count", 1)) if data.get("kind") == "group" else 1
        counts[key] += weight
        seen.setdefault(key, (label, colour, colouring.shape(data)))
    last = {NONE_GROUP: 1, NETWORK_GROUP: 2}
    ordered = sorted(counts, key=lambda k: (last.get(k, 0), -counts[k], seen[k][0].casefold()))
    legend = [LegendEntry(seen[k][0], seen[k][1], counts[k], seen[k][2]) for k in ordered]
    return node_colours, legend


def shape_legend(graph: Any, lang: str) -> list[LegendEntry]:
    """Shapes in ``graph`` with the sector each stands for (for views not coloured by sector or actor type)."""
    seen: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for _, data in graph.nodes(data=True):
        if data.get("kind") == "network":
            shape, label = NETWORK_SHAPE, ui_text(lang)["networks"]
        else:
            shape, label = str(data.get("shape") or DEFAULT_SHAPE), str(data.get("actor_group_label") or "")
        if label:
            key = f"{shape}|{label}"
            seen.setdefault(key, shape)
            counts[key] += 1
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    return [LegendEntry(k.split("|", 1)[1], NONE_COLOUR, counts[k], seen[k]) for k in ordered]


def sizes(values: Mapping[str, float] | None, nodes: list[str]) -> dict[str, float]:
    """Relative node size in [0, 1] by a metric (square-root scale so areas compare); all 0 without a metric."""
    if not values:
        return dict.fromkeys(nodes, 0.0)
    top = max((values.get(n, 0.0) for n in nodes), default=0.0)
    if top <= 0:
        return dict.fromkeys(nodes, 0.0)
    return {n: math.sqrt(max(values.get(n, 0.0), 0.0) / top) for n in nodes}


def edge_kinds_present(graph: Any) -> list[str]:
    """Edge kinds that occur in ``graph``, in legend order."""
    present = {d.get("kind") for _, _, d in graph.edges(data=True)}
    return [kind for kind in EDGE_STYLES if kind in present]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21; AA needs 4.5 for text, 3 for large text)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
