"""Landscapes, the chapter-6 experiment and digit preprocessing."""
import numpy as np
import pytest

import core
from core import digits, experiments
from core.landscape import landscape


def test_landscape_equals_core_forward_point_by_point():
    network = core.preset("book").with_output("softmax")
    x = np.array([1.0, 0.5])
    grid = landscape(network, x, 1, 2, u_range=(-2, 2), v_range=(-1, 3), steps=7)
    assert grid.y.shape == (7, 7, 2)
    for row, v in enumerate(grid.v):
        for column, u in enumerate(grid.u):
            y = core.forward(network, [u, v]).y
            assert np.allclose(grid.y[row, column], y, atol=1e-15, rtol=0)
    assert grid.winner()[0, 0] == np.argmax(core.forward(network, [-2, -1]).y) + 1


def test_landscape_holds_the_other_inputs_at_x():
    network = core.random_network([3, 4, 2], ["tanh", "identity"], seed=2)
    x = np.array([0.3, -0.7, 1.9])
    grid = landscape(network, x, 3, 1, steps=5)
    assert np.allclose(grid.trace.x[:, 1], -0.7)
    hidden = grid.layer(1)
    assert hidden.shape == (5, 5, 4)
    expected = core.forward(network, [grid.v[2], -0.7, grid.u[4]])["z1"]
    assert np.allclose(hidden[2, 4], expected)


def test_landscape_refuses_the_same_input_twice():
    with pytest.raises(core.InputError, match="two different inputs from 1 to 2, not 1 and 1"):
        landscape(core.preset("book"), [1.0, 0.5], 1, 1)


def test_experiment_histograms_count_every_value_and_are_seeded():
    layers = experiments.init_experiment("tanh", "normal", std=1.0, samples=200, layers=3,
                                         width=50, seed=4, bins=20)
    assert len(layers) == 3
    for layer in layers:
        assert layer.counts.sum() == 200 * 50 and len(layer.edges) == 21
        assert layer.edges[0] < 0  # tanh's negative half is in view, unlike the book's 0..1
    again = experiments.init_experiment("tanh", "normal", 1.0, 200, 3, 50, seed=4, bins=20)
    assert all(np.array_equal(a.counts, b.counts) for a, b in zip(layers, again))


def test_experiment_shows_why_std_1_saturates_sigmoid_and_xavier_does_not():
    std1 = experiments.init_experiment("sigmoid", "normal", 1.0, 500, 5, 100, seed=0)
    xavier = experiments.init_experiment("sigmoid", "xavier", 1.0, 500, 5, 100, seed=0)
    assert std1[-1].saturated > 0.4  # the book's figure 6-10: values pile at 0 and 1
    assert xavier[-1].saturated < 0.01
    relu = experiments.init_experiment("relu", "he", 1.0, 500, 5, 100, seed=0)
    assert 0.3 < relu[0].dead < 0.7 and relu[0].saturated == 0.0


def test_a_centred_drawing_is_unchanged():
    field = np.zeros((28, 28))
    field[4:24, 4:24] = 1.0  # a 20×20 square, already in the middle
    assert np.array_equal(digits.centre_digit(field), field)


def test_a_shifted_drawing_is_moved_back_and_keeps_its_ink():
    field = np.zeros((28, 28))
    field[4:24, 8:12] = 1.0  # a "1", 20 tall, in the middle
    centred = digits.centre_digit(field)
    moved = np.roll(field, (-3, 9), axis=(0, 1))
    assert np.array_equal(digits.centre_digit(moved), centred)
    assert digits.centre_digit(moved).sum() == field.sum()
    cy, cx = digits.centre_of_mass(centred)
    assert abs(cy - 13.5) <= 0.5 and abs(cx - 13.5) <= 0.5


def test_a_small_drawing_is_scaled_into_the_20_box_and_0_255_is_understood():
    small = np.zeros((28, 28))
    small[2:7, 3:8] = 255  # a 5×5 blot, top left, in 0..255
    centred = digits.centre_digit(small)
    ink = np.argwhere(centred > 0)
    assert (ink.max(axis=0) - ink.min(axis=0) + 1).tolist() == [20, 20]
    assert centred.max() == 1.0
    assert digits.digit_input(small).shape == (784,)


def test_an_empty_drawing_stays_empty():
    assert not digits.centre_digit(np.zeros((28, 28))).any()


def test_histogram_counts_equal_numpys():
    values = np.random.default_rng(3).normal(size=10_000)
    counts, edges = experiments._histogram(values, 25, values.min(), values.max())
    expected, expected_edges = np.histogram(values, bins=25, range=(values.min(), values.max()))
    assert np.array_equal(counts, expected) and np.allclose(edges, expected_edges)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "gelu"])
def test_experiment_in_blocks_equals_one_batch_and_numpy_histogram(activation):
    # The experiment runs core.forward a block of samples at a time (speed);
    # the answer must be the one the whole batch and np.histogram give.
    samples, layers, width = 1000, 3, 100  # 7 blocks of 163 samples, the last one short
    result = experiments.init_experiment(activation, "xavier", 1.0, samples, layers, width,
                                         seed=3, bins=25)
    network = core.presets.deep(init="xavier", seed=3, activation=activation, layers=layers,
                                width=width)
    x = np.random.default_rng([3, 1]).standard_normal((samples, width))
    trace = core.forward(network, x)
    for k, layer in enumerate(result, start=1):
        z = trace.z[k - 1]
        assert np.allclose(layer.edges, np.linspace(z.min(), z.max(), 26), rtol=1e-12)
        counts, _ = np.histogram(z, bins=layer.edges)
        # BLAS may round a product differently in a smaller block: allow a
        # value that sits on an edge to move to the next bin, nothing more.
        assert np.abs(layer.counts - counts).sum() <= 2
        assert layer.counts.sum() == samples * width
        assert layer.saturated == trace.saturated(k).mean()
        assert layer.dead == trace.dead(k).mean()


def test_experiment_histogram_skips_what_is_not_finite():
    values = np.array([[0.0, 1.0, np.nan], [np.inf, 0.5, -np.inf]])
    counts, edges = experiments._histogram(values, 2, 0.0, 1.0)
    assert counts.tolist() == [1, 2] and edges.tolist() == [0.0, 0.5, 1.0]


def test_experiment_refuses_what_it_cannot_hold_before_allocating():
    with pytest.raises(core.InputError, match="500,000,000 values"):
        experiments.init_experiment(samples=100_000, width=1000)
    with pytest.raises(core.InputError, match="weights"):
        experiments.check_size(10, 5, 2000)
    experiments.check_size(1000, 5, 100, limit=500_000)  # the default run, exactly at a limit
    with pytest.raises(core.InputError, match="more than the 499,999"):
        experiments.check_size(1000, 5, 100, limit=499_999)
