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


def bin_layout(bins: int, width: int) -> tuple[int, int]:
    """(group, cells): adjacent bins merged `group` at a time, each merged bin
    `cells` columns wide. Every bin gets the same width on screen: spreading
    30 bins over 14 columns as 1, 2, 1, 2... draws combs the data does not
    have. The group divides `bins` (30 over 14 columns: 10 bins of 3), so
    the merged bins are equal too; what is left of the width stays blank."""
    group = next(g for g in range(1, bins + 1) if bins % g == 0 and bins // g <= width)
    return group, max(1, width // (bins // group))


def bar_lines(counts: np.ndarray, width: int, height: int) -> list[str]:
    """counts in equal columns (bin_layout) at most `width` wide, drawn
    `height` lines tall, top line first."""
    if counts.size == 0:
        return [""] * height
    group, cells = bin_layout(counts.size, width)
    columns = np.repeat(counts.reshape(-1, group).sum(axis=1), cells)
    peak = columns.max() if columns.max() > 0 else 1
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
    ALLOW_SELECT = False  # bars of block characters, not text to copy

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
        lines = bar_lines(h.counts, width, height)
        text = Text("\n".join(lines), "bold")
        drawn = max(len(lines[0]), 4)  # the ends label the bars, not the blank after them
        low, high = range_labels(h.edges[0], h.edges[-1], drawn)
        gap = max(1, drawn - len(low) - len(high))
        text.append(f"\n{low}{' ' * gap}{high}")
        text.append("\n" + t("experiment.saturated", share=f"{h.saturated:.0%}"))
        text.append("\n" + t("experiment.dead", share=f"{h.dead:.0%}"))
        return text
