"""What a heatmap's colours mean: a bar with its numbers for a value scale
(its ends, and 0 where the scale crosses it), or a swatch and a name per
class. The numbers and where 0 falls come from core's scale."""
from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from core.landscape import ValueScale, cell_of

from ..i18n import t
from .half_blocks import Palette

SWATCH = "██"


def end_label(value: float, decimals: int) -> str:
    """A scale's end: the scale's decimals for everyday sizes, three
    significant digits from 1e6 on and below 1e-4 (1e30 stays short)."""
    if value != 0 and not 1e-4 <= abs(value) < 1e6:
        return f"{value:.3g}"
    return f"{value:.{decimals}f}"


def scale_lines(palette: Palette, scale: ValueScale, width: int) -> list[list[Segment]]:
    """A colour bar across width cells (its i-th cell in the colour at
    (i + 0.5) / width of the scale), its ends' numbers under it and 0 at
    its own cell if the scale is diverging."""
    if scale.flat:
        colour = palette.colours[palette.levels(scale.fraction([scale.low]))[0]]
        return [[Segment(SWATCH, Style(color=colour)),
                 Segment(" " + t("landscape.flat", value=end_label(scale.low, scale.decimals)))]]
    width = max(1, width)
    levels = palette.levels([(i + 0.5) / width for i in range(width)])
    bar = [Segment("█", Style(color=palette.colours[level])) for level in levels]
    low, high = end_label(scale.low, scale.decimals), end_label(scale.high, scale.decimals)
    cells = [" "] * width
    cells[:len(low)] = low
    if len(low) + 1 + len(high) <= width:  # never one end written over the other
        cells[width - len(high):] = high
    if scale.diverging:
        zero = cell_of(0.0, scale.low, scale.high, width)
        if len(low) < zero < width - len(high) - 1:
            cells[zero] = "0"
    return [bar, [Segment("".join(cells)[:width])]]


def wrap(text: str, width: int) -> list[str]:
    """text in lines of at most width cells, broken at spaces (a Japanese
    word takes two cells a character; one longer than a line is cut up)."""
    lines: list[str] = []
    for word in text.split():
        while cell_len(word) > width > 0:
            head = chop_cells(word, width)[0]
            lines.append(head)
            word = word[len(head):]
        if lines and cell_len(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def class_lines(palette: Palette, names: list[str], width: int) -> list[list[Segment]]:
    """Each class's swatch and name, as many to a line as the width holds."""
    lines: list[list[Segment]] = [[]]
    used = 0
    for level, name in enumerate(names):
        size = len(SWATCH) + 1 + len(name) + 2
        if used and used + size > width:
            lines.append([])
            used = 0
        lines[-1] += [Segment(SWATCH, Style(color=palette.colours[level])),
                      Segment(f" {name}  ")]
        used += size
    return lines


class ColourKey(Widget):
    """The key of one heatmap; as tall as its lines."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None  # ("scale", palette, scale) or ("classes", palette, names)

    def show_scale(self, palette: Palette, scale: ValueScale, note: str = "") -> None:
        """note: a line under the numbers that says what they mean."""
        self._key = ("scale", palette, (scale, note))
        self.refresh(layout=True)

    def show_classes(self, palette: Palette, names: list[str]) -> None:
        self._key = ("classes", palette, names)
        self.refresh(layout=True)

    def clear(self) -> None:
        self._key = None
        self.refresh(layout=True)

    def key_lines(self, width: int) -> list[list[Segment]]:
        if self._key is None:
            return []
        kind, palette, what = self._key
        if kind == "scale":
            scale, note = what
            return scale_lines(palette, scale, width) + [[Segment(part)]
                                                         for part in wrap(note, width)]
        return class_lines(palette, what, width)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.key_lines(width))

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        for k, segments in enumerate(self.key_lines(self.size.width)):
            if k:
                text.append("\n")
            for segment in segments:
                text.append(segment.text, segment.style)
        return text
