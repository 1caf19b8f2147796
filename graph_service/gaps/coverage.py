"""Coverage: offers per life phase, target group and offer type × municipality; missing actor types."""

from __future__ import annotations

import statistics

from graph_service.gaps.context import GapContext
from graph_service.gaps.table import Cell, GapTable

COLUMNS = ["municipalityLabel", "ags", "conceptLabel", "offers", "population", "per1000", "flag"]
PLACE = ["municipalityLabel", "ags"]


def life_phase(ctx: GapContext) -> GapTable:
    """Offers per life phase × municipality, with rate per 1,000 inhabitants and zero/low flags."""
    return _coverage(ctx, "gap-coverage-life-phase", "coverage-life-phase")


def target_group(ctx: GapContext) -> GapTable:
    """Offers per target group × municipality; newcomers and refugees come first in each municipality."""
    return _coverage(ctx, "gap-coverage-target-group", "coverage-target-group")


def offer_type(ctx: GapContext) -> GapTable:
    """Offers per offer type (counselling, course, language support …) × municipality."""
    return _coverage(ctx, "gap-coverage-offer-type", "coverage-offer-type")


def missing_actor_types(ctx: GapContext) -> GapTable:
    """Municipalities with actors but without a Kita, a primary school, a library or a VHS."""
    query = "gap-missing-actor-types"
    return GapTable("missing-actor-types", "coverage", [*PLACE, "typeLabel"], ctx.rows(query), query)


def _coverage(ctx: GapContext, query_id: str, table_id: str) -> GapTable:
    rows = ctx.rows(query_id)
    for row in rows:
        population = row.get("population")
        offers = int(row.get("offers", 0) or 0)
        row["per1000"] = round(offers * 1000 / population, 3) if isinstance(population, int) and population else ""
    flag_low(rows, ctx.low_ratio)
    return GapTable(table_id, "coverage", list(COLUMNS), rows, query_id)


def flag_low(rows: list[dict[str, Cell]], low_ratio: float = 0.5) -> None:
    """Set ``flag`` to ``zero``, ``low`` (rate below ``low_ratio`` × the category's median rate) or ``""``.

    The median is taken over the municipalities of the rows, so with a county filter it is the county's."""
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
