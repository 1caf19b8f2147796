"""Benchmark of network views: synthetic landscapes of 1,000 and 5,000 actors.

Prints, per size: reading the store + building the graph, the layout (computed once, then stored), building
the HTML with stored positions, the file size, and the time until the page is interactive in headless
Chromium opened over file:// (``body[data-ready=true]``, set after vis-network's first drawing).
Goal (issue 6): 5,000 nodes build <= 3 s and interactive <= 5 s.

Run: ``.venv/bin/python -m scripts.bench_network [--sizes 1000 5000] [--screenshot DIR]``
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.namespaces import BG, SCHEMA, VOCAB
from graph_service.network import layout
from graph_service.network.build import build_graph, read_landscape
from graph_service.store.embedded import EmbeddedStore
from visualisations import html
from visualisations.scene import make_scene
from visualisations.views import View

ID = Namespace("https://w3id.org/bildungsgraph/id/")
TYPES = [
    "kita",
    "grundschule",
    "gymnasium",
    "vhs",
    "bibliothek",
    "sportverein",
    "jugendamt",
    "stiftung",
    "migrantenorganisation",
    "kommunalverwaltung",
    "unternehmen",
    "musikschule",
    "kammer",
]


def synthetic(n: int, seed: int = 7) -> Graph:
    """``n`` actors in 40 Gemeinden with ~2 cooperations each (preferential attachment) and some Träger links."""
    rng = random.Random(seed)
    g = Graph()
    actors = [ID[f"actor/a{i:05d}"] for i in range(n)]
    for i, actor in enumerate(actors):
        g.add((actor, BG.actorType, VOCAB[f"akteurstyp/{rng.choice(TYPES)}"]))
        g.add((actor, RDFS.label, Literal(f"Akteur {i:05d}", lang="de")))
        g.add((actor, BG.municipality, ID[f"region/gemeinde/0100{rng.randrange(40):04d}"]))
    ends: list[URIRef] = []
    for i, actor in enumerate(actors[1:], start=1):
        for j in range(2):
            partner = rng.choice(ends) if ends and rng.random() < 0.7 else actors[rng.randrange(i)]
            coop = ID[f"cooperation/c{i:05d}-{j}"]
            g.add((coop, RDF.type, BG.Cooperation))
            g.add((coop, BG.party, actor))
            g.add((coop, BG.party, partner))
            g.add((coop, SCHEMA.startDate, Literal(f"20{rng.randrange(15, 25)}-01-01", datatype=XSD.date)))
            ends += [actor, partner]
        if rng.random() < 0.1:
            g.add((actor, BG.operatedBy, actors[rng.randrange(min(i, 50))]))
    return g


def _interactive_seconds(page_path: Path, screenshot: Path | None) -> float:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        seconds = time.perf_counter() - start
        if screenshot:
            page.screenshot(path=str(screenshot))
        browser.close()
    return seconds


def bench(n: int, workdir: Path, screenshot_dir: Path | None) -> None:
    """Print the figures for one size."""
    store = EmbeddedStore(None)
    store.add_triples(ID["graph/bench"], synthetic(n))
    t0 = time.perf_counter()
    graph = build_graph(read_landscape(store))
    t1 = time.perf_counter()
    positions_file = workdir / f"positions-{n}.json"
    layout.ensure(graph, positions_file)
    t2 = time.perf_counter()
    positions = layout.load(positions_file)
    scene = make_scene(graph, View(title=f"Synthetisch {n}"), positions)
    out = html.write(workdir / f"network-{n}.html", [scene], title=f"Synthetisch {n}")
    t3 = time.perf_counter()
    shot = screenshot_dir / f"bench-network-{n}.png" if screenshot_dir else None
    interactive = _interactive_seconds(out, shot)
    print(
        f"{n:>6} nodes {graph.number_of_edges():>6} edges | store->graph {t1 - t0:5.2f} s | layout (once) "
        f"{t2 - t1:6.2f} s | build HTML {t3 - t2:5.2f} s | {out.stat().st_size / 1e6:5.2f} MB | "
        f"interactive {interactive:5.2f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--screenshot", type=Path, default=None, help="folder for screenshots of the pages")
    args = parser.parse_args()
    if args.screenshot:
        args.screenshot.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            bench(n, Path(tmp), args.screenshot)


if __name__ == "__main__":
    main()
