"""The Bildungslandkarte's data: every municipality of an area as GeoJSON with a coverage measure and its gap
flag, and the actors as points coloured by actor type.

The measure is the number of offers located in a municipality (or per 1,000 inhabitants) that match the chosen
life phase, target group and offer type (each optional). Its flag follows the coverage tables of the gap report
(``coverage.py``), so map and report agree: with one category chosen the flags are exactly the report's; with
several, a municipality without a matching offer is ``not-expected`` when any chosen category is not expected at
its size, ``no-data`` when nothing is recorded there or no offer of the combination exists in the area, else
``zero`` (a gap); ``low`` when the rate is below the low ratio × the median rate.

What is read from the store (:class:`MapBase`) is kept per write generation (``core.derived``); a selection is
applied to it in memory.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import mapping

from graph_service.core.derived import derived
from graph_service.core.errors import InputError
from graph_service.core.settings import Settings
from graph_service.core.sparql_terms import literal
from graph_service.gaps.cache import context_for
from graph_service.gaps.context import VOCAB, GapContext, cell
from graph_service.gaps.coverage import flag_low
from graph_service.gaps.expectations import SizeClass
from graph_service.gaps.table import Cell, GapReport
from graph_service.queries import get_query, with_values
from graph_service.store.base import GraphStore

#: selection key -> concept scheme (life phase, target group, offer type)
DIMENSIONS = {"phase": "lebensphase", "group": "zielgruppe", "type": "angebotsart"}
ACTOR_TYPE = VOCAB + "akteurstyp/"
#: sequential classes (ColorBrewer Blues 5, without its lightest step, so 'no offer' never looks like 'few')
CLASS_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
FLAG_COLOURS = {"zero": "#d6604d", "no-data": "#bdbdbd", "not-expected": "#eeeeee"}
LOW_OUTLINE = "#b35806"
#: actor colours when the store has no bg:colour for a type: Okabe–Ito hues per sector (colour-blind safe)
SECTOR_COLOURS = {
    "#E69F00": ("kita", "kindertagespflege", "familienzentrum"),
    "#0072B2": ("allgemeinbildende-schule", "grundschule", "weiterfuehrende-schule", "gymnasium", "foerderschule"),
    "#009E73": ("berufsbildende-schule", "kammer", "jobcenter", "agentur-fuer-arbeit", "unternehmen"),
    "#CC79A7": ("vhs", "hochschule", "musikschule", "bibliothek", "bildungstraeger"),
    "#D55E00": ("kommunalverwaltung", "bildungsbuero", "jugendamt", "schulamt", "land", "bund", "eu"),
    "#999933": (
        "freier-traeger-jugendhilfe",
        "wohlfahrtsverband",
        "beratungsstelle",
        "migrantenorganisation",
        "ehrenamt",
        "religionsgemeinschaft",
        "stiftung",
        "jugendeinrichtung",
        "sportverein",
    ),
}
OTHER_COLOUR = "#888888"
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
LICENCE = ("Datenlizenz Deutschland – Namensnennung – Version 2.0", "https://www.govdata.de/dl-de/by-2-0")
TEXTS = {
    "de": {
        "zero": "Lücke: kein Angebot",
        "no-data": "keine Daten",
        "not-expected": "nicht erwartet",
        "low": "niedrig",
        "offers": "Angebote",
        "per1000": "Angebote je 1.000 Einwohner",
        "all": "alle",
        "actors": "Akteure",
        "approximate": "Lage: Gemeinde (ungefähr)",
        "phase": "Lebensphase",
        "group": "Zielgruppe",
        "type": "Angebotsart",
    },
    "en": {
        "zero": "gap: no offer",
        "no-data": "no data",
        "not-expected": "not expected",
        "low": "low",
        "offers": "Offers",
        "per1000": "Offers per 1,000 inhabitants",
        "all": "all",
        "actors": "Actors",
        "approximate": "location: municipality (approximate)",
        "phase": "Life phase",
        "group": "Target group",
        "type": "Offer type",
    },
}
_AREAS = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?ags (MIN(?label) AS ?name) (MIN(?alt) AS ?display) WHERE {
  ?area bg:ags ?ags . FILTER(STRLEN(?ags) IN (2, 5, 8))
  OPTIONAL { ?area rdfs:label ?label FILTER(LANG(?label) IN ("de", "")) }
  OPTIONAL { ?area skos:altLabel ?alt FILTER(LANG(?alt) IN ("de", "")) }
} GROUP BY ?ags
"""
_COLOURS = """
PREFIX bg: <https://w3id.org/bildungsgraph/def#>
SELECT ?concept ?colour WHERE { ?concept bg:colour ?colour FILTER(STRSTARTS(STR(?concept), "%s")) }
"""


