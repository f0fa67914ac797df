"""x drawn as a greyscale picture when its length is a square (784 = 28×28,
the book's MNIST digits): one character holds two pixels, the upper half
block's colour for the top one and its background for the bottom one."""
from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from core import curves

from ..state import ExplorerState


def _grey(value: float) -> Color:
    level = int(round(float(np.clip(value, 0.0, 1.0)) * 255))
    return Color.from_rgb(level, level, level)


def half_blocks(image: np.ndarray) -> Text:
    rows = image if image.shape[0] % 2 == 0 else np.vstack([image, np.zeros(image.shape[1])])
    text = Text()
    for top, bottom in zip(rows[0::2], rows[1::2]):
        for upper, lower in zip(top, bottom):
            text.append("▀", Style(color=_grey(upper), bgcolor=_grey(lower)))
        text.append("\n")
    text.rstrip()
    return text


class InputImage(Widget):
    def on_mount(self) -> None:
        self._version = None
        self.app.state_changed.subscribe(self, self.show)
        self.show(self.app.state)

    def show(self, state: ExplorerState) -> None:
        if state.version == self._version:
            return
        self._version = state.version
        image = curves.input_image(state.x)
        # Whether it shows also depends on the room (app.tcss: -roomy).
        self.set_class(image is not None, "-square")
        self._text = half_blocks(image) if image is not None else Text()
        self.refresh()

    def render(self) -> Text:
        return self._text
