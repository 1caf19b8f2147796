"""Benchmark of network views: synthetic landscapes of 300 and 5,000 actors.

Prints, per size: reading the store + building the graph, the layout (computed once, then stored), building
the HTML with stored positions, the file size, the time until the page is interactive in headless Chromium
opened over file:// (``body[data-ready=true]``, set after vis-network's first drawing, labels placed), the label
placement in the page (text measured by the browser; ``body[data-placement-ms]``) and in Python for the static
export (matplotlib text extents + :func:`graph_service.network.placement.place`), with the share of labels shown.
Goal (issue 20): 5,000 nodes interactive <= 2 s.

``--pyvis`` also times ``pyvis.network.Network.from_nx`` on the same graphs (the measurement behind removing pyvis,
README "Dependency notes"; needs ``pip install pyvis==0.3.2``).

Run: ``.venv/bin/python -m scripts.bench_network [--sizes 300 5000] [--screenshot DIR] [--pyvis]``
"""

from __future__ import annotations

import argparse
import importlib
import random
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph_service.core.namespaces import BG, SCHEMA, VOCAB
from graph_service.network import layout
from graph_service.network.build import build_graph, read_landscape
from graph_service.store.embedded import EmbeddedStore
from visualisations import export, html
from visualisations.pipeline import colouring_for
from visualisations.scene import make_scene
from visualisations.views import View

ID = Namespace("https://w3id.org/bildungsgraph/id/")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
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
NAMES = ["Kita", "Grundschule", "Gymnasium", "Volkshochschule", "Stadtbücherei", "Sportverein", "Jugendhilfeverein"]
PLACES = ["Neuhausen", "Oberhagen", "Falkenwalde", "Rosenstedt", "Grünbrück", "Bergau", "Lindenfeld am See"]


def synthetic(n: int, seed: int = 7) -> Graph:
    """``n`` actors in 40 Gemeinden with ~2 cooperations each (preferential attachment) and some Träger links."""
    rng = random.Random(seed)
    g = Graph()
    actors = [ID[f"actor/a{i:05d}"] for i in range(n)]
    for i, actor in enumerate(actors):
        g.add((actor, BG.actorType, VOCAB[f"akteurstyp/{rng.choice(TYPES)}"]))
        g.add((actor, RDFS.label, Literal(f"{rng.choice(NAMES)} {rng.choice(PLACES)} {i}", lang="de")))
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


def _in_browser(page_path: Path, screenshot: Path | None) -> tuple[float, float, int]:
    """Seconds until interactive, label placement in ms, labels shown."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        seconds = time.perf_counter() - start
        placement = float(page.get_attribute("body", "data-placement-ms") or "nan")
        shown = int(page.get_attribute("body", "data-labels") or "0")
        if screenshot:
            page.screenshot(path=str(screenshot))
        browser.close()
    return seconds, placement, shown


def _static_placement(scene) -> tuple[float, float, int]:
    """Seconds of the static export's label placement (text extents + place), of the whole figure, labels shown."""
    best = (float("inf"), float("inf"), 0)
    for _ in range(2):  # the second run has fonts and caches warm, as in a running service
        start = time.perf_counter()
        drawn = export.render_figure(scene)
        whole = time.perf_counter() - start
        placing = sum(panel.placement_s for panel in drawn.panels)
        best = min(best, (placing, whole, sum(len(panel.texts) for panel in drawn.panels)))
    return best


def _pyvis_seconds(graph: nx.MultiGraph) -> str:
    try:
        network_module = importlib.import_module("pyvis.network")
    except ImportError:
        return "pyvis not installed (pip install pyvis==0.3.2)"
    simple = nx.Graph()
    simple.add_nodes_from((n, {"label": d.get("label", n)}) for n, d in graph.nodes(data=True))
    simple.add_edges_from(graph.edges())
    start = time.perf_counter()
    network_module.Network().from_nx(simple)
    return f"pyvis from_nx {time.perf_counter() - start:5.2f} s"


def bench(n: int, workdir: Path, screenshot_dir: Path | None, pyvis: bool) -> None:
    """Print the figures for one size."""
    store = EmbeddedStore(None)
    store.add_triples(ID["graph/bench"], synthetic(n))
    t0 = time.perf_counter()
    land = read_landscape(store)
    graph = build_graph(land)
    t1 = time.perf_counter()
    positions_file = workdir / f"positions-{n}.json"
    layout.ensure(graph, positions_file)
    t2 = time.perf_counter()
    positions = layout.load(positions_file)
    scene = make_scene(graph, View(title=f"Synthetisch {n}"), positions, colouring=colouring_for(land))
    out = html.write(workdir / f"network-{n}.html", [scene], title=f"Synthetisch {n}")
    t3 = time.perf_counter()
    shot = screenshot_dir / f"bench-network-{n}.png" if screenshot_dir else None
    interactive, page_ms, page_shown = _in_browser(out, shot)
    static_place, static_s, static_shown = _static_placement(scene)
    print(
        f"{n:>6} nodes {graph.number_of_edges():>6} edges | store->graph {t1 - t0:5.2f} s | layout (once) "
        f"{t2 - t1:6.2f} s | build HTML {t3 - t2:5.2f} s | {out.stat().st_size / 1e6:5.2f} MB | "
        f"interactive {interactive:5.2f} s | labels in page {page_ms:7.1f} ms ({page_shown} shown) | "
        f"labels in static export {static_place * 1000:7.1f} ms ({static_shown} shown; whole figure {static_s:4.2f} s)"
        + (f" | {_pyvis_seconds(graph)}" if pyvis else ""),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 5000])
    parser.add_argument("--screenshot", type=Path, default=None, help="folder for screenshots of the pages")
    parser.add_argument("--pyvis", action="store_true", help="also time pyvis Network.from_nx (if installed)")
    args = parser.parse_args()
    if args.screenshot:
        args.screenshot.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            bench(n, Path(tmp), args.screenshot, args.pyvis)


if __name__ == "__main__":
    main()
