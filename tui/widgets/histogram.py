"""One layer's histogram from the chapter-6 experiment: vertical bars of
eighth blocks, the bin range under them, and the saturated and dead shares."""
from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widget import Widget

from core.experiments import LayerHistogram

from .. import format as fmt
from ..i18n import t

EIGHTHS = " ▁▂▃▄▅▆▇█"
FOOTER_LINES = 3  # the range and the two shares


def bar_lines(counts: np.ndarray, width: int, height: int) -> list[str]:
    """counts regrouped into `width` columns, drawn `height` lines tall, top line first."""
    edges = np.linspace(0, counts.size, width + 1).astype(int)
    columns = np.array([counts[a:b].sum() if b > a else 0 for a, b in zip(edges, edges[1:])])
    peak = columns.max() if columns.size and columns.max() > 0 else 1
    eighths = np.rint(columns / peak * height * 8).astype(int)
    lines = []
    for line in range(height, 0, -1):
        filled = np.clip(eighths - (line - 1) * 8, 0, 8)
        lines.append("".join(EIGHTHS[v] for v in filled))
    return lines


def range_labels(low: float, high: float, width: int) -> tuple[str, str]:
    """The bins' ends, as precise as fits on one line of `width`: an exploding
    layer (std 1 with ReLU-like functions) reaches 1e5, which would wrap and
    push the shares out of the box."""
    def short(value: float, digits: int) -> str:
        return f"{value:.{digits}g}".replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")

    candidates = [(fmt.compact(low, 2), fmt.compact(high, 2))]
    candidates += [(short(low, d), short(high, d)) for d in (3, 2, 1)]
    for pair in candidates:
        if len(pair[0]) + len(pair[1]) < width:
            return pair
    return candidates[-1]


class HistogramView(Widget):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._histogram: LayerHistogram | None = None

    def show(self, histogram: LayerHistogram) -> None:
        self._histogram = histogram
        self.refresh()

    def render(self) -> Text:
        h = self._histogram
        if h is None:
            return Text()
        width = max(4, self.size.width)
        height = max(1, self.size.height - FOOTER_LINES)
        text = Text("\n".join(bar_lines(h.counts, width, height)), "bold")
        low, high = range_labels(h.edges[0], h.edges[-1], width)
        gap = max(1, width - len(low) - len(high))
        text.append(f"\n{low}{' ' * gap}{high}")
        text.append("\n" + t("experiment.saturated", share=f"{h.saturated:.0%}"))
        text.append("\n" + t("experiment.dead", share=f"{h.dead:.0%}"))
        return text
