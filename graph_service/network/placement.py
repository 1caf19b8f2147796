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
    """A name broken into at most ``lines`` lines of about ``width`` characters (the last one shortened with …).

    >>> wrap("Kita Sonnenschein Meißen (fiktiv)")
    ['Kita Sonnenschein', 'Meißen (fiktiv)']
    """
    parts = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False, break_on_hyphens=True)
    if not parts:
        return [text]
    if len(parts) > lines:
        rest = " ".join(parts[lines - 1 :])
        parts = [*parts[: lines - 1], rest[: width - 1].rstrip() + "…"]
    return parts


def candidates(disc: Disc, width: float, height: float, gap: float = GAP) -> Iterator[Box]:
    """Boxes of a ``width`` x ``height`` label next to ``disc``: right, left, below, above, then diagonals."""
    x, y, r = disc.x, disc.y, disc.r + gap
    d = r * math.sqrt(0.5)
    for x0, y0 in (
        (x + r, y - height / 2),
        (x - r - width, y - height / 2),
        (x - width / 2, y + r),
        (x - width / 2, y - r - height),
        (x + d, y + d),
        (x + d, y - d - height),
        (x - d - width, y + d),
        (x - d - width, y - d - height),
    ):
        yield Box(x0, y0, x0 + width, y0 + height)


def place(
    labels: Sequence[tuple[str, float, float]],
    discs: Mapping[str, Disc],
    canvas: Box,
    *,
    gap: float = GAP,
) -> dict[str, Box]:
    """Boxes for as many labels as fit, most important first.

    Parameters
    ----------
    labels : ``(node, width, height)`` in order of importance (the first gets the best place).
    discs : every node drawn on the canvas (also those without a label: labels must not cover them).
    canvas : the drawing area; a label is only placed entirely inside it.
    gap : pixels between a node and its label.

    Returns
    -------
    node -> box of its label, for the labels placed; the others are left out.
    """
    if not labels:
        return {}
    heights = sorted(h for _, _, h in labels)
    cell = max(heights[len(heights) // 2] * 4, 16.0)
    disc_list = list(discs.values())
    disc_grid = _Grid(cell)
    for i, disc in enumerate(disc_list):
        disc_grid.add(i, disc.box)
    placed: list[Box] = []
    label_grid = _Grid(cell)
    out: dict[str, Box] = {}
    for node, width, height in labels:
        disc = discs[node]
        for box in candidates(disc, width, height, gap):
            if not box.inside(canvas, 0.0):
                continue
            if any(box.hits(disc_list[i], 0.0) for i in disc_grid.near(box)):
                continue
            if any(box.overlaps(placed[i], 0.0) for i in label_grid.near(box)):
                continue
            label_grid.add(len(placed), box)
            placed.append(box)
            out[node] = box
            break
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
