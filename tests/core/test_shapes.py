"""Changing a network's shape: seeded, reproducible, and keeping what it can."""
import numpy as np
import pytest

import core


def test_adding_units_keeps_the_old_weights_and_is_seeded():
    book = core.preset("book")
    grown = core.with_units(book, 1, 5, init="he", seed=3)
    assert grown.sizes == [2, 5, 2, 2]
    assert np.array_equal(grown.layers[0].W[:, :3], book.layers[0].W)
    assert np.array_equal(grown.layers[1].W[:3, :], book.layers[1].W)
    assert grown.layers[0].b.tolist() == [0.1, 0.2, 0.3, 0.0, 0.0]
    again = core.with_units(book, 1, 5, init="he", seed=3)
    assert np.array_equal(grown.layers[0].W, again.layers[0].W)
    other = core.with_units(book, 1, 5, init="he", seed=4)
    assert not np.array_equal(grown.layers[0].W, other.layers[0].W)


def test_removing_units_takes_their_weights_away():
    shrunk = core.with_units(core.preset("book"), 1, 2)
    assert shrunk.sizes == [2, 2, 2, 2]
    assert shrunk.layers[1].W.tolist() == [[0.1, 0.4], [0.2, 0.5]]
    # the same as a network that never had the third unit:
    trace = core.forward(shrunk, [1.0, 0.5])
    assert np.allclose(trace["a1"], [0.3, 0.7])


def test_only_hidden_layers_change_size():
    with pytest.raises(core.NetworkError, match="layer 3 is not a hidden layer"):
        core.with_units(core.preset("book"), 3, 4)
    with pytest.raises(core.NetworkError, match="at least one unit"):
        core.with_units(core.preset("book"), 1, 0)


def test_inserting_and_removing_a_hidden_layer():
    book = core.preset("book")
    deeper = core.with_layer_inserted(book, 2, 4, seed=1)
    assert deeper.sizes == [2, 3, 2, 4, 2]
    assert deeper.activations == ["sigmoid", "sigmoid", "sigmoid", "identity"]
    assert np.array_equal(deeper.layers[0].W, book.layers[0].W)
    shallower = core.without_layer(deeper, 3, seed=1)
    assert shallower.sizes == [2, 3, 2, 2]
    with pytest.raises(core.NetworkError, match="the output layer stays"):
        core.without_layer(book, 3)


def test_changing_the_input_size_resizes_w1_and_x():
    book = core.preset("book")
    wider = core.with_inputs(book, 4, seed=2)
    assert wider.sizes == [4, 3, 2, 2] and wider.x.tolist() == [1.0, 0.5, 0.0, 0.0]
    assert np.array_equal(wider.layers[0].W[:2], book.layers[0].W)
    narrower = core.with_inputs(book, 1)
    assert narrower.x.tolist() == [1.0] and narrower.layers[0].W.tolist() == [[0.1, 0.3, 0.5]]


def test_randomise_all_keeps_shape_functions_and_x():
    book = core.preset("book").with_hidden_activation("relu")
    fresh = core.randomised(book, init="xavier", seed=9)
    assert fresh.sizes == book.sizes and fresh.activations == book.activations
    assert fresh.x.tolist() == [1.0, 0.5]
    assert np.array_equal(fresh.layers[0].W, core.randomised(book, "xavier", seed=9).layers[0].W)


def test_a_linear_network_collapses_to_one_layer_with_the_same_y():
    network = core.preset("book").with_hidden_activation("identity").with_output("softmax")
    single = core.collapsed(network)
    assert single.sizes == [2, 2] and single.activations == ["softmax"]
    W = network.layers[0].W @ network.layers[1].W @ network.layers[2].W
    assert np.allclose(single.layers[0].W, W, atol=1e-15)
    for x in ([1.0, 0.5], [-3.0, 7.0]):
        assert np.allclose(core.forward(single, x).y, core.forward(network, x).y, atol=1e-14)
    assert core.collapsed(core.preset("book")) is None  # sigmoid: no single layer does it
