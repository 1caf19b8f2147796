"""Node positions computed once in Python (seeded, deterministic), stored as JSON and reused.

The browser never runs a physics simulation: pages get fixed coordinates, so thousands of nodes appear at
once. Positions are unit-free (roughly in [-1, 1]); :func:`to_canvas` scales them to pixels.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from graph_service.core.errors import InputError, Location

SEED = 42
#: Components larger than this use the O(n) cut-off layout instead of networkx's O(n²) spring layout.
FAST_LAYOUT_FROM = 800
GRID = 12
#: Pull of a projected shared-network link relative to a direct link.
PROJECTED_WEIGHT = 0.25
#: Radius of a component's layout per square root of its size, in the units of the packing.
SPREAD = 1.6
#: Ideal edge length of the spring layout, times 1/sqrt(n) (networkx default 1): longer keeps stars readable.
SPRING_K = 1.0
#: Components up to this size use Kamada–Kawai (deterministic, O(n²)), larger ones the spring layout.
KAMADA_KAWAI_UP_TO = 120
#: Width / height the packed layout is stretched to at least: slides and screens are wider than high.
ASPECT = 1.6
#: Nodes of a small component keep at least this share of the median link length apart (overlap removal).
MIN_DISTANCE = 0.9
#: Distance of the two actors of a pair (stacked, so both names fit and the link between them shows).
PAIR_STEP = 2.2
#: Grid spacing of actors without any link, packed together in one block (they need little room).
SINGLE_STEP = (1.6, 1.1)
Positions = dict[str, tuple[float, float]]


class LayoutError(InputError, ValueError):
    """A positions file cannot be read."""


def _iterations(n: int) -> int:
    return 100 if n <= 500 else 50 if n <= 2000 else 30


def _scatter(pairs: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    """Sum ``force`` onto the first and ``-force`` onto the second node of each pair (n x 2 array)."""
    out = np.empty((n, 2))
    for axis in (0, 1):
        out[:, axis] = np.bincount(pairs[:, 0], force[:, axis], n) - np.bincount(pairs[:, 1], force[:, axis], n)
    return out


def _far_field(pos: np.ndarray, cells: int = GRID) -> np.ndarray:
    """Repulsion of every node from the centres of mass of a coarse grid (the far field of FR's k²/d)."""
    lo = pos.min(axis=0)
    span = pos.max(axis=0) - lo + 1e-9
    cell = np.minimum(((pos - lo) / span * cells).astype(np.int64), cells - 1)
    ids = cell[:, 0] * cells + cell[:, 1]
    mass = np.bincount(ids, minlength=cells * cells).astype(float)
    used = mass > 0
    centre = np.stack([np.bincount(ids, pos[:, a], cells * cells)[used] / mass[used] for a in (0, 1)], axis=1)
    delta = pos[:, None, :] - centre[None, :, :]
    weight = mass[used][None, :] / np.maximum((delta**2).sum(axis=2), 1.0)
    return (delta * weight[:, :, None]).sum(axis=1)


def _cutoff_layout(sub: nx.Graph, seed: int, iterations: int = 80) -> Positions:
    """Fruchterman–Reingold with exact repulsion only between near nodes (k-d tree) and a grid far field.

    About O(n · cells) per step instead of O(n²), so 5,000 nodes take seconds. Deterministic for a given
    seed and node order.
    """
    nodes = list(sub)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in sub.edges()], dtype=np.int64).reshape(-1, 2)
    weight = np.array([d.get("weight", 1.0) for _, _, d in sub.edges(data=True)], dtype=float)[:, None]
    n = len(nodes)
    pos = np.random.default_rng(seed).random((n, 2)) * math.sqrt(n)
    step = math.sqrt(n) / 10
    for _ in range(iterations):
        pairs = cKDTree(pos).query_pairs(r=1.0, output_type="ndarray")
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        disp = _scatter(pairs, delta / np.maximum((delta**2).sum(axis=1), 1e-4)[:, None], n)
        disp += _far_field(pos)
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        disp -= _scatter(edges, weight * delta * np.sqrt((delta**2).sum(axis=1))[:, None], n)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, step)[:, None]
        step = max(step * 0.95, 0.05)
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}


