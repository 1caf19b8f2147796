"""Label placement and the geometric check on tiny named cases, and on random ones (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_service.network.placement import (
    Box,
    Collisions,
    Disc,
    _segments_cross,
    candidates,
    check,
    leader,
    place,
    wrap,
)

CANVAS = Box(0, 0, 400, 300)


def test_check_counts_each_kind_of_collision() -> None:
    a, b = Box(10, 10, 60, 30), Box(50, 20, 100, 40)  # overlap 10 x 10
    touching = Box(60, 10, 90, 30)  # shares an edge with a: no area in common
    outside = Box(380, 290, 420, 310)
    discs = [Disc(120, 20, 8), Disc(70, 60, 5)]
    over_node = Box(110, 15, 150, 30)
    found = check([a, b, touching, outside, over_node], discs, CANVAS)
    assert found == Collisions(label_pairs=2, label_node=1, outside=1)  # a-b and b-touching
    assert check([a], [Disc(35, 20, 3)], CANVAS).label_node == 1  # a node under the middle of a label
    assert check([], [], CANVAS).total == 0


def test_tolerance_ignores_rounding() -> None:
    assert check([Box(0, 0, 10, 10), Box(9.8, 0, 20, 10)], [], CANVAS).total == 0
    assert check([Box(0, 0, 10, 10), Box(9.0, 0, 20, 10)], [], CANVAS).label_pairs == 1
    assert check([Box(-0.3, 0, 10, 10)], [], CANVAS).outside == 0


def test_candidates_go_right_first_then_outward() -> None:
    disc = Disc(100, 100, 10)
    first = candidates(disc, 40, 12, gap=3)[0]
    assert (first.x0, first.y0) == (113, 94)
    away_left = candidates(disc, 40, 12, gap=3, away=(-1.0, 0.0))[0]
    assert away_left.x1 == 87  # left of the node, 3 px gap


def test_place_keeps_labels_off_nodes_and_each_other() -> None:
    discs = {"a": Disc(100, 100, 10), "b": Disc(160, 100, 10), "c": Disc(130, 130, 10)}
    placed = place([(n, 50, 14) for n in ("a", "b", "c")], discs, CANVAS)
    assert set(placed.boxes) == {"a", "b", "c"} and not placed.leaders
    assert check(list(placed.boxes.values()), list(discs.values()), CANVAS).total == 0


def test_the_most_important_label_gets_the_place_when_only_one_fits() -> None:
    canvas = Box(0, 0, 200, 30)  # only right of "a" or left of "b", and those overlap
    discs = {"a": Disc(10, 15, 3), "b": Disc(190, 15, 3)}
    assert list(place([("a", 150, 14), ("b", 150, 14)], discs, canvas, leaders=0).boxes) == ["a"]
    assert list(place([("b", 150, 14), ("a", 150, 14)], discs, canvas, leaders=0).boxes) == ["b"]


def test_a_crowded_hub_gets_a_leader_line() -> None:
    ring = {
        f"n{i}": Disc(200 + 30 * math.cos(i * math.pi / 6), 150 + 30 * math.sin(i * math.pi / 6), 12) for i in range(12)
    }
    discs = {"hub": Disc(200, 150, 14), **ring}
    placed = place([("hub", 80, 16)], discs, CANVAS)
    assert "hub" in placed.boxes and "hub" in placed.leaders
    x0, y0, x1, y1 = placed.leaders["hub"]
    assert math.hypot(x0 - 200, y0 - 150) == pytest.approx(14)  # starts at the hub's edge
    assert check([placed.boxes["hub"]], list(discs.values()), CANVAS).total == 0
    assert (
        placed.boxes["hub"].x0 <= x1 <= placed.boxes["hub"].x1
        and placed.boxes["hub"].y0 <= y1 <= placed.boxes["hub"].y1
    )


def test_leader_runs_from_the_disc_edge_to_the_box() -> None:
    assert leader(Disc(0, 0, 5), Box(10, -2, 30, 2)) == (5.0, 0.0, 10, 0)


def test_leader_lines_do_not_cross() -> None:
    assert _segments_cross((0, 0, 10, 10), (0, 10, 10, 0))
    assert not _segments_cross((0, 0, 10, 0), (0, 5, 10, 5)) and not _segments_cross((0, 0, 5, 5), (5, 5, 9, 0))


def test_labels_avoid_edges_where_they_can() -> None:
    discs = {"a": Disc(100, 100, 8), "b": Disc(300, 100, 8)}
    edge = (100.0, 100.0, 300.0, 100.0)  # runs right from a: the first choice, right of a, lies on it
    placed = place([("a", 60, 14)], discs, CANVAS, edges=[edge])
    box = placed.boxes["a"]
    assert not (box.y0 < 100 < box.y1 and box.x1 > 108)


def test_empty_input() -> None:
    assert place([], {}, CANVAS).boxes == {}


def test_wrap_keeps_names_whole_and_short_rests_on_the_line() -> None:
    assert wrap("VHS") == ["VHS"]
    assert wrap("Kita Sonnenschein Meißen (fiktiv)") == ["Kita Sonnenschein", "Meißen (fiktiv)"]
    assert wrap("Sportverein Grünbrück 1") == ["Sportverein Grünbrück 1"]
    long = wrap("Arbeitskreis Übergang Kita–Grundschule Landkreis Meißen und Umgebung (fiktiv)")
    assert len(long) == 3 and long[-1].endswith("…") and all(len(line) <= 26 for line in long)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 400), st.floats(0, 300), st.floats(2, 15), st.floats(10, 120), st.floats(8, 40)),
        min_size=1,
        max_size=60,
    )
)
def test_whatever_is_placed_passes_the_check(nodes) -> None:
    discs = {f"n{i}": Disc(x, y, r) for i, (x, y, r, _, _) in enumerate(nodes)}
    labels = [(f"n{i}", w, h) for i, (*_, w, h) in enumerate(nodes)]
    placed = place(labels, discs, CANVAS)
    assert check(list(placed.boxes.values()), list(discs.values()), CANVAS).total == 0
