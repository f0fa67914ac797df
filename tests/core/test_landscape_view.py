"""What the landscape screen draws its maps by: the first view, the value
scale behind the colours and key, round tick values and the cells of ticks
and of x. Checked against hand computations."""
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import core
from core.landscape import (ValueScale, View, cell_of, check_ranges, default_view, landscape,
                            nice_ticks, value_scale, views)


@pytest.mark.parametrize("low, high, most, expected, decimals", [
    (-3, 3, 7, [-3, -2, -1, 0, 1, 2, 3], 0),  # 6 / (7 - 1) = 1: step 1
    (-3, 3, 5, [-2, 0, 2], 0),  # 6 / 4 = 1.5: the next round step is 2
    (-3, 3, 2, [0], 0),  # 6 / 1 = 6: step 10, and only 0 lies inside
    (0, 1, 6, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1),  # 3 × 0.2 is 0.6, not 0.6000000000000001
    (-0.001, 0.001, 5, [-0.001, -0.0005, 0.0, 0.0005, 0.001], 4),
    (2.9, 3.1, 3, [2.9, 3.0, 3.1], 1),  # 0.2 / 2 = 0.1
    (-1e6, 1e6, 5, [-1e6, -5e5, 0.0, 5e5, 1e6], 0),
    (0.03121, 0.03152, 4, [0.0314], 4),  # 0.00031 / 3 ≈ 0.000103: step 0.0002
    (1.625, 1.875, 2, [1.8], 1),  # step 0.5 misses 1.625..1.875: 0.1's multiple nearest 1.75
])
def test_ticks_are_round_numbers_worked_out_by_hand(low, high, most, expected, decimals):
    ticks = nice_ticks(low, high, most)
    assert ticks.values.tolist() == expected  # exact: the labels print these
    assert ticks.decimals == decimals


@example(low=2.213097091864904e-14, span=0.001, most=3)  # found by hypothesis: an end moved
@example(low=2.213097091864904e-14, span=0.0078125, most=3)
@given(st.floats(-1e6, 1e6), st.floats(1e-3, 2e6), st.integers(2, 40))
def test_ticks_are_few_inside_and_evenly_spaced_at_one_two_or_five(low, span, most):
    high = low + span
    ticks = nice_ticks(low, high, most).values
    assert 1 <= ticks.size <= most
    assert ticks.min() >= low and ticks.max() <= high  # inside: every tick has a cell
    if ticks.size > 2:
        # An end tick the 1e-9 slack admitted just outside is moved onto the
        # range's end (so it has a cell): by at most 1e-9 of a step, and the
        # round value it stands for is one step from its neighbour.
        step = ticks[2] - ticks[1]
        ticks = ticks.copy()
        for end, inner in ((0, 1), (-1, -2)):
            if ticks[end] in (low, high):
                nice = ticks[inner] + (step if end == -1 else -step)
                assert abs(nice - ticks[end]) <= 1e-9 * step + 4 * np.spacing(abs(nice))
                ticks[end] = nice
    if ticks.size > 1:
        steps = np.diff(ticks)
        # A difference of ticks is exact to their own rounding: ulps of the largest.
        slack = 4 * np.spacing(np.abs(ticks).max()) / steps[0] + 1e-12
        assert np.allclose(steps / steps[0], 1.0, rtol=0, atol=slack)
        mantissa = steps[0] / 10.0 ** np.floor(np.log10(steps[0]) + 1e-9)
        # Two ticks, one moved onto an end: the step is round to the 1e-9 slack.
        moved = ticks.size == 2 and (ticks[0] == low or ticks[-1] == high)
        allowed = 2e-9 if moved else 10 * slack
        assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < allowed  # 10: 9.99…


def test_cells_of_values_by_hand():
    # -3..3 in 10 cells of 0.6: 0 is in cell 5 (3 / 0.6), each end in its own end cell.
    assert cell_of(0.0, -3, 3, 10) == 5
    assert cell_of(-3.0, -3, 3, 10) == 0
    assert cell_of(3.0, -3, 3, 10) == 9
    assert cell_of(1.0, -3, 3, 6) == 4  # the book's x1 = 1 over -3..3 in 6 cells of 1
    assert cell_of(3.1, -3, 3, 10) is None and cell_of(-3.1, -3, 3, 10) is None


def test_a_scale_across_zero_is_symmetric_and_one_sided_is_the_data_range():
    crossing = value_scale([-1.0, 0.25, 0.5])
    assert (crossing.low, crossing.high, crossing.diverging) == (-1.0, 1.0, True)
    assert crossing.fraction([-1.0, 0.0, 0.5, 1.0]).tolist() == [0.0, 0.5, 0.75, 1.0]
    one_sided = value_scale([[0.2, 0.5], [0.35, 0.3]])
    assert (one_sided.low, one_sided.high, one_sided.diverging) == (0.2, 0.5, False)
    assert np.allclose(one_sided.fraction([0.2, 0.35, 0.5]), [0.0, 0.5, 1.0], atol=1e-15)
    assert one_sided.decimals == 3  # a span of 0.3: 2 - floor(log10 0.3) = 2 + 1
    assert value_scale([-4.5, 4.5]).decimals == 2  # a span of 9