def layout_graph(graph: nx.Graph) -> nx.Graph:
    """Simple graph in sorted order whose edge ``weight`` says how strongly a link pulls in the layout.

    Links of the actor projection that only say "both are members of network X" form cliques; they pull with
    :data:`PROJECTED_WEIGHT` so a large network does not collapse into a ball.
    """
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for a, b, data in graph.edges(data=True):
        projected = data.get("kind") == "membership" and data.get("iri") and data.get("iri") == data.get("network")
        key = (min(a, b), max(a, b))
        weights[key] = max(weights[key], PROJECTED_WEIGHT if projected else 1.0)
    out = nx.Graph()
    out.add_nodes_from(sorted(graph))
    out.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    return out


def _spread(sub: nx.Graph, pos: dict, share: float = MIN_DISTANCE, rounds: int = 60) -> dict:
    """Overlap removal after the layout (as Gephi's Noverlap): nodes closer than ``share`` x the median link
    length are pushed apart, half each, until none is (or ``rounds`` passes); the shape of the layout stays."""
    nodes = sorted(sub)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    index = {n: i for i, n in enumerate(nodes)}
    lengths = [float(np.hypot(*(xy[index[a]] - xy[index[b]]))) for a, b in sub.edges()]
    if not lengths:
        return pos
    wanted = share * float(np.median(lengths))
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1]) + np.eye(len(nodes)) * 1e9
        close = dist < wanted
        if not close.any():
            break
        push = np.where(close, (wanted - dist) / np.maximum(dist, 1e-9) / 2, 0.0)
        xy += (delta * push[..., None]).sum(axis=1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _component_layout(sub: nx.Graph, seed: int) -> Positions:
    """Layout of one connected component, centred at 0 with radius ~ sqrt(size)."""
    if len(sub) <= 2:  # one actor, or a pair stacked vertically so both labels fit
        return {node: (0.0, -PAIR_STEP * i) for i, node in enumerate(sorted(sub))}
    if len(sub) > FAST_LAYOUT_FROM:
        radius = SPREAD * math.sqrt(len(sub))
        return {n: (x * radius, y * radius) for n, (x, y) in _cutoff_layout(sub, seed).items()}
    if len(sub) <= KAMADA_KAWAI_UP_TO:  # even link lengths: stars and chains stay readable
        pos = _spread(sub, nx.kamada_kawai_layout(sub, weight=None, pos=nx.circular_layout(sub)))
    else:
        pos = nx.spring_layout(sub, k=SPRING_K / math.sqrt(len(sub)), seed=seed, iterations=_iterations(len(sub)))
    radius = SPREAD * math.sqrt(len(sub))
    return {n: (float(x) * radius, float(y) * radius) for n, (x, y) in pos.items()}


def _pack(parts: list[Positions]) -> Positions:
    """Place component layouts side by side in rows (largest first), then normalise into [-1, 1]."""
    boxes = []
    for part in parts:
        xs, ys = [p[0] for p in part.values()], [p[1] for p in part.values()]
        if len(part) <= 2:  # a pair: room for the labels
            boxes.append((min(xs), min(ys), max(xs) - min(xs) + 5.0, max(ys) - min(ys) + 1.6))
        else:
            boxes.append((min(xs), min(ys), max(xs) - min(xs) + 3.0, max(ys) - min(ys) + 1.6))
    row_width = max(max(b[2] for b in boxes), math.sqrt(sum(b[2] * b[3] for b in boxes) * ASPECT))
    out: Positions = {}
    x = y = row_height = 0.0
    for part, (x0, y0, w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        out |= {n: (px - x0 + x, py - y0 + y - h) for n, (px, py) in part.items()}
        x, row_height = x + w, max(row_height, h)
    return _normalise(out)


def _normalise(out: Positions) -> Positions:
    """Centre, stretch to at least :data:`ASPECT` (wide screens) and scale into [-1, 1]."""
    x0, x1 = min(p[0] for p in out.values()), max(p[0] for p in out.values())
    y0, y1 = min(p[1] for p in out.values()), max(p[1] for p in out.values())
    stretch = min(ASPECT * (y1 - y0) / (x1 - x0), ASPECT) if x1 - x0 > 1e-9 and y1 - y0 > 1e-9 else 1.0
    stretch = max(stretch, 1.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    span = max((x1 - x0) * stretch / 2, (y1 - y0) / 2, 1e-9)
    return {n: ((px - cx) * stretch / span, (py - cy) / span) for n, (px, py) in out.items()}


def _singles(nodes: list[str]) -> Positions:
    """Actors without links in a compact grid, about as wide as :data:`ASPECT` times its height."""
    dx, dy = SINGLE_STEP
    columns = max(1, math.ceil(math.sqrt(len(nodes) * ASPECT * dy / dx)))
    return {node: ((i % columns) * dx, -(i // columns) * dy) for i, node in enumerate(nodes)}


def compute(graph: nx.Graph, *, seed: int = SEED, previous: Positions | None = None) -> Positions:
    """Seeded Fruchterman–Reingold layout per connected component, components packed in rows.

    Laying components out separately keeps isolated actors from pushing the connected core into a corner.

    Parameters
    ----------
    graph : any networkx graph (parallel edges count once; insertion order does not matter).
    seed : random seed of the initial positions.
    previous : stored positions; nodes found there stay fixed and only new nodes are placed around them.

    Returns
    -------
    node -> (x, y) roughly within [-1, 1], rounded to 4 decimals; empty for an empty graph.
    """
    if len(graph) == 0:
        return {}
    simple = layout_graph(graph)
    known = {n: previous[n] for n in simple if previous and n in previous}
    if len(known) == len(simple):
        return {n: (float(known[n][0]), float(known[n][1])) for n in sorted(known)}
    if known:
        k = 1.0 / math.sqrt(len(simple))
        pos = nx.spring_layout(
            simple, pos=known, fixed=sorted(known), k=k, seed=seed, iterations=_iterations(len(simple))
        )
        placed = {n: (float(pos[n][0]), float(pos[n][1])) for n in pos}
    else:
        components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
        parts = [_component_layout(simple.subgraph(c), seed) for c in components if len(c) > 1]
        singles = sorted(c[0] for c in components if len(c) == 1)
        placed = _pack(parts + ([_singles(singles)] if singles else []))
    return {n: (round(placed[n][0], 4), round(placed[n][1], 4)) for n in sorted(placed)}


def ring(nodes: list[str]) -> Positions:
    """``nodes`` on an ellipse (wider than high, see :data:`ASPECT`), the first at the top, then clockwise.

    For overviews of a few groups: every node at the rim, so its label has room outside.
    """
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    step = 2 * math.pi / max(len(nodes), 1)
    return {node: (round(math.sin(i * step), 4), round(math.cos(i * step) / ASPECT, 4)) for i, node in enumerate(nodes)}


def to_canvas(positions: Positions, n: int | None = None) -> dict[str, tuple[float, float]]:
    """Pixel coordinates for vis-network: spread grows with the square root of the node count."""
    n = n or len(positions)
    scale = 170.0 * math.sqrt(max(n, 4))
    return {node: (round(x * scale, 1), round(-y * scale, 1)) for node, (x, y) in positions.items()}


def save(positions: Positions, path: Path) -> Path:
    """Write positions as JSON (sorted, so the file diffs well in version control)."""
    lines = [
        f"  {json.dumps(n, ensure_ascii=False)}: [{positions[n][0]}, {positions[n][1]}]" for n in sorted(positions)
    ]
    path.write_text(f'{{"seed": {SEED}, "positions": {{\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")
    return path


def load(path: Path) -> Positions:
    """Read positions written by :func:`save` (an absent file gives no positions).

    Raises
    ------
    LayoutError : the file is not a positions file.
    """
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(n): (float(xy[0]), float(xy[1])) for n, xy in data["positions"].items()}
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, IndexError) as exc:
        raise LayoutError(
            f"keine Positionsdatei ({exc}).",
            f"not a positions file ({exc}).",
            where=Location(file=path.name),
            fix_de="Datei löschen, sie wird neu berechnet.",
            fix_en="delete the file; it is computed again.",
        ) from exc


def ensure(graph: nx.Graph, path: Path | None, *, seed: int = SEED, base: Positions | None = None) -> Positions:
    """Positions for ``graph``: reuse those stored at ``path`` (and ``base``), place new nodes, store the union.

    Parameters
    ----------
    graph : the nodes to place.
    path : JSON file of stored positions, or None (nothing stored).
    seed : seed for new nodes.
    base : further known positions (not written to ``path`` unless used).
    """
    stored = load(path) if path else {}
    positions = compute(graph, seed=seed, previous=(base or {}) | stored)
    if path is not None and any(n not in stored for n in positions):
        save(stored | positions, path)
    return positions
