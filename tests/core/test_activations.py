"""Every activation against its exact values, PyTorch, finite differences and its
own claims."""
import functools
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


# --- against PyTorch and the exact values, counted in ulp ------------------
# Each comparison allows what the code was measured to achieve, a few units in
# the last place, so that an error of 1e-10 relative (some 500,000 ulp) fails.

TINY = 2.2250738585072014e-308  # the smallest normal float
X = np.array(REFERENCE["x"])  # 361 inputs from ±5e-324 to ±1.8e308
_rng = np.random.default_rng(23)
DENSE = np.concatenate([X, _rng.uniform(-40, 40, 400), _rng.uniform(-3, 3, 200)])

# The largest error of h and of h′ in ulp of the exact value (tests/core/exact.py),
# measured at DENSE and at 3 × 3,800 more (other seeds: [−40, 40], [−3, 3], the
# subnormal tails, ±1e-30 to ±1e30).
EXACT_ULPS = {
    "step": (0, 0), "identity": (0, 0), "relu": (0, 0), "leaky_relu": (0, 0),
    "hard_tanh": (0, 0), "hard_sigmoid": (1, 0), "elu": (1, 1), "selu": (3, 3),
    "sigmoid": (2, 3), "tanh": (1, 4), "softplus": (1, 2), "softsign": (1, 3),
    "gelu": (4, 4), "silu": (3, 4),
    # Mish′ = t + x·σ·(1 − t²) with t = tanh(softplus(x)): 1 − t² cancels as t
    # nears 1, measured 11 ulp at x ≈ 19.
    "mish": (2, 11),
}
# GELU′, SiLU′ and Mish′ are 0 at the function's minimum, a difference of two
# terms near ¼ (Φ and x·φ; σ and σ·x·σ(−x); ...): within 1 of that root the
# error can only be counted in ulp of ¼. Measured: 2.
ROOTS = {"gelu": -0.7517915246935645, "silu": -1.2784645427610737, "mish": -1.1924312145154952}
ROOT_ULPS = 2
# GELU′ for x < 0: φ(x) = exp(−x²/2)/√(2π) takes x² rounded, and exp magnifies
# that rounding by x²/2. Measured up to 0.83·(4 + x²/2) ulp: 491 ulp at x = −34.
# (φ's magnification, as Φ's was, could be put back by splitting x² exactly.)
GELU_GRAD_NEGATIVE_ULPS = 4  # + x²/2
# x·f(x), with f = Φ, σ or tanh∘softplus, where f is a subnormal (below about
# −37.5 for Φ, −708.4 for σ): f holds only the bits a subnormal has, and x
# multiplies f's absolute error, counted here in units of 5e-324. Measured:
# Φ 3.7 units (erfc's 3, halved, and the correction), σ and tanh∘softplus 0.5.
SUBNORMAL_UNITS = {"gelu": 4.0, "silu": 0.5, "mish": 0.5}


def allowed(name, derivative, x, expected):
    """The largest |actlab − exact| the measurements allow at each x."""
    x, expected = np.asarray(x), np.asarray(expected)
    ulps = np.full(x.shape, float(EXACT_ULPS[name][derivative]))
    if derivative and name == "gelu":
        held = np.clip(x, -40.0, 0.0)  # beyond −38.6 φ is 0 and so is the slack
        ulps = np.where(x < 0, GELU_GRAD_NEGATIVE_ULPS + held * held / 2, ulps)
    tolerance = ulps * exact.spacing(expected)
    if derivative and name in ROOTS:
        near = np.abs(x - ROOTS[name]) < 1
        tolerance = np.where(near, np.maximum(ROOT_ULPS * np.spacing(0.25), tolerance),
                             tolerance)
    if name in SUBNORMAL_UNITS:
        subnormal = np.abs(expected) < np.abs(x) * TINY  # f(x) = h/x below TINY
        slack = np.abs(x) * 5e-324 * SUBNORMAL_UNITS[name]  # not 0.5 * 5e-324: that is 0
        tolerance = tolerance + np.where(subnormal, slack, 0.0)
    return tolerance


@functools.cache
def exact_values(name: str, derivative: bool) -> np.ndarray:
    return exact.activation(name, DENSE, derivative)  # decimal: 0.3 s a function


def mine(name, derivative, x):
    function = core.get(name)
    return strict(function.grad if derivative else function.fn, x)


@pytest.mark.parametrize("derivative", [False, True], ids=["h", "h'"])
@pytest.mark.parametrize("name", REQUIRED)
def test_within_the_measured_ulp_of_the_exact_value(name, derivative):
    expected = exact_values(name, derivative)
    ours = mine(name, derivative, DENSE)
    with np.errstate(invalid="ignore"):  # inf − inf where both overflow (selu(1.8e308))
        excess = np.abs(ours - expected) - allowed(name, derivative, DENSE, expected)
    excess[ours == expected] = 0.0
    assert not (excess > 0).any(), f"worst at x = {DENSE[np.argmax(excess)]!r}"


