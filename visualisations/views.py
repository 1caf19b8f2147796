"""Saved network views in a small YAML file that can be versioned.

A view file has defaults at the top and an ordered list of views (the slides of a talk)::

    title: Bildungslandschaft Beispielkreis
    lang: de
    theme: dark
    positions: demo-positions.json      # layout computed once, reused (relative to this file)
    communities:                        # coordinator's names, keyed by smallest member IRI
      https://…/actor/bbs-technik: {name: Übergang Schule–Beruf, members: [...]}
    views:
      - title: Wer kooperiert mit wem?
        caption: Alle Kooperationen im Kreis
        filters: {areas: ["01001"], edge_kinds: [cooperation]}
        colour_by: actor_type
        size_by: degree
        focus: https://…/actor/vhs
        highlight: [https://…/actor/vhs]

Every key is documented in docs/slides.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from graph_service.core.errors import InputError, Location
from graph_service.network.aggregate import GROUPINGS
from graph_service.network.filters import FilterError, NetworkFilter, parse_date
from graph_service.network.metrics import METRICS
from visualisations.style import COLOUR_ATTRIBUTES, THEMES

_FILE_KEYS = {"title", "lang", "theme", "positions", "communities", "views"}


@dataclass(frozen=True)
class Compare:
    """Two dates to compare: the network at ``before`` beside the network at ``after``."""

    before: dt.date
    after: dt.date

    @classmethod
    def from_mapping(cls, data: Any) -> Compare:
        """Build from ``{before: 2019-01-01, after: 2025-01-01}``.

        Raises
        ------
        FilterError : not a mapping with both dates, or ``before`` is not earlier.
        """
        if not isinstance(data, dict) or set(data) != {"before", "after"}:
            raise FilterError(
                "compare braucht genau die Daten „before“ und „after“, z. B. {before: 2019-01-01, after: 2025-01-01}.",
                "compare needs exactly 'before' and 'after' dates, e.g. {before: 2019-01-01, after: 2025-01-01}",
            )
        found = cls(parse_date(data["before"], "compare.before"), parse_date(data["after"], "compare.after"))
        if found.before >= found.after:
            raise FilterError(
                f"compare: „before“ ({found.before}) muss vor „after“ ({found.after}) liegen.",
                f"compare: 'before' ({found.before}) must be earlier than 'after' ({found.after})",
            )
        return found

    def to_mapping(self) -> dict[str, str]:
        """The YAML form."""
        return {"before": self.before.isoformat(), "after": self.after.isoformat()}


class ViewFileError(InputError, ValueError):
    """A view file cannot be read: the message names the file, the view and the fix (German and English)."""


def _file_error(path: Path | None, de: str, en: str, *, line: int | None = None) -> ViewFileError:
    where = Location(file=str(path), line=line) if path else None
    return ViewFileError(de, en, where=where, fix_de="siehe docs/slides.md", fix_en="see docs/slides.md")


@dataclass
class View:
    """One saved view: what to show and how (every key: docs/slides.md)."""

    title: str = ""
    caption: str = ""
    notes: str = ""
    filters: NetworkFilter = field(default_factory=NetworkFilter)
    colour_by: str = "actor_type"
    size_by: str | None = "degree"
    label_by: str | None = None
    focus: str | None = None
    highlight: list[str] = field(default_factory=list)
    aggregate: str | None = None
    drill: str | None = None
    compare: Compare | None = None
    timeline: bool = False

    def __post_init__(self) -> None:
        if self.colour_by not in COLOUR_ATTRIBUTES:
            raise FilterError(
                f"colour_by muss eins von {list(COLOUR_ATTRIBUTES)} sein, nicht „{self.colour_by}“.",
                f"colour_by must be one of {list(COLOUR_ATTRIBUTES)}, got {self.colour_by!r}",
            )
        for name in ("size_by", "label_by"):
            value = getattr(self, name)
            if value is not None and value not in METRICS:
                raise FilterError(
                    f"{name} muss eins von {list(METRICS)} oder leer sein, nicht „{value}“.",
                    f"{name} must be one of {list(METRICS)} or empty, got {value!r}",
                )
        if self.aggregate is not None and self.aggregate not in GROUPINGS:
            raise FilterError(
                f"aggregate muss eins von {list(GROUPINGS)} oder leer sein, nicht „{self.aggregate}“.",
                f"aggregate must be one of {list(GROUPINGS)} or empty, got {self.aggregate!r}",
            )
        if self.drill is not None and self.aggregate is None:
            raise FilterError(
                "drill braucht aggregate (zu welcher Gruppierung die geöffnete Gruppe gehört).",
                "drill needs aggregate (which grouping the drilled group belongs to)",
            )
        if self.compare is not None and not isinstance(self.compare, Compare):
            self.compare = Compare.from_mapping(self.compare)
        if self.compare is not None and self.aggregate is not None:
            raise FilterError(
                "compare und aggregate lassen sich nicht in einer Ansicht verbinden.",
                "compare and aggregate cannot be combined in one view",
            )
        self.timeline = bool(self.timeline)

    @property
    def ranking(self) -> str:
        """The metric that decides which labels are shown first when not all fit."""
        return self.label_by or self.size_by or "degree"

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> View:
        """Build from one YAML entry.

        Raises
        ------
        FilterError : unknown keys or invalid values.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise FilterError(
                f"unbekannte Schlüssel {unknown}; möglich: {sorted(known)}",
                f"unknown view keys {unknown}; known: {sorted(known)}",
            )
        values = dict(data)
        values["filters"] = NetworkFilter.from_mapping(values.get("filters"))
        values["highlight"] = [str(h) for h in values.get("highlight") or []]
        if values.get("compare") is not None:
            values["compare"] = Compare.from_mapping(values["compare"])
        for name in ("title", "caption", "notes"):
            values[name] = str(values.get(name) or "").strip()
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        """YAML entry of this view (defaults left out)."""
        out: dict[str, Any] = {"title": self.title, "caption": self.caption, "notes": self.notes}
        out["filters"] = self.filters.to_mapping()
        out |= {"colour_by": self.colour_by, "size_by": self.size_by, "label_by": self.label_by}
        out |= {"focus": self.focus, "highlight": list(self.highlight), "aggregate": self.aggregate}
        out |= {"drill": self.drill, "compare": self.compare.to_mapping() if self.compare else None}
        out["timeline"] = self.timeline or None
        return {k: v for k, v in out.items() if v not in ("", {}, [], None) or k == "size_by"}


