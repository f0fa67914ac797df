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
