"""Responsibilities: who is responsible for what, and where nobody is recorded."""

from __future__ import annotations

from graph_service.gaps.context import GapContext
from graph_service.gaps.table import GapTable

PLACE = ["municipalityLabel", "ags"]


def _table(ctx: GapContext, query_id: str, columns: list[str]) -> GapTable:
    return GapTable(query_id.removeprefix("gap-"), "responsibilities", columns, ctx.rows(query_id), query_id)


def without_legal_basis(ctx: GapContext) -> GapTable:
    """Responsibilities with no legal basis recorded."""
    return _table(ctx, "gap-responsibility-without-legal-basis", ["responsibilityLabel", "agentLabel"])


def actors_without_body(ctx: GapContext) -> GapTable:
    """Kitas and schools with neither an operator nor a responsibility."""
    return _table(ctx, "gap-actors-without-responsibility", [*PLACE, "actorLabel", "typeLabel"])


def offers_without_body(ctx: GapContext) -> GapTable:
    """Offers and sites for which neither they nor their organisation have a responsible body or operator."""
    table = _table(ctx, "gap-offers-without-responsible", [*PLACE, "kindLabel", "itemLabel", "ownerLabel"])
    names = {"de": {"offer": "Angebot", "site": "Standort"}, "en": {"offer": "Offer", "site": "Site"}}[ctx.lang]
    for row in table.rows:
        row["kindLabel"] = names.get(str(row["kind"]), str(row["kind"]))
    return table


def life_phases_without_body(ctx: GapContext) -> GapTable:
    """Life phases nobody is recorded as responsible for (directly or through an offer or its provider)."""
    return _table(ctx, "gap-life-phases-without-responsible", ["lifePhaseLabel", "offers"])


def without_presence(ctx: GapContext) -> GapTable:
    """Responsible bodies with no offer, seat, site or concerned organisation in the area they are responsible for."""
    return _table(ctx, "gap-responsible-without-presence", ["areaLabel", "ags", "agentLabel", "responsibilityLabel"])
