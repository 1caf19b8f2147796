"""Placing entities in their municipality: by AGS, or by postcode (+ locality name) through the PLZ table.

The PLZ -> Ort -> AGS table (OSM-derived, ODbL) is not shipped; it is read from ``BILDUNGSGRAPH_PLZ_TABLE`` or
from ``../shared/data/raw/plz_ort_landkreis/zuordnung_plz_ort_landkreis.csv`` next to the repository.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph_service.core.errors import InputError
from graph_service.core.iris import slugify

DEFAULT_PLZ_TABLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "raw"
    / "plz_ort_landkreis"
    / "zuordnung_plz_ort_landkreis.csv"
)


class PlacementError(InputError):
    """The municipality of a row cannot be determined; the message says why."""


_POSTCODE_TOWN = re.compile(r"(?<!\d)(?:D-?\s?)?(\d{5})(?!\d)\s+([^,;\n\d][^,;\n]*)")
_ORTSTEIL = re.compile(r"\s+(?:OT|Ortsteil|-\s*OT)\s+.*$|\s*,\s*OT\s+.*$")


def postcode_and_town(address: str) -> tuple[str | None, str | None]:
    """Postcode and town from a one-line address: ``Musterstraße 1, 06108 Halle (Saale)`` -> (06108, Halle (Saale)).

    The last ``PLZ Ort`` in the text counts (a street may carry numbers); no postcode gives (None, None)."""
    matches = list(_POSTCODE_TOWN.finditer(address))
    if not matches:
        bare = re.findall(r"(?<!\d)(\d{5})(?!\d)", address)
        return (bare[-1], None) if bare else (None, None)
    last = matches[-1]
    town = _ORTSTEIL.sub("", re.sub(r"\s+", " ", last[2])).strip(" .")
    return last[1], town or None


@dataclass(frozen=True)
class PlzEntry:
    """One row of the PLZ table."""

    ags: str
    place: str
    county: str


def plz_table_path() -> Path:
    """Where the PLZ table is read from."""
    return Path(os.environ.get("BILDUNGSGRAPH_PLZ_TABLE", DEFAULT_PLZ_TABLE))


@lru_cache(maxsize=4)
def load_plz_table(path: Path) -> dict[str, tuple[PlzEntry, ...]]:
    """Postcode -> entries (a postcode can span several municipalities)."""
    table: dict[str, list[PlzEntry]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            plz = (row.get("plz") or "").strip().zfill(5)
            entry = PlzEntry((row.get("ags") or "").strip().zfill(8), row.get("ort") or "", row.get("landkreis") or "")
            table.setdefault(plz, []).append(entry)
    return {k: tuple(v) for k, v in table.items()}


def _place_key(name: str) -> str:
    """Comparable form of a place name: ``Bad Neuenahr-Ahrweiler  Stadt`` -> ``bad-neuenahr-ahrweiler``."""
    name = re.split(r"[/(,]", name.strip())[0]
    name = re.sub(r"^St\.\s*", "Sankt ", name.strip())
    name = re.sub(r"\s+(stadt|gemeinde|flecken|markt|hansestadt)$", "", name.strip(), flags=re.IGNORECASE)
    return slugify(name)


def ags_for_postcode(postcode: str, locality: str | None = None, table_path: Path | None = None) -> str:
    """AGS of the municipality with this postcode; the locality decides when the postcode spans several."""
    path = table_path or plz_table_path()
    if not path.is_file():
        raise PlacementError(
            f"PLZ-Tabelle nicht gefunden: {path} (BILDUNGSGRAPH_PLZ_TABLE setzen)",
            f"postcode table not found: {path} (set BILDUNGSGRAPH_PLZ_TABLE)",
        )
    code = str(postcode).strip().zfill(5)
    table = load_plz_table(path)
    entries = table.get(code, ())
    if not entries and locality:
        by_name = sorted({e.ags for es in table.values() for e in es if _place_key(e.place) == _place_key(locality)})
        if len(by_name) == 1:
            return by_name[0]
    if not entries:
        raise PlacementError(
            f"Postleitzahl {code} ist in der PLZ-Tabelle unbekannt", f"postcode {code} is not in the postcode table"
        )
    agss = sorted({e.ags for e in entries})
    if len(agss) == 1:
        return agss[0]
    if locality:
        key = _place_key(locality)
        exact = sorted({e.ags for e in entries if _place_key(e.place) == key})
        if len(exact) == 1:
            return exact[0]
        partial = sorted({e.ags for e in entries if key and (key in _place_key(e.place) or _place_key(e.place) in key)})
        if len(partial) == 1:
            return partial[0]
    names = ", ".join(f"{e.ags} {e.place}" for e in sorted({e.ags: e for e in entries}.values(), key=lambda e: e.ags))
    hint_de = f'im Mapping unter municipality.overrides z. B. "{code} {locality or "Ort"}": "{agss[0]}" eintragen'
    hint_en = f'add e.g. "{code} {locality or "Town"}": "{agss[0]}" under municipality.overrides in the mapping'
    raise PlacementError(
        f"Postleitzahl {code} gehört zu mehreren Gemeinden ({names}); Ort {locality!r} passt nicht eindeutig "
        f"– {hint_de}",
        f"postcode {code} spans several municipalities ({names}); town {locality!r} is not decisive – {hint_en}",
    )
