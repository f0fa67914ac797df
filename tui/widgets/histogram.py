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
        low, high = fmt.compact(h.edges[0], 2), fmt.compact(h.edges[-1], 2)
        gap = max(1, width - len(low) - len(high))
        text.append(f"\n{low}{' ' * gap}{high}")
        text.append("\n" + t("experiment.saturated", share=f"{h.saturated:.0%}"))
        text.append("\n" + t("experiment.dead", share=f"{h.dead:.0%}"))
        return text
