"""A heatmap drawn with half blocks (widgets/half_blocks.py): each character
shows two grid cells. Values come scaled to 0..1 from core; this widget only
picks colours and cells."""
from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from .half_blocks import Palette, line, picture

# A perceptually even dark-to-light ramp (viridis' ends and middle), so that
# the picture also reads in greyscale.
STOPS = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]])
LEVELS = 64
VIRIDIS = Palette([
    Color.from_rgb(*np.rint([np.interp(level / (LEVELS - 1), np.linspace(0, 1, len(STOPS)),
                                       STOPS[:, c]) for c in range(3)]).astype(int).tolist())
    for level in range(LEVELS)])


def heat_levels(values: np.ndarray, width: int, height: int) -> np.ndarray:
    """values[row][column] in 0..1, row 0 at the bottom (as a plot's y axis),
    sampled to 2*height × width colour levels, top row first."""
    rows, columns = 2 * height, width
    v_index = np.clip((np.arange(rows)[::-1] + 0.5) / rows * values.shape[0], 0,
                      values.shape[0] - 1).astype(int)
    u_index = np.clip((np.arange(columns) + 0.5) / columns * values.shape[1], 0,
                      values.shape[1] - 1).astype(int)
    return VIRIDIS.levels(values[np.ix_(v_index, u_index)])


def marker_cell(marker, width: int, height: int) -> tuple[int, int] | None:
    """The character (line, column) of a (row, column) fraction, if it is in view."""
    if marker is None or not (0 <= marker[0] <= 1 and 0 <= marker[1] <= 1):
        return None
    return (min(height - 1, int((1 - marker[0]) * height)),
            min(width - 1, int(marker[1] * width)))


def heat_text(values: np.ndarray, width: int, height: int, marker=None) -> Text:
    """The whole picture as Text (for tests and exports); the widget draws by line."""
    return picture(heat_levels(values, width, height), VIRIDIS,
                   marker_cell(marker, width, height))


class HeatMap(Widget):
    """Shows what it is given; recomputes its cells only when the values or its
    size change, and draws them with the line API."""

    ALLOW_SELECT = False  # a picture: a drag would lay selection bands over it

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._values = None
        self._marker = None
        self._levels = None  # (size, levels, marker cell)
        self._lines: dict[int, Strip] = {}

    def show(self, values: np.ndarray, marker=None) -> None:
        self._values, self._marker, self._levels = values, marker, None
        self._lines.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        if self._values is None or width < 1 or height < 1:
            return Strip.blank(width)
        if self._levels is None or self._levels[0] != (width, height):
            self._levels = ((width, height), heat_levels(self._values, width, height),
                            marker_cell(self._marker, width, height))
            self._lines.clear()
        strip = self._lines.get(y)
        if strip is None:
            _, levels, mark = self._levels
            column = mark[1] if mark and mark[0] == y else None
            strip = self._lines[y] = Strip(line(levels, y, VIRIDIS, column), width)
        return strip

    def render(self) -> Text:
        """The picture as text (render_line is what draws it on screen)."""
        if self._values is None:
            return Text()
        return heat_text(self._values, max(1, self.size.width), max(1, self.size.height),
                         self._marker)
