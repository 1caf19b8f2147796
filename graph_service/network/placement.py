"""Label placement without collisions, and the geometric check that proves it (pure geometry, no drawing).

After the layout, every node is a disc on the canvas (screen pixels, y downwards) and every label a text box
of measured size. :func:`place` tries a few positions around each node (right, left, below, above, then the
diagonals — the point-feature placement of cartography and Gephi's label adjust) in the order of importance the
caller gives, and keeps the first box that overlaps no placed label, no node and stays inside the canvas.
Labels that fit nowhere are not shown (the page shows the full name on hover). :func:`check` counts what a
reader would see: overlapping label pairs, labels over nodes, labels cut off by the canvas edge.

The page script (``visualisations/assets/network.js``) implements the same rule with text measured in the
browser; the static exports use matplotlib's text extents.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

#: Pixels between a node's edge and its label.
GAP = 3.0
#: Overlaps smaller than this (pixels) are rounding, not collisions.
TOLERANCE = 0.5
#: Characters per line and lines per label before a name is shortened (the full name stays on hover).
WRAP_WIDTH = 22
WRAP_LINES = 3
#: The most important labels that may stand apart from their node, joined by a leader line.
LEADERS = 12
#: Views with up to this many edges place labels where no edge runs under them, if they can.
EDGE_AWARE_UP_TO = 400
#: Only this many labels are tried, most important first (a crowded view shows few anyway; zooming in brings
#: other names into view, and every name shows on hover).
ATTEMPTS = 20_000


@dataclass(frozen=True)
class Box:
    """An axis-parallel rectangle in canvas pixels (y downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, tol: float = TOLERANCE) -> bool:
        """True when the two boxes share an area wider and higher than ``tol``."""
        return (
            self.x0 < other.x1 - tol
            and other.x0 < self.x1 - tol
            and self.y0 < other.y1 - tol
            and other.y0 < self.y1 - tol
        )

    def inside(self, outer: Box, tol: float = TOLERANCE) -> bool:
        """True when this box lies within ``outer`` (up to ``tol``)."""
        return (
            self.x0 >= outer.x0 - tol
            and self.y0 >= outer.y0 - tol
            and self.x1 <= outer.x1 + tol
            and self.y1 <= outer.y1 + tol
        )

    def hits(self, disc: Disc, tol: float = TOLERANCE) -> bool:
        """True when the box and the disc overlap by more than ``tol``."""
        nx_ = min(max(disc.x, self.x0), self.x1)
        ny_ = min(max(disc.y, self.y0), self.y1)
        reach = disc.r - tol
        return reach > 0 and (nx_ - disc.x) ** 2 + (ny_ - disc.y) ** 2 < reach * reach


