"""Exact references for the accuracy tests, by the decimal module at 60
digits: slow, independent of core (other series, other code), and far beyond
float64, so that the float nearest to each value is known.
"""
import functools
import math
from decimal import Context, Decimal, localcontext

import numpy as np

DIGITS = 60


@functools.cache  # always called at DIGITS digits
def _pi() -> Decimal:
    """π by Machin's formula, π = 16·atan(1/5) − 4·atan(1/239)."""
    def atan_inverse(n: int) -> Decimal:
        total, power, k = Decimal(0), Decimal(1) / n, 0
        while power > Decimal(10) ** -(DIGITS + 5):
            total += (-1) ** k * power / (2 * k + 1)
            power /= n * n
            k += 1
        return total
    return 16 * atan_inverse(5) - 4 * atan_inverse(239)


def _erfc(t: Decimal) -> Decimal:
    if t < 0:
        return 2 - _erfc(-t)
    if t < 5:  # erf's Taylor series; its terms reach e^25, well inside 60 digits
        square, term, n, total = t * t, t, 0, Decimal(0)
        while n <= square or abs(term) > Decimal(10) ** -(DIGITS + 10):
            total += term / (2 * n + 1)
            n += 1
            term = -term * square / n
        return 1 - 2 / _pi().sqrt() * total
    # Laplace's continued fraction; from t = 5 on, 120 terms are exact to 60 digits.
    fraction = t
    for k in range(120, 0, -1):
        fraction = t + Decimal(k) / 2 / fraction
    return (-t * t).exp() / _pi().sqrt() / fraction


def erfc(t: float) -> float:
    with localcontext() as context:
        context.prec = DIGITS
        return float(_erfc(Decimal(float(t))))


def gelu(x: float) -> float:
    """x·Φ(x) = x/2·erfc(−x/√2), with x/√2 exact (not rounded first)."""
    with localcontext() as context:
        context.prec = DIGITS
        d = Decimal(float(x))
        return float(d / 2 * _erfc(-d / Decimal(2).sqrt()))


def sigmoid(x: float) -> float:
    with localcontext() as context:
        context.prec = DIGITS
        return float(1 / (1 + (-Decimal(float(x))).exp()))


def each(function, x) -> np.ndarray:
    return np.array([function(v) for v in np.ravel(x)]).reshape(np.shape(x))


def spacing(v) -> np.ndarray:
    """The ulp of each |v|: 2^971 in the top binade too (numpy's spacing says
    inf there, the distance to the next float beyond), and 0 at ±inf."""
    v = np.abs(np.asarray(v, dtype=np.float64))
    with np.errstate(over="ignore", invalid="ignore"):
        ulp = np.spacing(v)
    return np.where(np.isinf(v), 0.0, np.where(np.isinf(ulp), 2.0 ** 971, ulp))


def ulps(mine, exact) -> np.ndarray:
    """|mine − exact| in units of the last place of the exact float; 0 where
    the two are equal (±inf included), inf where only one is infinite."""
    mine, exact = np.asarray(mine, dtype=np.float64), np.asarray(exact, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):  # inf − inf; x/0 at inf
        distance = np.abs(mine - exact) / spacing(exact)
    return np.where(mine == exact, 0.0, np.where(np.isnan(distance), np.inf, distance))


# --- every activation and its derivative, for the reference inputs --------
# Each is written with e = exp(−|x|) (or exp(x) for x ≤ 0), which never
# overflows, and with expm1/log1p by series where 1 − e would cancel; the
# exponent range is widened so that σ(−745) is a subnormal, not an underflow.

def _expm1(t: Decimal) -> Decimal:
    if abs(t) > Decimal("0.001"):
        return t.exp() - 1  # loses at most 3 of the 60 digits
    total, term, n = Decimal(0), t, 1
    while term != 0 and abs(term) > abs(total) * Decimal(10) ** -(DIGITS + 5):
        total += term
        n += 1
        term = term * t / n
    return total


def _log1p(u: Decimal) -> Decimal:
    if u > Decimal("0.001"):
        return (1 + u).ln()
    total, power, n = Decimal(0), u, 1
    while power != 0 and power > abs(total) * Decimal(10) ** -(DIGITS + 5):
        total += (-1) ** (n + 1) * power / n
        n += 1
        power *= u
    return total


def _sigmoid(d: Decimal) -> Decimal:
    e = (-abs(d)).exp()
    return 1 / (1 + e) if d >= 0 else e / (1 + e)


def _sigmoid_grad(d: Decimal) -> Decimal:
    e = (-abs(d)).exp()
    return e / (1 + e) ** 2


def _tanh(d: Decimal) -> Decimal:
    e = _expm1(-2 * abs(d))  # e^(−2|x|) − 1
    return (-e / (2 + e)).copy_sign(d)


