"""A small heatmap per unit of a hidden layer over the same plane as the big
map, all on one scale (core's, shown as a key), each at the plane's aspect
and as large as the space allows: the widget tries every number of columns
and keeps the one that gives the largest maps, showing fewer units when the
maps would be smaller than MIN_LINES."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from core.landscape import Landscape, ValueScale

from .. import format as fmt
from ..i18n import function_label, t
from .colour_key import scale_lines
from .half_blocks import Palette, line
from .heatmap import fit, heat_levels, marker_cell

MAX_MAPS = 12
MIN_LINES = 3  # a map of 6 × 6 pixels at least, unless one map is all there is room for


def arrange(width: int, height: int, count: int, aspect: float) -> tuple[int, int, int, int]:
    """(maps shown, columns, map width, map height): the most maps (up to
    count) of at least MIN_LINES lines, each grid row a name line over its
    maps, one space between maps; the largest maps for that many."""
    for shown in range(count, 0, -1):
        best = (0, 0, 0)
        for columns in range(1, shown + 1):
            rows = math.ceil(shown / columns)
            map_width, map_height = fit((width - (columns - 1)) // columns,
                                        height // rows - 1, aspect)
            if map_width >= 2 and map_height >= best[2]:  # a tie: the wider grid
                best = (columns, map_width, map_height)
        if best[2] >= MIN_LINES or (shown == 1 and best[2] >= 1):
            return (shown,) + best
    return 0, 0, 0, 0


def _wrap(title: str, width: int) -> list[str]:
    """The title in lines of width, broken only between its " · " parts."""
    lines = [""]
    for part in title.split(" · "):
        joined = f"{lines[-1]} · {part}" if lines[-1] else part
        if lines[-1] and cell_len(joined) > width:
            lines.append(part)
        else:
            lines[-1] = joined
    return lines


@dataclass
class _Layout:
    shown: int
    columns: int
    width: int
    height: int
    levels: list[np.ndarray]
    mark: tuple[int, int] | None
    header: list[list[Segment]]  # the title's lines and the key's


class UnitMaps(Widget):
    ALLOW_SELECT = False  # pictures: a drag would lay selection bands over them

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._shown = None
        self._note = ""  # what is said instead of maps (no hidden layer)
        self._layout = None  # ((width, height), _Layout)

    def show(self, z: np.ndarray, palette: Palette, scale: ValueScale, grid: Landscape,
             point, layer: int, function: str) -> None:
        """z[row][column][unit]: the layer's values as 0..1 of scale."""
        self._shown = (z, palette, scale, grid, point, layer, function)
        self._layout = None
        self.refresh()

    def show_note(self, note: str) -> None:
        self._shown, self._note = None, note
        self.refresh()

    def _title(self, shown: int, width: int) -> list[str]:
        z, _, _, _, _, layer, function = self._shown
        return _wrap(t("landscape.units", k=layer, function=function_label(function),
                       shown=shown, total=z.shape[-1]), width)

    def _fitted(self, width: int, height: int) -> _Layout:
        if self._layout is None or self._layout[0] != (width, height):
            z, palette, scale, grid, point, *_ = self._shown
            total = z.shape[-1]
            below = len(self._title(total, width)) + (1 if scale.flat else 2)  # at its widest
            shown, columns, map_width, map_height = arrange(
                width, height - below, min(total, MAX_MAPS), grid.aspect)
            levels = [heat_levels(z[:, :, unit], map_width, map_height, palette)
                      for unit in range(shown)]
            header = [[Segment(part)] for part in self._title(shown, width)]
            if shown:
                header += scale_lines(palette, scale, min(width, 40))
            self._layout = ((width, height), _Layout(
                shown, columns, map_width, map_height, levels,
                marker_cell(grid, point, map_width, map_height) if shown else None, header))
        return self._layout[1]

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        style = self.rich_style
        if self._shown is None or width < 1:
            text = self._note if y == 0 else ""
            return Strip([Segment(text, style)]).extend_cell_length(width, style).crop(0, width)
        layout = self._fitted(width, height)
        header = layout.header
        if y < len(header):
            # The key's segments carry only their colours: the widget's own
            # style under them (a None style breaks the monochrome filter).
            return Strip(Segment.apply_style(header[y], style)) \
                .extend_cell_length(width, style).crop(0, width)
        k = y - len(header)
        row, within = divmod(k, layout.height + 1) if layout.shown else (0, 0)
        first = row * max(1, layout.columns)
        units = range(first, min(first + layout.columns, layout.shown))
        segments: list[Segment] = []
        for unit in units:
            if unit > first:
                segments.append(Segment(" ", style))
            if within == 0:  # the name line
                name = f"z{self._shown[5]}{fmt.subscript(unit + 1)}"
                segments.append(Segment(name[:layout.width].ljust(layout.width), style))
            else:
                mark = layout.mark
                column = mark[1] if mark and mark[0] == within - 1 else None
                segments += line(layout.levels[unit], within - 1, self._shown[1], column)
        return Strip(segments).extend_cell_length(width, style).crop(0, width)