@dataclass(frozen=True)
class Area:
    """A county (5-digit AGS) or Land (2 digits) with municipalities in the store."""

    ags: str
    name: str
    municipalities: int


def map_areas(store: GraphStore) -> list[Area]:
    """Counties, then Länder, with at least one municipality loaded (by name), once per write generation."""
    return derived(store, "map-areas", lambda: read_areas(store))


def read_areas(store: GraphStore) -> list[Area]:
    """Areas of the store: every 5- or 2-digit AGS under which 8-digit municipality keys exist."""
    rows = {str(r["ags"]): r for r in store.select(_AREAS).rows}
    municipalities = [ags for ags in rows if len(ags) == 8]
    counts = {ags: sum(1 for m in municipalities if m.startswith(ags)) for ags in rows if len(ags) in (2, 5)}
    areas = []
    for ags, count in counts.items():
        largest_county = max((n for k, n in counts.items() if len(k) == 5 and k.startswith(ags)), default=0)
        if count and (len(ags) == 5 or count > largest_county):  # a Land only when it is more than one county
            areas.append(Area(ags, str(rows[ags].get("display") or rows[ags].get("name") or ags), count))
    return sorted(areas, key=lambda a: (len(a.ags) == 2, a.name.lower(), a.ags))


def default_area(areas: list[Area]) -> Area | None:
    """The area a map opens with: the only one, or a county holding more than half of all loaded municipalities
    (a county set up with ``init`` beside the odd municipality of another source); else None (ask)."""
    counties = [a for a in areas if len(a.ags) == 5]
    total = sum(a.municipalities for a in counties)
    largest = max(counties, key=lambda a: a.municipalities, default=None)
    if len(areas) == 1:
        return areas[0]
    return largest if largest is not None and largest.municipalities * 2 > total else None


@dataclass(frozen=True)
class Selection:
    """What the map shows: offers of a life phase, target group and offer type (IRIs, each optional), as a count
    or per 1,000 inhabitants."""

    phase: str | None = None
    group: str | None = None
    type: str | None = None
    measure: str = "offers"  # or "per1000"

    def chosen(self) -> dict[str, str]:
        """The chosen categories by selection key."""
        return {key: value for key in DIMENSIONS if (value := getattr(self, key))}


def selection_for(base: MapBase, values: dict[str, str | None], measure: str = "offers") -> Selection:
    """The selection named by ``values`` (selection key -> concept IRI, its last part or its German or English
    label); a value that names no concept of its scheme is an :class:`InputError` listing the allowed ones."""
    chosen: dict[str, str] = {}
    for key, value in values.items():
        if not value:
            continue
        concepts = base.concepts[key]
        found = next(
            (
                iri
                for iri, labels in concepts.items()
                if value in (iri, iri.rsplit("/", 1)[-1]) or value.casefold() in {v.casefold() for v in labels.values()}
            ),
            None,
        )
        if found is None:
            allowed = ", ".join(iri.rsplit("/", 1)[-1] for iri in concepts)
            raise InputError(
                f"„{value}“ ist kein Begriff der {TEXTS['de'][key]}; erlaubt: {allowed}.",
                f'"{value}" is not a {TEXTS["en"][key].lower()} concept; allowed: {allowed}.',
            )
        chosen[key] = found
    if measure not in ("offers", "per1000"):
        raise InputError(
            f"Unbekanntes Maß „{measure}“ (offers, per1000).", f'Unknown measure "{measure}" (offers, per1000).'
        )
    return Selection(measure=measure, **chosen)


@dataclass
class Place:
    """One municipality: register data, geometry (GeoJSON) and whether any source records something there."""

    iri: str
    ags: str
    name: str
    population: int | None
    has_data: bool
    size: SizeClass | None
    geometry: dict[str, Any] | None = None
    point: tuple[float, float] | None = None


@dataclass
class Offer:
    """An offer located in a municipality, with its categories and providers."""

    iri: str
    ags: str
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def matches(self, selection: Selection) -> bool:
        """True when the offer has every chosen category."""
        return all(value in self.values.get(key, ()) for key, value in selection.chosen().items())


