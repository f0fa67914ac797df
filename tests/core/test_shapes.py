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


def test_each_new_unit_gets_its_own_draw_so_no_two_units_are_the_same():
    net = core.preset("book")
    once = core.with_units(net, 1, 4, init="he", seed=3)
    twice = core.with_units(once, 1, 5, init="he", seed=3)
    W1, W2 = twice.layers[0].W, twice.layers[1].W
    assert not np.array_equal(W1[:, 3], W1[:, 4])  # weights into units 4 and 5
    assert not np.array_equal(W2[3, :], W2[4, :])  # and out of them
    # Adding both at once draws the same weights in as one at a time; the
    # weights out are scaled for the next layer's fan-in (He: √(2/n)).
    at_once = core.with_units(net, 1, 5, init="he", seed=3)
    assert np.array_equal(at_once.layers[0].W, W1)
    assert np.allclose(at_once.layers[1].W[3], W2[3] * np.sqrt(4 / 5), rtol=1e-15, atol=0)


def test_inserting_a_layer_as_wide_as_its_input_keeps_every_weight_and_removing_it_gives_the_network_back():
    net = core.preset("book")
    inserted = core.with_layer_inserted(net, 1, 3, seed=5)
    assert inserted.sizes == [2, 3, 3, 2, 2]
    for old, new in ((0, 0), (1, 2), (2, 3)):
        assert np.array_equal(inserted.layers[new].W, net.layers[old].W)
        assert np.array_equal(inserted.layers[new].b, net.layers[old].b)
    back = core.without_layer(inserted, 2, seed=9)
    assert [(l.W.tolist(), l.b.tolist(), l.activation) for l in back.layers] == \
        [(l.W.tolist(), l.b.tolist(), l.activation) for l in net.layers]


def test_removing_a_layer_of_another_width_keeps_the_next_layers_first_rows():
    net = core.preset("book")  # 2-3-2-2: layer 1 reads 2 and has 3 units
    removed = core.without_layer(net, 1, seed=1)
    assert removed.sizes == [2, 2, 2]
    # Layer 2 read z1's 3 values; now it reads x's 2: its first two rows stay.
    assert np.array_equal(removed.layers[0].W, net.layers[1].W[:2, :])
    wider = core.without_layer(core.with_units(net, 1, 1), 1, seed=1)  # 2-1-2-2 -> 2-2-2
    assert np.array_equal(wider.layers[0].W[:1, :], core.with_units(net, 1, 1).layers[1].W)
    assert np.all(wider.layers[0].W[1, :] != 0)
