"""Activation and output functions: one registry of small records.

Every function takes and returns float64 arrays, follows PyTorch's
``torch.nn.functional`` defaults, and is written so that no finite input
(even +-1e300) overflows or makes an invalid value; NaN in gives NaN out.
Underflow to zero (or to a subnormal) is the correctly rounded answer, so
the registry silences it for every function in one place (_quiet_underflow).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import UnknownNameError
from .special import normal_cdf, normal_pdf

Array = np.ndarray

LEAKY_SLOPE = 0.01  # torch.nn.functional.leaky_relu negative_slope
ELU_ALPHA = 1.0  # torch.nn.functional.elu alpha
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
SOFTPLUS_THRESHOLD = 20.0  # torch.nn.functional.softplus: x above this returns x
SATURATION_GRAD = 0.01  # |h'(a)| below this counts as saturated


def _f64(x) -> Array:
    return np.asarray(x, dtype=np.float64)


def _keep_nan(x: Array, out) -> Array:
    """Put NaN back where a comparison-based formula would have hidden it."""
    nan = np.isnan(x)
    if not nan.any():  # the usual case: no third pass over the layer (training asks per step)
        return np.asarray(out)
    return np.where(nan, np.nan, out)


# --- elementwise functions and their derivatives -------------------------

def step(x):
    x = _f64(x)
    return _keep_nan(x, (x > 0).astype(np.float64))  # step(0) = 0, as in the book


def step_grad(x):
    x = _f64(x)
    return _keep_nan(x, np.zeros_like(x))  # zero everywhere; 0 at the jump too


def identity(x):
    return _f64(x).copy()


def identity_grad(x):
    x = _f64(x)
    return _keep_nan(x, np.ones_like(x))


def sigmoid(x):
    # The book's 1/(1+exp(-x)) for x >= 0, where it is exact to the last bit.
    # For x < 0 the same value as e/(1+e) with e = exp(x) <= 1: exp(-x) would
    # overflow below -709.78 and give 0 where the exact value is still a
    # subnormal (down to -745.13), so that silu(-711.5) came out -0.0.
    # Worked in one buffer: a fresh array per step costs more than the
    # arithmetic (page faults), five times more on a 1000 × 100 layer.
    x = _f64(x)
    e = np.abs(x, out=np.empty_like(x))  # out=: an array even for a scalar x
    np.negative(e, out=e)
    np.exp(e, out=e)  # e^-|x|: never overflows
    out = np.add(e, 1.0, out=np.empty_like(x))
    np.divide(np.where(x < 0, e, 1.0), out, out=out)
    return out


def sigmoid_grad(x):
    # e/(1+e)^2 instead of s(1-s): no cancellation when s is close to 1.
    e = np.abs(_f64(x))
    np.negative(e, out=e)
    np.exp(e, out=e)
    denominator = e + 1.0
    denominator *= denominator
    e /= denominator
    return e


def sigmoid_both(x):
    # sigmoid and sigmoid_grad from one e = e^-|x|: the exp is most of the work.
    x = _f64(x)
    e = np.abs(x, out=np.empty_like(x))
    np.negative(e, out=e)
    np.exp(e, out=e)
    out = np.add(e, 1.0, out=np.empty_like(x))
    grad = e / (out * out)
    np.divide(np.where(x < 0, e, 1.0), out, out=out)
    return out, grad


def tanh(x):
    return np.tanh(_f64(x))


def tanh_grad(x):
    # sech^2 = 4e/(1+e)^2 with e = exp(-2|x|); cosh(x) itself would overflow,
    # and |x| is capped so that doubling it cannot (sech^2(400) is 0 anyway).
    x = _f64(x)
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))
    return 4.0 * e / (1.0 + e) ** 2


def relu(x):
    return np.maximum(_f64(x), 0.0)


def relu_grad(x):
    x = _f64(x)
    return _keep_nan(x, (x > 0).astype(np.float64))  # 0 at x = 0, as PyTorch


def relu_both(x):
    # One conversion of x, and its NaNs looked for once (z is NaN exactly where x is).
    x = _f64(x)
    z = np.maximum(x, 0.0)
    grad = (x > 0).astype(np.float64)
    return z, _keep_nan(x, grad)


def leaky_relu(x):
    x = _f64(x)
    return np.where(x > 0, x, LEAKY_SLOPE * x)


def leaky_relu_grad(x):
    x = _f64(x)
    return _keep_nan(x, np.where(x > 0, 1.0, LEAKY_SLOPE))


def _expm1_nonpositive(x):
    # exp only ever sees min(x, 0), so large positive x cannot overflow.
    return np.expm1(np.minimum(x, 0.0))


def _exp_nonpositive(x):
    return np.exp(np.minimum(x, 0.0))


def elu(x):
    x = _f64(x)
    return np.where(x > 0, x, ELU_ALPHA * _expm1_nonpositive(x))


def elu_grad(x):
    x = _f64(x)
    return np.where(x > 0, 1.0, ELU_ALPHA * _exp_nonpositive(x))


def selu(x):
    x = _f64(x)
    # λ·x exceeds the largest float only for x > 1.7e308: inf is then the
    # correctly rounded result (PyTorch gives inf too), not a failure to report.
    with np.errstate(over="ignore"):
        return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * _expm1_nonpositive(x))


def selu_grad(x):
    x = _f64(x)
    return SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * _exp_nonpositive(x))


# GELU's Φ and φ come from core/special.py (numpy has no erf, and scipy is
# not a dependency).

# A layer fed by enormous weights can hold a = ±inf (an overflowed a, whose
# true value is merely huge). x·Φ(x), x·σ(x), x·tanh(softplus(x)) would then be
# inf·0 = NaN; the limit is 0 (or x, or 1 for a derivative). So the factor x
# is held at ±LIMIT_X, beyond which the other factor is exactly 0 or 1 in
# float64 (σ(−800) = 0, Φ(−800) = 0, φ(800) = 0): every finite x gives the
# same bits as before, and ±inf gives the limit.
LIMIT_X = 800.0


def _held(x):
    return np.clip(x, -LIMIT_X, LIMIT_X)  # NaN stays NaN


def gelu(x):
    x = _f64(x)
    return np.maximum(x, -LIMIT_X) * normal_cdf(x)


def gelu_grad(x):
    x = _f64(x)
    pdf = normal_pdf(x)
    return normal_cdf(x, pdf) + _held(x) * pdf


def gelu_both(x):
    # h and h' share Φ(x) and φ(x), the costly parts: the same values, half the work.
    x = _f64(x)
    pdf = normal_pdf(x)
    cdf = normal_cdf(x, pdf)
    return np.maximum(x, -LIMIT_X) * cdf, cdf + _held(x) * pdf


def silu(x):
    x = _f64(x)
    return np.maximum(x, -LIMIT_X) * sigmoid(x)


def silu_grad(x):
    # s(1 + x(1 - s)), with sigmoid(-x) standing for 1 - s to avoid cancellation.
    x = _f64(x)
    return sigmoid(x) * (1.0 + _held(x) * sigmoid(-x))


def silu_both(x):
    x = _f64(x)
    s = sigmoid(x)
    return np.maximum(x, -LIMIT_X) * s, s * (1.0 + _held(x) * sigmoid(-x))


def _softplus_exp(x):
    return np.exp(np.minimum(x, SOFTPLUS_THRESHOLD))


def softplus(x):
    x = _f64(x)
    return np.where(x > SOFTPLUS_THRESHOLD, x, np.log1p(_softplus_exp(x)))


def softplus_grad(x):
    # e/(1+e) with the e of softplus itself, as PyTorch's backward computes it.
    x = _f64(x)
    e = _softplus_exp(x)
    return np.where(x > SOFTPLUS_THRESHOLD, 1.0, e / (1.0 + e))


def softplus_both(x):
    x = _f64(x)
    e = _softplus_exp(x)
    above = x > SOFTPLUS_THRESHOLD
    return np.where(above, x, np.log1p(e)), np.where(above, 1.0, e / (1.0 + e))


def mish(x):
    x = _f64(x)
    return np.maximum(x, -LIMIT_X) * np.tanh(softplus(x))


def _mish_grad(x, e, t):
    # t + x·σ(x)·(1 − t²), σ(x) = e/(1+e) from softplus' own e: where x > 20
    # that e is capped, but there t = tanh(softplus(x)) = 1 and the term is 0.
    return t + _held(x) * (e / (1.0 + e)) * (1.0 - t * t)


def mish_grad(x):
    x = _f64(x)
    return _mish_grad(x, _softplus_exp(x), np.tanh(softplus(x)))


def mish_both(x):
    x = _f64(x)
    e = _softplus_exp(x)
    t = np.tanh(np.where(x > SOFTPLUS_THRESHOLD, x, np.log1p(e)))
    return np.maximum(x, -LIMIT_X) * t, _mish_grad(x, e, t)


def hard_sigmoid(x):
    return np.clip(_f64(x) + 3.0, 0.0, 6.0) / 6.0  # relu6(x + 3) / 6


def hard_sigmoid_grad(x):
    x = _f64(x)
    return _keep_nan(x, np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0))


def hard_tanh(x):
    return np.clip(_f64(x), -1.0, 1.0)


def hard_tanh_grad(x):
    x = _f64(x)
    return _keep_nan(x, np.where((x > -1.0) & (x < 1.0), 1.0, 0.0))


def softsign(x):
    # x/(1+|x|) can step down by one ulp between neighbours near 1e16 (the
    # numerator and the rounded denominator both grow). For |x| > 1 the equal
    # 1 - 1/(1+|x|) is a chain of monotone, correctly rounded operations, so
    # the claim "monotonic" holds bit for bit; below 1 the quotient keeps its
    # full relative accuracy near 0.
    x = _f64(x)
    a = np.abs(x)
    large = np.copysign(1.0 - 1.0 / (1.0 + a), x)
    small = np.minimum(a, 1.0)  # inf/(1+inf) would be NaN in the branch not taken
    return np.where(a > 1.0, large, np.copysign(small, x) / (1.0 + small))


def softsign_grad(x):
    x = _f64(x)
    return (1.0 / (1.0 + np.abs(x))) ** 2  # squaring (1+|x|) first would overflow


# --- output functions over the last axis ---------------------------------

def softmax(x):
    x = _f64(x)
    # Methods, not np.max/np.sum: the same reductions without numpy's Python
    # wrapper, which costs more than the sum itself on a batch's outputs.
    m = x.max(axis=-1, keepdims=True)
    # An a of +inf (enormous weights) takes the whole share, split evenly if
    # several are inf: the limit of softmax as those a grow. inf - inf would
    # be NaN, so an infinite max is not subtracted; a row all -inf is even.
    infinite = np.isinf(m)
    # x - max can only overflow towards -inf (a spread over 1.8e308), and
    # exp(-inf) = 0 is then the right answer.
    if infinite.any():
        with np.errstate(over="ignore"):
            shifted = x - np.where(infinite, 0.0, m)
        shifted = np.where(infinite, np.where(x == m, 0.0, -np.inf), shifted)
    else:  # the usual case, without two passes that change nothing (training asks per step)
        with np.errstate(over="ignore"):
            shifted = x - m
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_naive(x):
    """The book's first softmax, kept to show why the max is subtracted.

    exp(1010) is inf and inf/inf is nan: the result says so with NaN, and the
    app says so with a warning line, instead of numpy printing a warning.
    """
    x = _f64(x)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        return e / np.sum(e, axis=-1, keepdims=True)


def _softmax_diag_grad(fn):
    # The Jacobian's diagonal, s_i (1 - s_i): what one output does when its own
    # input moves, the quantity a plot of one unit can show.
    def grad(x):
        s = fn(x)
        with np.errstate(invalid="ignore"):
            return s * (1.0 - s)
    return grad


# --- the registry ----------------------------------------------------------

def _quiet_underflow(function):
    @functools.wraps(function)
    def quiet(x):
        with np.errstate(under="ignore"):
            return function(x)
    return quiet


@dataclass(frozen=True)
class Activation:
    name: str
    label: str
    fn: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    formula: str
    range: tuple[float, float]
    zero_centred: bool
    monotonic: bool
    smooth: bool
    saturating: bool
    dies: bool = False  # units with a <= 0 pass no gradient (dead ReLU)
    # Whether h reaches each end of `range` (exact arithmetic): sigmoid's
    # (0, 1) is open, ReLU's [0, ∞) closed at 0. Float64 rounds sigmoid(40)
    # to 1; the range says what the function does, not its rounding.
    attains: tuple[bool, bool] = (False, False)
    values: tuple[float, ...] | None = None  # a function of finitely many values (step)
    output_only: bool = False  # acts on the whole layer; only the last layer
    # h and h' in one call, where they share costly work; the same values as
    # fn and grad (tests/core/test_activations.py checks them bit for bit).
    both: Callable[[Array], tuple[Array, Array]] | None = None

    def __post_init__(self):
        object.__setattr__(self, "fn", _quiet_underflow(self.fn))
        object.__setattr__(self, "grad", _quiet_underflow(self.grad))
        if self.both is not None:
            object.__setattr__(self, "both", _quiet_underflow(self.both))

    def __call__(self, x):
        return self.fn(x)

    def value_and_grad(self, x) -> tuple[Array, Array]:
        """(h(x), h'(x)): what a forward pass that also wants h' asks for."""
        if self.both is None:
            return self.fn(x), self.grad(x)
        return self.both(x)

    def __repr__(self):
        return f"Activation({self.name}: {self.formula})"


INF = math.inf
# GELU, SiLU and Mish dip below zero once; their minima were found numerically
# (tests/core/test_activations.py checks no value falls below them).

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in [
    Activation("step", "Step", step, step_grad,
               "h(x) = 1 if x > 0 else 0", (0.0, 1.0),
               # Not saturating: h' is 0 everywhere (ch. 4's reason step cannot
               # learn), not a slope that fades at the ends as sigmoid's does.
               zero_centred=False, monotonic=True, smooth=False, saturating=False,
               attains=(True, True), values=(0.0, 1.0)),
    Activation("identity", "Identity", identity, identity_grad,
               "h(x) = x", (-INF, INF),
               zero_centred=True, monotonic=True, smooth=True, saturating=False),
    Activation("sigmoid", "Sigmoid", sigmoid, sigmoid_grad,
               "σ(x) = 1 / (1 + e⁻ˣ)", (0.0, 1.0),
               zero_centred=False, monotonic=True, smooth=True, saturating=True,
               both=sigmoid_both),
    Activation("tanh", "Tanh", tanh, tanh_grad,
               "tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)", (-1.0, 1.0),
               zero_centred=True, monotonic=True, smooth=True, saturating=True),
    Activation("relu", "ReLU", relu, relu_grad,
               "h(x) = max(0, x)", (0.0, INF),
               zero_centred=False, monotonic=True, smooth=False, saturating=False,
               dies=True, attains=(True, False), both=relu_both),
    Activation("leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_grad,
               "h(x) = x if x > 0 else 0.01·x", (-INF, INF),
               zero_centred=False, monotonic=True, smooth=False, saturating=False),
    Activation("elu", "ELU", elu, elu_grad,
               "h(x) = x if x > 0 else eˣ − 1", (-1.0, INF),
               zero_centred=False, monotonic=True, smooth=True, saturating=True),
    Activation("selu", "SELU", selu, selu_grad,
               "h(x) = λ·x if x > 0 else λα(eˣ − 1),  λ≈1.0507, α≈1.6733",
               (-SELU_SCALE * SELU_ALPHA, INF),
               zero_centred=False, monotonic=True, smooth=False, saturating=True),
    Activation("gelu", "GELU", gelu, gelu_grad,
               "h(x) = x·Φ(x) = x·½(1 + erf(x/√2))", (-0.16997120747990369, INF),
               zero_centred=False, monotonic=False, smooth=True, saturating=True,
               both=gelu_both, attains=(True, False)),
    Activation("silu", "SiLU", silu, silu_grad,
               "h(x) = x·σ(x)", (-0.27846454276107385, INF),
               zero_centred=False, monotonic=False, smooth=True, saturating=True,
               both=silu_both, attains=(True, False)),
    Activation("softplus", "Softplus", softplus, softplus_grad,
               "h(x) = ln(1 + eˣ)", (0.0, INF),
               zero_centred=False, monotonic=True, smooth=True, saturating=True,
               both=softplus_both),
    Activation("mish", "Mish", mish, mish_grad,
               "h(x) = x·tanh(ln(1 + eˣ))", (-0.3088434130172505, INF),
               zero_centred=False, monotonic=False, smooth=True, saturating=True,
               both=mish_both, attains=(True, False)),
    Activation("hard_sigmoid", "Hard sigmoid", hard_sigmoid, hard_sigmoid_grad,
               "h(x) = min(max(x + 3, 0), 6) / 6", (0.0, 1.0),
               zero_centred=False, monotonic=True, smooth=False, saturating=True,
               attains=(True, True)),
    Activation("hard_tanh", "Hard tanh", hard_tanh, hard_tanh_grad,
               "h(x) = min(max(x, −1), 1)", (-1.0, 1.0),
               zero_centred=True, monotonic=True, smooth=False, saturating=True,
               attains=(True, True)),
    Activation("softsign", "Softsign", softsign, softsign_grad,
               "h(x) = x / (1 + |x|)", (-1.0, 1.0),
               zero_centred=True, monotonic=True, smooth=True, saturating=True),
    Activation("softmax", "Softmax", softmax, _softmax_diag_grad(softmax),
               "yₖ = exp(aₖ − max a) / Σᵢ exp(aᵢ − max a)", (0.0, 1.0),
               zero_centred=False, monotonic=True, smooth=True, saturating=True,
               output_only=True),
    Activation("softmax_naive", "Softmax (naive)", softmax_naive,
               _softmax_diag_grad(softmax_naive),
               "yₖ = exp(aₖ) / Σᵢ exp(aᵢ)   (overflows for aₖ > 709)", (0.0, 1.0),
               zero_centred=False, monotonic=True, smooth=True, saturating=True,
               output_only=True),
]}

HIDDEN = [name for name, a in ACTIVATIONS.items() if not a.output_only]
OUTPUTS = ["identity", "sigmoid", "softmax", "softmax_naive"]


def get(name: str) -> Activation:
    """The registered function called `name`; a clear error listing the others."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise UnknownNameError("unknown_function", name=name,
                               choices=", ".join(ACTIVATIONS)) from None
