"""Turning core's numbers into text, shared by the command line and the app.

No Textual here: the command line imports it.
"""
from __future__ import annotations

import math
import unicodedata

import numpy as np


def number(value: float, digits: int = 8) -> str:
    """Fixed decimals for everyday sizes, scientific beyond them; nan and inf as words."""
    value = float(value)
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if value == 0:
        return f"{0.0:.{digits}f}"  # −0.0 (−η·0, 0·−w) is no value of its own: no "-0.00000000"
    if 1e-4 <= abs(value) < 1e6:
        return f"{value:.{digits}f}"
    return f"{value:.{max(digits - 2, 1)}e}"


def short(value: float) -> str:
    """A compact form for tight panes: 4 decimals (-0.1321, 12.5000),
    scientific below 1e-4 and from 1e6 on, as number() does."""
    return number(value, 4)


def in_text(value: float) -> str:
    """short() inside a sentence or a formula, with a true minus sign (−0.0139,
    as the Explain line and the diagram's notes write it); tables and the
    panes' columns keep ASCII '-', which pastes into Python."""
    return "−" + short(-value) if value < 0 else short(value)


def vector(values, digits: int = 8) -> str:
    return "[" + ", ".join(number(v, digits) for v in np.ravel(values)) + "]"


def matrix(values, digits: int = 3, limit: int = 4) -> str:
    """A matrix row by row, [[w11, w12], [w21, w22]], numpy's way; beyond
    `limit` rows or columns the rest is an ellipsis (a 784 × 10 W stays short)."""
    values = np.atleast_2d(values)

    def row(r) -> str:
        cells = [number(v, digits) for v in r[:limit]] + (["…"] if len(r) > limit else [])
        return "[" + ", ".join(cells) + "]"

    rows = [row(r) for r in values[:limit]] + (["…"] if len(values) > limit else [])
    return "[" + ", ".join(rows) + "]"


def shape_line(n_in: int, n_out: int, tight: bool = False) -> str:
    """The book's shape check for one layer: (1×n_in)·(n_in×n_out) + (n_out) → (n_out).

    tight drops the spaces, for panes where every column counts."""
    line = f"(1×{n_in})·({n_in}×{n_out}) + ({n_out}) → ({n_out})"
    return line.replace(" ", "") if tight else line


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(n: int) -> str:
    return str(n).translate(SUBSCRIPTS)


def compact(value: float, digits: int = 4) -> str:
    """Up to `digits` decimals without trailing zeros: 1.0, 0.5, 0.7503."""
    value = float(value)
    if not math.isfinite(value) or (value != 0 and not 1e-4 <= abs(value) < 1e6):
        return number(value, digits)
    text = f"{value:.{digits}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def interval(function) -> str:
    """An activation's range as a mathematician writes it: (0, 1) for
    sigmoid, [0, ∞) for ReLU, {0, 1} for step; four significant digits."""
    def end(v: float) -> str:
        text = "∞" if v == math.inf else "-∞" if v == -math.inf else f"{v:.4g}"
        return text.replace("-", "−")

    if function.values is not None:
        return "{" + ", ".join(end(v) for v in function.values) + "}"
    (low, high), (has_low, has_high) = function.range, function.attains
    return f"{'[' if has_low else '('}{end(low)}, {end(high)}{']' if has_high else ')'}"


def cells(text: str) -> int:
    """Terminal columns `text` takes: a wide (Japanese) character two, a
    combining mark none. Unicode's own table, not Rich's: the command line
    (actlab grad) measures with it and must not import the app's libraries."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad_cells(text: str, width: int) -> str:
    """Right-align in terminal cells: a Japanese character takes two."""
    return " " * max(0, width - cells(text)) + text


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JOINERS = {"\u200c", "\u200d"}  # format characters that words and emoji need
_EMOJI_TAGS = range(0xE0020, 0xE0080)  # the flags of England, Scotland and Wales


def shown_name(name) -> str:
    """A file name (or path, or a message quoting one) as one line that
    reads as it is: a newline or tab written \\n, \\t, other control and
    format characters (ESC, a right-to-left override) as \\x.., \\u.... or
    \\U........, and a byte that is not UTF-8 (Python's surrogateescape) as
    the byte, \\xff; so that no name can break a title or message over lines,
    rearrange it or send the terminal a code. For reading, not for pasting
    back: a backslash already in the name is left as it is."""
    out = []
    for c in str(name):
        kind, code = unicodedata.category(c), ord(c)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte it stands for
            out.append(f"\\x{code - 0xDC00:02x}")
        elif kind in ("Cc", "Cs", "Zl", "Zp") or (
                kind == "Cf" and c not in _JOINERS and code not in _EMOJI_TAGS):
            out.append(_ESCAPES.get(c) or (f"\\x{code:02x}" if code < 0x100 else
                                           f"\\u{code:04x}" if code < 0x10000 else
                                           f"\\U{code:08x}"))
        else:
            out.append(c)
    return "".join(out)


def parse_number(text: str) -> float:
    """A number as a person types it: '0.5', '-1e3', '0,5', or full-width
    '０．５' from a Japanese input method. ValueError if it is not one."""
    text = unicodedata.normalize("NFKC", text).strip().replace("−", "-")
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")  # a decimal comma
    # "_": Python's float() reads 1_0 as 10, which no learner means by it
    if not text or "_" in text or text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):  # 1e999 and 5,000 nines are inf: no number to keep
        raise ValueError(text)
    return value


def parse_vector(text: str) -> list[float]:
    """Numbers separated by commas or semicolons (a vector typed in one
    field: the gallery's softmax input, the target t); at least one."""
    values = [parse_number(part) for part in text.replace(";", ",").split(",")
              if part.strip()]
    if not values:
        raise ValueError(text)
    return values
