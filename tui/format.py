"""Turning core's numbers into text, shared by the command line and the app.

No Textual here: the command line imports it.
"""
from __future__ import annotations

import math

import numpy as np


def number(value: float, digits: int = 8) -> str:
    """Fixed decimals for everyday sizes, scientific beyond them; nan and inf as words."""
    value = float(value)
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if value == 0 or 1e-4 <= abs(value) < 1e6:
        return f"{value:.{digits}f}"
    return f"{value:.{max(digits - 2, 1)}e}"


def short(value: float) -> str:
    """A compact form for tight panes: 4 significant decimals."""
    return number(value, 4)


def vector(values, digits: int = 8) -> str:
    return "[" + ", ".join(number(v, digits) for v in np.ravel(values)) + "]"


def shape_line(n_in: int, n_out: int) -> str:
    """The book's shape check for one layer: (1×n_in)·(n_in×n_out) + (n_out) → (n_out)."""
    return f"(1×{n_in})·({n_in}×{n_out}) + ({n_out}) → ({n_out})"


def json_list(values) -> list:
    """Floats at full precision for JSON; NaN and infinity become null (JSON has neither)."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        value = float(array)
        return value if math.isfinite(value) else None
    return [json_list(v) for v in array]
