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


def _grey(level: int) -> Color:
    return Color.from_rgb(level, level, level)


_STYLES: dict[tuple[int, int], Style] = {}  # (top, bottom) grey levels -> style


def half_blocks(image: np.ndarray) -> Text:
    levels = np.rint(np.clip(image, 0.0, 1.0) * 255).astype(int)
    if levels.shape[0] % 2:
        levels = np.vstack([levels, np.zeros((1, levels.shape[1]), dtype=int)])
    text = Text()
    for top, bottom in zip(levels[0::2].tolist(), levels[1::2].tolist()):
        for pair in zip(top, bottom):
            style = _STYLES.get(pair)
            if style is None:
                style = _STYLES[pair] = Style(color=_grey(pair[0]), bgcolor=_grey(pair[1]))
            text.append("▀", style)
        text.append("\n")
    text.rstrip()
    return text


class InputImage(Widget):
    def on_mount(self) -> None:
        self._version = None
        self._text = None
        self.app.state_changed.subscribe(self, self.show)
        self.show(self.app.state)

    def show(self, state: ExplorerState) -> None:
        if state.version == self._version:
            return
        self._version = state.version
        self._image = curves.input_image(state.x)
        self._text = None  # drawn when rendered, and only if there is room to show it
        # Whether it shows also depends on the room (app.tcss: -roomy).
        self.set_class(self._image is not None, "-square")
        self.refresh()

    def render(self) -> Text:
        if self._text is None:
            self._text = half_blocks(self._image) if self._image is not None else Text()
        return self._text
