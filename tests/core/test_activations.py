"""Every activation against PyTorch, finite differences and its own claims."""
import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import core
from core import activations
from tests.conftest import TEST_DATA
from tests.core import exact

REQUIRED = ["step", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
            "gelu", "silu", "softplus", "mish", "hard_sigmoid", "hard_tanh", "softsign"]
ELEMENTWISE = [name for name, a in core.ACTIVATIONS.items() if not a.output_only]

with open(TEST_DATA / "torch_reference.json") as handle:
    REFERENCE = json.load(handle)


def strict(fn, x):
    """Call fn with every floating-point problem turned into an exception."""
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(x)


def close(mine, theirs, atol=1e-12, rtol=1e-9):
    mine, theirs = np.asarray(mine), np.asarray(theirs)
    return (np.isclose(mine, theirs, rtol=rtol, atol=atol) | (mine == theirs)).all()


def test_registry_holds_every_required_function_with_its_record():
    for name in REQUIRED + ["softmax", "softmax_naive"]:
        a = core.get(name)
        assert a.name == name and a.formula and a.label
        low, high = a.range
        assert low < high
        for flag in ("zero_centred", "monotonic", "smooth", "saturating"):
            assert isinstance(getattr(a, flag), bool)
    assert core.OUTPUTS == ["identity", "sigmoid", "softmax", "softmax_naive"]
    assert set(REQUIRED) == set(core.HIDDEN)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(core.UnknownNameError, match="unknown function 'rleu'.*relu"):
        core.get("rleu")


@pytest.mark.parametrize("name", REQUIRED)
def test_values_match_pytorch_float64(name):
    x = np.array(REFERENCE["x"])
    expected = REFERENCE["functions"][name]["y"]
    assert close(strict(core.get(name).fn, x), expected)


@pytest.mark.parametrize("name", REQUIRED)
def test_derivatives_match_pytorch_autograd(name):
    x = np.array(REFERENCE["x"])
    expected = np.array(REFERENCE["functions"][name]["dy"])
    # PyTorch's hardsigmoid backward multiplies by 1/6 held as a float32
    # (0.1666666716...); actlab uses the exact float64 1/6.
    atol = 1e-7 if name == "hard_sigmoid" else 1e-12
    assert close(strict(core.get(name).grad, x), expected, atol=atol)


@pytest.mark.parametrize("name", list(core.ACTIVATIONS))
def test_value_and_grad_gives_fn_and_grad_bit_for_bit(name):
    # GELU, SiLU, softplus and Mish compute h and h' together, sharing work;
    # the values must not depend on which way they were asked for.
    function = core.get(name)
    rng = np.random.default_rng(5)
    inputs = [np.array(REFERENCE["x"]),
              rng.normal(0, 3, size=(50, 7)),
              rng.normal(0, 1e4, size=(20, 5))]  # an exploding layer
    for x in inputs:
        if function.output_only and x.ndim == 1:
            x = x[:50].reshape(5, 10)
        value, grad = strict(function.value_and_grad, x)
        assert np.array_equal(value, strict(function.fn, x), equal_nan=True)
        assert np.array_equal(grad, strict(function.grad, x), equal_nan=True)
    with np.errstate(all="ignore"):  # NaN and infinities: whatever fn says, both say
        x = np.array([[np.nan, 0.0, -np.inf, np.inf]])
        value, grad = function.value_and_grad(x)
        assert np.array_equal(value, function.fn(x), equal_nan=True)
        assert np.array_equal(grad, function.grad(x), equal_nan=True)


def test_softmax_matches_pytorch_and_never_overflows():
    for case in REFERENCE["softmax"]:
        assert close(strict(core.get("softmax").fn, case["x"]), case["y"])
    y = strict(core.get("softmax").fn, [1010.0, 1000.0, 990.0])
    assert y.sum() == pytest.approx(1.0, abs=1e-15)
    assert y[0] == pytest.approx(0.9999546000702375, rel=1e-12)


def test_naive_softmax_shows_the_books_overflow_as_nan_without_a_warning():
    y = strict(core.get("softmax_naive").fn, [1010.0, 1000.0, 990.0])
    assert np.isnan(y).all()
    small = strict(core.get("softmax_naive").fn, [0.3, 2.9, 4.0])
    assert close(small, [0.01821127329554753, 0.24519181293507392, 0.7365969137693786])