TORCH_ULPS = 2  # PyTorch's own error wherever its formula holds (selu, softplus′)
SUBNORMAL_SIGMOID = -708.4  # σ(x) and eˣ are subnormal below this
# Where PyTorch's formula loses the value, PyTorch is not compared; the exact
# value decides there (test_where_pytorch_is_not_compared_its_formula_loses).
TORCH_LOSES = {
    ("sigmoid", False): (lambda x: x < SUBNORMAL_SIGMOID,
                         "1/(1 + exp(−x)): exp overflows below −709.78, σ becomes 0"),
    ("sigmoid", True): (lambda x: (x > 0) | (x < SUBNORMAL_SIGMOID),
                        "σ·(1 − σ): 1 − σ cancels as σ nears 1"),
    ("tanh", True): (lambda x: np.abs(x) > 1, "1 − tanh²: cancels as tanh nears ±1"),
    ("gelu", False): (lambda x: x < -1, "x·½(1 + erf(x/√2)): 1 + erf cancels for x < 0"),
    ("gelu", True): (lambda x: x < -0.5, "½(1 + erf(x/√2)) + x·φ: 1 + erf cancels"),
    ("silu", False): (lambda x: x < SUBNORMAL_SIGMOID, "its σ = 1/(1 + exp(−x)), as above"),
    ("silu", True): (lambda x: (x > 0) | (x < SUBNORMAL_SIGMOID),
                     "σ·(1 + x·(1 − σ)): 1 − σ cancels as σ nears 1"),
    ("mish", False): (lambda x: x < SUBNORMAL_SIGMOID,
                      "tanh(log1p(exp(x))) of a subnormal keeps fewer bits"),
    ("mish", True): (lambda x: x < SUBNORMAL_SIGMOID,
                     "tanh(log1p(exp(x))) of a subnormal keeps fewer bits"),
    ("hard_sigmoid", True): (lambda x: np.abs(x) < 3,
                             "1/6 held as a float32, 0.1666666716..., not the float64 1/6"),
    ("softsign", True): (lambda x: np.abs(x) > 1,
                         "1/(1 + |x|) − |x|/(1 + |x|)² (autograd of the quotient) cancels"),
}


def torch_values(name, derivative):
    return np.array(REFERENCE["functions"][name]["dy" if derivative else "y"])


def torch_mismatch(name, derivative):
    """Where actlab and PyTorch differ by more than both their errors allow."""
    theirs = torch_values(name, derivative)
    tolerance = allowed(name, derivative, X, theirs) + TORCH_ULPS * exact.spacing(theirs)
    ours = mine(name, derivative, X)
    with np.errstate(invalid="ignore"):  # inf − inf where both overflow (selu(1.8e308))
        distance = np.abs(ours - theirs)
    return (distance > tolerance) & (ours != theirs)


@pytest.mark.parametrize("derivative", [False, True], ids=["h", "h'"])
@pytest.mark.parametrize("name", REQUIRED)
def test_matches_pytorch_float64_and_autograd(name, derivative):
    nowhere = (lambda x: np.zeros(x.shape, bool), "")
    where, _ = TORCH_LOSES.get((name, derivative), nowhere)
    mismatch = torch_mismatch(name, derivative) & ~where(X)
    assert not mismatch.any(), f"differs from PyTorch at x = {X[mismatch]}"


@pytest.mark.parametrize("key", list(TORCH_LOSES), ids=lambda key: key[0] + "'" * key[1])
def test_where_pytorch_is_not_compared_its_formula_loses(key):
    name, derivative = key
    where, why = TORCH_LOSES[key]
    expected = exact_values(name, derivative)[:X.size]
    mismatch = torch_mismatch(name, derivative)
    assert mismatch.any(), f"no longer needed: {why}"
    assert where(X)[mismatch].all()  # and names every x where the two part
    # There it is PyTorch that has lost the value, beyond its error elsewhere
    # (actlab is within its measured error of the exact value everywhere).
    assert (exact.ulps(torch_values(name, derivative), expected)[mismatch] > TORCH_ULPS).all()


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


def test_softmax_within_1_ulp_of_pytorch_and_of_the_exact_value():
    for case in REFERENCE["softmax"]:
        y = strict(core.get("softmax").fn, case["x"])
        assert exact.ulps(y, case["y"]).max() <= 1  # measured: 1 at [1, 2, 3]
        assert exact.ulps(y, exact.softmax(case["x"])).max() <= 1


