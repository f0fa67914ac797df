"""Forward passes, validation and presets."""
import numpy as np
import pytest

import core
from core.activations import sigmoid


def book_forward(network, x):
    """The seed's forward(), written out as the book does (ch. 3.4.3)."""
    W1, W2, W3 = (layer.W for layer in network.layers)
    b1, b2, b3 = (layer.b for layer in network.layers)
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    return a1, z1, a2, z2, a3


def test_book_network_reference_values_with_sigmoid():
    trace = core.forward(core.preset("book"), [1.0, 0.5])
    assert np.allclose(trace.y, [0.31682708, 0.69627909], atol=5e-9)
    assert np.allclose(trace["a1"], [0.3, 0.7, 1.1])
    assert trace.names() == ["a1", "z1", "a2", "z2", "a3", "y"]


def test_book_network_reference_values_with_relu():
    network = core.preset("book").with_hidden_activation("relu")
    assert np.allclose(core.forward(network).y, [0.426, 0.912], atol=1e-12)


def test_forward_equals_the_books_hand_written_code():
    network = core.preset("book")
    trace = core.forward(network, [1.0, 0.5])
    expected = book_forward(network, np.array([1.0, 0.5]))
    for name, value in zip(["a1", "z1", "a2", "z2", "y"], expected):
        assert np.array_equal(trace[name], value)


def test_batch_gives_each_row_its_own_forward_pass():
    network = core.preset("book")
    batch = np.random.default_rng(1).normal(size=(7, 2))
    trace = core.forward(network, batch)
    assert trace.y.shape == (7, 2)
    for row, y in zip(batch, trace.y):
        assert np.allclose(core.forward(network, row).y, y, atol=1e-15)


def test_forward_without_x_uses_the_stored_input():
    assert np.array_equal(core.forward(core.preset("book")).x, [1.0, 0.5])
    plain = core.Network.build([[[1.0]]], [[0.0]], ["identity"])
    assert np.array_equal(core.forward(plain).x, [0.0])


def test_wrong_length_x_is_refused_clearly():
    with pytest.raises(core.InputError, match="x has 3 values but the network takes 2 inputs"):
        core.forward(core.preset("book"), [1.0, 2.0, 3.0])
    with pytest.raises(core.InputError, match="x2 is nan"):
        core.check_x(core.preset("book"), [1.0, float("nan")])
    assert np.isnan(core.forward(core.preset("book"), [1.0, float("nan")]).y).all()


def test_mismatched_layers_name_the_layer_and_the_mismatch():
    W = [[[0.1, 0.3], [0.2, 0.4]], [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]]
    with pytest.raises(core.NetworkError,
                       match="layer 2: W2 has 3 rows but layer 1 outputs 2 values"):
        core.Network.build(W, [[0, 0], [0, 0]], ["sigmoid", "identity"])


def test_bias_length_must_match_the_columns():
    with pytest.raises(core.NetworkError, match="layer 1: b1 has 3 values but W1 has 2 columns"):
        core.Network.build([[[1.0, 2.0]]], [[0, 0, 0]], ["identity"])


def test_non_finite_weights_are_refused_naming_array_and_position():
    with pytest.raises(core.NetworkError, match=r"layer 1: W1 has nan at row 2, column 1"):
        core.Network.build([[[1.0], [np.nan]]], [[0.0]], ["identity"])
    with pytest.raises(core.NetworkError, match=r"layer 1: b1 has inf at position 1"):
        core.Network.build([[[1.0]]], [[np.inf]], ["identity"])


def test_output_functions_only_in_the_last_layer():
    with pytest.raises(core.NetworkError, match="layer 1: softmax is an output function"):
        core.preset("book").with_activation(1, "softmax")
    assert core.preset("book").with_output("softmax").activations[-1] == "softmax"


def test_any_activation_may_be_any_layers_function():
    network = core.preset("book")
    for name in core.HIDDEN:
        for k in (1, 2, 3):
            y = core.forward(network.with_activation(k, name)).y
            assert y.shape == (2,)


def test_unknown_activation_names_the_layer():
    with pytest.raises(core.NetworkError, match="layer 2: unknown function 'sigmiod'"):
        core.preset("book").with_activation(2, "sigmiod")


def test_networks_are_immutable():
    network = core.preset("book")
    with pytest.raises(ValueError):
        network.layers[0].W[0, 0] = 5.0
    edited = network.with_weight(1, 0, 2, 9.0)
    assert network.layers[0].W[0, 2] == 0.5 and edited.layers[0].W[0, 2] == 9.0
    bias_edit = network.with_weight(1, 2, 0, -1.0)  # row n_in is the bias row
    assert bias_edit.layers[0].b[0] == -1.0


