"""The complementary error function erfc for float64 arrays, and with it the
normal distribution's Φ and φ that GELU is made of: what the activations need
and numpy lacks.

numpy has no erf and scipy is not a dependency. math.erfc is correct to the
last bit but costs one Python call per value (80 ms for the five 1000 × 100
layers of the chapter-6 experiment); this evaluates whole arrays at once and
stays within a few units in the last place of the exact value
(tests/core/test_special.py measures it against math.erfc).

How, for t >= 0 (negative t through erfc(t) = 2 - erfc(-t)):
    erfc(t) = erfcx(t) · e^(-t²)
erfcx (the scaled function) is smooth and slowly varying, so [0, 28] is cut
into pieces of width 1/16 centred on c = 0, 1/16, 2/16, ..., and on each
piece erfcx is a polynomial of degree 8 (held times e^(-c²), so that only the
small e^(-(t² - c²)) is left to compute per value). The polynomials come from erfcx's Taylor series at each piece's centre,
computed exactly with the decimal module at first use (about 45 ms, once) and
then economised (Chebyshev-truncated), so no table of magic numbers needs
trusting. Beyond t = 27.3 erfc underflows to 0, and below t = -6 it rounds
to 2: values there (most of an exploding layer) are set, not computed.
"""
from __future__ import annotations

import math
from functools import cache

import numpy as np

# decimal and numpy.polynomial are imported where the table is made: only
# GELU needs them, and `actlab trace` should not pay for their import.

SQRT_PI = math.sqrt(math.pi)
PIECES_PER_UNIT = 16
TOP = 28.0  # the table's end: erfc is 0 in float64 from UNDERFLOW on
UNDERFLOW = 27.3  # erfc(27.3) ≈ 1e-325 rounds to 0
ALL_TWO = -6.0  # erfc(-6) = 2 - 2e-17 rounds to 2
DEGREE = 8  # with width 1/16: within 3e-16 of the exact erfcx (the test's sweep)
_TAYLOR_TERMS = 14  # before economising to DEGREE
_HALF_WIDTH = 0.5 / PIECES_PER_UNIT


def _decimal_pi():
    """π to the current decimal precision by Machin's formula,
    π = 16·atan(1/5) − 4·atan(1/239), each arctangent by its series."""
    from decimal import Decimal
    def atan_inverse(n: int):
        total, power, k = Decimal(0), Decimal(1) / n, 0
        while power > Decimal(10) ** -80:
            total += (-1) ** k * power / (2 * k + 1)
            power /= n * n
            k += 1
        return total
    return 16 * atan_inverse(5) - 4 * atan_inverse(239)


def _exact_erfcx(c, two_over_sqrt_pi):
    """erfcx(c) = e^(c²)·erfc(c) for a Decimal c, well beyond double precision."""
    from decimal import Decimal
    if c < 4:
        # erf's Taylor series: terms reach e^16 ≈ 1e7 before cancelling,
        # which the 60 digits of the context absorb.
        square, term, n, erf = c * c, c, 0, Decimal(0)
        while n <= square or abs(term) > Decimal(10) ** -50:
            erf += term / (2 * n + 1)
            n += 1
            term = -term * square / n
        return (1 - two_over_sqrt_pi * erf) * square.exp()
    # The continued fraction 1/(c + (1/2)/(c + 1/(c + (3/2)/(c + ...)))) / √π:
    # at c = 4 its 40th term is within 1e-25 of the limit, and 50 are taken.
    fraction = c
    for k in range(50, 0, -1):
        fraction = c + Decimal(k) / 2 / fraction
    return two_over_sqrt_pi / 2 / fraction


def _economiser() -> np.ndarray:
    """The matrix taking Taylor coefficients (powers 0.._TAYLOR_TERMS-1 of x
    on [-1, 1]) to the DEGREE coefficients of their Chebyshev truncation: the
    truncation spreads the error evenly over the piece, about 2^DEGREE times
    smaller than cutting the Taylor series itself."""
    from numpy.polynomial import chebyshev
    def matrix(convert, size):  # column k: convert(the k-th unit vector)
        columns = [convert(unit) for unit in np.eye(size)]
        return np.array([np.pad(c, (0, size - len(c))) for c in columns]).T

    to_chebyshev = matrix(chebyshev.poly2cheb, _TAYLOR_TERMS)
    return matrix(chebyshev.cheb2poly, DEGREE + 1) @ to_chebyshev[:DEGREE + 1]


@cache
def _table() -> np.ndarray:
    """Column i: the monomial coefficients, in x = (t - c) / half width, of
    erfcx(t)·e^(-c²) on the piece centred on c = i/16, so that
    erfc(t) = that · e^(-(t - c)(t + c)): one small exponent left to compute,
    with no cancellation (t² - c² is formed from t - c, which is exact)."""
    from decimal import Decimal, localcontext
    rows = []
    with localcontext() as context:
        context.prec = 60
        two_over_sqrt_pi = 2 / _decimal_pi().sqrt()
        powers = [Decimal(_HALF_WIDTH) ** n for n in range(_TAYLOR_TERMS)]  # exact: 2^-5n
        for i in range(int(TOP * PIECES_PER_UNIT) + 1):
            c = Decimal(i) / PIECES_PER_UNIT
            # Taylor coefficients from erfcx' = 2t·erfcx − 2/√π:
            # (n+1)·a(n+1) = 2c·a(n) + 2·a(n−1). Unstable forwards in float64
            # (errors grow like (2c)^n), harmless at 60 digits for 14 terms.
            a = [_exact_erfcx(c, two_over_sqrt_pi)]
            a.append(2 * c * a[0] - two_over_sqrt_pi)
            for n in range(1, _TAYLOR_TERMS - 1):
                a.append((2 * c * a[n] + 2 * a[n - 1]) / (n + 1))
            damp = (-c * c).exp()
            rows.append([float(v * power * damp) for v, power in zip(a, powers)])
    taylor = np.array(rows).T
    table = _economiser() @ taylor
    # The value at each centre kept as the series gives it (correctly
    # rounded): erfc(0) = 1 and Φ(0) = ½ exactly. It moves the economised
    # error by far less than an ulp.
    table[0] = taylor[0]
    return np.ascontiguousarray(table)  # one row per power, contiguous, for np.take