@dataclass
class Actor:
    """An actor with its types, municipality and own point (None: shown at its municipality)."""

    iri: str
    name: str
    ags: str
    types: list[str]
    point: tuple[float, float] | None


@dataclass
class MapBase:
    """Everything the map reads from the store for one area."""

    area: str
    name: str | None
    places: dict[str, Place]
    outline: dict[str, Any] | None
    offers: list[Offer]
    actors: list[Actor]
    concepts: dict[str, dict[str, dict[str, str]]]  # selection key -> IRI -> lang -> label
    actor_types: dict[str, dict[str, str]]  # IRI -> lang -> label
    colours: dict[str, str]  # actor type IRI -> colour
    low_ratio: float

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of all municipalities."""
        shapes = [shapely.geometry.shape(p.geometry) for p in self.places.values() if p.geometry]
        shapes += [shapely.Point(p.point) for p in self.places.values() if p.point and not p.geometry]
        return tuple(shapely.GeometryCollection(shapes).bounds) if shapes else None  # type: ignore[return-value]


def map_base(store: GraphStore, settings: Settings, area: str) -> MapBase:
    """The map's data of ``area`` (an AGS prefix, usually a county's 5 digits), once per write generation."""
    key = ("map-base", area, str(settings.gap_expectations_file), settings.low_coverage_ratio)
    return derived(store, key, lambda: read_base(store, context_for(store, settings, area)))


def read_base(store: GraphStore, ctx: GapContext) -> MapBase:
    """Read municipalities, geometries, offers, actors and concept labels of ``ctx.county`` from the store."""
    area = ctx.county or ""
    places = {
        ags: Place(
            str(row["municipality"]),
            ags,
            str(row["municipalityLabel"] or ags),
            row["population"] if isinstance(row.get("population"), int) else None,  # type: ignore[arg-type]
            ctx.has_data(ags),
            ctx.size_class(ags),
        )
        for ags, row in ctx.municipalities.items()
    }
    outline = _read_geometries(store, area, places)
    return MapBase(
        area=area,
        name=ctx.area_name(),
        places=places,
        outline=outline,
        offers=_read_offers(store, area),
        actors=_read_actors(store, area),
        concepts={key: _labels(ctx, VOCAB + scheme + "/") for key, scheme in DIMENSIONS.items()},
        actor_types=_labels(ctx, ACTOR_TYPE),
        colours=_colours(store),
        low_ratio=ctx.low_ratio,
    )


def _rows(store: GraphStore, query_id: str, area: str) -> list[dict[str, Cell]]:
    result = store.select(with_values(get_query(query_id).text, area=literal(area)))
    return [{var: cell(row.get(var)) for var in result.variables} for row in result.rows]


def _read_geometries(store: GraphStore, area: str, places: dict[str, Place]) -> dict[str, Any] | None:
    """Fill in each municipality's boundary and point; returns the area's own boundary (if any)."""
    outline = None
    for row in _rows(store, "gap-map-areas", area):
        ags, wkt = str(row["ags"]), str(row["wkt"])
        try:
            geometry = shapely.from_wkt(wkt)
        except shapely.errors.GEOSException:
            continue  # a malformed literal is the source's problem; the map shows the point or nothing
        if ags == area and geometry.geom_type in ("Polygon", "MultiPolygon"):
            outline = mapping(geometry)
        elif ags in places and geometry.geom_type in ("Polygon", "MultiPolygon"):
            places[ags].geometry = mapping(geometry)
        elif ags in places and geometry.geom_type == "Point":
            places[ags].point = (geometry.x, geometry.y)
    for place in places.values():
        if place.geometry is not None:  # actors without coordinates sit inside the boundary, not on its edge
            inside = shapely.geometry.shape(place.geometry).representative_point()
            place.point = place.point if place.point and _inside(place, place.point) else (inside.x, inside.y)
    return outline


def _inside(place: Place, point: tuple[float, float]) -> bool:
    return bool(shapely.geometry.shape(place.geometry).contains(shapely.Point(point)))


def _read_offers(store: GraphStore, area: str) -> list[Offer]:
    offers: dict[str, Offer] = {}
    for row in _rows(store, "gap-map-offers", area):
        offer = offers.setdefault(str(row["offer"]), Offer(str(row["offer"]), str(row["ags"])))
        offer.values[str(row["key"])].add(str(row["value"]))
    return sorted(offers.values(), key=lambda o: o.iri)


def _read_actors(store: GraphStore, area: str) -> list[Actor]:
    actors: dict[str, Actor] = {}
    for row in _rows(store, "gap-map-actors", area):
        iri = str(row["actor"])
        actor = actors.setdefault(
            iri, Actor(iri, str(row["name"] or iri.rsplit("/", 1)[-1]), str(row["ags"]), [], None)
        )
        if str(row["type"]) not in actor.types:
            actor.types.append(str(row["type"]))
        if row["name"] and str(row["name"]) < actor.name:
            actor.name = str(row["name"])
        if row["wkt"] and actor.point is None:
            actor.point = _point(str(row["wkt"]))
    return list(actors.values())


def _point(wkt: str) -> tuple[float, float] | None:
    try:
        geometry = shapely.from_wkt(wkt)
    except shapely.errors.GEOSException:
        return None
    return (geometry.x, geometry.y) if geometry.geom_type == "Point" else None


def _labels(ctx: GapContext, prefix: str) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for lang in ("de", "en"):
        for iri, label in ctx.concept_labels(lang).items():
            if iri.startswith(prefix):
                labels[iri][lang] = label
    return dict(sorted(labels.items(), key=lambda item: item[1].get("de", item[0]).lower()))


def _colours(store: GraphStore) -> dict[str, str]:
    """bg:colour of each actor type in the store, else the sector colour of the shipped default."""
    colours = {ACTOR_TYPE + slug: colour for colour, slugs in SECTOR_COLOURS.items() for slug in slugs}
    for row in store.select(_COLOURS % ACTOR_TYPE).rows:
        value = str(row["colour"])
        if _HEX_COLOUR.fullmatch(value):  # it goes into style attributes: nothing but #RRGGBB
            colours[str(row["concept"])] = value
    return colours


# -- a selection applied ---------------------------------------------------------------------------------------
def measure_rows(base: MapBase, selection: Selection) -> list[dict[str, Cell]]:
    """One row per municipality: offers matching the selection, rate per 1,000 inhabitants, flag (see module)."""
    counts: dict[str, int] = defaultdict(int)
    for offer in base.offers:
        if offer.matches(selection):
            counts[offer.ags] += 1
    total = sum(counts.values())
    concept = "|".join(selection.chosen().values()) or "all"
    rows: list[dict[str, Cell]] = []
    for ags, place in base.places.items():
        offers = counts.get(ags, 0)
        rate = round(offers * 1000 / place.population, 3) if place.population else ""
        rows.append(
            {"ags": ags, "concept": concept, "offers": offers, "per1000": rate if place.has_data or offers else ""}
        )
    flag_low(rows, base.low_ratio)
    for row in rows:
        if row["flag"] == "zero":
            row["flag"] = _zero_flag(base.places[str(row["ags"])], selection, total)
    return rows


def _zero_flag(place: Place, selection: Selection, total: int) -> str:
    """``not-expected``, ``no-data`` or ``zero`` for a municipality without a matching offer."""
    if place.size is not None and not all(place.size.expects(c) for c in selection.chosen().values()):
        return "not-expected"
    if not place.has_data or not total:
        return "no-data"
    return "zero"


def classes(values: list[float]) -> tuple[list[float], bool]:
    """Upper bounds of up to five classes of the positive ``values``, and whether each class is one value: so it
    is when there are at most five distinct values, else the bounds are quintiles (rounded, duplicates dropped)
    and the last bound is the maximum."""
    positive = sorted({v for v in values if v > 0})
    if len(positive) <= len(CLASS_COLOURS):
        return positive, True
    ordered = sorted(v for v in values if v > 0)
    quintiles = {round(ordered[max(0, round(len(ordered) * k / 5) - 1)], 2) for k in range(1, 5)}
    return sorted({q for q in quintiles if q < ordered[-1]} | {ordered[-1]}), False


def _class_colour(value: float, bounds: list[float]) -> str:
    shift = len(CLASS_COLOURS) - len(bounds)  # few classes take the darker end of the scale
    for i, bound in enumerate(bounds):
        if value <= bound:
            return CLASS_COLOURS[i + shift]
    return CLASS_COLOURS[-1]


def municipality_features(base: MapBase, selection: Selection, lang: str) -> tuple[list[dict], list[dict]]:
    """GeoJSON features of the municipalities (polygon, else point) with measure, flag and colour, and the legend
    entries of the measure (classes, then the flags that occur)."""
    texts = TEXTS.get(lang, TEXTS["de"])
    rows = {str(r["ags"]): r for r in measure_rows(base, selection)}
    values = [_value(r, selection) for r in rows.values() if r["flag"] in ("", "low")]
    bounds, exact = classes([v for v in values if v is not None])
    features = []
    for ags, place in base.places.items():
        row = rows[ags]
        value = _value(row, selection)
        flag = str(row["flag"])
        colour = FLAG_COLOURS[flag] if flag in FLAG_COLOURS else _class_colour(value or 0, bounds)
        geometry = place.geometry or ({"type": "Point", "coordinates": list(place.point)} if place.point else None)
        properties = {
            "iri": place.iri,
            "ags": ags,
            "name": place.name,
            "population": place.population,
            "offers": row["offers"],
            "per1000": row["per1000"],
            "value": value,
            "valueText": number(value, lang) if value is not None else "–",
            "flag": flag,
            "flagLabel": texts[flag] if flag else "",
            "colour": colour,
            "hatched": flag == "no-data",
            "sizeClass": place.size.name if place.size else "",
            "shortName": place.name.split(",")[0],
            "labelPoint": _label_point(place),
        }
        features.append({"type": "Feature", "id": ags, "geometry": geometry, "properties": properties})
    features.sort(key=lambda f: f["properties"]["name"].lower())
    flags = {str(r["flag"]) for r in rows.values()}
    return features, _legend(bounds, exact, flags, texts, lang)


def _label_point(place: Place) -> list[float] | None:
    """Where the municipality's name goes: a point inside its boundary (else its register point)."""
    if place.geometry is not None:
        inside = shapely.geometry.shape(place.geometry).representative_point()
        return [round(inside.x, 5), round(inside.y, 5)]
    return list(place.point) if place.point else None


