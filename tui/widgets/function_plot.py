"""A plot of activation functions and their derivatives, drawn once per size
and theme (the functions never change): the gallery's tiles and its large
comparison."""
from __future__ import annotations

from core import curves

from ..i18n import function_label, t
from .fitted_title import FittedTitle
from .legend import legend_label
from .wide_plot import WidePlot


class FunctionPlot(FittedTitle, WidePlot):
    ALLOW_SELECT = False  # braille curves, not text to copy

    def __init__(self, names: tuple[str, ...] = (), legend: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.names, self.legend = names, legend
        self._figure_key = self._figure = None

    def show(self, names: tuple[str, ...]) -> None:
        if names != self.names:
            self.names = names
            self.refresh()

    def render(self):
        key = (self.names, self.size, self.app.theme)
        if key != self._figure_key:
            plt = self.plt
            plt.clear_figure()
            for name in self.names:
                xs, ys, dys = curves.sample(name, -5.0, 5.0, 161)
                curve, slope = self._labels(name) if self.legend else (None, None)
                plt.plot(xs, ys, marker="braille", label=curve)
                plt.plot(xs, dys, marker="braille", label=slope)
            if not self.legend:
                # A tile is too narrow for x labels (plotext then drops some, and
                # which ones depends on set order): every tile spans −5…5.
                plt.xticks([])
            self._figure, self._figure_key = super().render(), key
        return self._figure

    @staticmethod
    def _labels(name: str) -> tuple[str, str]:
        """The legend's words for a function and for its derivative."""
        function = function_label(name)
        return (legend_label(t("gallery.curve", function=function)),
                legend_label(t("gallery.curve_derivative", function=function)))
