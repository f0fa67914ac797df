"""What the activation plot draws: sampled curves and a range that keeps
every unit's marker in view. Plain arrays in, plain arrays out."""
from __future__ import annotations

import numpy as np

from .activations import get

DEFAULT_HALF_WIDTH = 6.0  # [-6, 6] shows sigmoid's and tanh's bends and flats


def plot_range(a, half_width: float = DEFAULT_HALF_WIDTH) -> tuple[float, float]:
    """[-w, w], grown (with a 10% margin) until every finite a is inside."""
    a = np.asarray(a, dtype=np.float64)
    finite = a[np.isfinite(a)]
    reach = float(np.max(np.abs(finite))) * 1.1 if finite.size else 0.0
    w = max(half_width, reach)
    return -w, w


def sample(name: str, low: float, high: float, n: int = 241):
    """xs, h(xs), h'(xs) on an even grid, for an elementwise function."""
    function = get(name)
    xs = np.linspace(low, high, n)
    return xs, function.fn(xs), function.grad(xs)


def output_curve(name: str, a, j: int, low: float, high: float, n: int = 241):
    """For a layer-wide function (softmax): y_j as a_j sweeps [low, high] with
    the other a_i held, which is unit j's own activation curve."""
    function = get(name)
    a = np.asarray(a, dtype=np.float64)
    xs = np.linspace(low, high, n)
    grid = np.repeat(a[None, :], n, axis=0)
    grid[:, j - 1] = xs
    ys = function.fn(grid)[:, j - 1]
    return xs, ys, function.grad(grid)[:, j - 1]
