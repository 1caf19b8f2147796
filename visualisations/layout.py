"""Node positions computed once in Python (seeded, deterministic), stored as JSON and reused.

The browser never runs a physics simulation: pages get fixed coordinates, so thousands of nodes appear at
once. Positions are unit-free (roughly in [-1, 1]); :func:`to_canvas` scales them to pixels.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx

from visualisations.communities import canonical

SEED = 42
Positions = dict[str, tuple[float, float]]


class LayoutError(ValueError):
    """A positions file cannot be read."""


def _iterations(n: int) -> int:
    return 100 if n <= 500 else 50 if n <= 2000 else 30


def _component_layout(sub: nx.Graph, seed: int) -> Positions:
    """Spring layout of one connected component, centred at 0 with radius ~ sqrt(size)."""
    if len(sub) == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    pos = nx.spring_layout(sub, k=1.0 / math.sqrt(len(sub)), seed=seed, iterations=_iterations(len(sub)))
    radius = math.sqrt(len(sub))
    return {n: (float(x) * radius, float(y) * radius) for n, (x, y) in pos.items()}


def _pack(parts: list[Positions]) -> Positions:
    """Place component layouts side by side in rows (largest first), then normalise into [-1, 1]."""
    boxes = []
    for part in parts:
        xs, ys = [p[0] for p in part.values()], [p[1] for p in part.values()]
        if len(part) == 1:  # an isolated actor: room for its label
            boxes.append((xs[0], ys[0], 4.5, 1.6))
        else:
            boxes.append((min(xs), min(ys), max(xs) - min(xs) + 1.2, max(ys) - min(ys) + 1.2))
    row_width = max(max(b[2] for b in boxes), math.sqrt(sum(b[2] * b[3] for b in boxes)) * 1.3)
    out: Positions = {}
    x = y = row_height = 0.0
    for part, (x0, y0, w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        out |= {n: (px - x0 + x, py - y0 + y - h) for n, (px, py) in part.items()}
        x, row_height = x + w, max(row_height, h)
    cx = (max(p[0] for p in out.values()) + min(p[0] for p in out.values())) / 2
    cy = (max(p[1] for p in out.values()) + min(p[1] for p in out.values())) / 2
    span = max(max(abs(p[0] - cx) for p in out.values()), max(abs(p[1] - cy) for p in out.values()), 1e-9)
    return {n: ((px - cx) / span, (py - cy) / span) for n, (px, py) in out.items()}


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
    simple = canonical(nx.Graph(graph))
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
        placed = _pack([_component_layout(simple.subgraph(c), seed) for c in components])
    return {n: (round(placed[n][0], 4), round(placed[n][1], 4)) for n in sorted(placed)}


def to_canvas(positions: Positions, n: int | None = None) -> dict[str, tuple[float, float]]:
    """Pixel coordinates for vis-network: spread grows with the square root of the node count."""
    n = n or len(positions)
    scale = 170.0 * math.sqrt(max(n, 4))
    return {node: (round(x * scale, 1), round(-y * scale, 1)) for node, (x, y) in positions.items()}


def save(positions: Positions, path: Path) -> Path:
    """Write positions as JSON (sorted, so the file diffs well in version control)."""
    body = {"seed": SEED, "positions": {n: list(positions[n]) for n in sorted(positions)}}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=0), encoding="utf-8")
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
        raise LayoutError(f"{path}: not a positions file: {exc}") from exc


def ensure(graph: nx.Graph, path: Path | None, *, seed: int = SEED) -> Positions:
    """Positions for ``graph``: reuse those stored at ``path``, place new nodes, and store the union again."""
    stored = load(path) if path else {}
    positions = compute(graph, seed=seed, previous=stored)
    if path is not None and any(n not in stored for n in positions):
        save(stored | positions, path)
    return positions
