"""The network diagram's numbers: which units a column of a given height shows,
which edges join the shown units, and each edge's sign and strength against
one stated scale. Plain data, so that what the diagram draws is tested
without a terminal (tui/widgets/diagram.py only places glyphs).

Columns count as the book draws them: column 0 is x, column k is layer k
(its a_k and z_k; the last is y). Every column but the last ends in the bias
unit "1", whose edges into layer k are b_k; the output layer's bias too.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .forward import UnitExplanation
from .network import Network

BIAS = 0  # the bias unit "1" in a column's entries
ELIDED = -1  # "…": units left out between the shown ones
STRENGTHS = 3  # |w| classes: weak, medium, strong (thirds of the scale)


@dataclass(frozen=True)
class Column:
    """What one column shows, top to bottom: unit numbers from 1, ELIDED, BIAS."""
    units: int  # how many units the column has (without its bias)
    entries: tuple[int, ...]

    @property
    def shown(self) -> tuple[int, ...]:
        return tuple(e for e in self.entries if e > 0)

    @property
    def summarised(self) -> bool:
        """Some units left out: with "…", or, in a single row, without room for it."""
        return ELIDED in self.entries or len(self.shown) < self.units


@dataclass(frozen=True)
class Edge:
    """One weight as an edge: W_k[i, j], or b_k[j] from the bias unit (i = BIAS)."""
    k: int  # the layer it feeds, from 1
    i: int  # the input unit in column k-1, from 1; BIAS for b_k[j]
    j: int  # the unit in column k, from 1
    weight: float
    sign: int  # -1, 0 or +1
    strength: int  # 0 weak, 1 medium, 2 strong


def shown_units(n: int, room: int, keep: int | None = None) -> tuple[int, ...]:
    """Units 1..n in at most `room` rows (room >= 1): all when they fit, else
    the first and the last with ELIDED between, and `keep` (the selected
    unit) in the middle, between two ELIDED, when it falls outside both."""
    if n <= room:
        return tuple(range(1, n + 1))
    keep = keep if keep is not None and 1 <= keep <= n else None
    if room <= 2:
        unit = keep or 1
        return (unit,) if room == 1 else ((unit, ELIDED) if unit < n else (ELIDED, unit))
    head = room // 2  # one row goes to the ELIDED
    tail = room - 1 - head
    if keep is not None and head < keep <= n - tail:
        head = (room - 2) // 2  # the middle needs two ELIDED and keep
        tail = room - 3 - head
    units = sorted(set(range(1, head + 1)) | set(range(n - tail + 1, n + 1))
                   | ({keep} if keep else set()))
    entries, previous = [], 0
    for unit in units:
        if unit > previous + 1:
            entries.append(ELIDED)
        entries.append(unit)
        previous = unit
    if previous < n:
        entries.append(ELIDED)
    return tuple(entries)


def columns(network: Network, room: int, keep: dict[int, int] | None = None) -> list[Column]:
    """Every column within `room` rows each; keep[c] is a unit column c must show."""
    keep = keep or {}
    sizes = network.sizes
    result = []
    for c, n in enumerate(sizes):
        has_bias = c < len(sizes) - 1
        entries = shown_units(n, max(1, room - has_bias), keep.get(c))
        result.append(Column(n, entries + ((BIAS,) if has_bias else ())))
    return result


def parameters(network: Network) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W_k, b_k) of every layer: what edges show unless told otherwise (the
    backward view shows (∂L/∂W_k, ∂L/∂b_k) in the same places)."""
    return [(layer.W, layer.b) for layer in network.layers]


def scale(network: Network, arrays=None) -> float:
    """The scale edges are classed against: the largest |w| or |b| in the
    network, or in `arrays` (1 when every one is 0 or none is finite, so that
    classes stay defined)."""
    arrays = parameters(network) if arrays is None else arrays
    with np.errstate(invalid="ignore"):
        largest = max(max(float(np.nanmax(np.abs(np.where(np.isfinite(W), W, np.nan)),
                                          initial=0.0)),
                          float(np.nanmax(np.abs(np.where(np.isfinite(b), b, np.nan)),
                                          initial=0.0)))
                      for W, b in arrays)
    return largest if largest > 0 else 1.0


def thresholds(scale_: float) -> tuple[float, ...]:
    """The class boundaries: |w| < t[0] is weak, < t[1] medium, else strong."""
    # scale / 3 first: 2·scale passes float64's range for a scale near 1e308
    return tuple(scale_ / STRENGTHS * s for s in range(1, STRENGTHS))


def strength(weight: float, scale_: float) -> int:
    """0 weak, 1 medium, 2 strong: which third of the scale |w| falls in."""
    return int(np.searchsorted(thresholds(scale_), abs(weight), side="right"))