def _near_only(t: np.ndarray, near: np.ndarray, compute, far: np.ndarray) -> np.ndarray:
    """compute(t) where `near`, `far` elsewhere (NaN stays NaN), for 1-d t.

    Far from 0 these functions are exactly 0 (or 2) in float64, and the
    layers of an exploding network are mostly such values; numpy's exp would
    even take its slow path for them (5 to 35 times slower per value). So
    only the near values are computed, when there are others at all.
    """
    if near.all():
        return compute(t)
    result = far
    result[np.isnan(t)] = np.nan
    index = np.flatnonzero(near)
    if index.size:
        result[index] = compute(t[index])
    return result


def erfc(t) -> np.ndarray:
    """erfc(t) = 1 − erf(t) elementwise in float64; NaN stays NaN,
    erfc(inf) = 0 and erfc(−inf) = 2."""
    t = np.asarray(t, dtype=np.float64)
    shape, t = t.shape, t.reshape(-1)  # 1-d: in-place steps need arrays, not scalars
    # Outside (ALL_TWO, UNDERFLOW) erfc is 2 or 0 in float64 already.
    near = (t > ALL_TWO) & (t < UNDERFLOW)  # NaN is neither
    return _near_only(t, near, _erfc_near, np.where(t < 0, 2.0, 0.0)).reshape(shape)


_SQRT1_2 = math.sqrt(0.5)
_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
PDF_ZERO = 38.61  # φ(x) = e^(-x²/2)/√(2π) is 0 in float64 for |x| beyond this


_SPLIT = 134217729.0  # 2^27 + 1: Veltkamp's split into two 26-bit halves
# √½ = _SQRT1_2 + _SQRT1_2_LOW to about 106 bits (the low part from 60-digit
# decimal arithmetic: 1/√2 − float(√½)).
_SQRT1_2_LOW = -4.833646656726457e-17


def _split(v):
    c = v * _SPLIT
    high = c - (c - v)
    return high, v - high


def normal_cdf(x, pdf=None) -> np.ndarray:
    """Φ(x) = ½·erfc(−x/√2): erfc, not 1 + erf, keeps the tiny tail for x < 0.

    t = −x/√2 is rounded before erfc sees it, and erfc magnifies that
    rounding by 2t² (1,500 ulp of Φ at x = −37). So the rounding is
    measured, t − fl(t) exactly by Dekker's product, and put back through
    erfc' : Φ(x) = ½·erfc(fl(t)) − √2·(t − fl(t))·φ(x). `pdf`, φ(x) if the
    caller has it already (GELU's derivative needs it too).
    """
    x = np.asarray(x, dtype=np.float64)
    # Beyond ±40 Φ is 0 or 1 in float64 and the product below could overflow.
    held = np.clip(x, -40.0, 40.0)
    t = -held * _SQRT1_2
    x_high, x_low = _split(-held)
    c_high, c_low = _split(_SQRT1_2)
    t_low = (((x_high * c_high - t) + x_high * c_low + x_low * c_high) + x_low * c_low
             - held * _SQRT1_2_LOW)
    if pdf is None:
        pdf = normal_pdf(held)
    cdf = erfc(t) * 0.5
    cdf -= _SQRT2 * t_low * pdf
    return np.where(np.isnan(x), np.nan, cdf)


def normal_pdf(x) -> np.ndarray:
    """φ(x) = e^(−x²/2)/√(2π)."""
    x = np.asarray(x, dtype=np.float64)
    shape, x = x.shape, x.reshape(-1)
    return _near_only(x, np.abs(x) < PDF_ZERO, lambda v: np.exp(-0.5 * v * v) * _INV_SQRT_2PI,
                      np.zeros_like(x)).reshape(shape)


def _erfc_near(t: np.ndarray) -> np.ndarray:
    """erfc(t) for ALL_TWO < t < UNDERFLOW, a 1-d array."""
    table = _table()
    # The piece of each |t| (the nearest centre), and where |t| sits in it:
    # x in [-1, 1], exact (power-of-two scalings, Sterbenz subtractions).
    absolute = np.abs(t)
    scaled = absolute * PIECES_PER_UNIT
    piece = (scaled + 0.5).astype(np.intp)
    x = scaled - piece
    x *= 2.0
    result = table[DEGREE].take(piece)
    for power in range(DEGREE - 1, -1, -1):  # Horner, coefficients gathered per piece
        result *= x
        result += table[power].take(piece)
    # Times e^(-(t² - c²)) = e^(-h(t + c)), with h = t - c = x·half width, exact.
    h = x * _HALF_WIDTH
    exponent = absolute + absolute
    exponent -= h  # t + c = 2t - h
    exponent *= h
    np.negative(exponent, out=exponent)
    result *= np.exp(exponent, out=exponent)
    return np.where(t < 0, 2.0 - result, result)
