"""A heatmap drawn with half blocks (widgets/half_blocks.py): each character
shows two grid cells, so a character's two pixels are square and a square
range of the plane is drawn twice as wide (in characters) as it is tall.
Values come scaled to 0..1 by core's scale; tick values and the cells of
ticks and of x come from core.landscape too. This widget picks colours and
cells and lays the picture out at the plane's own aspect."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from core.landscape import Landscape, cell_of, nice_ticks

from ..i18n import t
from .half_blocks import Palette, line


def _ramp(stops, levels: int = 64) -> Palette:
    stops = np.asarray(stops, dtype=np.float64)
    at = np.linspace(0, 1, len(stops))
    return Palette([
        Color.from_rgb(*np.rint([np.interp(level / (levels - 1), at, stops[:, c])
                                 for c in range(3)]).astype(int).tolist())
        for level in range(levels)])


# A perceptually even dark-to-light ramp (viridis' ends and middle), so that
# the picture also reads in greyscale: for values of one sign.
VIRIDIS = _ramp([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]])
# For values of both signs, on a scale that core makes symmetric about zero:
# TensorFlow Playground's (src/playground.ts), orange at −1, grey at 0, blue
# at +1, as its learners know the map, and as the diagram draws + blue and
# − orange: one meaning of the two colours on every screen.
DIVERGING = _ramp([[245, 147, 34], [232, 234, 235], [8, 119, 189]])
# One distinct colour per class (Tableau's ten); more classes share viridis.
CLASS_COLOURS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
                 (148, 103, 189), (140, 86, 75), (227, 119, 194), (127, 127, 127),
                 (188, 189, 34), (23, 190, 207)]


def class_palette(n: int) -> Palette:
    """n colours, class k (from 1) at level k - 1."""
    if n <= len(CLASS_COLOURS):
        return Palette([Color.from_rgb(*rgb) for rgb in CLASS_COLOURS[:n]])
    return Palette([VIRIDIS.colours[round(k * (len(VIRIDIS) - 1) / (n - 1))] for k in range(n)])


def heat_levels(values: np.ndarray, width: int, height: int,
                palette: Palette = VIRIDIS) -> np.ndarray:
    """values[row][column] in 0..1, row 0 at the bottom (as a plot's y axis),
    sampled to 2*height × width colour levels, top row first."""
    rows, columns = 2 * height, width
    v_index = np.clip((np.arange(rows)[::-1] + 0.5) / rows * values.shape[0], 0,
                      values.shape[0] - 1).astype(int)
    u_index = np.clip((np.arange(columns) + 0.5) / columns * values.shape[1], 0,
                      values.shape[1] - 1).astype(int)
    return palette.levels(values[np.ix_(v_index, u_index)])


def fit(width: int, height: int, aspect: float) -> tuple[int, int]:
    """The largest width × height characters inside the given ones whose
    pixels (one wide, half a character tall) span the plane's width:height."""
    lines = max(0, min(height, int(width / (2 * aspect))))
    return min(width, int(round(2 * lines * aspect))), lines


def marker_cell(grid: Landscape, point, width: int, height: int) -> tuple[int, int] | None:
    """The character (line from the top, column) that holds x, if it is in view."""
    if point is None:
        return None
    column = cell_of(point[0], grid.u[0], grid.u[-1], width)
    row = cell_of(point[1], grid.v[0], grid.v[-1], height)
    if column is None or row is None:
        return None
    return height - 1 - row, column


@dataclass(frozen=True)
class Dots:
    """Points drawn over the map, each its glyph in its colour on the map's
    own colour there (the training screen: ● training, ○ test points)."""
    uv: np.ndarray  # (n, 2): where on the plane
    glyphs: list[str]
    colours: list[Color]


def soften(palette: Palette, amount: float = 0.45) -> Palette:
    """The palette blended towards white, as the playground fades its map,
    so that points in full colour stand out on it."""
    return Palette([Color.from_rgb(*(round(c + (255 - c) * amount) for c in colour.triplet))
                    for colour in palette.colours])


def dot_cells(dots: Dots | None, grid: Landscape, width: int, height: int,
              levels: np.ndarray, palette: Palette) -> dict[int, dict[int, Segment]]:
    """line -> column -> the segment of the last dot in that character."""
    cells: dict[int, dict[int, Segment]] = {}
    if dots is None:
        return cells
    # Every point's character at once (as marker_cell finds one), and one
    # Segment per (glyph, colour, colour under it): a map redrawn 20 times a
    # second while it trains repeats few of them many times.
    column = _cells(dots.uv[:, 0], grid.u[0], grid.u[-1], width)
    line = height - 1 - _cells(dots.uv[:, 1], grid.v[0], grid.v[-1], height)
    inside = (column >= 0) & (line < height)
    made: dict[tuple, Segment] = {}
    for k in np.flatnonzero(inside).tolist():
        y, x = int(line[k]), int(column[k])
        key = (dots.glyphs[k], dots.colours[k], int(levels[2 * y, x]))
        segment = made.get(key)
        if segment is None:
            segment = made[key] = Segment(key[0], Style(color=key[1], bold=True,
                                                        bgcolor=palette.colours[key[2]]))
        cells.setdefault(y, {})[x] = segment
    return cells


def _cells(values: np.ndarray, low: float, high: float, cells: int) -> np.ndarray:
    """core.landscape.cell_of for many values: −1 (and a line past the end)
    where a value is outside low..high."""
    fraction = (values / 2 - low / 2) / (high / 2 - low / 2)
    cell = np.minimum(cells - 1, (fraction * cells).astype(np.int64))
    return np.where((values >= low) & (values <= high), cell, -1)


@dataclass
class _Layout:
    width: int  # the picture's characters
    height: int
    gutter: int  # characters left of the picture (x2's tick labels)
    levels: np.ndarray
    mark: tuple[int, int] | None
    v_ticks: dict[int, str]  # line -> label
    u_ticks: dict[int, str]  # column -> label
    dots: dict[int, dict[int, Segment]]  # line -> column -> a point's glyph


def _labels(ticks) -> list[str]:
    return [f"{value:.{ticks.decimals}f}" for value in ticks.values]


class HeatMap(Widget):
    """Shows what it is given at the plane's aspect; with axes, x_i's ticks
    below and x_j's on the left. Recomputes its cells only when the values or
    its size change, and draws them with the line API."""

    ALLOW_SELECT = False  # a picture: a drag would lay selection bands over it
    MIN_WIDTH, MIN_HEIGHT = 4, 2  # characters of picture, else a one-line note

    def __init__(self, axes: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes
        self._shown = None  # (values, palette, grid, point, dots)
        self._layout: tuple[tuple[int, int], _Layout | None] | None = None
        self._lines: dict[int, Strip] = {}

    @property
    def values(self) -> np.ndarray | None:
        return None if self._shown is None else self._shown[0]

    @property
    def marker(self):
        return None if self._shown is None else self._shown[3]

    @property
    def grid(self) -> Landscape | None:
        return None if self._shown is None else self._shown[2]

    def show(self, values: np.ndarray, palette: Palette, grid: Landscape, point=None,
             dots: Dots | None = None) -> None:
        """values[row][column] in 0..1 over the grid's plane; point is x's
        (u, v), marked where it is in view; dots are drawn over the map."""
        self._shown = (values, palette, grid, point, dots)
        self._layout = None
        self._lines.clear()
        self.refresh()

    class Picked(Message):
        """A click on the map, at (u, v) on the plane."""

        def __init__(self, u: float, v: float):
            super().__init__()
            self.u, self.v = u, v

    def plane_at(self, x: int, y: int) -> tuple[float, float] | None:
        """The plane's (u, v) at the middle of the character at (x, y), if it is on the map."""
        layout = self._layout[1] if self._layout else None
        if layout is None:
            return None
        column, row = x - layout.gutter, y
        if not (0 <= column < layout.width and 0 <= row < layout.height):
            return None
        grid = self._shown[2]
        u = grid.u[0] + (column + 0.5) / layout.width * (grid.u[-1] - grid.u[0])
        v = grid.v[-1] - (row + 0.5) / layout.height * (grid.v[-1] - grid.v[0])
        return float(u), float(v)

    def on_click(self, event: events.Click) -> None:
        at = self.plane_at(event.x, event.y)
        if at is not None:
            self.post_message(self.Picked(*at))

    def layout_for(self, width: int, height: int) -> _Layout | None:
        values, palette, grid, point, dots = self._shown
        gutter, below, v_ticks, u_ticks = 0, 0, {}, {}
        map_width, map_height = fit(width, height, grid.aspect)
        if self.axes:
            below = 2  # a ruler and its labels
            # The labels' width depends on the ticks, the ticks on the height,
            # the height on the width the labels leave: twice round is enough.
            map_height = height - below
            for _ in range(2):
                ticks = nice_ticks(grid.v[0], grid.v[-1], max(2, map_height // 3 + 1))
                gutter = max(map(len, _labels(ticks)), default=0) + 1
                map_width, map_height = fit(width - gutter, height - below, grid.aspect)
        if map_width < self.MIN_WIDTH or map_height < self.MIN_HEIGHT:
            return None
        if self.axes:
            for value, label in zip(ticks.values, _labels(ticks)):
                row = cell_of(value, grid.v[0], grid.v[-1], map_height)
                v_ticks[map_height - 1 - row] = label
            # As many x_i ticks as leave two spaces between their labels.
            for most in range(max(2, map_width // 4), 1, -1):
                ticks = nice_ticks(grid.u[0], grid.u[-1], most)
                labels = _labels(ticks)
                columns = [cell_of(value, grid.u[0], grid.u[-1], map_width)
                           for value in ticks.values]
                gaps = np.diff(columns)
                if gaps.size == 0 or gaps.min() >= max(map(len, labels)) + 2:
                    break
            u_ticks = dict(zip(columns, labels))
        levels = heat_levels(values, map_width, map_height, palette)
        return _Layout(map_width, map_height, gutter, levels,
                       marker_cell(grid, point, map_width, map_height), v_ticks, u_ticks,
                       dot_cells(dots, grid, map_width, map_height, levels, palette))

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        style = self.rich_style
        if self._shown is None or width < 1 or height < 1:
            return Strip.blank(width, style)
        if self._layout is None or self._layout[0] != (width, height):
            self._layout = ((width, height), self.layout_for(width, height))
            self._lines.clear()
        strip = self._lines.get(y)
        if strip is None:
            segments = self._segments(self._layout[1], y, style)
            strip = self._lines[y] = Strip(segments).extend_cell_length(width, style) \
                .crop(0, width)
        return strip

    def _segments(self, layout: _Layout | None, y: int, style: Style) -> list[Segment]:
        if layout is None:
            return [Segment(t("landscape.too_small"), style)] if y == 0 else []
        palette = self._shown[1]
        accent = style + Style(bold=True)
        mark = layout.mark
        if y < layout.height:
            segments = []
            if layout.gutter:
                if mark and mark[0] == y:
                    edge = Segment("▶", accent)
                else:
                    edge = Segment("┤" if y in layout.v_ticks else "│", style)
                label = layout.v_ticks.get(y, "")
                segments += [Segment(label.rjust(layout.gutter - 1), style), edge]
            column = mark[1] if mark and mark[0] == y else None
            return segments + line(layout.levels, y, palette, column, layout.dots.get(y))
        if not self.axes or y > layout.height + 1:
            return []
        if y == layout.height:  # the ruler: ┬ at ticks, ▲ under x
            cells = ["─"] * layout.width
            for column in layout.u_ticks:
                cells[column] = "┬"
            segments = [Segment(" " * (layout.gutter - 1) + "└", style)]
            if mark:
                return segments + [Segment("".join(cells[:mark[1]]), style),
                                   Segment("▲", accent),
                                   Segment("".join(cells[mark[1] + 1:]), style)]
            return segments + [Segment("".join(cells), style)]
        # The labels, each centred under its tick; one that would touch the
        # last is left out.
        cells = [" "] * (layout.gutter + layout.width + 8)
        free_from = 0
        for column, label in sorted(layout.u_ticks.items()):
            start = max(0, layout.gutter + column - len(label) // 2)
            if start < free_from or start + len(label) > len(cells):
                continue
            cells[start:start + len(label)] = label
            free_from = start + len(label) + 1
        return [Segment("".join(cells).rstrip(), style)]