def test_softmax_works_on_each_row_of_a_batch():
    batch = np.array([[1.0, 2.0, 3.0], [1010.0, 1000.0, 990.0]])
    y = core.get("softmax").fn(batch)
    assert close(y.sum(axis=1), [1.0, 1.0], atol=1e-15)
    assert close(y[0], core.get("softmax").fn(batch[0]))


def test_book_conventions():
    assert core.get("step").fn(0.0) == 0.0  # step(0) = 0, as in the book
    assert core.get("relu").grad(0.0) == 0.0
    assert core.get("leaky_relu").fn(-2.0) == -0.02
    assert core.get("elu").fn(-1.0) == pytest.approx(np.expm1(-1.0))
    assert core.get("softplus").fn(20.5) == 20.5  # above the threshold: x itself
    assert core.get("softplus").fn(19.0) == pytest.approx(np.log1p(np.exp(19.0)))
    assert core.get("hard_sigmoid").fn(1.5) == pytest.approx(4.5 / 6)
    assert core.get("gelu").fn(1.0) == pytest.approx(0.8413447460685429, rel=1e-14)


# Points away from each function's kinks, where a derivative exists.
FD_POINTS = np.array([-7.3, -4.1, -2.2, -1.3, -0.7, -0.2, 0.15, 0.6, 1.4, 2.6, 4.4, 8.9])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_difference(name):
    a = core.get(name)
    h = 1e-6
    numeric = (a.fn(FD_POINTS + h) - a.fn(FD_POINTS - h)) / (2 * h)
    assert np.allclose(a.grad(FD_POINTS), numeric, atol=1e-7, rtol=1e-6)


def test_softmax_diagonal_derivative_matches_central_difference():
    a = np.array([0.3, 2.9, 4.0])
    h = 1e-6
    for i in range(3):
        step = np.zeros(3)
        step[i] = h
        numeric = (core.get("softmax").fn(a + step)[i] - core.get("softmax").fn(a - step)[i]) / (2 * h)
        assert core.get("softmax").grad(a)[i] == pytest.approx(numeric, rel=1e-6)


finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
finite_arrays = arrays(np.float64, st.integers(1, 30), elements=finite)
EXTREMES = np.array([-1.7976931348623157e308, -1e300, -1e154, -745.5, -709.8, -40.0, -20.0,
                     -5e-324, 0.0, 5e-324, 20.0, 40.0, 709.8, 745.5, 1e154, 1e300,
                     1.7976931348623157e308])


@pytest.mark.parametrize("name", list(core.ACTIVATIONS))
def test_no_floating_point_warning_at_extreme_inputs(name):
    a = core.get(name)
    strict(a.fn, EXTREMES)  # raises on any overflow, underflow or invalid value
    strict(a.grad, EXTREMES)
    if name != "softmax_naive":  # its nan at large inputs is the point of it
        assert not np.isnan(a.fn(EXTREMES)).any()


@settings(max_examples=60, deadline=None)
@given(x=finite_arrays)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_values_stay_in_the_declared_range_without_warnings(name, x):
    a = core.get(name)
    y = strict(a.fn, x)
    low, high = a.range
    assert y.dtype == np.float64 and y.shape == x.shape
    assert (y >= low).all() and (y <= high).all()
    assert np.isfinite(strict(a.grad, x)).all()


@settings(max_examples=60, deadline=None)
@given(x=finite_arrays)
@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if core.get(n).monotonic])
def test_monotonic_where_claimed(name, x):
    y = core.get(name).fn(np.sort(x))
    assert (y[1:] >= y[:-1]).all()


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if not core.get(n).monotonic])
def test_non_monotonic_claims_are_true(name):
    y = core.get(name).fn(np.linspace(-3, 0, 301))
    assert (np.diff(y) < 0).any()


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_zero_centred_claims_are_true(name):
    a = core.get(name)
    x = np.linspace(-5, 5, 101)
    odd = np.allclose(a.fn(-x), -a.fn(x))
    assert odd == a.zero_centred


