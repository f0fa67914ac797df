"""A PlotextPlot whose legend can hold Japanese: its figure drops the marks
legend.legend_label() adds (see legend.py for why)."""
from __future__ import annotations

from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from .legend import drop_marks


class _Figure(Plot):
    def build(self) -> str:
        return drop_marks(super().build())


class WidePlot(PlotextPlot):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._plot = _Figure()
