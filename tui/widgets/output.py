"""The output pane: y with a bar per component and the target t beside it;
with softmax, the sum and the argmax marked; the loss written out with its
numbers, E = 0.5·Σ(y−t)² = 0.5·(0.3168² + (−0.3037)²) = 0.0963, and the
learning rate; a warning line when the values overflowed."""
from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

import core
from core import chain, curves

from .. import format as fmt
from ..i18n import function_label, t
from ..state import ExplorerState

BAR_WIDTH_MAX = 30
MAX_TERMS = 4  # squares written out in the loss before the rest is counted


def target_number(value: float) -> str:
    """t's components as the issue writes t = [0, 1]: whole numbers without
    a decimal point (two cells fewer for the bars), others to 4 decimals."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e6 else fmt.compact(value)


def _square(value: float) -> str:
    """0.3168² or (−0.3037)²."""
    return f"(−{fmt.compact(-value)})²" if value < 0 else f"{fmt.compact(value)}²"


def loss_forms(loss: chain.LossExplanation):
    """The loss line from the fullest form to the shortest."""
    value = fmt.short(loss.value)
    if loss.kind == "sse":
        n = len(loss.difference)
        for shown in range(min(MAX_TERMS, n), 0, -1):
            terms = [_square(d) for d in loss.difference[:shown]]
            if n > shown:
                terms.append(t("explain.more", n=n - shown))
            yield f"E = 0.5·Σ(y−t)² = 0.5·({' + '.join(terms)}) = {value}"
        yield f"E = 0.5·Σ(y−t)² = {value}"
        yield f"E = {value}"  # a narrow pane (80 columns, diagram shown): no wrapped line
    elif loss.label is not None:
        sub = fmt.subscript(loss.label)
        yield f"E = −log y{sub} = −log {fmt.compact(loss.y_label)} = {value}"
        yield f"E = −log y{sub} = {value}"
        yield f"E = {value}"
    else:
        yield f"E = −Σ t·log y = {value}"
        yield f"E = {value}"


def loss_text(loss: chain.LossExplanation, width: int | None = None) -> str:
    forms = list(loss_forms(loss))
    for text in forms:
        if width is None or cell_len(text) <= width:
            return text
    return forms[-1]


class OutputView(VerticalScroll):
    """A scrolling pane: ten outputs do not fit under the plot at 80x24, and
    its title then says how many are out of view."""
    COMPONENT_CLASSES = {"output--bar", "output--argmax", "output--warning", "output--scale",
                         "output--target"}

    def compose(self) -> ComposeResult:
        yield Static(id="output-text", markup=False)

    def render_text(self) -> Text:
        return self._text

    def on_mount(self) -> None:
        self._text = Text()
        self._key = None
        self._extent = None  # (lines, longest line, width) last laid out
        self.app.subscribe(self, self.show)

    def on_resize(self) -> None:
        self._key = None
        self.app.redraw(self, self.show)
        self._say_what_is_hidden()

    def _say_what_is_hidden(self) -> None:
        lines = self._text.plain.count("\n") + 1
        seen = self.scrollable_content_region.height
        subtitle = t("output.more", hidden=lines - seen) if 0 < seen < lines else ""
        # Setting a border title repaints the pane even when it is the same:
        # on every key that was a second frame, 30 ms after the first.
        if subtitle != self.border_subtitle:
            self.border_subtitle = subtitle

    def _text_width(self) -> int:
        # The scrollbar's cells are kept free whether or not it shows: it
        # appears only after the text is laid out, and bars that fill its
        # cells would wrap onto the next line.
        return self.content_region.width - self.styles.scrollbar_size_vertical

    def show(self, state: ExplorerState) -> None:
        key = (state.version, self._text_width(), state.learning_rate)
        if key == self._key:
            return
        self._key = key
        trace = state.trace
        self.border_title = t("pane.output", function=function_label(state.output))
        self._text = self._render_y(trace, state.output, state.target)
        self._text.append("\n")
        self._text.append(loss_text(state.explain_loss(), self._text_width()))
        self._text.append("\n")
        self._text.append(t("output.rate", lr=fmt.compact(state.learning_rate, 6)),
                          self.get_component_rich_style("output--scale"))
        # A layout pass (all of the screen placed again) only when the text
        # can have changed its height: other lines, or a line that may wrap.
        lines = self._text.plain.split("\n")
        width = self._text_width()
        extent = (len(lines), max(cell_len(line) for line in lines), width)
        relayout = extent != self._extent or extent[1] > width
        self._extent = extent
        self.query_one("#output-text", Static).update(self._text, layout=relayout)
        self.call_after_refresh(self._say_what_is_hidden)

    def _render_y(self, trace: core.Trace, output: str, target) -> Text:
        style = self.get_component_rich_style
        y = trace.y
        targets = [target_number(value) for value in target]
        t_width = max(len(text) for text in targets)
        low, high = curves.bar_scale(output, y)
        total, argmax = trace.output_summary()
        label_width = len(f"y{len(y)}")
        # As wide as the widest value, not a fixed 10: at 80 columns with the
        # diagram shown the four cells saved are what the bars need.
        values = [fmt.short(value) for value in y]
        value_width = max(len(text) for text in values)
        softmax = output.startswith("softmax")
        # cell_len, not len: Japanese characters take two cells each.
        marker = t("output.argmax")
        reserved = label_width + value_width + 3 + t_width + 3
        bar_width = min(BAR_WIDTH_MAX, self._text_width() - reserved
                        - (cell_len(marker) + 1 if softmax else 0))
        if softmax and bar_width < 8:  # the bars before the word: ◀ alone says argmax
            marker = "◀"
            bar_width = min(BAR_WIDTH_MAX, self._text_width() - reserved - 2)
        # No room for a bar of 4 cells (80 columns, backward view): no bars,
        # rather than lines that wrap.
        if bar_width < 4:
            bar_width = 0
        # One cell per (high - low) / bar_width; the zero line sits where 0 falls.
        # Halves: high − low and bar_width·|y| pass float64's range when |y|
        # is near 1e308 (OverflowError turning inf into cells).
        half_span = high / 2 - low / 2
        zero = int(round(bar_width * ((0.0 - low) / 2 / half_span)))
        text = Text()
        for j, value in enumerate(y, start=1):
            text.append(f"{'y' + str(j):<{label_width}} {values[j - 1]:>{value_width}} ")
            text.append(f"t {targets[j - 1]:<{t_width}} ", style("output--target"))
            cells = 0
            if np.isfinite(value):
                cells = min(bar_width, int(round(bar_width * (abs(value) / 2 / half_span))))
            left = min(cells, zero) if value < 0 else 0
            right = min(cells, bar_width - zero) if value > 0 else 0
            text.append("·" * (zero - left))
            text.append("█" * left, style("output--bar"))
            text.append("│")
            text.append("█" * right, style("output--bar"))
            text.append("·" * (bar_width - zero - right))
            if softmax and j == argmax and np.isfinite(total):
                text.append(" " + marker, style("output--argmax"))
            text.append("\n")
        if bar_width:
            scale = t("output.scale", low=fmt.compact(low, 4), high=fmt.compact(high, 4))
            if cell_len(scale) > self._text_width():  # a narrow pane: no wrapped line
                scale = t("output.scale_short", low=fmt.compact(low, 4),
                          high=fmt.compact(high, 4))
            indent = label_width + value_width + 2 + t_width + 3
            if indent + cell_len(scale) <= self._text_width():
                text.append(" " * indent)  # under the bars, where it fits
            text.append(scale, style("output--scale"))
            text.append("\n")
        if softmax:
            text.append(t("output.sum", total=fmt.short(total)))
        bad = trace.nonfinite()
        if bad:
            hint = t("output.hint.naive") if output == "softmax_naive" else t("output.hint.other")
            text.append("\n")
            text.append(t("output.nonfinite", names=", ".join(bad), hint=hint),
                        style("output--warning"))
        return text.rstrip() or text
