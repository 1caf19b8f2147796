"""Benchmark of the gap report on a synthetic landscape of about 1M triples in an on-disk embedded store.

Writes the landscape as N-Quads (regions with population, actors, offers with life phase/target group/offer
type, cooperations, responsibilities, plus the ontology and concept schemes), bulk-loads it into a temporary
store folder, then times ``build_report`` and the HTML/CSV writing. Goal (issue 7): whole report <= 30 s.

Run: ``.venv/bin/python -m scripts.bench_gaps [--triples 1000000] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rdflib import URIRef

from graph_service.gaps import build_report
from graph_service.gaps.report import write_report
from graph_service.model import load_ontology
from graph_service.store.embedded import EmbeddedStore

ID = "https://w3id.org/bildungsgraph/id/"
BG = "https://w3id.org/bildungsgraph/def#"
VOCAB = "https://w3id.org/bildungsgraph/vocab/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
CONTAINED = "<https://schema.org/containedInPlace>"
PROVIDER = "<https://schema.org/provider>"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
TRIPLES_PER_UNIT = 6 + 8 * 2 + 4 + 5 * 0.2  # one actor, two offers, one cooperation, a fifth of a responsibility


def _concepts(scheme: str) -> list[str]:
    prefix = f"{VOCAB}{scheme}/"
    graph = load_ontology()
    return sorted(str(s) for s in graph.subjects(None, URIRef(SKOS_CONCEPT)) if str(s).startswith(prefix))


def _lit(text: str) -> str:
    return f'"{text}"@de'


def _int(value: int) -> str:
    return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#integer>'


def landscape(target: int, seed: int = 42) -> Iterator[str]:
    """N-Quads lines of a synthetic landscape of about ``target`` triples (one source graph per county)."""
    rng = random.Random(seed)
    phases, groups = _concepts("lebensphase"), _concepts("zielgruppe")
    kinds, types = _concepts("angebotsart"), _concepts("akteurstyp")
    units = int(target / TRIPLES_PER_UNIT)
    n_counties, per_county = 10, 40
    towns = [(c, m) for c in range(n_counties) for m in range(per_county)]
    for c in range(n_counties):
        graph = f"<{ID}graph/beispiel-bench-{c:02d}>"
        county = f"<{ID}region/kreis/01{c:03d}>"
        yield f"{county} {LABEL} {_lit(f'Kreis {c}')} {graph} .\n"
        yield f'{county} <{BG}ags> "01{c:03d}" {graph} .\n'
    for c, m in towns:
        graph = f"<{ID}graph/beispiel-bench-{c:02d}>"
        town = f"<{ID}region/gemeinde/01{c:03d}{m:03d}>"
        yield f"{town} {LABEL} {_lit(f'Gemeinde {c}-{m}')} {graph} .\n"
        yield f'{town} <{BG}ags> "01{c:03d}{m:03d}" {graph} .\n'
        yield f"{town} <{BG}population> {_int(rng.randrange(500, 90_000))} {graph} .\n"
        yield f"{town} {CONTAINED} <{ID}region/kreis/01{c:03d}> {graph} .\n"
    actors: list[str] = []
    for i in range(units):
        c, m = rng.choice(towns)
        graph = f"<{ID}graph/beispiel-bench-{c:02d}>"
        town = f"<{ID}region/gemeinde/01{c:03d}{m:03d}>"
        actor = f"<{ID}actor/a{i:07d}>"
        yield f"{actor} {RDF_TYPE} <http://www.w3.org/ns/org#Organization> {graph} .\n"
        yield f"{actor} <{BG}actorType> <{rng.choice(types)}> {graph} .\n"
        yield f"{actor} {LABEL} {_lit(f'Akteur {i}')} {graph} .\n"
        yield f"{actor} <{BG}municipality> {town} {graph} .\n"
        yield f"{actor} <https://schema.org/address> {_lit(f'Straße {i}')} {graph} .\n"
        yield f'{actor} <{BG}sourceRow> "{i}" {graph} .\n'
        for j in range(2):
            offer = f"<{ID}offer/o{i:07d}-{j}>"
            yield f"{offer} {RDF_TYPE} <{BG}EducationOffer> {graph} .\n"
            yield f"{offer} {LABEL} {_lit(f'Angebot {i}-{j}')} {graph} .\n"
            yield f"{offer} {PROVIDER} {actor} {graph} .\n"
            yield f"{offer} <{BG}lifePhase> <{rng.choice(phases)}> {graph} .\n"
            yield f"{offer} <{BG}targetGroup> <{rng.choice(groups)}> {graph} .\n"
            yield f"{offer} <{BG}offerType> <{rng.choice(kinds)}> {graph} .\n"
            yield f"{offer} <{BG}municipality> {town} {graph} .\n"
            yield f'{offer} <https://schema.org/description> "Synthetisches Angebot" {graph} .\n'
        if actors:
            coop = f"<{ID}cooperation/c{i:07d}>"
            partner = actors[-rng.randrange(1, min(len(actors), 50) + 1)] if rng.random() < 0.8 else rng.choice(actors)
            yield f"{coop} {RDF_TYPE} <{BG}Cooperation> {graph} .\n"
            yield f"{coop} <{BG}party> {actor} {graph} .\n"
            yield f"{coop} <{BG}party> {partner} {graph} .\n"
            yield f"{coop} {LABEL} {_lit(f'Kooperation {i}')} {graph} .\n"
        actors.append(actor)
        if i % 5 == 0:
            resp = f"<{ID}responsibility/r{i:07d}>"
            yield f"{resp} {RDF_TYPE} <{BG}Responsibility> {graph} .\n"
            yield f"{resp} <{BG}responsibleAgent> {rng.choice(actors)} {graph} .\n"
            yield f"{resp} <{BG}concerns> {actor} {graph} .\n"
            yield f"{resp} {LABEL} {_lit(f'Zuständigkeit {i}')} {graph} .\n"
            yield f"{resp} <http://purl.org/dc/terms/spatial> {town} {graph} .\n"


def build_store(path: Path, target: int) -> tuple[EmbeddedStore, float]:
    """Generate and bulk-load the landscape plus the ontology; returns the store and the seconds it took."""
    start = time.perf_counter()
    store = EmbeddedStore(path)
    data = "".join(landscape(target)).encode()
    store.restore(io.BytesIO(data), fmt="nquads")
    store.add_triples(URIRef(f"{ID}graph/ontologie"), load_ontology())
    return store, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="write the report files into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, load_seconds = build_store(Path(tmp) / "store", args.triples)
        triples = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"])
        print(f"store: {triples:,} triples, generated + bulk-loaded in {load_seconds:.1f} s", flush=True)
        start = time.perf_counter()
        report = build_report(store)
        built = time.perf_counter() - start
        out = (args.keep or Path(tmp)) / "gaps-bench.html"
        paths = write_report(report, out)
        total = time.perf_counter() - start
        rows = sum(len(t.rows) for t in report.tables)
        print(f"report: {len(report.tables)} tables, {rows:,} rows, {len(paths)} files")
        print(f"build_report {built:.1f} s | HTML + CSV {total - built:.1f} s | whole report {total:.1f} s", end="")
        print(" (goal <= 30 s)")
        store.close()


if __name__ == "__main__":
    main()
