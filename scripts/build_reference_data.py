"""Build the reference data shipped in graph_service/_reference/ (run by developers, not at run time).

Inputs (see each folder's SOURCE.md):
- ../shared/data/raw/destatis_gv_auszug/AuszugGV4QAktuell.csv: the Destatis municipality register of all of Germany
  (dl-de/by-2-0, © Statistisches Bundesamt (Destatis)); shipped unchanged, gzip-compressed.
- ../shared/data/raw/vg5000_2021/VG5000_{GEM,KRS,LAN}: BKG boundaries 1:5,000,000, state 01.01.2021, in DHDN /
  Gauss-Krüger zone 3 (EPSG:31467); dl-de/by-2-0, "© GeoBasis-DE / BKG 2021". Each layer is simplified as a
  coverage (shared borders stay shared, shapely.coverage_simplify), reprojected to WGS84 (pyproj, lon/lat order)
  and rounded to 5 decimals (about 1 m); written as one JSON object per line: ags, level, name, bez, wkt.

Needs the ``reference`` extra: ``pip install -e '.[reference]'`` (pyshp, pyproj, shapely).

Usage: python scripts/build_reference_data.py [--raw ../shared/data/raw] [--tolerance 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from pathlib import Path

import pyproj
import shapefile
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "graph_service" / "_reference"
DEFAULT_RAW = REPO.parent / "shared" / "data" / "raw"
#: layer -> (level of our region IRIs, length of the key)
LAYERS = {"LAN": ("land", 2), "KRS": ("kreis", 5), "GEM": ("gemeinde", 8)}
#: VG5000 "Geofaktor": 9 = the whole area with structure (LAN also has 8, the part without; we keep 9 only)
WHOLE_AREA = 9


def read_layer(raw: Path, layer: str) -> list[tuple[dict[str, object], Polygon | MultiPolygon]]:
    """Records and shapely geometries of one VG5000 layer (GK3 metres)."""
    reader = shapefile.Reader(str(raw / "vg5000_2021" / f"VG5000_{layer}"), encoding="utf-8")
    rows = []
    for record, geom in zip(reader.records(), reader.shapes(), strict=True):
        data = record.as_dict()
        if int(data["GF"]) == WHOLE_AREA:
            rows.append((data, shape(geom.__geo_interface__)))
    return rows


def wkt_wgs84(geom: Polygon | MultiPolygon, to_wgs84: pyproj.Transformer) -> str:
    """The geometry in WGS84 (lon lat) as MULTIPOLYGON WKT with 5 decimals."""
    projected = shapely.transform(geom, lambda xy: _transform(xy, to_wgs84))
    multi = projected if isinstance(projected, MultiPolygon) else MultiPolygon([projected])
    return shapely.to_wkt(multi, rounding_precision=5, trim=True)


def _transform(xy: object, to_wgs84: pyproj.Transformer) -> object:
    lon, lat = to_wgs84.transform(xy[:, 0], xy[:, 1])  # type: ignore[index]
    return shapely.get_coordinates(shapely.points(lon, lat))


def build_boundaries(raw: Path, tolerance: float) -> list[dict[str, str]]:
    """One entry per Land, Kreis and Gemeinde: key, level, name (GEN), designation (BEZ), simplified WKT."""
    to_wgs84 = pyproj.Transformer.from_crs("EPSG:31467", "EPSG:4326", always_xy=True)
    entries = []
    for layer, (level, length) in LAYERS.items():
        rows = read_layer(raw, layer)
        simplified = shapely.coverage_simplify([geom for _, geom in rows], tolerance)
        for (data, _), geom in zip(rows, simplified, strict=True):
            entries.append(
                {
                    "ags": str(data["AGS"])[:length],
                    "level": level,
                    "name": str(data["GEN"]),
                    "bez": str(data["BEZ"]),
                    "wkt": wkt_wgs84(shapely.make_valid(geom), to_wgs84),
                }
            )
    return entries


def main() -> None:
    """Write gemeindeverzeichnis.csv.gz and grenzen-vg5000.jsonl.gz and print their sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder with destatis_gv_auszug/, vg5000_2021/")
    parser.add_argument("--tolerance", type=float, default=300.0, help="simplification tolerance in metres")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    register = OUT / "gemeindeverzeichnis.csv.gz"
    source = args.raw / "destatis_gv_auszug" / "AuszugGV4QAktuell.csv"
    with source.open("rb") as src, gzip.GzipFile(register, "wb", mtime=0) as dst:
        shutil.copyfileobj(src, dst)

    boundaries = OUT / "grenzen-vg5000.jsonl.gz"
    entries = build_boundaries(args.raw, args.tolerance)
    with gzip.GzipFile(boundaries, "wb", mtime=0) as dst:
        for entry in entries:
            dst.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))

    points = sum(entry["wkt"].count(",") + 1 for entry in entries)
    for path in (register, boundaries):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size / 1024:.0f} KiB")
    print(f"{len(entries)} boundaries, {points} points, tolerance {args.tolerance} m")


if __name__ == "__main__":
    main()