def _value(row: dict[str, Cell], selection: Selection) -> float | None:
    value = row["per1000"] if selection.measure == "per1000" else row["offers"]
    return float(value) if isinstance(value, int | float) else None


def _legend(bounds: list[float], exact: bool, flags: set[str], texts: dict[str, str], lang: str) -> list[dict]:
    """Legend of the fill colours: one entry per class (a value or a range), then the flags that occur."""
    shift = len(CLASS_COLOURS) - len(bounds)
    entries = []
    for i, bound in enumerate(bounds):
        if exact:
            label = number(bound, lang)
        elif i == 0:
            label = f"≤ {number(bound, lang)}"
        else:
            label = f"{number(bounds[i - 1], lang)} – {number(bound, lang)}"
        entries.append({"colour": CLASS_COLOURS[i + shift], "label": label, "kind": "class"})
    for flag in ("zero", "low", "no-data", "not-expected"):
        if flag in flags:
            colour = LOW_OUTLINE if flag == "low" else FLAG_COLOURS[flag]
            entries.append({"colour": colour, "label": texts[flag], "kind": flag})
    return entries


def number(value: float, lang: str) -> str:
    """``value`` for people: at most two decimals, a decimal comma in German."""
    text = f"{round(value, 2):g}"
    return text.replace(".", ",") if lang == "de" else text


