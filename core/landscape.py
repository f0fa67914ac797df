"""The network over a plane of inputs: every output (and every hidden unit) on
a grid of two input components, the others held at x. One batched forward
call evaluates the whole grid."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import even_grid
from .errors import InputError
from .forward import Trace, forward
from .network import Network, check_x

MAX_STEPS = 1001  # per axis: a million points
MAX_COORDINATE = 1e6  # what `actlab landscape --range` takes: the screen's widest zoom
# Every point keeps its x, a and z of each layer: 50 million values are 400 MB.
MAX_VALUES = 50_000_000


@dataclass(frozen=True, eq=False)
class Landscape:
    u: np.ndarray  # values of input i along the columns
    v: np.ndarray  # values of input j along the rows
    i: int  # the inputs on the axes, from 1
    j: int
    trace: Trace  # the batched trace, one sample per grid point (row-major: v, then u)

    @property
    def y(self) -> np.ndarray:
        """y indexed [row (v)][column (u)][output]."""
        return self.layer(len(self.trace.a))

    def layer(self, k: int) -> np.ndarray:
        """z_k (y for the last layer) indexed [row][column][unit]."""
        z = self.trace.z[k - 1]
        return z.reshape(self.v.size, self.u.size, z.shape[-1])

    def winner(self) -> np.ndarray:
        """The index (from 1) of the largest output at each grid point."""
        return np.argmax(self.y, axis=-1) + 1

    @property
    def aspect(self) -> float:
        """The plane's width over its height (1 for a square range)."""
        return float((self.u[-1] - self.u[0]) / (self.v[-1] - self.v[0]))

    def values(self, view: View) -> np.ndarray:
        """What a view shows, indexed [row][column]: class numbers from 1 for
        the winner, else the value of y_k or of y1 − y2."""
        if view.kind == "winner":
            return self.winner()
        if view.kind == "difference":
            return self.y[:, :, 0] - self.y[:, :, 1]
        return self.y[:, :, view.k - 1]


@dataclass(frozen=True)
class View:
    """What the big map shows: "winner" (the largest output's class),
    "output" (y_k) or "difference" (y1 − y2, for two outputs: its sign is
    the class, its size the margin)."""
    kind: str
    k: int = 1


def views(n_outputs: int) -> list[View]:
    """Every view of a network's outputs, in the order the screen cycles them."""
    listed = [View("winner")] if n_outputs > 1 else []
    if n_outputs == 2:
        listed.append(View("difference"))
    return listed + [View("output", k) for k in range(1, n_outputs + 1)]


def default_view(grid: Landscape) -> View:
    """A first view that shows something: the winner where two or more
    classes share the plane; else, where one class wins everywhere (the
    book's network: y2 > y1 over all of -3..3), y1 − y2 for two outputs, or
    the output that varies most in view."""
    n_outputs = grid.y.shape[-1]
    if n_outputs == 1:
        return View("output", 1)
    if np.unique(grid.winner()).size > 1:
        return View("winner")
    if n_outputs == 2:
        return View("difference")
    y = grid.y.reshape(-1, n_outputs)
    with np.errstate(invalid="ignore"):  # inf - inf: that output is not the one to pick
        spread = np.nan_to_num(np.nanmax(y, axis=0) - np.nanmin(y, axis=0), nan=-1.0)
    return View("output", int(np.argmax(spread)) + 1)


@dataclass(frozen=True)
class ValueScale:
    """How values become colours: low..high as 0..1. A range across zero is
    made symmetric, so that 0 sits at the middle of a diverging palette and
    equal colours either side mean equal sizes."""
    low: float
    high: float

    @property
    def diverging(self) -> bool:
        return self.low < 0.0 < self.high

    @property
    def flat(self) -> bool:
        return self.low == self.high

    @property
    def decimals(self) -> int:
        """Decimals that show the span to three significant digits."""
        if self.flat:
            return 3
        return int(np.clip(2 - np.floor(np.log10(self.high - self.low)), 0, 12))

    def fraction(self, values) -> np.ndarray:
        """values as 0..1 of the scale (NaN stays NaN; a flat scale gives 0.5)."""
        values = np.asarray(values, dtype=np.float64)
        if self.flat:
            return np.where(np.isnan(values), np.nan, 0.5)
        # Halved first: high - low can overflow for ends near ±1.8e308.
        with np.errstate(invalid="ignore"):  # ±inf values: clipped to the ends below
            return np.clip((values / 2 - self.low / 2) / (self.high / 2 - self.low / 2), 0.0, 1.0)


