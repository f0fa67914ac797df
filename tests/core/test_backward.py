"""Backpropagation against finite differences, PyTorch's autograd, the book's
printed numbers and its own claims (shapes, purity, no warnings)."""
import json
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import core
from core.backward import KINKS
from core import losses
from tests.conftest import TEST_DATA

EPS = np.finfo(float).eps
CASES = [(hidden, output, loss) for hidden in core.HIDDEN for output in core.OUTPUTS
         for loss in core.LOSSES if not (loss == "cross_entropy" and output == "identity")]


def strict(fn, *args):
    """Call fn with every floating-point problem turned into an exception, but
    underflow: a result below the smallest float is 0 or a subnormal, correctly
    rounded (core/activations.py), and numpy does not warn of it by default."""
    with np.errstate(all="raise", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(*args)


def random_case(hidden, output, loss, seed, samples=0, scale=1.0, sizes=(3, 4, 3)):
    """A seeded network hidden → output, an x (one sample or a batch) and a t
    that fits the loss (one-hot for cross-entropy and softmax, else any)."""
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal((m, n)) * scale for m, n in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal(n) * scale for n in sizes[1:]]
    functions = [hidden] * (len(sizes) - 2) + [output]
    network = core.Network.build(weights, biases, functions)
    x = rng.standard_normal((samples, sizes[0]) if samples else sizes[0]) * scale
    if loss == "cross_entropy" or output.startswith("softmax"):
        t = rng.integers(0, sizes[-1], samples) if samples else int(rng.integers(sizes[-1]))
    else:
        t = rng.uniform(-1, 1, (samples, sizes[-1]) if samples else sizes[-1])
    return network, x, t


def loss_of(network, x, t, loss):
    return core.loss(core.forward(network, x), t, loss)


def richardson(network, x, t, loss, h=1e-3):
    """dL/dθ for every W and b by central differences at h and h/2, combined
    (4·D(h/2) − D(h))/3 so that the h² term cancels: written here from the
    definition, independent of core's numerical_gradient."""
    grads = []
    for k, layer in enumerate(network.layers, start=1):
        for is_bias, array in ((False, layer.W), (True, layer.b)):
            grad = np.zeros(array.shape)
            for index in np.ndindex(array.shape):
                def moved(step):
                    row = layer.n_in if is_bias else index[0]
                    column = index[-1]
                    value = array[index] + step
                    return loss_of(network.with_weight(k, row, column, value), x, t, loss)
                d1 = (moved(h) - moved(-h)) / (2 * h)
                d2 = (moved(h / 2) - moved(-h / 2)) / h
                grad[index] = (4 * d2 - d1) / 3
            grads.append(grad)
    return grads


# Where h itself is smooth but h'' jumps (ELU: e^a on the left, 0 on the
# right; softsign: 2/(1 + |a|)^3 with the sign of -a): Richardson's extrapolation
# assumes smooth higher derivatives and is off by O(h) times the jump when a
# difference step straddles 0 (hypothesis found elu, seed 73: 6.4e-7 relative).
# Not kinks of backward's, only of this check.
SECOND_DERIVATIVE_JUMPS = {"elu": (0.0,), "softsign": (0.0,)}


def near_kink(network, x, reach):
    """Whether some unit's a lies within `reach` of a kink of h, or of h''."""
    trace = core.forward(network, x)
    return any(np.any(np.abs(a - kink) < reach)
               for a, name in zip(trace.a, trace.activations)
               for kink in KINKS.get(name, ()) + SECOND_DERIVATIVE_JUMPS.get(name, ()))