def actor_features(base: MapBase, selection: Selection, lang: str) -> list[dict]:
    """GeoJSON points of the actors; with a selection, only those providing a matching offer. Actors without
    their own coordinate are placed at their municipality (``approximate``)."""
    texts = TEXTS.get(lang, TEXTS["de"])
    providers = None
    if selection.chosen():
        providers = {p for o in base.offers if o.matches(selection) for p in o.values.get("provider", ())}
    features = []
    for actor in base.actors:
        if providers is not None and actor.iri not in providers:
            continue
        place = base.places.get(actor.ags)
        point = actor.point or (place.point if place else None)
        if point is None:
            continue
        main = _main_type(actor.types)
        label = base.actor_types.get(main, {})
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(point)},
                "properties": {
                    "iri": actor.iri,
                    "name": actor.name,
                    "type": main,
                    "typeLabel": label.get(lang) or label.get("de") or main.rsplit("/", 1)[-1],
                    "colour": base.colours.get(main, OTHER_COLOUR),
                    "approximate": actor.point is None,
                    "where": texts["approximate"] if actor.point is None else "",
                    "municipality": place.name if place else actor.ags,
                },
            }
        )
    return features


def _main_type(types: list[str]) -> str:
    """The type a point is coloured by: the most specific (a Grundschule, not an allgemeinbildende Schule)."""
    general = {ACTOR_TYPE + "allgemeinbildende-schule", ACTOR_TYPE + "kommunalverwaltung", ACTOR_TYPE + "sonstige"}
    specific = sorted(t for t in types if t not in general)
    return (specific or sorted(types))[0]