def value_scale(values) -> ValueScale:
    """The scale for values in view: their finite min..max, symmetric about
    zero when they cross it."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return ValueScale(0.0, 0.0)
    low, high = float(finite.min()), float(finite.max())
    if low < 0.0 < high:
        reach = max(-low, high)
        return ValueScale(-reach, reach)
    return ValueScale(low, high)


@dataclass(frozen=True)
class Ticks:
    values: np.ndarray
    decimals: int  # the decimals their step needs: 0.5 apart -> 1


def nice_ticks(low: float, high: float, most: int) -> Ticks:
    """Round values 1, 2 or 5 × 10^e apart inside low..high, at least one
    and at most `most` of them (at least two places are assumed)."""
    low, high = float(low), float(high)
    span = high - low
    if not (np.isfinite(span) and span > 0):
        return Ticks(np.array([low]) if np.isfinite(low) else np.empty(0), 0)
    # n ticks a step s apart span (n - 1)·s ≤ high - low.
    least_step = span / (max(2, most) - 1)
    e = int(np.floor(np.log10(least_step)))
    for m in (1, 2, 5, 10):
        if m * 10.0 ** e >= least_step * (1 - 1e-12):
            break
    if m == 10:
        m, e = 1, e + 1
    step = m * 10.0 ** e
    first = int(np.ceil(low / step - 1e-9))
    last = int(np.floor(high / step + 1e-9))
    if first > last:
        # A step longer than the span can miss it (1.6..1.9 between 0 and
        # 2): then one tick, the multiple of a power of ten no longer than
        # the span that is nearest the middle (such a multiple lies inside).
        e = int(np.floor(np.log10(span)))
        m = 1
        first = last = int(np.rint((low + high) / 2 / 10.0 ** e))
    k = np.arange(first, last + 1, dtype=np.float64)
    # k·m / 10^d rounds once, so 0.3 is 0.3 and not 0.30000000000000004.
    values = k * m * 10.0 ** e if e >= 0 else k * m / 10.0 ** (-e)
    # The 1e-9 slack above admits a tick a hair outside the range (0 for a
    # range from 4.4e-16 after panning, which then had no cell on the map):
    # such a tick is the end itself, written as the round number it rounds to.
    return Ticks(np.clip(values, low, high), max(0, -e))


def cell_of(value: float, low: float, high: float, cells: int) -> int | None:
    """The cell (from 0 at low) of `cells` equal cells across low..high that
    holds value, or None outside: where a tick or x is drawn."""
    value, low, high = float(value), float(low), float(high)
    if not (low <= value <= high) or cells < 1:
        return None
    fraction = (value / 2 - low / 2) / (high / 2 - low / 2)
    return min(cells - 1, int(fraction * cells))


def check_ranges(*ranges) -> None:
    """Each (low, high) a range a landscape can be drawn over: finite, low <
    high. Far out a narrow range has none left in float64 (1e15 ± 0.05 is
    one number): the explorer's landscape asks before it pans or zooms."""
    for low, high in ranges:
        # nan fails the comparison; even_grid copes with hi - lo beyond float64
        if not (float(low) < float(high) and np.isfinite([float(low), float(high)]).all()):
            raise InputError("landscape_range", low=low, high=high)


def landscape(network: Network, x, i: int, j: int, u_range=(-3.0, 3.0), v_range=None,
              steps: int = 101) -> Landscape:
    """Inputs i and j (from 1) swept over their ranges on a steps × steps grid."""
    x = check_x(network, x)
    n = network.n_inputs
    if not (1 <= i <= n and 1 <= j <= n) or i == j:
        raise InputError("landscape_inputs", i=i, j=j, n=n)
    if steps < 2:
        raise InputError("landscape_steps", steps=steps)
    if steps > MAX_STEPS:
        raise InputError("landscape_steps_max", steps=steps, limit=MAX_STEPS)
    per_point = n + 2 * sum(layer.n_out for layer in network.layers)
    if steps * steps * per_point > MAX_VALUES:
        raise InputError("landscape_too_large", steps=steps, per_point=per_point,
                         values=steps * steps * per_point, limit=MAX_VALUES)
    v_range = u_range if v_range is None else v_range
    check_ranges(u_range, v_range)
    u = even_grid(u_range[0], u_range[1], steps)
    v = even_grid(v_range[0], v_range[1], steps)
    grid_v, grid_u = np.meshgrid(v, u, indexing="ij")
    batch = np.repeat(np.asarray(x, dtype=np.float64)[None, :], steps * steps, axis=0)
    batch[:, i - 1] = grid_u.ravel()
    batch[:, j - 1] = grid_v.ravel()
    return Landscape(u=u, v=v, i=i, j=j, trace=forward(network, batch))
