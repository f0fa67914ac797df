"""A plotext plot whose legend can hold Japanese.

plotext lays its canvas out one character per cell, so a double-width
character (ニューロン) would push the rest of its row two cells right and
bend the plot's frame. legend_label() puts a zero-width mark after each such
character, which takes the second cell in plotext's grid, and the built
figure drops the marks: each wide character then fills exactly its two cells.
"""
from __future__ import annotations

from rich.cells import cell_len
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

# WORD JOINER: invisible, never in a label a person types, removed before drawing.
SECOND_CELL = "\u2060"


def legend_label(text: str) -> str:
    """A label for plotext, in any language."""
    return "".join(c + SECOND_CELL if cell_len(c) == 2 else c for c in text)


class _Figure(Plot):
    def build(self) -> str:
        return super().build().replace(SECOND_CELL, "")


class WidePlot(PlotextPlot):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._plot = _Figure()
