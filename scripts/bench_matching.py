"""Matching benchmark: speed and memory at scale (synthetic), and a sample of real proposals to check by hand.

1. ``synthetic``: N actors of source A spread over the real municipalities of the Destatis register (names,
   streets and postcodes made up from word lists, coordinates near the municipality's centre), and N of source B:
   the same actors for ``--overlap`` of them, with the changes real lists show (``Str.``/``Straße``, capitals,
   a dropped type word, a typo, a new house number), the rest new. Runs in a child process (peak RSS from
   ``os.wait4``); prints seconds, peak RSS, and precision/recall against the known truth.
2. ``real``: two vintages of one Land's list through their shipped mappings (default: Sachsen 2016 from
   jedeschule.de, whose file is not in ../shared, against Sachsen 2026 from ../shared), matched; prints counts
   and ``--sample`` proposed pairs drawn with a fixed seed, for a person to judge.

Run: ``python -m scripts.bench_matching synthetic [--n 5000]`` and
``python -m scripts.bench_matching real --old /path/to/sachsen/all_schools.json``
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path

from rdflib import URIRef

from scripts.child_figures import measured_child

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
BASE = "https://w3id.org/bildungsgraph/id/"
KINDS = [("Grundschule", "schule"), ("Oberschule", "schule"), ("Gymnasium", "schule"), ("Kita", "kita")]
NAMES = ["am Park", "am See", "an der Linde", "Sonnenschein", "Regenbogen", "am Markt", "Nord", "Süd", "West",
         "Ost", "am Wald", "Mitte", "am Schlossberg", "Zwergenland", "Pusteblume", "am Mühlenteich",
         "an der Aue", "Kunterbunt", "am Rosengarten", "Löwenzahn"]  # fmt: skip
STREETS = ["Hauptstraße", "Schulstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Am Markt", "Dorfstraße",
           "Kirchstraße", "Feldweg", "Mühlenstraße", "Bergstraße", "Parkstraße", "Waldweg", "Ringstraße"]  # fmt: skip


def _municipalities(rng: random.Random) -> list[tuple[str, float, float, int]]:
    """(AGS, lon, lat, population) of inhabited municipalities from the Destatis register."""
    rows = []
    path = RAW / "destatis_gv_auszug" / "AuszugGV4QAktuell.csv"
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["satzart"] != "60" or not row["laengengrad"].strip():
                continue
            people = int(row["bevoelkerung"].replace(" ", "") or 0)
            if people:
                ags = row["land"] + row["rb"] + row["kreis"] + row["gemeinde"]
                lon, lat = (float(row[k].replace(",", ".")) for k in ("laengengrad", "breitengrad"))
                rows.append((ags, lon, lat, people))
    return rows


def synthetic(n: int, overlap: float, seed: int = 7) -> tuple[list, set[tuple[str, str]]]:
    """Candidates of two sources and the true pairs (IRIs)."""
    from importers.matching import Candidate

    rng = random.Random(seed)
    places = _municipalities(rng)
    weights = [p[3] for p in places]
    chosen = rng.choices(places, weights=weights, k=n)
    a_list, b_list, truth = [], [], set()
    for i, (ags, lon, lat, _) in enumerate(chosen):
        kind_word, kind = rng.choice(KINDS)
        name = f"{kind_word} {rng.choice(NAMES)}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        postcode = str(10000 + int(ags[:5]) % 89999)
        point = (lon + rng.uniform(-0.03, 0.03), lat + rng.uniform(-0.02, 0.02))
        a = Candidate(URIRef(f"{BASE}actor/a-{i}"), "a", name, street, postcode, f"{BASE}region/gemeinde/{ags}", "",
                      kind, *point)  # fmt: skip
        a_list.append(a)
        if rng.random() < overlap:
            b = Candidate(URIRef(f"{BASE}actor/b-{i}"), "b", _vary(name, rng), _vary_street(street, rng), postcode,
                          a.municipality, "", kind, point[0] + rng.uniform(-0.001, 0.001), point[1])  # fmt: skip
            truth.add((str(a.iri), str(b.iri)))
        else:
            ags2, lon2, lat2, _ = rng.choices(places, weights=weights)[0]
            kind_word, kind = rng.choice(KINDS)
            b = Candidate(URIRef(f"{BASE}actor/b-{i}"), "b", f"{kind_word} {rng.choice(NAMES)}",
                          f"{rng.choice(STREETS)} {rng.randint(1, 120)}", str(10000 + int(ags2[:5]) % 89999),
                          f"{BASE}region/gemeinde/{ags2}", "", kind, lon2, lat2)  # fmt: skip
        b_list.append(b)
    return a_list + b_list, truth


def _vary(name: str, rng: random.Random) -> str:
    change = rng.randrange(4)
    if change == 0:
        return name.upper()
    if change == 1:
        return name.split(" ", 1)[1] if " " in name else name  # type word dropped
    if change == 2 and len(name) > 6:
        i = rng.randrange(3, len(name) - 1)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # two letters swapped
    return name


def _vary_street(street: str, rng: random.Random) -> str:
    street = street.replace("straße", "str.") if rng.random() < 0.5 else street
    return street if rng.random() < 0.8 else street.rsplit(" ", 1)[0] + f" {rng.randint(1, 120)}"


def run_synthetic(n: int, overlap: float) -> dict:
    from importers.matching import match_candidates

    candidates, truth = synthetic(n, overlap)
    started = time.perf_counter()
    matches, near = match_candidates(candidates)
    seconds = time.perf_counter() - started
    found = {(str(m.a.iri), str(m.b.iri)) if m.a.source == "a" else (str(m.b.iri), str(m.a.iri)) for m in matches}
    correct = len(found & truth)
    return {
        "actors": len(candidates),
        "match_seconds": round(seconds, 2),
        "matches": len(matches),
        "near_misses": len(near),
        "precision": round(correct / len(found), 4) if found else None,
        "recall": round(correct / len(truth), 4) if truth else None,
    }


def run_real(old: Path, sample: int, seed: int) -> None:
    from graph_service.core.settings import Settings
    from importers import run_mapping
    from importers.matching import candidates_from_graphs, match_candidates

    settings = Settings(_env_file=None)
    new = RAW / "sachsen_projekt30" / "schools_sachsen_schuldatenbank.json"
    started = time.perf_counter()
    graphs = {
        "schulen-sachsen-2016": run_mapping(old, "schulen-sachsen-2016", settings, {"kreis": "14"}).graph,
        "schulen-sachsen-2026": run_mapping(new, "schulen-sachsen-2026", settings, {"kreis": "14"}).graph,
    }
    built = time.perf_counter() - started
    candidates = candidates_from_graphs(graphs)
    started = time.perf_counter()
    matches, near = match_candidates(candidates)
    print(f"built {built:.1f} s; {len(candidates)} candidates; matched in {time.perf_counter() - started:.1f} s")
    print(f"matches {len(matches)}, near-misses {len(near)}")
    rng = random.Random(seed)
    for i, m in enumerate(sorted(rng.sample(matches, min(sample, len(matches))), key=lambda m: -m.confidence), 1):
        print(f"{i:2d}. {m.confidence:.2f}  {m.a.label!r} ({m.a.street}) = {m.b.label!r} ({m.b.street})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["synthetic", "real"])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--overlap", type=float, default=0.6)
    parser.add_argument("--old", type=Path, help="Sachsen 2016 all_schools.json (jedeschule.de)")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.mode == "real":
        run_real(args.old, args.sample, args.seed)
        return
    if args.worker:
        print(json.dumps(run_synthetic(args.n, args.overlap)))
        return
    cmd = [sys.executable, "-m", "scripts.bench_matching", "synthetic", "--worker", "--n", str(args.n)]
    figures = measured_child([*cmd, "--overlap", str(args.overlap)])
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
