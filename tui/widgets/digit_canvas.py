"""A 28×28 canvas drawn with half blocks (two pixels per character), painted
by keys or the mouse, with the cursor's pixel shown in red."""
from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from .input_image import half_blocks

SIDE = 28


class DigitCanvas(Widget, can_focus=True):
    # A drag paints: Textual's text selection would lay bands over the ink.
    ALLOW_SELECT = False

    class Changed(Message):
        """The drawing changed: the screen reruns the network."""

    def __init__(self, pixels: np.ndarray, **kwargs):
        """`pixels` (28×28) is painted in place: the state's sheet, so the
        drawing outlives this widget and its screen."""
        super().__init__(**kwargs)
        self.pixels = pixels
        self.cursor = [SIDE // 2, SIDE // 2]  # row, column
        self.brush = 2
        self.erasing = False
        self._last: list[tuple[int, int]] = []  # the pixels a mouse stroke was last at

    def _stamp(self, row: int, column: int) -> None:
        """Ink (or erase) a brush-sized square with soft edges, as a pen would."""
        value = 0.0 if self.erasing else 1.0
        radius = self.brush - 1
        for r in range(row - radius, row + radius + 1):
            for c in range(column - radius, column + radius + 1):
                if 0 <= r < SIDE and 0 <= c < SIDE:
                    edge = max(abs(r - row), abs(c - column)) == radius and radius > 0
                    ink = value if not edge or self.erasing else max(self.pixels[r, c], 0.5)
                    self.pixels[r, c] = ink

    def paint(self, row: int, column: int) -> None:
        self.stroke([(row, column)])

    def stroke(self, points: list[tuple[int, int]]) -> None:
        """Stamp the brush at each point, then redraw and rerun the network once."""
        for row, column in points:
            self._stamp(row, column)
        self.refresh()
        self.post_message(self.Changed())

    def clear(self) -> None:
        self.pixels[:] = 0.0
        self.refresh()
        self.post_message(self.Changed())

    def move(self, rows: int, columns: int) -> None:
        self.cursor = [int(np.clip(self.cursor[0] + rows, 0, SIDE - 1)),
                       int(np.clip(self.cursor[1] + columns, 0, SIDE - 1))]
        self.refresh()

    def render(self) -> Text:
        text = half_blocks(self.pixels)
        row, column = self.cursor
        line = row // 2
        offset = line * (SIDE + 1) + column  # SIDE cells and a newline per line
        upper = row % 2 == 0
        pen = Style(color="red" if upper else None, bgcolor=None if upper else "red")
        text.stylize(pen, offset, offset + 1)
        return text

    def _pixels_at(self, event: events.MouseEvent) -> list[tuple[int, int]]:
        """The pixels under the pointer. A terminal that reports the pointer
        in pixels (kitty, WezTerm, …) gives a fractional y, so the half of the
        cell is known; one that reports cells does not, and then both pixels of
        the cell are meant."""
        # The pointer is relative to the border's corner; the pixels start inside it.
        x = event.pointer_x - self.gutter.left
        y = event.pointer_y - self.gutter.top
        column = int(np.clip(x, 0, SIDE - 1))
        row = int(np.clip(y * 2, 0, SIDE - 1))
        if y == int(y):  # whole cells only
            return [(row, column), (min(row + 1, SIDE - 1), column)]
        return [(row, column)]

    def _stroke_to(self, event: events.MouseEvent) -> None:
        here = self._pixels_at(event)
        # Join to where the pointer was: a fast move reports points far apart.
        # A whole cell is two pixels, so its join is two lines: as thick as
        # the cells the terminal did report.
        joined = [p for start, end in zip(self._last, here) for p in _line(start, end)]
        self._last, self.cursor = here, list(here[0])
        self.stroke(joined + here)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.capture_mouse()
        self._last = []
        self._stroke_to(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if event.button:
            self._stroke_to(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.release_mouse()
        self._last = []


def _line(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    """The pixels from start to end, one per step along the longer axis."""
    steps = max(abs(end[0] - start[0]), abs(end[1] - start[1]))
    return [(round(start[0] + (end[0] - start[0]) * i / steps),
             round(start[1] + (end[1] - start[1]) * i / steps)) for i in range(1, steps)]