# Richardson's error is O(h⁴)·|f⁽⁵⁾| (about 1e-12 here) plus roundoff: each loss is
# exact to a few ε·|L|, and dividing by h = 1e-3 makes that ~1e-13·|L| per difference
# (times ~3 for the combination). The tolerance allows 1e-7 relative plus
# 1e-9·max(1, |L|) absolute: tens of times what was measured, and an error in one
# term of the chain rule (a missing factor, a diagonal for a Jacobian) is far larger.
def assert_matches_differences(network, x, t, loss):
    gradients = core.backward(network, core.forward(network, x), t, loss)
    expected = richardson(network, x, t, loss)
    got = [g for pair in zip(gradients.dW, gradients.db) for g in pair]
    floor = 1e-9 * max(1.0, abs(gradients.loss))
    for name, mine, reference in zip(["W", "b"] * len(network), got, expected):
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=floor, err_msg=name)


@pytest.mark.parametrize("hidden,output,loss", CASES)
@pytest.mark.parametrize("samples", [0, 4])
def test_backward_equals_finite_differences_for_every_function_and_loss(hidden, output, loss,
                                                                         samples):
    for seed in range(20):  # the first seeds whose units stay clear of every kink
        network, x, t = random_case(hidden, output, loss, seed, samples)
        if not near_kink(network, x, 0.05):
            break
    assert_matches_differences(network, x, t, loss)


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), seed=st.integers(0, 2**32 - 1),
       samples=st.sampled_from([0, 1, 3]), scale=st.sampled_from([0.3, 1.0, 2.5]))
@example(case=("elu", "identity", "sse"), seed=73, samples=3, scale=0.3)  # see near_kink
def test_backward_equals_finite_differences_at_any_scale(case, seed, samples, scale):
    from hypothesis import assume
    network, x, t = random_case(*case, seed, samples, scale)
    assume(not near_kink(network, x, 0.05))
    assert_matches_differences(network, x, t, case[2])


def test_deeper_networks_with_mixed_functions_equal_finite_differences():
    rng = np.random.default_rng(5)
    sizes = [2, 5, 4, 3, 3]
    for functions in (["tanh", "gelu", "softplus", "softmax"], ["elu", "sigmoid", "mish", "sigmoid"],
                      ["silu", "softsign", "identity", "identity"]):
        weights = [rng.standard_normal((m, n)) for m, n in zip(sizes[:-1], sizes[1:])]
        biases = [rng.standard_normal(n) * 0.5 for n in sizes[1:]]
        network = core.Network.build(weights, biases, functions)
        x = rng.standard_normal((3, 2))
        loss = "cross_entropy" if functions[-1] != "identity" else "sse"
        t = np.array([0, 2, 1]) if loss == "cross_entropy" else rng.uniform(size=(3, 3))
        assert_matches_differences(network, x, t, loss)


# --- against PyTorch (tests/data/make_torch_backward_reference.py) ----------------

with open(TEST_DATA / "torch_backward_reference.json") as handle:
    TORCH = json.load(handle)


def h_size(trace, k):
    """|h'(a_k)|, plus 1 where torch's backward forms h' from values near 1
    (σ' = y(1 − y), tanh' = 1 − y², ...): those are exact to ε absolute, not
    relative, so at saturation torch's h' is ±ε where core's is e^−|a|."""
    name = trace.activations[k - 1]
    exact_relative = name in ("identity", "relu", "leaky_relu", "step", "hard_sigmoid", "hard_tanh")
    return np.abs(trace.grad(k)) + (0.0 if exact_relative else 1.0)


def term_sizes(network, trace, t, loss):
    """For every dW, db and δ, the size of the terms summed to make it: the same
    chain run on absolute values (|W|, |h'|, |z|, and |y| + |t| for y − t). A
    float64 chain rounds each entry to within a few ε of this (the usual
    running error bound), however much the terms cancel."""
    y = trace.y
    t = losses.matched(t, y)
    n = y.shape[0] if y.ndim == 2 else 1
    output = trace.activations[-1]
    if loss == "cross_entropy" and output.startswith("softmax"):
        size = (np.abs(y) * np.abs(t).sum(axis=-1, keepdims=True) + np.abs(t)) / n
    elif loss == "cross_entropy":
        size = np.abs(t) / n
    else:
        dy = (np.abs(y) + np.abs(t)) / n
        if output.startswith("softmax"):
            size = y * (dy + np.sum(dy * y, axis=-1, keepdims=True))
        else:
            size = h_size(trace, trace.depth) * dy
    sizes = {}
    for k in range(trace.depth, 0, -1):
        z = np.abs(trace.x if k == 1 else trace.z[k - 2])
        sizes[f"delta{k}"] = size
        sizes[f"dW{k}"] = z.T @ size if y.ndim == 2 else np.outer(z, size)
        sizes[f"db{k}"] = size.sum(axis=0) if y.ndim == 2 else size
        if k > 1:
            size = h_size(trace, k - 1) * (size @ np.abs(network.layers[k - 1].W.T))
    return sizes


