"""Pictures drawn with half blocks: each character shows two cells, the upper
one in the colour of "▀" and the lower one in its background. One painter for
the grey pictures (x as an image, the digit canvas) and the landscape's
heatmaps; each brings its own palette of colours, indexed by level."""
from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

# x's cell: a bold white cross on black stands out on every palette colour
# (the black on light colours, the white on dark ones); ASCII, so it is one
# cell wide in every terminal.
MARKER = "+"
MARKER_STYLE = Style(color="white", bgcolor="black", bold=True)


class Palette:
    """Colours by level, and the style for each (upper, lower) pair of levels,
    made once: a picture repeats few pairs many times."""

    def __init__(self, colours: list[Color]):
        self.colours = colours
        self._styles: dict[tuple[int, int], Style] = {}

    def __len__(self) -> int:
        return len(self.colours)

    def style(self, upper: int, lower: int) -> Style:
        style = self._styles.get((upper, lower))
        if style is None:
            style = self._styles[(upper, lower)] = Style(color=self.colours[upper],
                                                          bgcolor=self.colours[lower])
        return style

    def levels(self, values: np.ndarray) -> np.ndarray:
        """Values in 0..1 (NaN as 0) as levels of this palette."""
        clean = np.clip(np.nan_to_num(values, nan=0.0), 0.0, 1.0)
        return np.rint(clean * (len(self) - 1)).astype(int)


GREYS = Palette([Color.from_rgb(level, level, level) for level in range(256)])


def line(levels: np.ndarray, k: int, palette: Palette,
         mark_column: int | None = None,
         overlay: dict[int, Segment] | None = None) -> list[Segment]:
    """Line k of a picture of levels (rows 2k and 2k + 1). Neighbouring cells of
    one colour pair share a segment, so a smooth region costs one segment, not
    one per character; the marker takes its cell whole, and so does each of
    overlay's one-cell segments (the training screen's points), by column."""
    upper = levels[2 * k].tolist()
    lower = levels[2 * k + 1].tolist() if 2 * k + 1 < len(levels) else [0] * len(upper)
    pairs = list(zip(upper, lower))
    cells = dict(overlay or {})
    if mark_column is not None:
        cells[mark_column] = Segment(MARKER, MARKER_STYLE)
    segments: list[Segment] = []
    start = 0
    for column in range(1, len(pairs) + 1):
        if column == len(pairs) or pairs[column] != pairs[start] or column in cells \
                or start in cells:
            if start in cells:
                segments.append(cells[start])
            else:
                segments.append(Segment("▀" * (column - start), palette.style(*pairs[start])))
            start = column
    return segments


def picture(levels: np.ndarray, palette: Palette,
            mark: tuple[int, int] | None = None) -> Text:
    """The whole picture as Text, a line per two rows (an odd last row gets a
    lower half of level 0); mark is the (line, column) of the marker, if any."""
    text = Text()
    height = (len(levels) + 1) // 2
    for k in range(height):
        column = mark[1] if mark and mark[0] == k else None
        for segment in line(levels, k, palette, column):
            text.append(segment.text, segment.style)
        if k < height - 1:
            text.append("\n")
    return text
