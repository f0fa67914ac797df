"""Exact references for the accuracy tests, by the decimal module at 60
digits: slow, independent of core (other series, other code), and far beyond
float64, so that the float nearest to each value is known.
"""
from decimal import Decimal, localcontext

import numpy as np

DIGITS = 60


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


def ulps(mine, exact) -> np.ndarray:
    """|mine − exact| in units of the last place of the exact float."""
    mine, exact = np.asarray(mine, dtype=np.float64), np.asarray(exact, dtype=np.float64)
    return np.abs(mine - exact) / np.spacing(np.abs(exact))
