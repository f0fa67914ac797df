"""Plot legends that can hold Japanese.

plotext lays its canvas out one character per cell, so a double-width
character (ニューロン) would push the rest of its row two cells right and
bend the plot's frame. legend_label() puts a zero-width mark after each such
character, which takes the second cell in plotext's grid, and drop_marks()
removes them from the built figure: each wide character then fills exactly
its two cells. No plotext here, so the explorer can label its plot before
plotext is imported (see activation_plot.py).
"""
from __future__ import annotations

from rich.cells import cell_len

# WORD JOINER: invisible, never in a label a person types, removed before drawing.
SECOND_CELL = "\u2060"


def legend_label(text: str) -> str:
    """A label for plotext, in any language."""
    return "".join(c + SECOND_CELL if cell_len(c) == 2 else c for c in text)


def drop_marks(figure: str) -> str:
    """A built plotext figure without the marks legend_label() added."""
    return figure.replace(SECOND_CELL, "")
