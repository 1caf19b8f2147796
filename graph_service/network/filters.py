"""Which part of the landscape a network view shows: one :class:`NetworkFilter`, shared by CLI, service and slides.

A filter round-trips through a flat mapping (YAML view files) and through a URL query string, so a view can
be saved, versioned and shared as a link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

from graph_service.core.errors import InputError
from graph_service.core.namespaces import VOCAB

EDGE_KINDS: tuple[str, ...] = ("cooperation", "membership", "operated_by", "funding", "responsibility")
Mode = Literal["bipartite", "projected"]
#: Older name of the projection, still accepted in view files and links.
_LEGACY_MODES = {"actors": "projected"}

#: Filter field -> concept scheme slug of its values (so ``kita`` can stand for the full concept IRI).
SCHEME_OF: dict[str, str] = {
    "life_phases": "lebensphase",
    "target_groups": "zielgruppe",
    "actor_types": "akteurstyp",
}
_LIST_FIELDS = ("areas", "life_phases", "target_groups", "actor_types", "edge_kinds")
_DATE_FIELDS = ("at_date", "period_start", "period_end")


class FilterError(InputError, ValueError):
    """A filter or view value is not valid (unknown edge kind, bad date, depth out of range); German and English."""


def concept_iri(scheme: str, value: str) -> str:
    """Full IRI of a concept given as IRI or as slug of ``scheme``.

    Parameters
    ----------
    scheme : slug of the concept scheme, e.g. ``"akteurstyp"``.
    value : ``"kita"`` or ``"https://w3id.org/bildungsgraph/vocab/akteurstyp/kita"``.

    Returns
    -------
    The concept IRI as a string.
    """
    return value if ":" in value else f"{VOCAB}{scheme}/{value}"


def parse_date(value: Any, name: str) -> dt.date:
    """A date given as ``JJJJ-MM-TT`` (or already a date); FilterError naming the field ``name`` otherwise."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise FilterError(
            f"{name}: „{value}“ ist kein Datum im Format JJJJ-MM-TT.",
            f"{name}: not an ISO date (YYYY-MM-DD): {value!r}",
        ) from exc


def _parse_date(value: str | dt.date | None, name: str) -> dt.date | None:
    return None if value is None or value == "" else parse_date(value, name)


@dataclass
class NetworkFilter:
    """The selection of one network view.

    Attributes
    ----------
    areas : AGS prefixes; ``"01001"`` (a Kreis, 5 digits) keeps every actor in a Gemeinde whose AGS starts with it.
    life_phases, target_groups : keep actors with at least one offer in one of these (IRIs or slugs).
    actor_types : keep actors with one of these types (IRIs or slugs).
    edge_kinds : edge kinds to keep (see :data:`EDGE_KINDS`); empty = all.
    at_date : keep dated edges valid on this day (missing start/end counts as open).
    period_start, period_end : keep dated edges overlapping this period.
    ego, depth : keep only the neighbourhood of this actor IRI up to ``depth`` (1–3) steps.
    mode : ``"bipartite"`` (networks and committees are hub nodes, membership is an edge to them) or
        ``"projected"`` (no network nodes; the members of a network are linked with each other, a clique).
    connected_only : leave out actors without any link in this view.
    """

    areas: list[str] = field(default_factory=list)
    life_phases: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    actor_types: list[str] = field(default_factory=list)
    edge_kinds: list[str] = field(default_factory=list)
    at_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    ego: str | None = None
    depth: int = 1
    mode: Mode = "bipartite"
    connected_only: bool = False

    def __post_init__(self) -> None:
        for name, scheme in SCHEME_OF.items():
            setattr(self, name, [concept_iri(scheme, v) for v in getattr(self, name)])
        self.areas = [a.strip() for a in self.areas if a.strip()]
        for area in self.areas:
            if not area.isdigit():
                raise FilterError(
                    f"areas: ein AGS besteht nur aus Ziffern, nicht „{area}“.",
                    f"areas: an AGS has digits only, got {area!r}",
                )
        unknown = sorted(set(self.edge_kinds) - set(EDGE_KINDS))
        if unknown:
            raise FilterError(
                f"edge_kinds: unbekannt {unknown}; möglich: {list(EDGE_KINDS)}",
                f"edge_kinds: unknown {unknown}; known: {list(EDGE_KINDS)}",
            )
        for name in _DATE_FIELDS:
            setattr(self, name, _parse_date(getattr(self, name), name))
        self.depth = int(self.depth)
        if not 1 <= self.depth <= 3:
            raise FilterError(
                f"depth muss 1, 2 oder 3 sein, nicht {self.depth}.", f"depth must be 1, 2 or 3, got {self.depth}"
            )
        self.mode = _LEGACY_MODES.get(self.mode, self.mode)  # type: ignore[assignment]
        if self.mode not in ("bipartite", "projected"):
            raise FilterError(
                f"mode muss „bipartite“ oder „projected“ sein, nicht „{self.mode}“.",
                f"mode must be 'bipartite' or 'projected', got {self.mode!r}",
            )
        if isinstance(self.connected_only, str):
            self.connected_only = self.connected_only.lower() in ("1", "true", "yes", "ja", "on")
        self.ego = self.ego or None

    # -- round trips ---------------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> NetworkFilter:
        """Build from a mapping (a YAML view's ``filters``); lists may be given as comma-separated strings.

        Raises
        ------
        FilterError : unknown keys or invalid values.
        """
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise FilterError(
                f"unbekannte Filter {unknown}; möglich: {sorted(known)}",
                f"unknown filter keys {unknown}; known: {sorted(known)}",
            )
        for name in _LIST_FIELDS:
            value = data.get(name)
            if isinstance(value, str):
                data[name] = [v.strip() for v in value.split(",") if v.strip()]
            elif value is None:
                data.pop(name, None)
            else:
                data[name] = [str(v) for v in value]
        return cls(**data)

    def to_mapping(self) -> dict[str, Any]:
        """Compact mapping of the non-default values (for YAML view files)."""
        default = NetworkFilter()
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    @classmethod
    def from_query(cls, pairs: Iterable[tuple[str, str]]) -> NetworkFilter:
        """Build from URL query pairs; repeated keys or comma-separated values give lists.

        Unknown keys are ignored here (the page has other parameters such as ``lang``)."""
        known = {f.name for f in fields(cls)}
        data: dict[str, Any] = {}
        for key, value in pairs:
            if key not in known or value == "":
                continue
            if key in _LIST_FIELDS:
                data.setdefault(key, []).extend(v for v in value.split(",") if v)
            else:
                data[key] = value
        return cls.from_mapping(data)

    def to_query(self) -> str:
        """URL query string of this filter (lists joined with commas)."""
        pairs = []
        for key, value in self.to_mapping().items():
            pairs.append((key, ",".join(value) if isinstance(value, list) else str(value)))
        return urlencode(pairs)

    @classmethod
    def from_query_string(cls, query: str) -> NetworkFilter:
        """Inverse of :meth:`to_query`."""
        return cls.from_query(parse_qsl(query, keep_blank_values=False))

    # -- predicates ----------------------------------------------------------------------------------
    def date_ok(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether something valid from ``start`` to ``end`` (None = open) passes the date filters."""
        if self.at_date and ((start and start > self.at_date) or (end and end < self.at_date)):
            return False
        if self.period_end and start and start > self.period_end:
            return False
        return not (self.period_start and end and end < self.period_start)

    def area_ok(self, ags: str | None) -> bool:
        """Whether an actor in the Gemeinde with this AGS passes the area filter."""
        return not self.areas or (ags is not None and any(ags.startswith(a) for a in self.areas))