@dataclass
class ViewFile:
    """A versionable file of saved views with shared settings."""

    path: Path | None = None
    title: str = ""
    lang: str = "de"
    theme: str = "light"
    positions: str | None = None
    communities: dict[str, dict[str, Any]] = field(default_factory=dict)
    views: list[View] = field(default_factory=list)

    @property
    def positions_path(self) -> Path | None:
        """Where the stored layout lives (next to the view file unless absolute)."""
        if not self.positions:
            return None
        base = self.path.parent if self.path else Path.cwd()
        return base / self.positions

    @classmethod
    def load(cls, path: Path) -> ViewFile:
        """Read a view file.

        Raises
        ------
        ViewFileError : not YAML, not a mapping, or a view is invalid (message names which).
        """
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise _file_error(
                path, f"Datei nicht lesbar ({exc.strerror}).", f"cannot read the file ({exc.strerror})."
            ) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise _file_error(path, f"kein gültiges YAML: {exc}", f"not valid YAML: {exc}", line=line) from exc
        if not isinstance(data, dict):
            raise _file_error(path, "erwartet eine Zuordnung mit „views“.", "expected a mapping with 'views'.")
        unknown = sorted(set(data) - _FILE_KEYS)
        if unknown:
            raise _file_error(
                path,
                f"unbekannte Schlüssel {unknown}; möglich: {sorted(_FILE_KEYS)}.",
                f"unknown keys {unknown}; known: {sorted(_FILE_KEYS)}.",
            )
        views = [cls._view(path, number, entry) for number, entry in enumerate(data.get("views") or [], start=1)]
        theme = str(data.get("theme", "light"))
        if theme not in THEMES:
            raise _file_error(
                path, f"theme muss eins von {list(THEMES)} sein.", f"theme must be one of {list(THEMES)}."
            )
        return cls(
            path,
            str(data.get("title", "")),
            str(data.get("lang", "de")),
            theme,
            data.get("positions"),
            dict(data.get("communities") or {}),
            views,
        )

    @staticmethod
    def _view(path: Path, number: int, entry: Any) -> View:
        if not isinstance(entry, dict | None):
            raise _file_error(
                path, f"Ansicht {number}: erwartet eine Zuordnung.", f"view {number}: expected a mapping."
            )
        try:
            return View.from_mapping(entry or {})
        except FilterError as exc:
            raise _file_error(path, f"Ansicht {number}: {exc.message_de}", f"view {number}: {exc.message_en}") from exc
        except TypeError as exc:
            raise _file_error(path, f"Ansicht {number}: {exc}", f"view {number}: {exc}") from exc

    def to_mapping(self) -> dict[str, Any]:
        """The YAML document of this file."""
        out: dict[str, Any] = {"title": self.title, "lang": self.lang, "theme": self.theme}
        if self.positions:
            out["positions"] = self.positions
        if self.communities:
            out["communities"] = self.communities
        out["views"] = [view.to_mapping() for view in self.views]
        return out

    def save(self, path: Path | None = None) -> Path:
        """Write the file (to ``path`` or where it was read from)."""
        target = path or self.path
        if target is None:
            raise _file_error(None, "kein Pfad zum Speichern der Ansichtsdatei.", "no path to save the view file to.")
        target.write_text(yaml.safe_dump(self.to_mapping(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.path = target
        return target

    def rename_community(self, key: str, name: str, members: list[str]) -> None:
        """Keep a coordinator's name for the community with ``key`` (call :meth:`save` afterwards)."""
        self.communities[key] = {"name": name, "members": sorted(members)}