def test_softmax_never_overflows():
    y = strict(core.get("softmax").fn, [1010.0, 1000.0, 990.0])
    assert abs(y.sum() - 1.0) <= 2.3e-16  # the rounding of a sum of three: 1 ulp
    # y₁ = 1/(1 + e⁻¹⁰ + e⁻²⁰) = 0.99995460007033108713 (60-digit decimal),
    # the float 0.9999546000703311; actlab (and PyTorch) give its neighbour
    # below, 0.999954600070331, 0.87 ulp from the exact value.
    assert exact.ulps(y[0], 0.9999546000703311) <= 1
    assert exact.ulps(y[0], exact.softmax([1010.0, 1000.0, 990.0])[0]) <= 1


def test_naive_softmax_shows_the_books_overflow_as_nan_without_a_warning():
    y = strict(core.get("softmax_naive").fn, [1010.0, 1000.0, 990.0])
    assert np.isnan(y).all()
    small = strict(core.get("softmax_naive").fn, [0.3, 2.9, 4.0])
    assert exact.ulps(small, exact.softmax([0.3, 2.9, 4.0])).max() <= 1


def test_softmax_works_on_each_row_of_a_batch():
    batch = np.array([[1.0, 2.0, 3.0], [1010.0, 1000.0, 990.0]])
    y = core.get("softmax").fn(batch)
    assert (np.abs(y.sum(axis=1) - 1.0) <= 2.3e-16).all()
    assert np.array_equal(y[0], core.get("softmax").fn(batch[0]))
    assert np.array_equal(y[1], core.get("softmax").fn(batch[1]))


def test_book_conventions():
    assert core.get("step").fn(0.0) == 0.0  # step(0) = 0, as in the book
    assert core.get("relu").grad(0.0) == 0.0
    assert core.get("leaky_relu").fn(-2.0) == -0.02
    assert exact.ulps(core.get("elu").fn(-1.0), np.expm1(-1.0)) <= 1
    assert core.get("softplus").fn(20.5) == 20.5  # above the threshold: x itself
    assert exact.ulps(core.get("softplus").fn(19.0), np.log1p(np.exp(19.0))) <= 1
    assert core.get("hard_sigmoid").fn(1.5) == 0.75
    assert exact.ulps(core.get("gelu").fn(1.0), exact.gelu(1.0)) <= 1  # Φ(1) = 0.84134474...


# Points away from each function's kinks, where a derivative exists.
FD_POINTS = np.array([-7.3, -4.1, -2.2, -1.3, -0.7, -0.2, 0.15, 0.6, 1.4, 2.6, 4.4, 8.9])


H = 1e-6
# A central difference is as good as its rounding: f(x ± h) rounded and x ± h
# rounded give an error of about ε·(1 + |f|)/h (the truncation, h²·f‴/6, is
# 1e-13). Measured: at most 0.92 of that (SiLU); allowed: twice.
FD_ERROR = 2 * 2.2e-16 / H


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_difference(name):
    a = core.get(name)
    numeric = (a.fn(FD_POINTS + H) - a.fn(FD_POINTS - H)) / (2 * H)
    error = np.abs(a.grad(FD_POINTS) - numeric)
    assert (error <= FD_ERROR * (1 + np.abs(a.fn(FD_POINTS)))).all()


def test_softmax_diagonal_derivative_matches_central_difference():
    a = np.array([0.3, 2.9, 4.0])
    softmax = core.get("softmax")
    for i in range(3):
        step = np.zeros(3)
        step[i] = H
        numeric = (softmax.fn(a + step)[i] - softmax.fn(a - step)[i]) / (2 * H)
        assert abs(softmax.grad(a)[i] - numeric) <= FD_ERROR * (1 + softmax.fn(a)[i])


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
    # saturated; the explorer marks the two differently. Step is flat
    # everywhere (h' = 0 even at x = 0.5): neither a fading slope nor dead.
    for name in ELEMENTWISE:
        a = core.get(name)
        far = np.array([-50.0, 50.0])
        flat = (np.abs(a.grad(far)) < activations.SATURATION_GRAD).any()
        flat_everywhere = (a.grad(np.linspace(-5, 5, 101)) == 0).all()
        assert flat == (a.saturating or a.dies or flat_everywhere), name
        assert not (a.saturating and flat_everywhere), name
    assert [n for n in ELEMENTWISE if core.get(n).dies] == ["relu"]


# --- accuracy against exact values (tests/core/exact.py) -----------------


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
    # A plot spans at most ±PLOT_REACH (plotext's ticks overflow near LARGEST:
    # a typed x of 1e306 ended the app), but the curves themselves sample the
    # whole float range without a warning or a NaN.
    assert curves.plot_range([LARGEST, 1.0]) == (-curves.PLOT_REACH, curves.PLOT_REACH)
    assert curves.plot_range([50.0]) == (-55.00000000000001, 55.00000000000001)
    low, high = -LARGEST, LARGEST
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
