"""The summary that opens the report: the five most important gaps in plain language, with numbers.

Candidates come in a fixed order of importance (documented in docs/gap-analysis.md); the first five that found
something are shown, each linking to its table:

1. expected life phases without any offer (largest municipalities first);
2. municipalities without any data (share of the inhabitants);
3. expected target groups without any offer;
4. transitions not agreed (Kitas without a primary school, secondary schools without a partner for work);
5. isolated actors (no cooperation, no network);
6. expected actor types missing;
7. networks lacking expected members;
8. responsibilities without a legal basis.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from graph_service.gaps.table import Cell, GapReport, GapTable

MAX_ITEMS = 5
#: how many municipalities or names an item lists before "…"
SHOWN = 3


@dataclass(frozen=True)
class SummaryItem:
    """One sentence of the summary and the id of the table it refers to."""

    text: str
    table_id: str


def number(value: int, lang: str) -> str:
    """``20739`` -> ``20.739`` (German) or ``20,739`` (English)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "de" else text


def summarize(report: GapReport, lang: str = "de") -> list[SummaryItem]:
    """At most five items, most important first (see the module docstring)."""
    tables = {t.id: t for t in report.tables}
    items: list[SummaryItem] = []
    for make in CANDIDATES:
        item = make(tables, lang)
        if item is not None:
            items.append(item)
        if len(items) == MAX_ITEMS:
            break
    return items


def _population(row: dict[str, Cell]) -> int:
    value = row.get("population")
    return value if isinstance(value, int) else 0


def _listing(names: list[str], lang: str) -> str:
    """The first names, ending the sentence: ``a, b, c.`` or ``a, b, c …``."""
    shown = ", ".join(names[:SHOWN])
    return shown + (" …" if len(names) > SHOWN else ".")


def _coverage_gaps(table: GapTable | None, lang: str, what: tuple[str, str]) -> SummaryItem | None:
    if table is None:
        return None
    gaps: dict[str, list[str]] = defaultdict(list)
    people: dict[str, int] = {}
    for row in table.rows:
        if row.get("flag") == "zero":
            name = str(row.get("municipalityLabel") or row.get("ags"))
            gaps[name].append(str(row.get("conceptLabel")))
            people[name] = _population(row)
    if not gaps:
        return None
    places = sorted(gaps, key=lambda name: (-people[name], name))
    cells = sum(len(v) for v in gaps.values())
    inh = "Einw." if lang == "de" else "inh."
    worst = "; ".join(f"{name} ({number(people[name], lang)} {inh}): {', '.join(gaps[name])}" for name in places[:2])
    if lang == "de":
        text = (
            f"{what[0]} ohne Angebot, obwohl bei dieser Gemeindegröße erwartet: {cells} Lücken in {len(gaps)} "
            f"Gemeinden. Am größten: {worst}."
        )
    else:
        text = (
            f"{what[1]} without any offer although expected at this size: {cells} gaps in {len(gaps)} "
            f"municipalities. Largest: {worst}."
        )
    return SummaryItem(text, table.id)


def _life_phases(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    return _coverage_gaps(tables.get("coverage-life-phase"), lang, ("Lebensphasen", "Life phases"))


def _target_groups(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    return _coverage_gaps(tables.get("coverage-target-group"), lang, ("Zielgruppen", "Target groups"))


def _without_data(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    table, coverage = tables.get("municipalities-without-data"), tables.get("coverage-life-phase")
    if table is None or not table.rows:
        return None
    everyone = {str(r["ags"]): _population(r) for r in coverage.rows} if coverage else {}
    total_people = sum(everyone.values())
    people = sum(_population(r) for r in table.rows)
    share = f" ({round(100 * people / total_people)} %)" if total_people else ""
    names = [f"{r['municipalityLabel']} ({number(_population(r), lang)})" for r in table.rows]
    of_all = f" von {len(everyone)}" if lang == "de" and everyone else (f" of {len(everyone)}" if everyone else "")
    if lang == "de":
        text = (
            f"{len(table.rows)}{of_all} Gemeinden ohne Daten – dort ist noch nichts erfasst, "
            f"{number(people, lang)} Einwohner{share}. Größte: {_listing(names, lang)}"
        )
    else:
        text = (
            f"{len(table.rows)}{of_all} municipalities without data – nothing recorded there yet, "
            f"{number(people, lang)} inhabitants{share}. Largest: {_listing(names, lang)}"
        )
    return SummaryItem(text, table.id)


def _transitions(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    kitas, schools = tables.get("kita-without-transition"), tables.get("school-without-vocational-partner")
    n_kitas, n_schools = len(kitas.rows) if kitas else 0, len(schools.rows) if schools else 0
    if not n_kitas and not n_schools:
        return None
    if lang == "de":
        text = (
            f"Übergänge nicht verabredet: {n_kitas} Kitas ohne Kooperation mit einer Grundschule, {n_schools} "
            f"weiterführende Schulen ohne Partner für den Übergang in den Beruf."
        )
    else:
        text = (
            f"Transitions not agreed: {n_kitas} Kitas without a cooperation with a primary school, {n_schools} "
            f"secondary schools without a partner for the transition to work."
        )
    return SummaryItem(text, "kita-without-transition" if n_kitas else "school-without-vocational-partner")


def _named(table: GapTable | None, column: str, lang: str, de: str, en: str) -> SummaryItem | None:
    if table is None or not table.rows:
        return None
    names = [str(r.get(column) or "") for r in table.rows]
    text = (de if lang == "de" else en).format(n=len(names), names=_listing(names, lang))
    return SummaryItem(text, table.id)


def _isolated(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    return _named(
        tables.get("isolated-actors"),
        "actorLabel",
        lang,
        "{n} Akteure ohne jede Kooperation und ohne Netzwerk: {names}",
        "{n} actors without any cooperation or network: {names}",
    )


def _actor_types(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    table = tables.get("missing-actor-types")
    if table is None or not table.rows:
        return None
    places = sorted({str(r["municipalityLabel"]) for r in table.rows})
    if lang == "de":
        text = f"{len(table.rows)} erwartete Akteurstypen fehlen in {len(places)} Gemeinden: {_listing(places, lang)}"
    else:
        text = (
            f"{len(table.rows)} expected actor types missing in {len(places)} municipalities: {_listing(places, lang)}"
        )
    return SummaryItem(text, table.id)


def _networks(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    table = tables.get("network-missing-types")
    if table is None or not table.rows:
        return None
    first = table.rows[0]
    example = f"{first['networkLabel']}: {first['missingLabels']}"
    if lang == "de":
        text = f"{len(table.rows)} Netzwerke ohne erwartete Mitglieder, z. B. {example} fehlt."
    else:
        text = f"{len(table.rows)} networks without expected members, e.g. {example} missing."
    return SummaryItem(text, table.id)


def _legal_basis(tables: dict[str, GapTable], lang: str) -> SummaryItem | None:
    return _named(
        tables.get("responsibility-without-legal-basis"),
        "responsibilityLabel",
        lang,
        "{n} Zuständigkeiten ohne Rechtsgrundlage: {names}",
        "{n} responsibilities without a legal basis: {names}",
    )


CANDIDATES: tuple[Callable[[dict[str, GapTable], str], SummaryItem | None], ...] = (
    _life_phases,
    _without_data,
    _target_groups,
    _transitions,
    _isolated,
    _actor_types,
    _networks,
    _legal_basis,
)