@settings(max_examples=40, deadline=None)
@given(x=finite_arrays, where=st.integers(0, 29))
@pytest.mark.parametrize("name", list(core.ACTIVATIONS))
def test_nan_in_gives_nan_out(name, x, where):
    x = x.copy()
    x[where % x.size] = np.nan
    y = strict(core.get(name).fn, x)
    assert np.isnan(y[where % x.size])
    if not core.get(name).output_only:  # softmax spreads the nan to the whole row
        assert np.isnan(strict(core.get(name).grad, x)[where % x.size])


def test_saturating_functions_do_flatten_and_relu_dies_instead():
    # ReLU is flat for x < 0 too, but there it is dead (h' = 0 exactly), not
    # saturated; the explorer marks the two differently.
    for name in ELEMENTWISE:
        a = core.get(name)
        far = np.array([-50.0, 50.0])
        flat = (np.abs(a.grad(far)) < activations.SATURATION_GRAD).any()
        assert flat == (a.saturating or a.dies), name
    assert [n for n in ELEMENTWISE if core.get(n).dies] == ["relu"]


# --- accuracy against exact values (tests/core/exact.py) -----------------

TINY = 2.2250738585072014e-308


def test_sigmoid_within_2_ulp_down_to_its_subnormal_tail():
    # exp(-x) overflows below -709.78, where the exact σ is still a subnormal
    # down to -745.13: 1/(1+inf) gave 0 there.
    rng = np.random.default_rng(21)
    x = np.concatenate([rng.uniform(-745.1, -709.78, 300), rng.uniform(-709.78, -40, 300),
                        rng.uniform(-40, 40, 600), rng.uniform(40, 710, 100)])
    expected = exact.each(exact.sigmoid, x)
    assert (core.get("sigmoid").fn(x) > 0).all()
    assert exact.ulps(core.get("sigmoid").fn(x), expected).max() <= 2  # measured: 2 (x ≈ -2.7)


def test_silu_keeps_the_subnormal_tail():
    # x·σ(x) at -711.5 is -7.1e-307; it was -0.0.
    value = float(core.get("silu").fn(-711.5))
    assert value == pytest.approx(-711.5 * exact.sigmoid(-711.5), rel=4.5e-16)
    assert value == pytest.approx(-7.1064226e-307, rel=1e-7)


def test_gelu_within_4_ulp_wherever_phi_is_a_normal_float():
    # x/√2 rounded before erfc cost up to 1,541 ulp below -30.
    rng = np.random.default_rng(22)
    x = np.concatenate([rng.uniform(-37.5, -30, 300), rng.uniform(-30, -5, 200),
                        rng.uniform(-5, 5, 300), rng.uniform(5, 40, 100)])
    assert exact.ulps(core.get("gelu").fn(x), exact.each(exact.gelu, x)).max() <= 4  # measured: 4


def test_gelu_where_phi_is_subnormal_is_off_by_under_1e_321():
    # Below x ≈ -37.52, Φ(x) is subnormal (fewer bits), and x·Φ carries its
    # absolute error times |x|: measured 5.9e-322 at most.
    x = np.linspace(-38.6, -37.52, 400)
    assert np.abs(core.get("gelu").fn(x) - exact.each(exact.gelu, x)).max() < 1e-321


# --- enormous values: limits, no NaN, no warning -------------------------

LARGEST = 1.7976931348623157e308
any_float = st.floats(allow_nan=False, width=64)  # ±inf too: an overflowed a
wide_arrays = arrays(np.float64, st.integers(1, 30), elements=any_float)


@settings(max_examples=80, deadline=None)
@given(x=wide_arrays)
@pytest.mark.parametrize("name", list(core.ACTIVATIONS))
def test_any_float_gives_no_warning_and_no_nan(name, x):
    # An a of ±inf is what enormous weights make (overflow is correctly
    # rounded); every function then gives its limit, never inf·0 = NaN.
    function = core.get(name)
    rows = x.reshape(1, -1)
    value, grad = strict(function.value_and_grad, rows)
    for result in (value, grad, strict(function.fn, rows), strict(function.grad, rows)):
        if name == "softmax_naive":
            continue  # its NaN is the lesson it teaches
        assert not np.isnan(result).any()


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_at_infinity_each_function_is_its_limit(name):
    function = core.get(name)
    ends, near = np.array([-np.inf, np.inf]), np.array([-LARGEST, LARGEST])
    at_end, at_near = strict(function.fn, ends), strict(function.fn, near)
    unbounded = np.abs(at_near) > 1e300  # identity, ReLU, ...: the limit is ±inf
    assert np.array_equal(at_end[~unbounded], at_near[~unbounded])
    assert np.array_equal(at_end[unbounded], np.copysign(np.inf, at_near[unbounded]))
    assert np.array_equal(strict(function.grad, ends), strict(function.grad, near))


