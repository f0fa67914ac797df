"""The output pane: y with a bar per component; with softmax, the sum and
the argmax marked; a warning line when the values overflowed."""
from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

import core

from .. import format as fmt
from ..i18n import function_label, t
from ..state import ExplorerState

BAR_WIDTH_MAX = 30


class OutputView(Static):
    COMPONENT_CLASSES = {"output--bar", "output--argmax", "output--warning"}

    def on_mount(self) -> None:
        self._key = None
        self.app.subscribe(self, self.show)

    def on_resize(self) -> None:
        self._key = None
        self.app.redraw(self, self.show)

    def show(self, state: ExplorerState) -> None:
        key = (state.version, self.size.width)
        if key == self._key:
            return
        self._key = key
        trace = state.trace
        self.border_title = t("pane.output", function=function_label(state.output))
        text = self._render_y(trace, state.output)
        lines = text.plain.count("\n")
        self.update(text, layout=lines != getattr(self, "_lines", None))
        self._lines = lines

    def _render_y(self, trace: core.Trace, output: str) -> Text:
        style = self.get_component_rich_style
        y = trace.y
        probabilities = output in ("softmax", "softmax_naive", "sigmoid")
        finite = y[np.isfinite(y)]
        scale = 1.0 if probabilities else (float(np.max(np.abs(finite))) if finite.size else 1.0)
        total, argmax = trace.output_summary()
        label_width = len(f"y{len(y)}")
        softmax = output.startswith("softmax")
        # cell_len, not len: Japanese characters take two cells each.
        reserved = label_width + 12 + (cell_len(t("output.argmax")) + 1 if softmax else 0)
        bar_width = max(4, min(BAR_WIDTH_MAX, self.size.width - reserved))
        text = Text()
        for j, value in enumerate(y, start=1):
            text.append(f"{'y' + str(j):<{label_width}} {fmt.short(value):>10} ")
            share = abs(value) / scale if np.isfinite(value) and scale > 0 else 0.0
            filled = int(round(share * bar_width))
            text.append("█" * filled, style("output--bar"))
            text.append("·" * (bar_width - filled))
            if softmax and j == argmax and np.isfinite(total):
                text.append(" " + t("output.argmax"), style("output--argmax"))
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