def _tanh_grad(d: Decimal) -> Decimal:
    e = (-2 * abs(d)).exp()
    return 4 * e / (1 + e) ** 2


def _tanh_softplus(d: Decimal) -> tuple[Decimal, Decimal]:
    """tanh(ln(1 + eˣ)) and 1 − tanh² of it, without cancellation: with
    E = eˣ, tanh = (E² + 2E)/(E² + 2E + 2)."""
    if d <= 0:
        E = d.exp()
        n = E * E + 2 * E
        return n / (n + 2), 4 * (n + 1) / (n + 2) ** 2
    u = (-d).exp()  # the same over E²
    n, m = 1 + 2 * u, 1 + 2 * u + 2 * u * u
    return n / m, 4 * u * u * (1 + u) ** 2 / m ** 2


SELU_SCALE = Decimal("1.0507009873554804934193349852946")  # Klambauer et al.
SELU_ALPHA = Decimal("1.6732632423543772848170429916717")
LEAKY_SLOPE = Decimal(0.01)  # the float 0.01, as torch's negative_slope is
SOFTPLUS_THRESHOLD = 20  # torch's softplus: x itself above it


def _phi(d: Decimal) -> Decimal:
    return (-d * d / 2).exp() / (2 * _pi()).sqrt()


def _normal_cdf(d: Decimal) -> Decimal:
    return _erfc(-d / Decimal(2).sqrt()) / 2


def _mish_grad(d: Decimal) -> Decimal:
    t, sech2 = _tanh_softplus(d)
    return t + d * _sigmoid(d) * sech2


def _softplus(d: Decimal) -> Decimal:
    return d if d > SOFTPLUS_THRESHOLD else _log1p(d.exp())


def _clip(d: Decimal, low, high) -> Decimal:
    return min(max(d, Decimal(low)), Decimal(high))


def _inside(d: Decimal, low, high) -> Decimal:
    return Decimal(1) if low < d < high else Decimal(0)


# name: (h, h'), each a function of an exact Decimal x
ACTIVATIONS = {
    "step": (lambda d: _inside(d, 0, math.inf), lambda d: Decimal(0)),
    "identity": (lambda d: d, lambda d: Decimal(1)),
    "sigmoid": (_sigmoid, _sigmoid_grad),
    "tanh": (_tanh, _tanh_grad),
    "relu": (lambda d: max(d, Decimal(0)), lambda d: _inside(d, 0, math.inf)),
    "leaky_relu": (lambda d: d if d > 0 else LEAKY_SLOPE * d,
                   lambda d: Decimal(1) if d > 0 else LEAKY_SLOPE),
    "elu": (lambda d: d if d > 0 else _expm1(d), lambda d: Decimal(1) if d > 0 else d.exp()),
    "selu": (lambda d: SELU_SCALE * (d if d > 0 else SELU_ALPHA * _expm1(d)),
             lambda d: SELU_SCALE * (1 if d > 0 else SELU_ALPHA * d.exp())),
    "gelu": (lambda d: d * _normal_cdf(d), lambda d: _normal_cdf(d) + d * _phi(d)),
    "silu": (lambda d: d * _sigmoid(d), lambda d: _sigmoid(d) * (1 + d * _sigmoid(-d))),
    "softplus": (_softplus,
                 lambda d: Decimal(1) if d > SOFTPLUS_THRESHOLD else _sigmoid(d)),
    "mish": (lambda d: d * _tanh_softplus(d)[0], _mish_grad),
    "hard_sigmoid": (lambda d: _clip(d + 3, 0, 6) / 6, lambda d: _inside(d, -3, 3) / 6),
    "hard_tanh": (lambda d: _clip(d, -1, 1), lambda d: _inside(d, -1, 1)),
    "softsign": (lambda d: d / (1 + abs(d)), lambda d: 1 / (1 + abs(d)) ** 2),
}


def _wide_context():
    """DIGITS digits and an exponent range so wide that σ(−745) or e^(−1020)
    is a number, not an underflow (float() then rounds it to a subnormal or 0)."""
    return localcontext(Context(prec=DIGITS, Emin=-10 ** 9, Emax=10 ** 9))


def activation(name: str, x, derivative: bool = False) -> np.ndarray:
    """h(x) (or h'(x)) of the activation `name`, the float nearest the exact
    value for each x."""
    function = ACTIVATIONS[name][derivative]
    with _wide_context():
        return each(lambda v: float(function(Decimal(float(v)))), x)


def softmax(a) -> np.ndarray:
    """exp(aₖ − max a) / Σ exp(aᵢ − max a) for one finite vector a."""
    with _wide_context():
        a = [Decimal(float(v)) for v in a]
        e = [(v - max(a)).exp() for v in a]
        return np.array([float(v / sum(e)) for v in e])
