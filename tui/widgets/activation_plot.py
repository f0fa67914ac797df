"""The activation plot: h(x) of the selected layer, optionally h'(x) and a
second function to compare, and one marker per unit at (a, h(a)).

plotext builds a whole figure on every render (several ms), so the built
figure is kept until the data, the size or the theme changes.
"""
from __future__ import annotations

import numpy as np
from textual_plotext import PlotextPlot

from core import curves

from ..i18n import function_label, t
from ..state import ExplorerState


# plotext draws its canvas one character per cell, so double-width text
# (Japanese) would break it: the legend stays in these short ASCII words in
# every language, and everything translated sits in the pane's title.
LEGEND = {"function": "h(x)", "derivative": "h'(x)", "units": "units", "selected": "selected"}


class ActivationPlot(PlotextPlot):
    ALLOW_SELECT = False  # braille curves, not text to copy

    def on_mount(self) -> None:
        super().on_mount()
        self._data = None  # the arrays last drawn
        self._data_key = None
        self._figure_key = None
        self._figure = None
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        # Only note what to draw: the curves are sampled when the plot is
        # rendered, so every pane's show() stays cheap and their repaints are
        # requested together, in one frame.
        k = state.layer
        key = (state.version, k, state.unit, state.show_derivative, state.compare)
        if key == self._data_key:
            return  # another pane's change: this plot stays as it is
        self._data_key = key
        self._state = state
        function = state.function
        if state.compare:
            self.border_title = t("pane.plot.compare", k=k, function=function_label(function.name),
                                  other=function_label(state.compare))
        else:
            self.border_title = t("pane.plot", k=k, function=function_label(function.name))
        self.refresh()

    def _sample(self) -> dict:
        """The arrays to draw, all from core, for the state noted by show()."""
        state = self._state
        k, function = state.layer, state.function
        a = state.trace.a[k - 1]
        low, high = curves.plot_range(a)
        if function.output_only:
            xs, ys, dys = curves.output_curve(function.name, a, state.unit, low, high)
        else:
            xs, ys, dys = curves.sample(function.name, low, high)
        other = curves.sample(state.compare, low, high)[1] if state.compare else None
        return dict(xs=xs, ys=ys, dys=dys if state.show_derivative else None,
                    other=other, a=a, z=state.trace.z[k - 1], unit=state.unit)

    def render(self):
        key = (self._data_key, self.size, self.app.theme)
        if key != self._figure_key or self._figure is None:
            self._draw()
            self._figure = super().render()
            self._figure_key = key
        return self._figure

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_figure()
        if self._data_key is None:
            return
        data = self._data = self._sample()
        xs = data["xs"]
        plt.plot(xs, data["ys"], marker="braille", label=LEGEND["function"])
        if data["dys"] is not None:
            plt.plot(xs, data["dys"], marker="braille", label=LEGEND["derivative"])
        if data["other"] is not None:
            plt.plot(xs, data["other"], marker="braille")
        a, z, j = data["a"], data["z"], data["unit"]
        finite = np.isfinite(a) & np.isfinite(z)
        others = finite.copy()
        others[j - 1] = False
        if others.any():
            plt.scatter(a[others], z[others], marker="●", label=LEGEND["units"])
        if finite[j - 1]:
            plt.scatter([a[j - 1]], [z[j - 1]], marker="◉", label=LEGEND["selected"])
        plt.xlim(float(xs[0]), float(xs[-1]))