@pytest.mark.parametrize("number", range(len(TORCH["cases"])))
def test_backward_equals_pytorch_autograd(number):
    case = TORCH["cases"][number]
    network = core.Network.build(case["W"], case["b"], case["activations"])
    trace = core.forward(network, np.array(case["x"]))
    t = np.array(case["t"])
    gradients = core.backward(network, trace, t, case["loss"])
    sizes = term_sizes(network, trace, t, case["loss"])
    # Each side rounds within a few ε of the terms' size (64ε allows for the
    # sums' lengths and the ulps of exp and log), plus 1e-11 relative for the
    # forward passes' own differences, amplified where h' is steep.
    for k in range(1, len(network) + 1):
        for name, mine, reference in (("dW", gradients.dW, case["dW"]), ("db", gradients.db, case["db"]),
                                      ("delta", gradients.delta, case["delta"])):
            difference = np.abs(mine[k - 1] - np.array(reference[k - 1]))
            allowed = 1e-11 * np.abs(reference[k - 1]) + 64 * EPS * sizes[f"{name}{k}"]
            assert np.all(difference <= allowed), (name, k, difference.max())
    assert gradients.loss == pytest.approx(case["value"], rel=1e-13)


def test_pytorch_reference_covers_every_function_and_loss():
    seen = {(c["activations"][0], c["activations"][1], c["loss"]) for c in TORCH["cases"]}
    assert seen == set(CASES)


# --- the book's numbers ------------------------------------------------------------

# simpleNet (chapter 4, ch04/gradient_simplenet.py): the W the book prints (8 digits)
W_SIMPLENET = [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]


def simplenet():
    return core.Network.build([W_SIMPLENET], [[0.0, 0.0, 0.0]], ["softmax"])


def test_simplenet_gradient_is_the_books_printed_dW():
    network, x, t = simplenet(), np.array([0.6, 0.9]), np.array([0, 0, 1])
    trace = core.forward(network, x)
    np.testing.assert_allclose(trace.a[0], [1.05414809, 0.63071653, 1.1328074], atol=5e-9)
    gradients = core.backward(network, trace, t, "cross_entropy")
    # The book prints 8 decimals of its numerical dW; its W is printed to 8 too,
    # which moves dW by at most ~1e-8: agreement to 2e-8 is all the print allows.
    np.testing.assert_allclose(gradients.dW[0], [[0.21924763, 0.14356247, -0.36281009],
                                                 [0.32887144, 0.2153437, -0.54421514]], atol=2e-8)
    np.testing.assert_array_equal(gradients.db[0], trace.y - t)  # (y − t)/1
    dW, _ = core.numerical_gradient(network, x, t, "cross_entropy")
    np.testing.assert_allclose(dW[0], gradients.dW[0], atol=1e-9)


def test_simplenet_loss_is_the_books_printed_value():
    network, x = simplenet(), np.array([0.6, 0.9])
    trace = core.forward(network, x)
    # The book prints 0.92806853663411326; its W (8 digits printed) moves the
    # loss by up to Σ|dW|·5e-9 ≈ 1e-8.
    assert core.loss(trace, 2, "cross_entropy") == pytest.approx(0.92806853663411326, abs=1e-8)
    # The book's formula adds 1e-7 inside the log: 1e-7/y₃ ≈ 2.5e-7 less.
    book = core.cross_entropy_error(trace.y, [0, 0, 1])
    assert core.loss(trace, 2, "cross_entropy") - book == pytest.approx(
        np.log1p(1e-7 / trace.y[2]), rel=1e-6)


