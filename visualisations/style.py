"""How a network view looks, shared by the HTML pages and the static exports (so legends agree).

Colours come from colour-blind-safe palettes: Okabe–Ito first, then Paul Tol's "muted" extras; categories
beyond the palette are grouped as "other". Edge kinds differ by line pattern and arrows, not by colour alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

#: Okabe & Ito (2008) without black, then Tol muted (wine, teal, olive, indigo) — distinguishable with CVD.
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
)
OTHER_COLOUR = "#BBBBBB"
NETWORK_COLOUR = "#6E6E6E"

COLOUR_ATTRIBUTES: dict[str, str] = {
    "actor_type": "actor_type_label",
    "municipality": "municipality_label",
    "life_phase": "life_phase_labels",
    "target_group": "target_group_labels",
    "community": "community_name",
}

UI_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "other": "Andere",
        "none": "ohne Angabe",
        "network": "Netzwerk / Gremium",
        "legend": "Legende",
        "colour": "Farbe",
        "size": "Größe",
        "size_none": "alle gleich groß",
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
        "municipality": "Gemeinde",
        "life_phase": "Lebensphase",
        "target_group": "Zielgruppe",
        "community": "Gemeinschaft",
        "period": "Zeitraum",
        "topic": "Thema",
        "kind": "Art",
        "role": "Rolle",
        "articulation": "Schlüsselstelle: ohne diesen Akteur zerfällt das Netz",
        "prev": "zurück",
        "next": "weiter",
        "empty": "Keine Akteure für diese Auswahl.",
    },
    "en": {
        "other": "Other",
        "none": "not stated",
        "network": "Network / committee",
        "legend": "Legend",
        "colour": "Colour",
        "size": "Size",
        "size_none": "all the same size",
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
        "municipality": "Municipality",
        "life_phase": "Life phase",
        "target_group": "Target group",
        "community": "Community",
        "period": "Period",
        "topic": "Topic",
        "kind": "Kind",
        "role": "Role",
        "articulation": "Cut point: without this actor the network falls apart",
        "prev": "back",
        "next": "next",
        "empty": "No actors for this selection.",
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
    "membership": EdgeStyle(
        "gemeinsames Netzwerk / Mitgliedschaft", "shared network / membership", (10, 8), False, 1.5, (0, (5, 4))
    ),
    "operated_by": EdgeStyle("Trägerschaft (→ Träger)", "operated by (→ operating body)", (), True, 1.5, "solid"),
    "funding": EdgeStyle("Förderung (→ Förderer)", "funding (→ funder)", (2, 6), True, 1.5, (0, (1, 3))),
    "responsibility": EdgeStyle(
        "Zuständigkeit (→ zuständig)", "responsibility (→ responsible)", (14, 5, 3, 5), True, 1.5, (0, (6, 2, 1, 2))
    ),
}

THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#FFFFFF",
        "text": "#111111",
        "edge": "#555555",
        "faint": "rgba(85,85,85,0.3)",
        "dim": "#E4E4E4",
        "panel": "#F4F4F4",
    },
    "dark": {
        "background": "#101418",
        "text": "#F5F5F5",
        "edge": "#A8A8A8",
        "faint": "rgba(168,168,168,0.3)",
        "dim": "#2A3036",
        "panel": "#1C2228",
    },
}


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of the colour legend."""

    label: str
    colour: str
    count: int


def ui_text(lang: str) -> dict[str, str]:
    """UI strings in ``lang`` (German when unknown)."""
    return UI_TEXT.get(lang, UI_TEXT["de"])


def _category(data: Mapping[str, Any], attribute: str, lang: str) -> str:
    if data.get("kind") == "network":
        return ui_text(lang)["network"]
    value = data.get(COLOUR_ATTRIBUTES[attribute])
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if value else ui_text(lang)["none"]


def palette_for(graph: nx.Graph, attribute: str = "actor_type", lang: str = "de") -> dict[str, str]:
    """Category -> colour, most frequent categories first; pass it to :func:`colours` of several views
    so a category keeps its colour from slide to slide.

    Raises
    ------
    KeyError : unknown attribute.
    """
    if attribute not in COLOUR_ATTRIBUTES:
        raise KeyError(f"cannot colour by {attribute!r}; choose one of {list(COLOUR_ATTRIBUTES)}")
    network_label = ui_text(lang)["network"]
    counts = Counter(_category(d, attribute, lang) for _, d in graph.nodes(data=True))
    counts.pop(network_label, None)
    none = counts.pop(ui_text(lang)["none"], 0)
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    palette = dict(zip(ranked, PALETTE, strict=False))
    if none:  # "not stated" is grey, never a palette colour
        palette[ui_text(lang)["none"]] = OTHER_COLOUR
    return palette | {network_label: NETWORK_COLOUR}


def colours(
    graph: nx.Graph, attribute: str = "actor_type", lang: str = "de", palette: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[LegendEntry]]:
    """Colour of every node by a categorical attribute, and the legend explaining it.

    Parameters
    ----------
    graph : network view (nodes carry the attributes set by :mod:`graph_service.network.build`).
    attribute : one of :data:`COLOUR_ATTRIBUTES`; list attributes use their first value.
    lang : language of "other" / "not stated".
    palette : category -> colour shared by several views (default: from this graph, see :func:`palette_for`).

    Returns
    -------
    node -> hex colour, and legend entries (palette order, then "other", then networks).

    Raises
    ------
    KeyError : unknown attribute.
    """
    palette = dict(palette) if palette is not None else palette_for(graph, attribute, lang)
    category = {node: _category(data, attribute, lang) for node, data in graph.nodes(data=True)}
    node_colours = {node: palette.get(c, OTHER_COLOUR) for node, c in category.items()}
    counts = Counter(category.values())
    network_label = ui_text(lang)["network"]
    legend = [LegendEntry(c, colour, counts[c]) for c, colour in palette.items() if counts[c] and c != network_label]
    rest = sum(n for c, n in counts.items() if c not in palette)
    if rest:
        legend.append(LegendEntry(ui_text(lang)["other"], OTHER_COLOUR, rest))
    if counts[network_label]:
        legend.append(LegendEntry(network_label, NETWORK_COLOUR, counts[network_label]))
    return node_colours, legend


def sizes(
    values: Mapping[str, float] | None, nodes: list[str], smallest: float = 14, largest: float = 46
) -> dict[str, float]:
    """Node radius by a metric (square-root scale so areas are comparable); all ``smallest`` without a metric."""
    if not values:
        return dict.fromkeys(nodes, smallest)
    top = max((values.get(n, 0.0) for n in nodes), default=0.0)
    if top <= 0:
        return dict.fromkeys(nodes, smallest)
    return {n: smallest + (largest - smallest) * math.sqrt(max(values.get(n, 0.0), 0.0) / top) for n in nodes}


def edge_kinds_present(graph: nx.Graph) -> list[str]:
    """Edge kinds that occur in ``graph``, in legend order."""
    present = {d.get("kind") for _, _, d in graph.edges(data=True)}
    return [kind for kind in EDGE_STYLES if kind in present]
