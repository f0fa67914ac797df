"""The activation plot: h(x) of the selected layer, optionally h'(x) and a
second function to compare, and one marker per unit at (a, h(a)).

plotext builds a whole figure on every render (several ms), so the built
figure is kept until the data, the size or the theme changes.

plotext takes longer to import (about 0.1 s) than Textual takes to draw the
first screen, so the first plot of a run imports it just after that frame:
the explorer, y included, shows at once, and the curves follow in the time
the import takes (bench/startup_bench.py). Later plots draw at once.
"""
from __future__ import annotations

from rich.text import Text
from textual.color import Color
from textual.widget import Widget

from core import curves

from ..i18n import function_label, t
from ..state import ExplorerState
from .fitted_title import FittedTitle
from .legend import drop_marks, legend_label


_Plot = None  # textual_plotext's Plot, once the first plot of the run imported it


class ActivationPlot(FittedTitle, Widget):
    """Draws with textual_plotext's Plot as its PlotextPlot does (the same
    size, and the app's theme as plotext's theme), but can be drawn before
    plotext is imported."""
    ALLOW_SELECT = False  # braille curves, not text to copy
    DEFAULT_CSS = """
    ActivationPlot {
        width: 1fr;
        height: 1fr;
    }
    """

    def on_mount(self) -> None:
        self._data = None  # the arrays last drawn
        self._data_key = None
        self._figure_key = None
        self._figure = None
        self.plt = None if _Plot is None else _Plot()
        if self.plt is None:
            self.call_after_refresh(self._import_plotext)
        self.app.theme_changed_signal.subscribe(self, lambda theme: self.refresh())
        self.app.subscribe(self, self.show)

    def _import_plotext(self) -> None:
        global _Plot
        from textual_plotext import Plot

        _Plot = Plot
        self.plt = Plot()
        self.refresh()

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
        names = dict(k=k, function=function_label(function.name))
        if state.compare:
            names["other"] = function_label(state.compare)
            self.fit_title(t("pane.plot.compare", **names), t("pane.plot.compare_short", **names))
        else:
            self.fit_title(t("pane.plot", **names), t("pane.plot.short", **names))
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
                    other=other, other_name=state.compare, a=a, z=state.trace.z[k - 1], unit=state.unit)

    def render(self):
        if self.plt is None:
            return Text()  # the first frame of a run: the frame and title only
        key = (self._data_key, self.size, self.app.theme)
        if key != self._figure_key or self._figure is None:
            self._figure_key = key
            try:
                self._figure = self._build()
            except Exception as error:  # noqa: BLE001 – Textual calls render outside change()
                # A plot that cannot be drawn is one line, never the end of the
                # app: every number is still in the other panes.
                self._figure = Text(t("pane.plot_failed"), style="italic")
                self.app.call_later(self.app._pane_failed, self, error)
        return self._figure

    def _build(self) -> Text:
        self._draw()
        width, height = self.size
        self.plt.plotsize(width, height)
        # PlotextPlot sets the size twice too: plotsize alone does not
        # always resize (textual-plotext issue 5).
        self.plt._set_size(width, height)
        self.plt.theme(self._plotext_theme())
        return Text.from_ansi(drop_marks(self.plt.build()))

    def _plotext_theme(self) -> str:
        """The app's theme as plotext's: the name and colours PlotextPlot's
        "auto" theme registers (surface behind, foreground ticks), so the
        gallery's plots and this one share it."""
        from plotext._dict import themes
        from textual_plotext.plot import _rgbify_theme, _sequence  # pinned 1.0.1

        name = f"textual-auto-{self.app.theme}"
        if name not in themes:
            variables = self.app.theme_variables
            surface = Color.parse(variables.get("surface")).rgb
            themes[name] = _rgbify_theme(surface, surface,
                                         Color.parse(variables.get("foreground")).rgb,
                                         "default", _sequence)
        return name

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_figure()
        if self._data_key is None:
            return
        data = self._data = self._sample()
        xs = data["xs"]
        plt.plot(xs, data["ys"], marker="braille", label=legend_label(t("plot.function")))
        if data["dys"] is not None:
            plt.plot(xs, data["dys"], marker="braille", label=legend_label(t("plot.derivative")))
        if data["other"] is not None:
            # The legend names the compared function, as the book writes it.
            plt.plot(xs, data["other"], marker="braille",
                     label=legend_label(function_label(data["other_name"])))
        a, z, j = data["a"], data["z"], data["unit"]
        finite = curves.drawable(a, z, float(xs[0]), float(xs[-1]))
        others = finite.copy()
        others[j - 1] = False
        if others.any():
            plt.scatter(a[others], z[others], marker="●", label=legend_label(t("plot.units")))
        if finite[j - 1]:
            plt.scatter([a[j - 1]], [z[j - 1]], marker="◉", label=legend_label(t("plot.selected")))
        plt.xlim(float(xs[0]), float(xs[-1]))
