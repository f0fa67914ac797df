"""core.diagram: which units a column shows, which edges join them, and each
edge's sign and strength, checked against the weights read by hand."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import core
from core import diagram as dg


def test_a_column_that_fits_shows_every_unit():
    assert dg.shown_units(3, 3) == (1, 2, 3)


def test_a_wide_column_shows_its_first_and_last_units_with_an_ellipsis():
    assert dg.shown_units(784, 8) == (1, 2, 3, 4, dg.ELIDED, 782, 783, 784)


def test_the_selected_unit_is_shown_between_two_ellipses():
    assert dg.shown_units(784, 8, keep=400) == (1, 2, 3, dg.ELIDED, 400, dg.ELIDED, 783, 784)


@given(st.integers(1, 900), st.integers(1, 40), st.one_of(st.none(), st.integers(1, 900)))
def test_shown_units_fit_keep_order_and_show_the_kept_unit(n, room, keep):
    keep = None if keep is None else min(keep, n)
    entries = dg.shown_units(n, room, keep)
    assert len(entries) <= room
    units = [e for e in entries if e != dg.ELIDED]
    assert units == sorted(set(units)) and all(1 <= u <= n for u in units)
    if keep is not None:
        assert keep in units
    if room < 3:
        return  # one or two rows: the kept unit, and an ellipsis if there is a row for it
    # An ellipsis stands exactly where units are missing, never twice in a row.
    expected, previous = [], 0
    for u in units:
        expected += ([dg.ELIDED] if u > previous + 1 else []) + [u]
        previous = u
    expected += [dg.ELIDED] if previous < n else []
    assert list(entries) == expected
    if n <= room:
        assert units == list(range(1, n + 1))


def test_every_column_but_y_ends_in_the_bias_unit():
    columns = dg.columns(core.preset("book"), room=20)
    assert [c.entries for c in columns] == [(1, 2, dg.BIAS), (1, 2, 3, dg.BIAS),
                                           (1, 2, dg.BIAS), (1, 2)]


def hand_strength(w: float, largest: float) -> int:
    third = largest / 3
    return 0 if abs(w) < third else 1 if abs(w) < 2 * third else 2


@pytest.mark.parametrize("network", [
    core.preset("book"), core.preset("xor"), core.preset("nand"),
    core.random_network([5, 7, 3], ["tanh", "softmax"], init="xavier", seed=3),
    core.preset("deep", layers=2, width=12)], ids=["book", "xor", "nand", "5-7-3", "deep"])
def test_every_edge_has_its_weights_sign_and_strength(network):
    largest = max(max(np.abs(layer.W).max(), np.abs(layer.b).max()) for layer in network.layers)
    columns = dg.columns(network, room=100)
    edges = dg.edges(network, columns)
    # one edge per weight and bias of the network, each read back by hand
    assert len(edges) == sum(layer.W.size + layer.b.size for layer in network.layers)
    for e in edges:
        layer = network.layers[e.k - 1]
        w = layer.b[e.j - 1] if e.i == dg.BIAS else layer.W[e.i - 1, e.j - 1]
        assert e.weight == w
        assert e.sign == (1 if w > 0 else -1 if w < 0 else 0)
        assert e.strength == hand_strength(w, largest), (e, largest)


def test_the_book_networks_classes_against_its_scale():
    network = core.preset("book")
    assert dg.scale(network) == 0.6
    assert dg.thresholds(0.6) == pytest.approx((0.2, 0.4), abs=1e-15)
    edges = {(e.k, e.i, e.j): e for e in dg.edges(network, dg.columns(network, 20))}
    assert edges[(1, 1, 1)].strength == 0  # W1[1,1] = 0.1
    assert edges[(1, 2, 2)].strength == 2  # W1[2,2] = 0.4, on the boundary: strong
    assert edges[(2, 3, 2)].strength == 2  # W2[3,2] = 0.6, the largest
    assert edges[(3, dg.BIAS, 2)].strength == 1  # b3[2] = 0.2, on the boundary: medium


def test_summarised_columns_draw_only_edges_between_shown_units():
    network = core.random_network([784, 50, 10], ["sigmoid", "softmax"], init="xavier", seed=0)
    columns = dg.columns(network, room=9, keep={1: 30})
    edges = dg.edges(network, columns)
    assert {e.j for e in edges if e.k == 1} == set(columns[1].shown)
    assert 30 in columns[1].shown
    assert {e.i for e in edges if e.k == 1} == set(columns[0].shown) | {dg.BIAS}


def test_a_zero_network_still_has_a_scale():
    network = core.Network.build([[[0.0], [0.0]]], [[0.0]], ["step"])
    assert dg.scale(network) == 1.0
    assert [e.sign for e in dg.edges(network, dg.columns(network, 10))] == [0, 0, 0]


@given(st.integers(0, 30), st.integers(1, 30), st.integers(0, 40), st.integers(0, 40))
def test_an_edge_is_an_unbroken_line_from_its_source_row_to_its_target_row(left, width, r0, r1):
    cells = dg.edge_cells(left, left + width, r0, r1)
    assert (cells[0][0], cells[0][1]) == (left, r0)
    assert (cells[-1][0], cells[-1][1]) == (left + width - 1, r1)
    assert {x for x, _, _ in cells} == set(range(left, left + width))
    for (x0, y0, _), (x1, y1, _) in zip(cells, cells[1:]):
        assert 0 <= x1 - x0 <= 1 and abs(y1 - y0) <= 1 and (x0, y0) != (x1, y1)


def test_a_level_edge_lies_and_a_steep_one_stands():
    assert all(not up for _, _, up in dg.edge_cells(0, 5, 3, 3))
    assert sum(up for _, _, up in dg.edge_cells(0, 2, 0, 9)) == 10


def test_an_edges_term_is_its_input_times_its_weight():
    network = core.preset("book")
    trace = core.forward(network, [1.0, 0.5])
    unit = core.explain_unit(network, trace, 2, 1)
    z1 = 1 / (1 + np.exp(-(np.array([1.0, 0.5]) @ network.layers[0].W + network.layers[0].b)))
    term = dg.edge_term(unit, 3)
    assert (term.input, term.weight) == (z1[2], 0.3)
    assert term.value == z1[2] * 0.3
    assert dg.edge_term(unit, 4) == dg.Term(1.0, 0.1, 0.1)  # the bias: 1 × b2[1]


def test_weights_are_named_as_the_weights_editor_numbers_them():
    assert dg.weight_name(2, 3, 1, n_in=3) == "W2[3,1]"
    assert dg.weight_name(2, 4, 1, n_in=3) == "b2[1]"


def test_columns_that_do_not_fit_side_by_side_keep_the_selected_layer():
    assert dg.visible_columns([8] * 6, 100, (2, 3), gap=5) == range(0, 6)
    shown = dg.visible_columns([8] * 6, 40, (3, 4), gap=5)
    assert 3 in shown and 4 in shown and len(shown) == 3


def test_other_arrays_on_the_edges_and_their_scale_ignore_what_is_not_finite():
    network = core.preset("book")
    arrays = [(np.full_like(layer.W, 0.01 * k), np.full_like(layer.b, -0.02 * k))
              for k, layer in enumerate(network.layers, start=1)]
    arrays[1][0][2, 1] = np.inf  # a gradient that overflowed
    arrays[2][1][0] = np.nan
    assert dg.scale(network, arrays) == pytest.approx(0.06)  # |b3|, the largest finite
    edges = {(e.k, e.i, e.j): e for e in dg.edges(network, dg.columns(network, 20),
                                                    arrays=arrays)}
    assert edges[(1, 1, 1)].weight == 0.01 and edges[(1, 1, 1)].sign == 1
    assert edges[(3, dg.BIAS, 2)].sign == -1 and edges[(3, dg.BIAS, 2)].strength == 2
    assert edges[(2, 3, 2)].sign == 1 and edges[(2, 3, 2)].strength == 2  # inf: beyond all
    assert edges[(3, dg.BIAS, 1)].sign == 0
    everything_nan = [(np.full_like(W, np.nan), np.full_like(b, np.nan)) for W, b in arrays]
    with np.errstate(all="raise"):
        assert dg.scale(network, everything_nan) == 1.0


def test_a_column_of_one_row_still_counts_as_summarised():
    # room for one unit and no "…": the note must still say units are left out
    column = dg.columns(core.preset("book"), room=2)[0]
    assert column.entries == (1, dg.BIAS) and column.summarised
    assert not dg.columns(core.preset("book"), room=20)[0].summarised


def test_thresholds_of_a_scale_near_the_largest_float_stay_finite():
    with np.errstate(all="raise"):
        assert all(np.isfinite(dg.thresholds(1.7e308)))