def test_book_network_deltas_are_the_issues_worked_example():
    network = core.preset("book")
    gradients = core.backward(network, core.forward(network), [0, 1], "sse")
    np.testing.assert_allclose(gradients.delta[2], [0.3168, -0.3037], atol=5e-5)
    assert gradients.delta[1][0] == pytest.approx(-0.0139, abs=5e-5)
    # ∂L/∂W2[1,1] = z1₁ × δ2₁ = 0.5744 × (−0.0139) = −0.0080
    assert gradients.dW[1][0, 0] == pytest.approx(-0.0080, abs=5e-5)


def test_books_gradient_check_order_of_magnitude():
    # ch05/gradient_check.py: a 784-50-10 ReLU/softmax TwoLayerNet (std 0.01), three
    # images; the book prints mean |backprop − numerical| of 2e-13 to 1.2e-10.
    # The book's MNIST is not here: three seeded images as sparse as digits.
    rng = np.random.default_rng(0)
    network = core.Network.build([rng.standard_normal((784, 50)) * 0.01,
                                  rng.standard_normal((50, 10)) * 0.01],
                                 [np.zeros(50), np.zeros(10)], ["relu", "softmax"])
    x = rng.uniform(size=(3, 784)) * (rng.uniform(size=(3, 784)) < 0.2)
    t = np.array([5, 0, 4])
    numeric_W, numeric_b = core.numerical_gradient(network, x, t, "cross_entropy")
    gradients = core.backward(network, core.forward(network, x), t, "cross_entropy")
    book = {"W1": 2.2232446644e-13, "b1": 9.70418809871e-13, "W2": 8.41139039497e-13,
            "b2": 1.1945999745e-10}
    numeric = {"W1": numeric_W[0], "b1": numeric_b[0], "W2": numeric_W[1], "b2": numeric_b[1]}
    back = {"W1": gradients.dW[0], "b1": gradients.db[0], "W2": gradients.dW[1],
            "b2": gradients.db[1]}
    for name, printed in book.items():
        mean = np.mean(np.abs(numeric[name] - back[name]))
        assert printed / 10 < mean < printed * 10, name  # the book's order of magnitude


# --- shapes, purity and the batch mean -----------------------------------------------

def test_gradients_have_the_books_shapes():
    network, x, t = random_case("relu", "softmax", "cross_entropy", 1, samples=5,
                                sizes=(3, 6, 4, 2))
    trace = core.forward(network, x)
    gradients = core.backward(network, trace, t, "cross_entropy")
    for k, layer in enumerate(network.layers, start=1):
        assert gradients.dW[k - 1].shape == layer.W.shape
        assert gradients.db[k - 1].shape == layer.b.shape
        assert gradients.delta[k - 1].shape == trace.a[k - 1].shape
        assert gradients.dz[k - 1].shape == trace.z[k - 1].shape
        assert not gradients.dW[k - 1].flags.writeable
    # dz_(k−1) = δ_k·W_kᵀ, db = Σ δ over the batch, as the book's Affine
    np.testing.assert_allclose(gradients.dz[0], gradients.delta[1] @ network.layers[1].W.T)
    np.testing.assert_allclose(gradients.db[2], gradients.delta[2].sum(axis=0))