def edges(network: Network, shown: list[Column], scale_: float | None = None,
          arrays=None) -> list[Edge]:
    """The edges between shown units of neighbouring columns, and each shown
    unit's bias edge: W_k[i, j] joins unit i of column k-1 to unit j of column k.
    `arrays`, one (W, b) per layer, puts other numbers of those shapes on the
    edges (the backward view's ∂L/∂W, ∂L/∂b); their weight is then that number."""
    arrays = parameters(network) if arrays is None else arrays
    scale_ = scale(network, arrays) if scale_ is None else scale_
    result = []
    for k, (W, b) in enumerate(arrays, start=1):
        sources = [e for e in shown[k - 1].entries if e != ELIDED]
        for j in shown[k].shown:
            for i in sources:
                w = float(b[j - 1]) if i == BIAS else float(W[i - 1, j - 1])
                # ±inf (a gradient that overflowed) is beyond every finite
                # weight: strong, with its sign; only nan has none.
                sign = 0 if np.isnan(w) else int(np.sign(w))
                result.append(Edge(k, i, j, w, sign, strength(w, scale_) if sign else 0))
    return result


def weight_name(k: int, i: int, j: int, n_in: int) -> str:
    """As the weights editor numbers them: W2[3,1] (rows inputs, columns units), b2[1]."""
    return f"b{k}[{j}]" if i == BIAS or i > n_in else f"W{k}[{i},{j}]"


@dataclass(frozen=True)
class Term:
    """One edge's part in its unit's sum: input × weight (the bias: 1 × b)."""
    input: float
    weight: float
    value: float


def edge_term(unit: UnitExplanation, i: int) -> Term:
    """Term i (from 1) of a_k[j] = Σ z_(k-1)[i]·W_k[i, j] + b_k[j]; BIAS or
    n_in + 1 is the bias."""
    if i == BIAS or i > len(unit.inputs):
        return Term(1.0, unit.bias, unit.bias)
    x, w = float(unit.inputs[i - 1]), float(unit.weights[i - 1])
    with np.errstate(over="ignore"):  # a huge product is inf, as a itself shows
        # + 0.0 turns 0 × (−w) = −0.0 into 0.0: no "−0" on screen
        return Term(x, w, float(np.float64(x) * np.float64(w)) + 0.0)


# --- where things go: rows for the units, cells for the edges --------------------------
def pitch(shown: list[Column], room: int, most: int = 6) -> int:
    """Rows from one entry's top to the next, the largest (up to `most`)
    that fits every column: from 2 on a unit has its a and z rows and the
    rest spreads the edges out; 1 is one row per unit."""
    tallest = max(len(column.entries) for column in shown)
    if tallest == 1:
        return most if room >= 2 else 1
    return max(1, min(most, (room - 2) // (tallest - 1)))


def entry_rows(column: Column, room: int, step: int, lines: int = 2) -> list[int]:
    """The top row of each entry, the column centred in `room` rows; a unit
    takes `lines` rows when step > 1 (a and z; the backward view adds δ, ∂L/∂z)."""
    span = step * (len(column.entries) - 1) + (lines if step > 1 else 1)
    top = max(0, (room - span) // 2)
    return [top + step * e for e in range(len(column.entries))]


def edge_cells(left: int, right: int, row_from: int, row_to: int) -> list[tuple[int, int, bool]]:
    """(column, row, upright) cells of a straight edge across the cells
    left..right-1, from row_from to row_to, with no gap: each column holds the
    rows the line crosses there, and where it crosses more than one the
    cells are upright (drawn │ rather than ─)."""
    width = right - left
    if width <= 0:
        return []
    cells = []
    for c in range(width):
        start = int(np.floor(row_from + (row_to - row_from) * c / width + 0.5))
        end = int(np.floor(row_from + (row_to - row_from) * (c + 1) / width + 0.5))
        if c == width - 1:
            end = row_to  # the last cell meets the unit's row exactly
        rows = range(start, end + 1) if end >= start else range(start, end - 1, -1)
        if c > 0 and len(rows) > 1:
            rows = rows[1:] if rows[0] == cells[-1][1] else rows  # no cell twice in a row
        cells += [(left + c, row, len(rows) > 1) for row in rows]
    return cells


def visible_columns(widths: list[int], room: int, keep: tuple[int, int], gap: int) -> range:
    """The columns that fit side by side in `room` cells, each followed by at
    least `gap` cells of edges: all when they fit, else a run that holds
    `keep` (the selected layer and the one feeding it) grown right, then left."""
    first, last = keep
    def need(a: int, b: int) -> int:
        return sum(widths[a:b + 1]) + gap * (b - a)
    while True:
        grown = False
        if last + 1 < len(widths) and need(first, last + 1) <= room:
            last, grown = last + 1, True
        if first > 0 and need(first - 1, last) <= room:
            first, grown = first - 1, True
        if not grown:
            return range(first, last + 1)
