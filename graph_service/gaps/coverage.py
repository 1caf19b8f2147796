"""Coverage: offers per life phase, target group and offer type × every municipality of the area; expected actor
types; municipalities without any data.

Each coverage cell gets a ``flag``:

- ``""``: offers, at a usual rate; ``low``: offers, but a rate below ``low_ratio`` × the category's median;
- ``zero``: no offer although the municipality has data and the category occurs in the area, and the category is
  expected in a municipality of this size (expectations.toml, ``[[size_class]]``) – a gap;
- ``no-data``: no offer and no source covers the municipality (no actor, offer or site there) or the category (no
  offer of it anywhere in the area) – not known to be a gap;
- ``not-expected``: no offer, and none is expected at this size (a Hochschule in a village).
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from graph_service.gaps.context import VOCAB, GapContext
from graph_service.gaps.table import Cell, GapTable

COLUMNS = ["municipalityLabel", "ags", "conceptLabel", "offers", "population", "per1000", "sizeClass", "flag"]
PLACE = ["municipalityLabel", "ags"]
ACTOR_TYPE = VOCAB + "akteurstyp/"


def life_phase(ctx: GapContext) -> GapTable:
    """Offers per life phase × municipality, with rate per 1,000 inhabitants and a flag."""
    return _coverage(ctx, "gap-coverage-life-phase", "coverage-life-phase")


def target_group(ctx: GapContext) -> GapTable:
    """Offers per target group × municipality; newcomers and refugees come first in each municipality."""
    return _coverage(ctx, "gap-coverage-target-group", "coverage-target-group")


def offer_type(ctx: GapContext) -> GapTable:
    """Offers per offer type (counselling, course, language support …) × municipality."""
    return _coverage(ctx, "gap-coverage-offer-type", "coverage-offer-type")


def missing_actor_types(ctx: GapContext) -> GapTable:
    """Municipalities with data but without an actor of a type expected at their size (Kita, Grundschule …);
    a municipality of unknown size is checked against the types every size class expects."""
    query = "gap-missing-actor-types"
    wanted = _expected_actor_types(ctx)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    places: dict[str, dict[str, Cell]] = {}
    labels: dict[str, str] = {}
    for row in ctx.rows(query, type=wanted) if wanted else []:
        ags, type_iri = str(row["ags"]), str(row["type"])
        counts[ags][type_iri] = _int(row.get("actors"))
        places[ags] = row
        labels[type_iri] = str(row.get("typeLabel") or type_iri.rsplit("/", 1)[-1])
    smallest = ctx.size_classes[-1].actor_groups if ctx.size_classes else tuple((t,) for t in wanted)
    rows: list[dict[str, Cell]] = []
    for ags, found in counts.items():
        if not ctx.has_data(ags):
            continue
        size = ctx.size_class(ags)
        for group in size.actor_groups if size else smallest:
            if not any(found.get(t) for t in group):
                names = (" oder " if ctx.lang == "de" else " or ").join(labels.get(t, t) for t in group)
                place = places[ags]
                rows.append(
                    {
                        "municipality": place["municipality"],
                        "municipalityLabel": place["municipalityLabel"],
                        "ags": ags,
                        "type": group[0],
                        "typeLabel": names,
                        "sizeClass": size.name if size else "",
                    }
                )
    rows.sort(key=lambda r: (str(r["municipalityLabel"]), str(r["ags"]), str(r["typeLabel"])))
    return GapTable("missing-actor-types", "coverage", [*PLACE, "typeLabel", "sizeClass"], rows, query)


def without_data(ctx: GapContext) -> GapTable:
    """Municipalities of the area for which no source has any actor, offer or site yet (largest first)."""
    rows = [dict(row) for ags, row in ctx.municipalities.items() if not ctx.has_data(ags)]
    for row in rows:
        size = ctx.size_class(row["ags"])
        row["sizeClass"] = size.name if size else ""
    rows.sort(key=lambda r: (-_int(r.get("population")), str(r.get("municipalityLabel"))))
    columns = [*PLACE, "population", "sizeClass"]
    return GapTable("municipalities-without-data", "coverage", columns, rows, "gap-municipalities")


def _expected_actor_types(ctx: GapContext) -> list[str]:
    """Every actor type some size class expects (all actor types when a class expects every one)."""
    wanted: set[str] = set()
    for size in ctx.size_classes:
        listed = size.expected.get("actor_types")
        if listed is None:
            return sorted(iri for iri in ctx.concept_labels("de") if iri.startswith(ACTOR_TYPE))
        wanted |= listed
    if not ctx.size_classes:
        wanted = {ACTOR_TYPE + t for t in ("kita", "grundschule", "bibliothek", "vhs")}
    return sorted(wanted)


def _int(value: Cell | None) -> int:
    return value if isinstance(value, int) else 0


def _coverage(ctx: GapContext, query_id: str, table_id: str) -> GapTable:
    rows = ctx.rows(query_id)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[str(row["concept"])] += _int(row.get("offers"))
    for row in rows:
        population, offers = row.get("population"), _int(row.get("offers"))
        known = ctx.has_data(row["ags"])
        rate = round(offers * 1000 / population, 3) if isinstance(population, int) and population else ""
        row["per1000"] = rate if known or offers else ""
        size = ctx.size_class(row["ags"])
        row["sizeClass"] = size.name if size else ""
    flag_low(rows, ctx.low_ratio)
    for row in rows:
        if row["flag"] == "zero":
            row["flag"] = _zero_flag(ctx, row, totals)
    return GapTable(table_id, "coverage", list(COLUMNS), rows, query_id)


def _zero_flag(ctx: GapContext, row: dict[str, Cell], totals: dict[str, int]) -> str:
    """``not-expected``, ``no-data`` or ``zero`` for a cell without offers (see the module docstring)."""
    size = ctx.size_class(row["ags"])
    if size is not None and not size.expects(str(row["concept"])):
        return "not-expected"
    if not ctx.has_data(row["ags"]) or not totals[str(row["concept"])]:
        return "no-data"
    return "zero"


def flag_low(rows: list[dict[str, Cell]], low_ratio: float = 0.5) -> None:
    """Set ``flag`` to ``zero``, ``low`` (rate below ``low_ratio`` × the category's median) or ``""``.

    The median is taken over the municipalities of the rows that have a rate, so with a county filter it is the
    county's, and municipalities without data do not pull it down."""
    rates: dict[str, list[float]] = {}
    for row in rows:
        if isinstance(row["per1000"], float):
            rates.setdefault(str(row["concept"]), []).append(row["per1000"])
    for row in rows:
        rate, values = row["per1000"], rates.get(str(row["concept"]), [])
        if int(row.get("offers", 0) or 0) == 0:
            row["flag"] = "zero"
        elif isinstance(rate, float) and values and rate < low_ratio * statistics.median(values):
            row["flag"] = "low"
        else:
            row["flag"] = ""
