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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph_service.core.errors import InputError
from graph_service.network.filters import FilterError, NetworkFilter
from graph_service.network.metrics import METRICS
from visualisations.style import COLOUR_ATTRIBUTES, THEMES

_VIEW_KEYS = {"title", "caption", "filters", "colour_by", "size_by", "focus", "highlight"}


class ViewFileError(InputError, ValueError):
    """A view file cannot be read: the message names the file and the view."""


@dataclass
class View:
    """One saved view: what to show and how."""

    title: str = ""
    caption: str = ""
    filters: NetworkFilter = field(default_factory=NetworkFilter)
    colour_by: str = "actor_type"
    size_by: str | None = "degree"
    focus: str | None = None
    highlight: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.colour_by not in COLOUR_ATTRIBUTES:
            raise FilterError(f"colour_by must be one of {list(COLOUR_ATTRIBUTES)}, got {self.colour_by!r}")
        if self.size_by is not None and self.size_by not in METRICS:
            raise FilterError(f"size_by must be one of {list(METRICS)} or empty, got {self.size_by!r}")

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> View:
        """Build from one YAML entry.

        Raises
        ------
        FilterError : unknown keys or invalid values.
        """
        unknown = sorted(set(data) - _VIEW_KEYS)
        if unknown:
            raise FilterError(f"unknown view keys {unknown}; known: {sorted(_VIEW_KEYS)}")
        values = dict(data)
        values["filters"] = NetworkFilter.from_mapping(values.get("filters"))
        values["highlight"] = [str(h) for h in values.get("highlight") or []]
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        """YAML entry of this view (defaults left out)."""
        out: dict[str, Any] = {"title": self.title, "caption": self.caption, "filters": self.filters.to_mapping()}
        out |= {"colour_by": self.colour_by, "size_by": self.size_by}
        if self.focus:
            out["focus"] = self.focus
        if self.highlight:
            out["highlight"] = list(self.highlight)
        return {k: v for k, v in out.items() if v not in ("", {}, None) or k == "size_by"}


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
        except yaml.YAMLError as exc:
            raise ViewFileError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise ViewFileError(f"{path}: expected a mapping with 'views'")
        views = []
        for number, entry in enumerate(data.get("views") or [], start=1):
            try:
                views.append(View.from_mapping(entry or {}))
            except (FilterError, TypeError) as exc:
                raise ViewFileError(f"{path}: view {number}: {exc}") from exc
        theme = str(data.get("theme", "light"))
        if theme not in THEMES:
            raise ViewFileError(f"{path}: theme must be one of {list(THEMES)}")
        return cls(
            path,
            str(data.get("title", "")),
            str(data.get("lang", "de")),
            theme,
            data.get("positions"),
            dict(data.get("communities") or {}),
            views,
        )

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
            raise ViewFileError("no path to save the view file to")
        target.write_text(yaml.safe_dump(self.to_mapping(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.path = target
        return target

    def rename_community(self, key: str, name: str, members: list[str]) -> None:
        """Keep a coordinator's name for the community with ``key`` (call :meth:`save` afterwards)."""
        self.communities[key] = {"name": name, "members": sorted(members)}
