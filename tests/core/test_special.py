"""core.special: the vectorised erfc behind GELU, against math.erfc (correct
to the last bit) everywhere it can be told apart from 0 and 2."""
import math
import warnings

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from core import special
from tests.core import exact

TINY = 2.2250738585072014e-308  # smallest normal float: below it precision thins out


def reference(t: np.ndarray) -> np.ndarray:
    return np.array([math.erfc(v) for v in np.ravel(t)]).reshape(np.shape(t))


def worst_relative_error(t: np.ndarray) -> float:
    mine, theirs = special.erfc(t), reference(t)
    normal = theirs >= TINY
    return float(np.max(np.abs(mine[normal] / theirs[normal] - 1.0)))


def test_within_a_few_ulp_of_math_erfc_on_every_piece():
    # Every piece edge and centre of the table, both signs, and a dense sweep.
    edges = np.arange(0, special.TOP * special.PIECES_PER_UNIT + 1) / special.PIECES_PER_UNIT
    grid = np.concatenate([edges, edges + 1 / 16, np.nextafter(edges, -1), -edges,
                           np.linspace(-7, 28, 20_001)])
    # 2 ulp of 1 is 4.4e-16; math.erfc itself is within 1 ulp of the exact value.
    assert worst_relative_error(grid) < 1e-15


def test_random_points_where_the_tail_is_tiny():
    t = np.random.default_rng(7).uniform(5, 26.5, 50_000)
    assert worst_relative_error(t) < 1e-15
    assert worst_relative_error(-t) < 1e-15


def test_the_subnormal_tail_and_the_ends():
    t = np.linspace(26.0, 27.5, 301)  # erfc passes below the smallest normal here
    mine, theirs = special.erfc(t), reference(t)
    assert np.all(np.abs(mine - theirs) <= 1e-320 + 1e-15 * theirs)
    ends = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, -5e-324, 1e308, -1e308,
                        1.7976931348623157e308, -1.7976931348623157e308])
    out = special.erfc(ends)
    assert np.isnan(out[0])
    assert out[1:].tolist() == [0.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 2.0, 0.0, 2.0]


def test_keeps_the_shape_and_accepts_scalars_and_lists():
    assert special.erfc(0.5).shape == ()
    assert abs(float(special.erfc(0.5)) - math.erfc(0.5)) <= 1e-15
    grid = np.linspace(-3, 3, 12).reshape(3, 4)
    assert special.erfc(grid).shape == (3, 4)
    assert np.allclose(special.erfc(grid.tolist()), reference(grid), rtol=1e-15, atol=0)


def test_no_floating_point_warning_for_any_input():
    t = np.array([np.nan, np.inf, -np.inf, 26.7, 27.0, 40.0, 1e300, -1e300, 5e-324])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):  # underflow is the right answer
            special.erfc(t)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_matches_math_erfc(t):
    theirs = math.erfc(t)
    mine = float(special.erfc(t))
    assert abs(mine - theirs) <= 1e-15 * theirs + 1e-320


def test_the_table_is_made_once_from_the_series():
    assert special._table() is special._table()  # cached: the decimal work happens at first use
    assert special._table().shape == (special.DEGREE + 1, int(special.TOP * special.PIECES_PER_UNIT) + 1)


def test_normal_pdf_is_within_its_measured_bound_of_the_exact_value():
    # Against 60-digit φ (tests/core/exact.py), not the same numpy formula.
    # exp(−x²/2) magnifies the rounding of x²: measured at most 0.89 × (2 + x²/2)
    # ulp over [−45, 45] (482 ulp at x = −32.9, 13 ulp for |x| < 8).
    from decimal import Decimal
    from tests.core import exact
    x = np.concatenate([np.linspace(-45, 45, 2001), [37.6, 38.0, 38.6, 38.61]])
    with exact._wide_context():
        expected = exact.each(lambda v: float(exact._phi(Decimal(float(v)))), x)
    mine = special.normal_pdf(x)
    assert np.all(exact.ulps(mine, expected) <= 2 + x * x / 2)
    assert np.array_equal(mine == 0, expected == 0)  # the same zeros, set not computed
    far = special.normal_pdf(np.array([1e200, -1e308]))
    assert far.tolist() == [0.0, 0.0]
    assert np.isnan(special.normal_pdf(np.array([np.nan, 1.0])))[0]
    assert special.normal_pdf(np.array([np.inf, -np.inf])).tolist() == [0.0, 0.0]
    assert special.normal_pdf(np.zeros((2, 3))).shape == (2, 3)


def decimal_erfc(t: float) -> float:
    """erfc by erf's Taylor series at 80 digits: slow, exact, and not the
    method core.special uses."""
    from decimal import Decimal, localcontext
    with localcontext() as context:
        context.prec = 80
        x = Decimal(t)
        total, term, n = Decimal(0), x, 0
        while abs(term) > Decimal(10) ** -70 or n < 2:
            total += term / (2 * n + 1)
            n += 1
            term = -term * x * x / n
        pi = Decimal("3.14159265358979323846264338327950288419716939937510582097494459")
        return float(1 - 2 / pi.sqrt() * total)


def test_the_centre_values_are_correctly_rounded():
    # At each piece's centre the table holds the exact value (math.erfc is
    # 1 ulp off at a third of them), so erfc(0) = 1 and Φ(0) = ½ exactly.
    assert float(special.normal_cdf(0.0)) == 0.5
    centres = np.arange(0, 6, 1 / special.PIECES_PER_UNIT)
    assert special.erfc(centres).tolist() == [decimal_erfc(c) for c in centres]


# --- against exact values (tests/core/exact.py, decimal at 60 digits) ------

def test_erfc_within_4_ulp_of_the_exact_value_and_9_units_in_its_tail():
    # Measured at 67,000 points in [−6, 27.3]: 4 ulp at worst (t ≈ 25.7) where
    # erfc ≥ 1e-307; math.erfc is 2 ulp off (t ≈ 1.54), so the exact value,
    # not math.erfc, is the reference here.
    rng = np.random.default_rng(11)
    t = np.concatenate([rng.uniform(-6, 6, 600), rng.uniform(6, 26.4, 300),
                        rng.uniform(26.4, 27.3, 300),
                        np.arange(0, 27, 1 / 16) + 1 / 32])  # between the pieces' centres
    expected = exact.each(exact.erfc, t)
    normal = expected >= 1e-307
    assert exact.ulps(special.erfc(t[normal]), expected[normal]).max() <= 4
    # From t ≈ 26.4 on the table's terms, erfcx·e^(−c²) times powers of
    # 1/32, are subnormals themselves: the error is a few units of 5e-324,
    # measured 9 (6 ulp of the lowest normal values, t ≈ 26.53).
    tail = np.abs(special.erfc(t[~normal]) - expected[~normal])
    assert tail.max() <= 9 * 5e-324


def test_normal_cdf_puts_back_the_rounding_of_x_over_root_2():
    # erfc(fl(-x/√2)) alone was 1,541 ulp off at x ≈ -37: erfc magnifies
    # the rounding of its argument by 2t².
    rng = np.random.default_rng(12)
    x = np.concatenate([rng.uniform(-37.5, -5, 500), rng.uniform(-5, 8, 300)])
    expected = np.array([exact.gelu(v) / v for v in x])  # Φ(x) = gelu(x)/x, exactly
    assert exact.ulps(special.normal_cdf(x), expected).max() <= 3