def test_softmax_gives_infinite_inputs_the_whole_share():
    y = strict(core.get("softmax").fn, [[np.inf, 1.0, np.inf], [np.inf, -np.inf, 0.0],
                                        [-np.inf, -np.inf, -np.inf]])
    assert y.tolist() == [[0.5, 0.0, 0.5], [1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]]


def _network(W, hidden="sigmoid", output="identity"):
    from core.network import Layer, Network
    layers = [Layer(np.asarray(w, dtype=np.float64), np.zeros(np.shape(w)[1]),
                    hidden if k < len(W) - 1 else output) for k, w in enumerate(W)]
    return Network(layers)


def test_a_is_exact_where_a_product_overflows_but_the_sum_does_not():
    # 2·1e308 − 2·1e308 + 1: the products overflow (inf − inf = NaN) but a = 1.
    network = _network([[[2.0], [2.0]]])
    network = network.__class__([network.layers[0].__class__(
        network.layers[0].W, np.array([1.0]), "identity")])
    trace = strict(lambda x: core.forward(network, x), np.array([1e308, -1e308]))
    assert trace.a[0].tolist() == [1.0]


@pytest.mark.parametrize("output", core.OUTPUTS)
@pytest.mark.parametrize("hidden", core.HIDDEN)
def test_enormous_weights_give_no_warning_and_nan_only_after_an_inf(hidden, output):
    # W = 1e308: a overflows to inf (correctly rounded). A NaN may follow only
    # where an earlier layer already holds an inf (inf − inf has no answer).
    network = _network([np.full((2, 3), 1e308), np.full((3, 3), -1e308),
                        np.full((3, 2), 1e308) * [1, -1]], hidden, output)
    for x in ([1.0, 0.5], [-1.0, 2.0], [LARGEST, -LARGEST]):
        trace = strict(lambda v: core.forward(network, v, grads=True), np.array(x))
        seen_inf = False
        for name in trace.names():
            values = trace[name]
            if output != "softmax_naive" and not seen_inf:
                assert not np.isnan(values).any(), name
            seen_inf = seen_inf or np.isinf(values).any()
        for k in range(1, 4):
            strict(trace.saturated, k)
            strict(trace.layer_summary, k)
    if output == "softmax":
        y = core.forward(network, np.array([1.0, 0.5])).y
        assert y.sum() == 1.0


@pytest.mark.parametrize("name", ["gelu", "silu", "mish", "relu", "tanh"])
def test_the_experiment_with_enormous_weights_warns_of_nothing(name):
    from core.experiments import init_experiment
    histograms = strict(lambda n: init_experiment(n, init="normal", std=1e200, samples=100,
                                                  layers=5, width=20), name)
    assert all(h.counts.sum() <= 100 * 20 for h in histograms)


def test_plots_and_landscapes_span_the_whole_float_range():
    from core import curves
    from core.landscape import landscape
    low, high = curves.plot_range([LARGEST, 1.0])  # 10% margin beyond LARGEST is inf
    assert (low, high) == (-LARGEST, LARGEST)
    for name in core.HIDDEN:
        xs, ys, dys = strict(lambda n: curves.sample(n, low, high), name)
        assert xs[0] == -LARGEST and xs[-1] == LARGEST and np.isfinite(xs).all()
        assert not np.isnan(ys).any() and not np.isnan(dys).any()
    xs, ys, dys = strict(lambda a: curves.output_curve("softmax", a, 1, low, high),
                         np.array([LARGEST, 1.0]))
    assert not np.isnan(ys).any()
    grid = strict(lambda r: landscape(core.preset("book"), [1.0, 0.5], 1, 2, r, steps=5),
                  (-LARGEST, LARGEST))
    assert grid.u[0] == -LARGEST and grid.u[-1] == LARGEST
    assert exact.ulps(grid.u[1:4], [-LARGEST / 2, 0.0, LARGEST / 2]).max() <= 1
    assert not np.isnan(grid.y).any()
