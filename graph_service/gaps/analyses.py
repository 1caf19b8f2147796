"""The registry of gap analyses and the report they make up.

Each analysis is a saved ``gap-*.rq`` query (so SPARQL clients can run it too) plus, where SPARQL is not enough,
a little Python (networkx for the cooperation network, the shapes for data quality). Every analysis yields
:class:`GapTable` objects (plain strings and numbers), so HTML, CSV and JSON share one shape. One table can be
computed alone (:func:`build_table`), which the service's per-analysis routes use.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from graph_service.gaps import coverage, data_quality, network, responsibilities
from graph_service.gaps.context import GapContext
from graph_service.gaps.table import GapReport, GapTable
from graph_service.store.base import GraphStore


@dataclass(frozen=True)
class Analysis:
    """One analysis: the ids of the tables it yields, in order, and the function computing them."""

    table_ids: tuple[str, ...]
    run: Callable[[GapContext], list[GapTable]]


ANALYSES: tuple[Analysis, ...] = (
    Analysis(("municipalities-without-data",), lambda c: [coverage.without_data(c)]),
    Analysis(("coverage-life-phase",), lambda c: [coverage.life_phase(c)]),
    Analysis(("coverage-target-group",), lambda c: [coverage.target_group(c)]),
    Analysis(("coverage-offer-type",), lambda c: [coverage.offer_type(c)]),
    Analysis(("missing-actor-types",), lambda c: [coverage.missing_actor_types(c)]),
    Analysis(("kita-without-transition",), lambda c: [network.kita_without_transition(c)]),
    Analysis(("school-without-vocational-partner",), lambda c: [network.school_without_vocational_partner(c)]),
    Analysis(("responsibility-without-legal-basis",), lambda c: [responsibilities.without_legal_basis(c)]),
    Analysis(("actors-without-responsibility",), lambda c: [responsibilities.actors_without_body(c)]),
    Analysis(("offers-without-responsible",), lambda c: [responsibilities.offers_without_body(c)]),
    Analysis(("life-phases-without-responsible",), lambda c: [responsibilities.life_phases_without_body(c)]),
    Analysis(("responsible-without-presence",), lambda c: [responsibilities.without_presence(c)]),
    Analysis(("isolated-actors",), lambda c: [network.isolated_actors(c)]),
    Analysis(("articulation-points", "bridges", "brokers"), network.structure),
    Analysis(("network-missing-types", "network-missing-life-phases"), network.composition),
    Analysis(("data-quality",), lambda c: [data_quality.summary(c)]),
)

TABLE_IDS: tuple[str, ...] = tuple(table_id for analysis in ANALYSES for table_id in analysis.table_ids)


def build_report(
    store: GraphStore,
    county: str | None = None,
    lang: str = "de",
    *,
    context: GapContext | None = None,
) -> GapReport:
    """Run every analysis; ``county`` (AGS prefix, e.g. ``01001``) keeps only rows of that area.

    Concept labels (life phase, target group, actor type) are in ``lang`` (``de`` or ``en``). Pass ``context``
    to set thresholds and network expectations other than the settings' defaults."""
    ctx = context or GapContext(store, county, lang)
    # the analyses are independent read-only queries: two at a time (the store evaluates outside the GIL), so the
    # longest one (offers-without-responsible, half of the report at 1M triples) overlaps with all the others
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="gap-analysis") as pool:
        results = list(pool.map(lambda analysis: analysis.run(ctx), ANALYSES))
    tables = [table for result in results for table in result]
    ctx.translate(tables)
    return GapReport(ctx.county, tables, ctx.area_name())


def build_table(context: GapContext, table_id: str) -> GapTable:
    """Compute only the analysis that yields ``table_id`` (KeyError for an unknown id)."""
    for analysis in ANALYSES:
        if table_id in analysis.table_ids:
            tables = analysis.run(context)
            context.translate(tables)
            return next(t for t in tables if t.id == table_id)
    raise KeyError(table_id)