def test_a_scale_ignores_non_finite_values_and_a_flat_one_maps_to_the_middle():
    scale = value_scale([np.nan, 1.0, 2.0, np.inf, -np.inf])
    assert (scale.low, scale.high) == (1.0, 2.0)
    assert scale.fraction([np.inf, -np.inf]).tolist() == [1.0, 0.0]
    flat = value_scale([0.5, 0.5])
    assert flat.flat and flat.fraction([0.5, 0.5]).tolist() == [0.5, 0.5]
    assert ValueScale(-1e308, 1e308).fraction([0.0]).tolist() == [0.5]  # no overflow


def test_views_in_the_order_the_screen_cycles_them():
    assert views(1) == [View("output", 1)]
    assert views(2) == [View("winner"), View("difference"), View("output", 1),
                        View("output", 2)]
    assert views(3) == [View("winner")] + [View("output", k) for k in (1, 2, 3)]


def test_the_book_network_opens_on_y1_minus_y2_as_y2_wins_everywhere():
    grid = landscape(core.preset("book"), [1.0, 0.5], 1, 2, (-3, 3), (-3, 3), 11)
    # The book's forward by hand at the corner (3, 3): y2 > y1 there as everywhere.
    z1 = 1 / (1 + np.exp(-(np.array([3.0, 3.0]) @ [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
                           + [0.1, 0.2, 0.3])))
    z2 = 1 / (1 + np.exp(-(z1 @ [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]] + [0.1, 0.2])))
    y = z2 @ [[0.1, 0.3], [0.2, 0.4]] + [0.1, 0.2]
    assert np.allclose(grid.y[-1, -1], y, rtol=1e-15)
    assert np.all(grid.winner() == 2)
    assert default_view(grid) == View("difference")
    assert np.array_equal(grid.values(View("difference")), grid.y[:, :, 0] - grid.y[:, :, 1])


def test_two_classes_in_view_open_on_the_winner_and_one_output_on_y1():
    # y1 = x1, y2 = -x1: y1 wins right of 0, y2 left of it.
    split = core.Network.build([[[1.0, -1.0], [0.0, 0.0]]], [[0.0, 0.0]], ["identity"])
    grid = landscape(split, [0.0, 0.0], 1, 2, steps=5)
    assert default_view(grid) == View("winner")
    assert grid.values(View("winner"))[0].tolist() == [2, 2, 1, 1, 1]  # argmax picks y1 at 0
    single = core.Network.build([[[1.0], [1.0]]], [[0.0]], ["sigmoid"])
    assert default_view(landscape(single, [0.0, 0.0], 1, 2, steps=5)) == View("output", 1)


def test_one_class_everywhere_with_three_outputs_opens_on_the_one_that_varies_most():
    # y1 = 10 wins everywhere; y2 = x1 spans 6 over -3..3, y3 = 0.1·x1 spans 0.6.
    network = core.Network.build([[[0.0, 1.0, 0.1], [0.0, 0.0, 0.0]]], [[10.0, 0.0, 0.0]],
                                 ["identity"])
    grid = landscape(network, [0.0, 0.0], 1, 2, steps=5)
    assert np.all(grid.winner() == 1)
    assert default_view(grid) == View("output", 2)
    assert np.allclose(grid.values(View("output", 3))[0], [-0.3, -0.15, 0.0, 0.15, 0.3],
                       rtol=1e-15, atol=1e-16)


def test_a_tick_a_rounding_error_outside_the_range_is_its_end():
    # Panning the book's view right five times gives 4.44e-16 … 6.0: the tick
    # 0 lay 4e-16 outside, had no cell, and the landscape ended the app.
    ticks = nice_ticks(4.440892098500626e-16, 6.0, 5)
    assert ticks.values[0] == 4.440892098500626e-16 and ticks.values[-1] == 6.0
    assert f"{ticks.values[0]:.{ticks.decimals}f}" == "0"
    assert all(cell_of(v, 4.440892098500626e-16, 6.0, 40) is not None for v in ticks.values)


@pytest.mark.parametrize("low, high", [
    (1e15 - 0.05, 1e15 + 0.05),  # one float64 number: no width left that far out
    (2.0, 2.0), (3.0, -3.0), (float("nan"), 1.0), (-float("inf"), 0.0), (0.0, float("inf"))])
def test_a_range_with_no_width_or_no_finite_end_is_refused_as_landscape_refuses_it(low, high):
    with pytest.raises(core.InputError, match="range must be finite numbers LO < HI"):
        check_ranges((-3.0, 3.0), (low, high))
    net = core.preset("book")
    with pytest.raises(core.InputError, match="range must be finite numbers LO < HI"):
        landscape(net, [1.0, 0.5], 1, 2, (-3.0, 3.0), (low, high), steps=3)


def test_ranges_that_hold_width_pass():
    assert check_ranges((-3.0, 3.0), (1e15 - 1.0, 1e15 + 1.0), (-1e308, 1e308)) is None