@dataclass(frozen=True)
class Disc:
    """A node drawn on the canvas: centre and the radius of a circle enclosing its shape and border."""

    x: float
    y: float
    r: float

    @property
    def box(self) -> Box:
        """The square around the disc."""
        return Box(self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


@dataclass(frozen=True)
class Collisions:
    """What :func:`check` found."""

    label_pairs: int
    label_node: int
    outside: int

    @property
    def total(self) -> int:
        """All collisions together (0 = readable)."""
        return self.label_pairs + self.label_node + self.outside


class _Grid:
    """Spatial hash of boxes: which stored items may touch a given box."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.x0 / c), math.floor(box.x1 / c) + 1):
            for j in range(math.floor(box.y0 / c), math.floor(box.y1 / c) + 1):
                yield i, j

    def add(self, index: int, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(index)

    def near(self, box: Box) -> set[int]:
        found: set[int] = set()
        for key in self._keys(box):
            found.update(self.cells.get(key, ()))
        return found


def wrap(text: str, width: int = WRAP_WIDTH, lines: int = WRAP_LINES) -> list[str]:
    """A name broken into at most ``lines`` lines of about ``width`` characters (the last one shortened with …);
    a short rest (a number, "e.V.") stays on the line before.

    >>> wrap("Kita Sonnenschein Meißen (fiktiv)")
    ['Kita Sonnenschein', 'Meißen (fiktiv)']
    >>> wrap("Sportverein Grünbrück 1")
    ['Sportverein Grünbrück 1']
    """
    parts = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False, break_on_hyphens=True)
    if not parts:
        return [text]
    if len(parts) > 1 and len(parts[-1]) <= 5 and len(parts[-2]) + len(parts[-1]) < width + 6:
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    if len(parts) > lines:
        rest = " ".join(parts[lines - 1 :])
        parts = [*parts[: lines - 1], rest[: width - 1].rstrip() + "…"]
    return parts


def candidates(
    disc: Disc, width: float, height: float, gap: float = GAP, away: tuple[float, float] | None = None
) -> list[Box]:
    """Boxes of a ``width`` x ``height`` label next to ``disc``: right, left, below, above, then diagonals; with
    ``away`` (a direction, e.g. from the centre of the picture to the node) those pointing that way first."""
    x, y, r = disc.x, disc.y, disc.r + gap
    d = r * math.sqrt(0.5)
    corners = (
        (x + r, y - height / 2),
        (x - r - width, y - height / 2),
        (x - width / 2, y + r),
        (x - width / 2, y - r - height),
        (x + d, y + d),
        (x + d, y - d - height),
        (x - d - width, y + d),
        (x - d - width, y - d - height),
    )
    boxes = [Box(x0, y0, x0 + width, y0 + height) for x0, y0 in corners]
    if away is None or away == (0.0, 0.0):
        return boxes

    def outward(box: Box) -> float:
        cx, cy = (box.x0 + box.x1) / 2 - x, (box.y0 + box.y1) / 2 - y
        return -(cx * away[0] + cy * away[1]) / (math.hypot(cx, cy) or 1.0)

    return sorted(boxes, key=outward)


@dataclass
class Placement:
    """Where the labels went: a box per placed label, and a leader line for labels set apart from their node."""

    boxes: dict[str, Box]
    leaders: dict[str, tuple[float, float, float, float]]


def _segment_hits_box(seg: tuple[float, float, float, float], box: Box) -> bool:
    """Whether the segment crosses the box (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def _segments_cross(s: tuple[float, float, float, float], o: tuple[float, float, float, float]) -> bool:
    """Whether two segments cross (touching ends do not count)."""

    def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    d1, d2 = side(*o[:2], *o[2:], *s[:2]), side(*o[:2], *o[2:], *s[2:])
    d3, d4 = side(*s[:2], *s[2:], *o[:2]), side(*s[:2], *s[2:], *o[2:])
    return d1 * d2 < 0 and d3 * d4 < 0


def leader(disc: Disc, box: Box) -> tuple[float, float, float, float]:
    """The line from the edge of ``disc`` to the nearest point of ``box``."""
    bx = min(max(disc.x, box.x0), box.x1)
    by = min(max(disc.y, box.y0), box.y1)
    dist = math.hypot(bx - disc.x, by - disc.y) or 1.0
    return disc.x + (bx - disc.x) * disc.r / dist, disc.y + (by - disc.y) * disc.r / dist, bx, by


class _Placer:
    """The state of one placement: nodes, placed boxes and leader lines, each findable by area."""

    def __init__(self, discs: Mapping[str, Disc], canvas: Box, cell: float) -> None:
        self.discs = discs
        self.disc_list = list(discs.values())
        self.canvas = canvas
        self.disc_grid = _Grid(cell)
        for i, disc in enumerate(self.disc_list):
            self.disc_grid.add(i, disc.box)
        self.placed: list[Box] = []
        self.grid = _Grid(cell)
        self.lines: list[tuple[float, float, float, float]] = []
        self.edges: list[tuple[float, float, float, float]] = []
        self.edge_grid = _Grid(cell * 4)

    def free(self, box: Box) -> bool:
        return (
            box.inside(self.canvas, 0.0)
            and not any(box.hits(self.disc_list[i], 0.0) for i in self.disc_grid.near(box))
            and not any(box.overlaps(self.placed[i], 0.0) for i in self.grid.near(box))
            and not any(_segment_hits_box(line, box) for line in self.lines)
        )

    def clear_of_edges(self, box: Box) -> bool:
        """No drawn edge runs under the box."""
        return not any(_segment_hits_box(self.edges[i], box) for i in self.edge_grid.near(box))

    def add_edges(self, edges: Sequence[tuple[float, float, float, float]]) -> None:
        self.edges = list(edges)
        for i, (x0, y0, x1, y1) in enumerate(self.edges):
            self.edge_grid.add(i, Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))

    def line_free(self, seg: tuple[float, float, float, float]) -> bool:
        """A leader line may cross nodes and edges (as edges do) but no label and no other leader line."""
        area = Box(min(seg[0], seg[2]), min(seg[1], seg[3]), max(seg[0], seg[2]), max(seg[1], seg[3]))
        return not any(_segment_hits_box(seg, self.placed[i]) for i in self.grid.near(area)) and not any(
            _segments_cross(seg, line) for line in self.lines
        )

    def take(self, box: Box) -> None:
        self.grid.add(len(self.placed), box)
        self.placed.append(box)


def place(
    labels: Sequence[tuple[str, float, float]],
    discs: Mapping[str, Disc],
    canvas: Box,
    *,
    gap: float = GAP,
    leaders: int = LEADERS,
    attempts: int = ATTEMPTS,
    edges: Sequence[tuple[float, float, float, float]] = (),
) -> Placement:
    """Boxes for as many labels as fit, most important first.

    Parameters
    ----------
    labels : ``(node, width, height)`` in order of importance (the first gets the best place).
    discs : every node drawn on the canvas (also those without a label: labels must not cover them).
    canvas : the drawing area; a label is only placed entirely inside it.
    gap : pixels between a node and its label.
    leaders : the first this many labels may be set further off, joined to their node by a leader line that
        crosses no label, when no place next to the node is free.
    attempts : labels after this many are not tried.
    edges : the drawn edges as segments ``(x0, y0, x1, y1)``; in views of up to :data:`EDGE_AWARE_UP_TO` edges a
        place no edge runs under is preferred. Labels point away from the centre of the picture where they can.

    Returns
    -------
    A :class:`Placement`; labels that fit nowhere are left out.
    """
    if not labels:
        return Placement({}, {})
    heights = sorted(h for _, _, h in labels)
    state = _Placer(discs, canvas, max(heights[len(heights) // 2] * 4, 16.0))
    if len(edges) <= EDGE_AWARE_UP_TO:
        state.add_edges(edges)
    cx = sum(d.x for d in discs.values()) / len(discs)
    cy = sum(d.y for d in discs.values()) / len(discs)
    out = Placement({}, {})
    for rank, (node, width, height) in enumerate(labels[:attempts]):
        disc = discs[node]
        options = candidates(disc, width, height, gap, (disc.x - cx, disc.y - cy))
        free = [b for b in options if state.free(b)]
        box = next((b for b in free if state.clear_of_edges(b)), free[0] if free else None)
        if box is None and rank < leaders:
            for step in (1.5, 3.0, 4.5):
                far = Disc(disc.x, disc.y, disc.r + step * height)
                for option in candidates(far, width, height, gap):
                    line = leader(disc, option)
                    if state.free(option) and state.line_free(line):
                        box, out.leaders[node] = option, line
                        break
                if box is not None:
                    break
        if box is not None:
            state.take(box)
            out.boxes[node] = box
            if node in out.leaders:
                state.lines.append(out.leaders[node])
    return out


def check(boxes: Sequence[Box], discs: Sequence[Disc], canvas: Box, tol: float = TOLERANCE) -> Collisions:
    """Count overlapping label pairs, label–node overlaps and labels not entirely inside ``canvas``.

    Parameters
    ----------
    boxes : the text extents of the labels shown.
    discs : every node shown.
    canvas : the visible drawing area.
    tol : overlaps up to this many pixels are not counted (antialiasing and rounding).
    """
    cell = max((sorted(b.y1 - b.y0 for b in boxes)[len(boxes) // 2] * 4) if boxes else 16.0, 16.0)
    grid = _Grid(cell)
    pairs = 0
    for i, box in enumerate(boxes):
        pairs += sum(1 for j in grid.near(box) if box.overlaps(boxes[j], tol))
        grid.add(i, box)
    disc_grid = _Grid(cell)
    for i, disc in enumerate(discs):
        disc_grid.add(i, disc.box)
    on_nodes = sum(1 for box in boxes for i in disc_grid.near(box) if box.hits(discs[i], tol))
    outside = sum(1 for box in boxes if not box.inside(canvas, tol))
    return Collisions(pairs, on_nodes, outside)
