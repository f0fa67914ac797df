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
    class Changed(Message):
        """The drawing changed: the screen reruns the network."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pixels = np.zeros((SIDE, SIDE))
        self.cursor = [SIDE // 2, SIDE // 2]  # row, column
        self.brush = 2
        self.erasing = False

    def paint(self, row: int, column: int) -> None:
        """Ink (or erase) a brush-sized square with soft edges, as a pen would."""
        value = 0.0 if self.erasing else 1.0
        radius = self.brush - 1
        for r in range(row - radius, row + radius + 1):
            for c in range(column - radius, column + radius + 1):
                if 0 <= r < SIDE and 0 <= c < SIDE:
                    edge = max(abs(r - row), abs(c - column)) == radius and radius > 0
                    ink = value if not edge or self.erasing else max(self.pixels[r, c], 0.5)
                    self.pixels[r, c] = ink
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

    def _pixel_at(self, event: events.MouseEvent) -> tuple[int, int]:
        return int(np.clip(event.y * 2, 0, SIDE - 1)), int(np.clip(event.x, 0, SIDE - 1))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.capture_mouse()
        self.cursor = list(self._pixel_at(event))
        self.paint(*self.cursor)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if event.button:
            self.cursor = list(self._pixel_at(event))
            self.paint(*self.cursor)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.release_mouse()