def test_a_batch_gives_the_mean_of_its_samples():
    network, x, t = random_case("tanh", "sigmoid", "sse", 2, samples=4)
    batch = core.backward(network, core.forward(network, x), t, "sse")
    singles = [core.backward(network, core.forward(network, x[i]), t[i], "sse") for i in range(4)]
    assert batch.loss == pytest.approx(np.mean([g.loss for g in singles]), rel=1e-14)
    for k in range(2):
        np.testing.assert_allclose(batch.dW[k], np.mean([g.dW[k] for g in singles], axis=0),
                                   rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(batch.db[k], np.mean([g.db[k] for g in singles], axis=0),
                                   rtol=1e-12, atol=1e-16)


def test_one_t_stands_for_every_row_of_a_batch():
    network, x, _ = random_case("sigmoid", "softmax", "cross_entropy", 3, samples=3)
    trace = core.forward(network, x)
    shared = core.backward(network, trace, 1, "cross_entropy")
    rows = core.backward(network, trace, np.array([1, 1, 1]), "cross_entropy")
    np.testing.assert_array_equal(shared.dW[0], rows.dW[0])
    with pytest.raises(core.InputError, match="t has 2 rows but x has 3 samples"):
        core.backward(network, trace, np.array([1, 1]), "cross_entropy")


def test_softmax_with_squared_error_uses_the_whole_jacobian():
    # With the diagonal y(1 − y) alone δ would be (y − t)·y·(1 − y); the true δ
    # also carries how each y_i moves the others (Σ_j (y_j − t_j)·y_j).
    network = core.Network.build([[[1.0, -0.5, 0.2]]], [[0.1, 0.0, -0.3]], ["softmax"])
    trace = core.forward(network, [1.0])
    y, t = trace.y, np.array([0.0, 1.0, 0.0])
    gradients = core.backward(network, trace, t, "sse")
    jacobian = np.diag(y) - np.outer(y, y)
    np.testing.assert_allclose(gradients.delta[0], jacobian @ (y - t), rtol=1e-14)
    assert not np.allclose(gradients.delta[0], (y - t) * y * (1 - y), rtol=1e-3)


def test_softmax_cross_entropy_is_the_books_fused_y_minus_t_over_n():
    network, x, t = random_case("relu", "softmax", "cross_entropy", 4, samples=5)
    trace = core.forward(network, x)
    gradients = core.backward(network, trace, t, "cross_entropy")
    np.testing.assert_allclose(gradients.delta[-1], (trace.y - losses.target(t, 3)) / 5,
                               rtol=0, atol=1e-17)


def test_kinks_follow_cores_derivative():
    # relu'(0) = 0 (the book's relu_grad says 1), step' = 0 at the jump too.
    for name, a, expected in (("relu", 0.0, 0.0), ("step", 0.0, 0.0), ("leaky_relu", 0.0, 0.01),
                              ("hard_tanh", 1.0, 0.0), ("hard_sigmoid", -3.0, 0.0)):
        network = core.Network.build([[[1.0]], [[2.0]]], [[a - 1.0], [0.0]], [name, "identity"])
        gradients = core.backward(network, core.forward(network, [1.0]), [10.0], "sse")
        # δ2 = y − t (not 0), δ1 = h'(a1)·W2·δ2
        assert gradients.delta[1][0] < -7.0
        assert gradients.delta[0][0] == expected * 2.0 * gradients.delta[1][0], name


def test_every_non_smooth_function_has_its_kinks_listed():
    rough = {name for name, a in core.ACTIVATIONS.items() if not a.smooth}
    assert rough == set(KINKS)


def test_cross_entropy_on_an_output_that_is_no_probability_is_refused():
    network, x, t = random_case("relu", "identity", "sse", 0)
    with pytest.raises(core.InputError, match="cross-entropy needs an output of probabilities"):
        core.backward(network, core.forward(network, x), t, "cross_entropy")
    with pytest.raises(core.UnknownNameError, match="unknown loss 'mse'"):
        core.backward(network, core.forward(network, x), t, "mse")


# --- extreme values: no warnings, the limits --------------------------------------------

EXTREME = [1e300, -1e300, 1e154, 700.0, -745.0, 5e-324, 0.0]


@pytest.mark.parametrize("hidden,output,loss", CASES)
def test_no_floating_point_warning_for_extreme_finite_values(hidden, output, loss):
    rng = np.random.default_rng(7)
    network = core.Network.build([rng.standard_normal((3, 4)), rng.standard_normal((4, 3))],
                                 [np.zeros(4), np.zeros(3)], [hidden, output])
    x = rng.choice(EXTREME, size=(6, 3))
    t = np.array([0, 1, 2, 0, 1, 2]) if loss == "cross_entropy" or output.startswith("softmax") \
        else rng.uniform(size=(6, 3))
    trace = strict(core.forward, network, x)
    gradients = strict(core.backward, network, trace, t, loss)
    if output != "softmax_naive":  # naive may be NaN: that is what it is for
        assert not np.isnan(gradients.loss)
        assert not any(np.isnan(dW).any() for dW in gradients.dW)
    try:  # a step from such gradients either works or is refused in one line
        strict(core.gradient_step, network, gradients, 1e-3)
    except core.NetworkError as error:
        assert "infinite" in str(error) or "(y overflowed)" in str(error)


def test_saturated_softmax_cross_entropy_keeps_its_exact_values():
    # a = [1e300, 0]: y = [1, 0] exactly; the loss for t = class 2 is 1e300
    # (log-sum-exp), where the book's log(0 + 1e-7) would say 16.1.
    network = core.Network.build([[[1.0, 0.0]]], [[0.0, 0.0]], ["softmax"])
    trace = strict(core.forward, network, [1e300])
    gradients = strict(core.backward, network, trace, 1, "cross_entropy")
    assert gradients.loss == 1e300
    np.testing.assert_array_equal(gradients.delta[0], [1.0, -1.0])  # y − t
    assert gradients.dz[0][1] == -np.inf  # ∂L/∂y₂ = −1/y₂, y₂ = 0
    assert core.cross_entropy_error(trace.y, [0, 1]) == pytest.approx(-np.log(1e-7))


def test_a_dead_unit_passes_zero_even_of_an_overflowed_gradient():
    # y = 1e300·2·… overflows (y − t)² to inf; δ of the dead ReLU unit is 0, not 0·inf.
    network = core.Network.build([[[1.0, -1.0]], [[1e300], [1e300]], [[1e10]]],
                                 [[0.0, 0.0], [0.0], [0.0]], ["relu", "identity", "identity"])
    trace = strict(core.forward, network, [1e8])
    gradients = strict(core.backward, network, trace, [0.0], "sse")
    assert gradients.loss == np.inf
    assert gradients.delta[0][1] == 0.0
    assert np.isinf(gradients.delta[0][0])


# --- numerical_gradient, gradient_check, gradient_step ---------------------------------

def test_numerical_gradient_never_changes_the_network_or_x():
    network, x, t = random_case("sigmoid", "softmax", "cross_entropy", 8, samples=2)
    x = np.array(x)  # writable: the caller's own
    before = [np.array(layer.W) for layer in network.layers], np.array(x)
    dW, db = core.numerical_gradient(network, x, t, "cross_entropy")
    assert all(np.array_equal(W, layer.W) for W, layer in zip(before[0], network.layers))
    np.testing.assert_array_equal(x, before[1])
    assert [g.shape for g in dW] == [(3, 4), (4, 3)] and [g.shape for g in db] == [(4,), (3,)]
    # and it is the central difference the book writes, with its h = 1e-4
    f = lambda W: loss_of(network.with_weight(1, 0, 0, W), x, t, "cross_entropy")  # noqa: E731
    w = network.layers[0].W[0, 0]
    assert dW[0][0, 0] == pytest.approx((f(w + 1e-4) - f(w - 1e-4)) / 2e-4, rel=1e-9)


def test_gradient_check_is_small_and_names_no_cause_for_a_smooth_network():
    network, x, t = random_case("tanh", "sigmoid", "sse", 9, samples=3)
    rows = core.gradient_check(network, x, t, "sse")
    assert [row.array for row in rows] == ["W1", "b1", "W2", "b2"]
    for row in rows:
        assert 0 < row.max_abs < 1e-8 and row.max_rel < 1e-6
        assert not row.large and row.causes == ()


def test_gradient_check_names_a_relu_unit_at_its_kink():
    # a1₁ = 0.3·1 − 0.3 = 0 exactly (within h of the kink): the central difference
    # averages the two slopes, backprop takes relu'(0) = 0.
    network = core.Network.build([[[0.5, 0.3]], [[1.0], [2.0]]], [[0.1, -0.3], [0.0]],
                                 ["relu", "identity"])
    rows = core.gradient_check(network, [1.0], [0.0], "sse")
    by_name = {row.array: row for row in rows}
    assert by_name["b1"].large and by_name["b1"].max_rel > 0.1
    assert "kink at 0" in by_name["b1"].causes[0] and "a1 of unit 2 (relu)" in by_name["b1"].causes[0]
    assert not by_name["W2"].large


def test_gradient_check_names_float32_weights():
    # The book's float32 arrays round W ± h: the step is not 2h.
    # Near 300 a float32 step is 3e-5: W ± 1e-4 rounds to a step 20% off.
    W = np.array([[300.3, -1.2]], dtype=np.float32)
    layer = core.Layer(W, np.zeros(2, dtype=np.float32), "identity")
    network = core.Network((layer,))
    rows = core.gradient_check(network, [1.0], [3.0, 1.0], "sse")
    assert rows[0].large and "float32" in rows[0].causes[0]


def test_causes_are_in_the_current_language():
    network = core.Network.build([[[0.5, 0.3]], [[1.0], [2.0]]], [[0.1, -0.3], [0.0]],
                                 ["relu", "identity"])
    core.messages.set_language("ja")
    rows = core.gradient_check(network, [1.0], [0.0], "sse")
    assert "折れ目" in rows[1].causes[0]


@pytest.mark.parametrize("sizes, samples", [([2, 3, 2], 1), ([4, 5, 3, 2], 7), ([9, 3], 4)])
def test_check_work_counts_the_products_numerical_gradient_runs(monkeypatch, sizes, samples):
    # Every multiply-add of every affine the numerical gradient runs, counted
    # as it runs (rows × n_in × n_out a call); its first forward pass is
    # forward()'s, not counted here or in check_work.
    import sys
    backward = sys.modules["core.backward"]  # core.backward is also the function
    counted = []
    real = backward.affine

    def counting(z, W, b):
        z = np.asarray(z)
        counted.append(int(np.prod(z.shape[:-1])) * np.asarray(W).size)
        return real(z, W, b)

    network = core.random_network(sizes, ["tanh"] * (len(sizes) - 2) + ["identity"], seed=1)
    x = np.random.default_rng(0).normal(size=(samples, sizes[0]))
    t = np.zeros((samples, sizes[-1]))
    monkeypatch.setattr(backward, "affine", counting)
    backward.numerical_gradient(network, x, t, "sse")
    assert counted and sum(counted) == backward.check_work(network, samples)


def test_a_wide_single_layer_is_refused_too():
    # 784-10: no later layers, yet each of 785 rows redoes a 784×10 affine;
    # 2,000 samples ran 16 s, and 500,000 passed the first budget.
    network = core.random_network([784, 10], ["softmax"])
    with pytest.raises(core.InputError):
        core.numerical_gradient(network, np.zeros((20_000, 784)), np.zeros(20_000, dtype=int),
                                "sse")


def test_a_gradient_check_too_long_to_wait_for_is_refused_before_it_starts():
    # 2,000 samples through 784-50-100-10 ran for over 100 s (issue 13).
    from core.backward import MAX_CHECK_WORK, check_work
    network = core.random_network([784, 50, 100, 10], ["sigmoid", "sigmoid", "softmax"])
    most = int(MAX_CHECK_WORK // check_work(network, 1))
    assert check_work(network, most) <= MAX_CHECK_WORK < check_work(network, most + 1)
    x = np.zeros((2000, 784))
    with pytest.raises(core.InputError) as refused:
        core.gradient_check(network, x, np.zeros(2000, dtype=int), "sse")
    assert str(refused.value) == (f"a gradient check of 2000 samples through 784-50-100-10 is "
                                  f"too long to wait for (numerical gradients move every weight "
                                  f"twice): use at most {most} samples")
    with pytest.raises(core.InputError):
        core.numerical_gradient(network, x[: most + 1], np.zeros(most + 1, dtype=int), "sse")


def test_an_infinite_loss_is_named_as_the_cause_not_a_kink():
    # t = 1e308: 0.5·(y − t)² overflows, and every central difference is inf − inf.
    network = core.preset("book")
    rows = core.gradient_check(network, [1.0, 0.5], [1e308, 0.0], "sse")
    assert all(row.large for row in rows)
    assert all(row.causes == ("the loss itself is inf (float64 overflowed), so no difference "
                              "of two losses is a number: bring t and y within about 1e150",)
               for row in rows)


def test_a_stop_asked_before_every_row_ends_the_numerical_gradient():
    network, x, t = random_case("tanh", "sigmoid", "sse", 9, samples=3)
    asked = []

    def stop():
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(core.Cancelled):
        core.gradient_check(network, x, t, "sse", stop=stop)
    assert len(asked) == 4  # three rows done, the fourth not begun
    never = core.gradient_check(network, x, t, "sse", stop=lambda: False)
    assert [row.max_abs for row in never] == [row.max_abs for row in
                                              core.gradient_check(network, x, t, "sse")]


def test_one_small_step_lowers_the_loss_and_leaves_the_network_unchanged():
    network, x, t = random_case("sigmoid", "softmax", "cross_entropy", 10)
    network = network.with_x(x)
    gradients = core.backward(network, core.forward(network, x), t, "cross_entropy")
    stepped = core.gradient_step(network, gradients, 0.1)
    assert loss_of(stepped, x, t, "cross_entropy") < gradients.loss
    np.testing.assert_array_equal(stepped.layers[0].W, network.layers[0].W - 0.1 * gradients.dW[0])
    np.testing.assert_array_equal(stepped.layers[1].b, network.layers[1].b - 0.1 * gradients.db[1])
    np.testing.assert_array_equal(stepped.x, network.x)
    assert stepped.activations == network.activations
    assert not network.same_as(stepped)


def test_a_step_refuses_a_bad_rate_and_one_beyond_float64():
    network, x, t = random_case("identity", "identity", "sse", 11)
    gradients = core.backward(network, core.forward(network, x), t, "sse")
    for lr in (0.0, -1.0, float("nan"), float("inf"), "fast"):
        with pytest.raises(core.InputError, match="learning rate must be a finite number above 0"):
            core.gradient_step(network, gradients, lr)
    with pytest.raises(core.NetworkError, match="learning rate 1e\\+308 makes W1 infinite"):
        core.gradient_step(network, gradients, 1e308)
    other = core.random_network([3, 5, 3], ["relu", "identity"])
    with pytest.raises(core.NetworkError, match="do not fit this network"):
        core.gradient_step(other, gradients, 0.1)


def test_a_trace_of_another_network_is_refused():
    network = core.preset("book")
    trace = core.forward(network.with_output("sigmoid"))
    with pytest.raises(core.NetworkError, match="the forward pass is not this network's"):
        core.backward(network, trace, [0.0, 1.0])
    wider = core.with_units(network, 1, 4)
    with pytest.raises(core.NetworkError, match="not this network's"):
        core.backward(wider, core.forward(network), [0.0, 1.0])


def test_a_step_with_nan_gradients_blames_the_gradient_not_the_rate():
    # softmax_naive's exp(1000) is inf, so y and every gradient are NaN.
    network = core.Network.build([np.eye(2)], [np.zeros(2)], ["softmax_naive"])
    x, t = np.array([1000.0, 1000.0]), np.array([0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # forward warns of the overflow on purpose
        gradients = core.backward(network, core.forward(network, x), t, "cross_entropy")
    with pytest.raises(core.NetworkError) as refused:
        core.gradient_step(network, gradients, 0.1)
    assert str(refused.value) == \
        "the gradient dW1 is nan (y overflowed): no step is taken; no learning rate can fix it"