@pytest.mark.parametrize("gate, table", [
    ("and", {(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1}),
    ("or", {(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 1}),
    ("nand", {(0, 0): 1, (1, 0): 1, (0, 1): 1, (1, 1): 0}),
    ("xor", {(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 0}),
])
def test_perceptron_gates_follow_their_truth_tables(gate, table):
    network = core.preset(gate)
    inputs = np.array(list(table), dtype=float)
    assert core.forward(network, inputs).y[:, 0].tolist() == list(table.values())


def test_deep_preset_is_seeded_and_shaped_like_chapter_6():
    network = core.preset("deep")
    assert network.sizes == [100] * 6
    assert all(not layer.b.any() for layer in network.layers)
    again = core.preset("deep", seed=0)
    assert all(np.array_equal(a.W, b.W) for a, b in zip(network.layers, again.layers))
    other = core.preset("deep", seed=1)
    assert not np.array_equal(network.layers[0].W, other.layers[0].W)


@pytest.mark.parametrize("init, std", [("normal", 0.01), ("xavier", 0.1), ("he", np.sqrt(0.02))])
def test_initialisers_give_the_books_standard_deviations(init, std):
    network = core.preset("deep", init=init, std=0.01, seed=3)
    W = np.concatenate([layer.W.ravel() for layer in network.layers])
    assert W.std() == pytest.approx(std, rel=0.03)


def test_unknown_preset_lists_the_presets():
    with pytest.raises(core.UnknownNameError, match="unknown preset 'bok'.*book, and"):
        core.preset("bok")


def test_trace_flags_saturated_and_dead_units():
    network = core.Network.build([[[1.0, -1.0, 10.0]]], [[0.0, 0.0, 0.0]], ["sigmoid"])
    trace = core.forward(network, [1.0])
    assert trace.saturated(1).tolist() == [False, False, True]  # σ'(10) ≈ 4.5e-5
    relu = core.forward(network.with_activation(1, "relu"), [1.0])
    assert relu.dead(1).tolist() == [False, True, False]
    assert not relu.saturated(1).any()


def test_huge_weights_report_nonfinite_values_without_warnings():
    network = core.Network.build([[[1e300]], [[1e300]]], [[0.0], [0.0]], ["identity", "identity"])
    with np.errstate(all="raise"):
        trace = core.forward(network, [1e300])
    assert trace.nonfinite() == ["a1", "z1", "a2", "y"]


def test_sample_network_matches_the_books_forward_to_1e12(sample_weight_path):
    network = core.load(sample_weight_path).with_output("softmax")
    x = np.random.default_rng(5).uniform(0, 1, size=(20, 784))
    a1, z1, a2, z2, a3 = book_forward(network, x)
    trace = core.forward(network, x)
    for mine, theirs in ((trace["a1"], a1), (trace["z2"], z2), (trace["a3"], a3)):
        assert np.allclose(mine, theirs, atol=1e-12, rtol=0)
    y = np.exp(a3 - a3.max(axis=1, keepdims=True))
    assert np.allclose(trace.y, y / y.sum(axis=1, keepdims=True), atol=1e-12, rtol=0)


def test_explain_unit_gives_the_terms_that_sum_to_a():
    network = core.preset("book")
    trace = core.forward(network, [1.0, 0.5])
    unit = core.explain_unit(network, trace, 1, 3)
    assert unit.inputs.tolist() == [1.0, 0.5] and unit.weights.tolist() == [0.5, 0.6]
    assert unit.bias == 0.3 and unit.a == pytest.approx(1.1)
    assert unit.z == pytest.approx(0.7502601055951177)
    second = core.explain_unit(network, trace, 2, 1)
    assert np.dot(second.inputs, second.weights) + second.bias == pytest.approx(second.a)
    assert np.array_equal(second.inputs, trace["z1"])


def test_plot_range_grows_to_keep_every_marker_in_view():
    from core import curves
    assert curves.plot_range([0.3, -1.0]) == (-6.0, 6.0)
    low, high = curves.plot_range([0.3, -20.0, np.nan])
    assert low <= -20.0 and high >= 20.0 and low == -high


def test_softmax_curve_of_one_unit_holds_the_others():
    from core import curves
    a = np.array([0.3, 2.9, 4.0])
    xs, ys, dys = curves.output_curve("softmax", a, 2, -6, 6, 13)
    assert xs[0] == -6 and xs[-1] == 6
    expected = core.get("softmax").fn(np.array([0.3, xs[4], 4.0]))[1]
    assert ys[4] == pytest.approx(expected)
    assert np.all(np.diff(ys) > 0)  # y_j rises with a_j


def test_forward_with_grads_keeps_h_prime_of_every_layer():
    network = core.random_network([4, 6, 5, 3], ["gelu", "silu", "softmax"], seed=1)
    x = np.random.default_rng(1).normal(size=(7, 4))
    plain, full = core.forward(network, x), core.forward(network, x, grads=True)
    assert plain.grads is None and len(full.grads) == 3
    for k in range(1, 4):
        assert np.array_equal(full.a[k - 1], plain.a[k - 1])
        assert np.array_equal(full.z[k - 1], plain.z[k - 1])
        assert full.grad(k) is full.grads[k - 1]
        assert np.array_equal(full.grad(k), plain.grad(k))
    assert np.array_equal(full.saturated(1), plain.saturated(1))
