"""The reference data shipped in graph_service/_reference/ (built by scripts/build_reference_data.py).

- ``gemeindeverzeichnis.csv.gz``: the Destatis municipality register of all of Germany (Gebietsstand 31.12.2020),
  rows unchanged; dl-de/by-2-0, © Statistisches Bundesamt (Destatis).
- ``grenzen-vg5000.jsonl.gz``: BKG VG5000 boundaries (state 01.01.2021) of every Land, Kreis and Gemeinde,
  simplified and reprojected to WGS84 (lon/lat); dl-de/by-2-0, © GeoBasis-DE / BKG 2021 (Daten verändert).

Both are read with the standard library only; nothing is downloaded.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph_service.core.errors import InputError

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "_reference"
REGISTER_FILE = REFERENCE_DIR / "gemeindeverzeichnis.csv.gz"
BOUNDARIES_FILE = REFERENCE_DIR / "grenzen-vg5000.jsonl.gz"
#: Satzart of the register: 10 Land, 20 Regierungsbezirk, 40 Kreis, 50 Gemeindeverband, 60 Gemeinde
LAND, KREIS, GEMEINDE = "10", "40", "60"


@dataclass(frozen=True)
class Area:
    """The area ``init`` loads: a Kreis (5-digit key) or a whole Land (2 digits), with its name."""

    key: str
    name: str
    land_key: str
    land_name: str

    @property
    def is_land(self) -> bool:
        """True for a whole Land."""
        return len(self.key) == 2


def row_key(row: dict[str, str]) -> str:
    """The register key of a row: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 8 digits."""
    satzart = row["satzart"]
    if satzart == GEMEINDE:
        return row["land"] + row["rb"] + row["kreis"] + row["gemeinde"]
    parts = {"10": ("land",), "20": ("land", "rb"), "40": ("land", "rb", "kreis")}.get(satzart)
    if parts is None:
        return row["land"] + row["rb"] + row["kreis"] + row["vb"]
    return "".join(row[p] for p in parts)


def register_header() -> list[str]:
    """Column names of the register (first line)."""
    return list(_register_rows()[0].keys())


@lru_cache(maxsize=1)
def _register_rows() -> list[dict[str, str]]:
    with gzip.open(REGISTER_FILE, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def register_rows(area: Area) -> list[dict[str, str]]:
    """The register rows ``init`` loads for ``area``: the Land, its Regierungsbezirk (if any), and every Kreis,
    Gemeindeverband and Gemeinde inside the area."""
    rows = []
    for row in _register_rows():
        key = row_key(row)
        if row["satzart"] == "30":
            continue  # Region (Baden-Württemberg only): not an administrative unit we model
        inside = key.startswith(area.key) and len(key) >= len(area.key)
        above = row["satzart"] in ("10", "20") and area.key.startswith(key)
        if inside or above:
            rows.append(row)
    return rows


def register_csv(rows: list[dict[str, str]]) -> str:
    """Rows as CSV text with the register's header (input for the ``destatis-gv`` mapping)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=register_header(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def find_area(key: str, whole_land: bool = False) -> Area:
    """The Kreis with the 5-digit ``key`` (or, with ``whole_land``, the Land of ``key``).

    Raises:
        InputError: ``key`` is not a known Kreis (or Land) key; the message names close matches.
    """
    key = key.strip()
    if not key.isdigit() or len(key) not in (2, 5, 8):
        raise InputError(
            f"„{key}“ ist kein Kreisschlüssel: erwartet werden 5 Ziffern (z. B. 14627 für den Landkreis Meißen).",
            f'"{key}" is not a county key: expected 5 digits (e.g. 14627 for Landkreis Meißen).',
        )
    names = {row_key(r): r["gemeindename"] for r in _register_rows() if r["satzart"] in (LAND, KREIS)}
    if len(key) == 2 and not whole_land:
        raise InputError(
            f"„{key}“ ist ein Landesschlüssel. Für ein ganzes Land geben Sie --whole-land an.",
            f'"{key}" is a Land key. Add --whole-land to load a whole Land.',
        )
    wanted = key[:2] if whole_land else key[:5]
    if wanted not in names or (len(key) == 8 and not whole_land and not _has_municipality(key)):
        raise InputError(
            f"Unbekannter Schlüssel „{key}“: kein Kreis dieses Schlüssels im Gemeindeverzeichnis "
            f"(Gebietsstand 31.12.2020). {_suggest(key, names)}",
            f'Unknown key "{key}": no county with this key in the municipality register (state 2020-12-31). '
            f"{_suggest(key, names, 'en')}",
        )
    land = key[:2]
    return Area(key=wanted, name=names[wanted], land_key=land, land_name=names.get(land, land))


def _has_municipality(ags: str) -> bool:
    return any(r["satzart"] == GEMEINDE and row_key(r) == ags for r in _register_rows())


def _suggest(key: str, names: dict[str, str], lang: str = "de") -> str:
    same_land = sorted(k for k in names if len(k) == 5 and k.startswith(key[:2]))[:15]
    if not same_land:
        return "Landesschlüssel gehen von 01 bis 16." if lang == "de" else "Land keys run from 01 to 16."
    listed = ", ".join(f"{k} {names[k]}" for k in same_land)
    return f"Kreise in diesem Land: {listed} …" if lang == "de" else f"Counties in this Land: {listed} …"


@dataclass(frozen=True)
class Boundary:
    """One simplified WGS84 boundary: key (2, 5 or 8 digits), level, name (GEN), designation (BEZ), WKT."""

    ags: str
    level: str
    name: str
    bez: str
    wkt: str


def boundaries(area: Area) -> Iterator[Boundary]:
    """Boundaries of the Land of ``area`` and of every Kreis and Gemeinde inside ``area``."""
    with gzip.open(BOUNDARIES_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            ags = entry["ags"]
            if ags == area.land_key or (ags.startswith(area.key) and len(ags) >= len(area.key)):
                yield Boundary(**entry)
