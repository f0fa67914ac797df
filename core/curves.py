"""What the activation plot draws: sampled curves and a range that keeps
every unit's marker in view. Plain arrays in, plain arrays out."""
from __future__ import annotations

import math

import numpy as np

from .activations import get

DEFAULT_HALF_WIDTH = 6.0  # [-6, 6] shows sigmoid's and tanh's bends and flats
LARGEST = float(np.finfo(np.float64).max)


def even_grid(low: float, high: float, n: int) -> np.ndarray:
    """np.linspace(low, high, n), also where high - low overflows (a range
    across ±1e308): then both ends are quartered, which is exact, the grid is
    laid between them and scaled back (linspace itself multiplies up to
    the span, so halving would not leave it room). NaN ends give NaN."""
    low, high = float(low), float(high)
    if abs(high - low) <= LARGEST or not (np.isfinite(low) and np.isfinite(high)):
        with np.errstate(invalid="ignore", over="ignore"):  # nan/inf ends: NaN, said by the caller
            return np.linspace(low, high, n)
    quarter = np.linspace(low / 4, high / 4, n)
    # Rounding can carry an inner point an ulp past an end; scaling it back
    # would then overflow.
    np.clip(quarter, min(low, high) / 4, max(low, high) / 4, out=quarter)
    return quarter * 4.0


# The widest a plot spans. A plot's ticks and cells are differences and
# multiples of its range, which overflow near float64's largest value (a typed
# x of 1e306 ended the app in plotext's tick labels); ±1e100 already shows
# nothing but the ends. Values beyond it are written by the panes, not drawn.
PLOT_REACH = 1e100


def plot_range(a, half_width: float = DEFAULT_HALF_WIDTH) -> tuple[float, float]:
    """[-w, w], grown (with a 10% margin) until every finite a is inside, up
    to ±PLOT_REACH."""
    a = np.asarray(a, dtype=np.float64)
    finite = a[np.isfinite(a)]
    reach = min(float(np.max(np.abs(finite))) * 1.1, PLOT_REACH) if finite.size else 0.0
    w = max(half_width, reach)
    return -w, w


def drawable(a, z, low: float, high: float) -> np.ndarray:
    """Which units (a, z) a plot of [low, high] can draw: finite, a inside the
    range and |z| within PLOT_REACH."""
    a, z = np.asarray(a, dtype=np.float64), np.asarray(z, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return (np.isfinite(a) & np.isfinite(z) & (a >= low) & (a <= high)
                & (np.abs(z) <= PLOT_REACH))


def sample(name: str, low: float, high: float, n: int = 241):
    """xs, h(xs), h'(xs) on an even grid, for an elementwise function."""
    function = get(name)
    xs = even_grid(low, high, n)
    return xs, function.fn(xs), function.grad(xs)


def output_curve(name: str, a, j: int, low: float, high: float, n: int = 241):
    """For a layer-wide function (softmax): y_j as a_j sweeps [low, high] with
    the other a_i held, which is unit j's own activation curve."""
    function = get(name)
    a = np.asarray(a, dtype=np.float64)
    xs = even_grid(low, high, n)
    grid = np.repeat(a[None, :], n, axis=0)
    grid[:, j - 1] = xs
    ys = function.fn(grid)[:, j - 1]
    return xs, ys, function.grad(grid)[:, j - 1]


def levels(values, low: float, high: float, steps: int = 8) -> np.ndarray:
    """Each value as a level 0..steps-1 of [low, high] (clipped; NaN -> -1), for a
    strip of block characters that shows a whole layer at once."""
    values = np.asarray(values, dtype=np.float64)
    span = high - low if high > low else 1.0
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.clip((values - low) / span, 0.0, 1.0) * (steps - 1)
    out = np.rint(np.nan_to_num(scaled, nan=-1.0)).astype(int)
    out[np.isnan(values)] = -1
    return out


def strip_range(name: str, values) -> tuple[float, float]:
    """The range a strip of a layer's values is drawn against: the function's
    own output range where it is finite (sigmoid 0..1), else the data's."""
    low, high = get(name).range
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if not np.isfinite(low):
        low = float(finite.min()) if finite.size else 0.0
    if not np.isfinite(high):
        high = float(finite.max()) if finite.size else 1.0
    return low, high


def bar_scale(name: str, y) -> tuple[float, float]:
    """The span output bars are drawn against, zero always inside it: the
    function's own range where it is finite (softmax and sigmoid: 0 to 1, so a
    bar is a probability), else 0 to max|y| on the side(s) where y lies, the
    same length per unit on both sides so that a negative bar compares."""
    low, high = get(name).range
    if np.isfinite(low) and np.isfinite(high):
        return float(min(low, 0.0)), float(max(high, 0.0))
    y = np.asarray(y, dtype=np.float64)
    finite = y[np.isfinite(y)]
    reach = float(np.max(np.abs(finite))) if finite.size else 0.0
    if reach == 0.0:
        return 0.0, 1.0
    below = bool(np.any(finite < 0))
    above = bool(np.any(finite > 0))
    return (-reach if below else 0.0), (reach if above else 0.0)


def image_side(n: int) -> int | None:
    """The side of the square picture of an x of length n (784 -> 28), or
    None when n is not a square of 4 or more."""
    side = math.isqrt(n)
    return side if side >= 4 and side * side == n else None


def input_image(x) -> np.ndarray | None:
    """x as a square greyscale image in 0..1 (784 -> 28×28, row by row as the
    book flattens MNIST), or None when its length is not a square of 4 or more."""
    x = np.asarray(x, dtype=np.float64)
    side = image_side(x.size)
    if x.ndim != 1 or side is None:
        return None
    low, high = float(np.min(x)), float(np.max(x))
    if low >= 0.0 and high <= 1.0:
        low, high = 0.0, 1.0  # already pixel intensities: keep them as they are
    span = high - low if high > low else 1.0
    return ((x - low) / span).reshape(side, side)
