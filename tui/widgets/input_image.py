"""x drawn as a greyscale picture when its length is a square (784 = 28×28,
the book's MNIST digits): one character holds two pixels, the upper half
block's colour for the top one and its background for the bottom one."""
from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from core import curves

from ..state import ExplorerState
from .half_blocks import GREYS, picture


def half_blocks(image: np.ndarray) -> Text:
    """A grey picture of values in 0..1, two pixels per character."""
    return picture(GREYS.levels(image), GREYS)


class GreyPicture(Static):
    """A picture shown as it is given (the digit screen's centred drawing)."""
    ALLOW_SELECT = False  # half blocks are no text to copy


class InputImage(Widget):
    ALLOW_SELECT = False  # a picture: a drag would lay selection bands over it

    def on_mount(self) -> None:
        self._version = None
        self._image = None
        self._text = None
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        if state.version == self._version:
            return
        self._version = state.version
        before = None if self._image is None else self._image.shape
        self._image = curves.input_image(state.x)
        self._text = None  # drawn when rendered, and only if there is room to show it
        # Whether it shows also depends on the room (app.tcss: -roomy).
        self.set_class(self._image is not None, "-square")
        after = None if self._image is None else self._image.shape
        self.refresh(layout=after != before)  # another size (16 -> 784) needs another box

    def render(self) -> Text:
        if self._text is None:
            self._text = half_blocks(self._image) if self._image is not None else Text()
        return self._text
