"""The output pane: y with a bar per component; with softmax, the sum and
the argmax marked; a warning line when the values overflowed."""
from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

import core
from core import curves

from .. import format as fmt
from ..i18n import function_label, t
from ..state import ExplorerState

BAR_WIDTH_MAX = 30


class OutputView(VerticalScroll):
    """A scrolling pane: ten outputs do not fit under the plot at 80x24, and
    its title then says how many are out of view."""
    COMPONENT_CLASSES = {"output--bar", "output--argmax", "output--warning", "output--scale"}

    def compose(self) -> ComposeResult:
        yield Static(id="output-text", markup=False)

    def render_text(self) -> Text:
        return self._text

    def on_mount(self) -> None:
        self._text = Text()
        self._key = None
        self.app.subscribe(self, self.show)

    def on_resize(self) -> None:
        self._key = None
        self.app.redraw(self, self.show)
        self._say_what_is_hidden()

    def _say_what_is_hidden(self) -> None:
        lines = self._text.plain.count("\n") + 1
        seen = self.scrollable_content_region.height
        self.border_subtitle = (t("output.more", hidden=lines - seen)
                                if 0 < seen < lines else "")

    def _text_width(self) -> int:
        # The scrollbar's cells are kept free whether or not it shows: it
        # appears only after the text is laid out, and bars that fill its
        # cells would wrap onto the next line.
        return self.content_region.width - self.styles.scrollbar_size_vertical

    def show(self, state: ExplorerState) -> None:
        key = (state.version, self._text_width())
        if key == self._key:
            return
        self._key = key
        trace = state.trace
        self.border_title = t("pane.output", function=function_label(state.output))
        self._text = self._render_y(trace, state.output)
        self.query_one("#output-text", Static).update(self._text)
        self.call_after_refresh(self._say_what_is_hidden)

    def _render_y(self, trace: core.Trace, output: str) -> Text:
        style = self.get_component_rich_style
        y = trace.y
        low, high = curves.bar_scale(output, y)
        total, argmax = trace.output_summary()
        label_width = len(f"y{len(y)}")
        softmax = output.startswith("softmax")
        # cell_len, not len: Japanese characters take two cells each.
        reserved = label_width + 13 + (cell_len(t("output.argmax")) + 1 if softmax else 0)
        bar_width = max(4, min(BAR_WIDTH_MAX, self._text_width() - reserved))
        # One cell per (high - low) / bar_width; the zero line sits where 0 falls.
        zero = int(round(bar_width * (0.0 - low) / (high - low)))
        text = Text()
        for j, value in enumerate(y, start=1):
            text.append(f"{'y' + str(j):<{label_width}} {fmt.short(value):>10} ")
            cells = 0
            if np.isfinite(value):
                cells = int(round(bar_width * abs(value) / (high - low)))
            left = min(cells, zero) if value < 0 else 0
            right = min(cells, bar_width - zero) if value > 0 else 0
            text.append("·" * (zero - left))
            text.append("█" * left, style("output--bar"))
            text.append("│")
            text.append("█" * right, style("output--bar"))
            text.append("·" * (bar_width - zero - right))
            if softmax and j == argmax and np.isfinite(total):
                text.append(" " + t("output.argmax"), style("output--argmax"))
            text.append("\n")
        scale = t("output.scale", low=fmt.compact(low, 4), high=fmt.compact(high, 4))
        indent = label_width + 12
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