def actor_legend(features: list[dict]) -> list[dict]:
    """One entry per colour on the map (types sharing a colour are named together), most actors first."""
    counts: dict[str, int] = defaultdict(int)
    labels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for feature in features:
        props = feature["properties"]
        counts[props["colour"]] += 1
        labels[props["colour"]][props["typeLabel"]] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {
            "colour": colour,
            "label": ", ".join(sorted(labels[colour], key=lambda t: (-labels[colour][t], t))),
            "count": n,
        }
        for colour, n in ordered
    ]


def map_data(base: MapBase, selection: Selection, lang: str) -> dict[str, Any]:
    """Everything a map view or export draws: municipalities, outline, actors, legends, bounds, attribution."""
    municipalities, legend = municipality_features(base, selection, lang)
    actors = actor_features(base, selection, lang)
    texts = TEXTS.get(lang, TEXTS["de"])
    return {
        "area": base.area,
        "name": base.name,
        "measure": selection.measure,
        "measureTitle": texts[selection.measure],
        "selection": selection.chosen(),
        "selectionTitle": selection_title(base, selection, lang),
        "municipalities": {"type": "FeatureCollection", "features": municipalities},
        "outline": base.outline,
        "actors": {"type": "FeatureCollection", "features": actors},
        "legend": legend,
        "actorLegend": actor_legend(actors),
        "bounds": base.bounds(),
        "attribution": ATTRIBUTION,
        "licence": {"title": LICENCE[0], "url": LICENCE[1]},
    }


def selection_title(base: MapBase, selection: Selection, lang: str) -> str:
    """What the map shows, in words: "Angebote je 1.000 Einwohner – Lebensphase: Weiterbildung"."""
    texts = TEXTS.get(lang, TEXTS["de"])
    parts = [texts[selection.measure]]
    for key, iri in selection.chosen().items():
        label = base.concepts[key].get(iri, {})
        parts.append(f"{texts[key]}: {label.get(lang) or label.get('de') or iri}")
    return " – ".join(parts)


def to_json(data: dict[str, Any]) -> str:
    """Compact JSON (safe inside ``<script type="application/json">``: ``</`` escaped)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


# -- a municipality's own page -----------------------------------------------------------------------------------
def boundary_svg(wkt: str, width: int = 320, height: int = 220) -> dict[str, str] | None:
    """An SVG path (``viewBox``, ``d``) of a (multi)polygon WKT in lon/lat, scaled to fit, north up, distances
    equal in both directions at its latitude; None when the WKT is not a polygon."""
    try:
        geometry = shapely.from_wkt(wkt)
    except shapely.errors.GEOSException:
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
        return None
    west, south, east, north = geometry.bounds
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = min((width - 8) / max((east - west) * squeeze, 1e-9), (height - 8) / max(north - south, 1e-9))
    dx = (width - (east - west) * squeeze * scale) / 2
    dy = (height - (north - south) * scale) / 2

    def ring(coords: Any) -> str:
        points = [f"{dx + (x - west) * squeeze * scale:.1f},{dy + (north - y) * scale:.1f}" for x, y in coords]
        return "M" + " L".join(points) + " Z"

    polygons = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
    d = " ".join(ring(r.coords) for p in polygons for r in (p.exterior, *p.interiors))
    return {"viewBox": f"0 0 {width} {height}", "d": d, "width": str(width), "height": str(height)}


def municipality_gaps(report: GapReport, ags: str) -> dict[str, Any]:
    """What the gap report says about one municipality: categories without offer (gaps), with few offers,
    missing expected actor types, and whether there is no data at all."""
    found: dict[str, Any] = {"no_data": False, "zero": [], "low": [], "missing_types": []}
    for table in report.tables:
        rows = [r for r in table.rows if str(r.get("ags", "")) == ags]
        if table.id == "municipalities-without-data":
            found["no_data"] = bool(rows)
        elif table.id == "missing-actor-types":
            found["missing_types"] = sorted(str(r["typeLabel"]) for r in rows)
        elif table.id.startswith("coverage-"):
            for row in rows:
                if row.get("flag") in ("zero", "low"):
                    found[str(row["flag"])].append({"table": table.id, "label": str(row["conceptLabel"])})
    return found
