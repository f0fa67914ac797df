"""Draw a digit and watch the book's 784-50-100-10 network read it: the
drawing is centred as MNIST digits were, then run through the network with
a softmax output, as the book's predict() ends.

The drawing lives on the explorer's state, so it is still there when the
screen is opened again; enter makes it the explorer's x (one undo step) so
that a1, z1, ... of the learner's own digit can be read there."""
from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

import core
from core import digits

from .. import format as fmt
from ..i18n import t
from ..keys import key, localise
from ..widgets.digit_canvas import DigitCanvas
from ..widgets.input_image import GreyPicture, half_blocks
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar


class DigitScreen(Screen):
    CSS_PATH = "digit.tcss"
    BINDINGS = [
        key("escape", "app.pop_screen", "digit_back"),
        key("up", "move(-1, 0)", "digit_up", show=False),
        key("down", "move(1, 0)", "digit_down", show=False),
        key("left", "move(0, -1)", "digit_left", show=False),
        key("right", "move(0, 1)", "digit_right", show=False),
        key("space", "paint", "digit_paint"),
        key("x", "toggle_erase", "digit_erase"),
        key("c", "clear", "digit_clear"),
        key("enter", "use_as_x", "digit_use"),
        # One footer entry for both brush keys, so that 80 columns show every action.
        key("plus,equals_sign", "brush(1)", "digit_brush_up", key_display="+/-"),
        key("minus", "brush(-1)", "digit_brush_down", key_display="-", show=False),
    ]
    BAR = 20  # cells for p = 1: with the argmax mark it fits the pane at 80 columns

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="digit-info", markup=False)
        with Horizontal(id="digit-body"):
            with Vertical(classes="digit-column"):
                canvas = DigitCanvas(self.app.state.drawing, id="digit-canvas")
                canvas.border_title = t("digit.canvas")
                yield canvas
                seen = GreyPicture("", id="digit-seen", classes="digit-picture")
                seen.border_title = t("digit.seen")
                yield seen
            yield Static("", id="digit-output", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self.canvas.focus()
        # ctrl+z works here too and may bring back a network of another shape.
        self.app.subscribe(self, self.show_network)

    async def recompose(self) -> None:
        """A language switch builds the widgets again, and on_mount does not
        run again: the numbers and the pen's focus come back here."""
        await super().recompose()
        self.show_network(self.app.state)
        self.canvas.focus()

    def show_network(self, state) -> None:
        network = state.network
        self.network = network.with_output("softmax") if network.n_inputs == 784 else None
        self.query_one("#digit-output").border_title = t("digit.output",
                                                         k=len(network.layers))
        self.rerun()

    @property
    def canvas(self) -> DigitCanvas:
        return self.query_one(DigitCanvas)

    def on_digit_canvas_changed(self, message: DigitCanvas.Changed) -> None:
        self.rerun()

    def rerun(self) -> None:
        canvas = self.canvas
        self.query_one("#digit-info", Static).update(t(
            "digit.info", brush=canvas.brush,
            mode=t("digit.erasing") if canvas.erasing else t("digit.painting")))
        x = digits.digit_input(canvas.pixels)
        self.query_one("#digit-seen", Static).update(half_blocks(x.reshape(28, 28)))
        output = self.query_one("#digit-output", Static)
        if self.network is None:
            output.update(t("digit.needs_784", shape=self.app.state.shape()))
            return
        y = core.forward(self.network, x).y
        best = int(np.argmax(y))
        text = Text()
        for digit, p in enumerate(y):
            bar = "█" * int(round(p * self.BAR))
            text.append(f"{digit}  {fmt.short(p)}  {bar}")
            if digit == best and canvas.pixels.any():
                text.append("  " + t("output.argmax"), "bold")
            text.append("\n")
        output.update(text)

    def action_move(self, rows: int, columns: int) -> None:
        self.canvas.move(rows, columns)
        self.rerun()

    def action_paint(self) -> None:
        self.canvas.paint(*self.canvas.cursor)

    def action_toggle_erase(self) -> None:
        self.canvas.erasing = not self.canvas.erasing
        self.rerun()

    def action_clear(self) -> None:
        self.canvas.clear()

    def action_use_as_x(self) -> None:
        """Back to the explorer with x = the drawing, or one line saying why not."""
        if self.app.change(self.app.state.use_drawing, lambda _: t("digit.used")) is not None:
            self.app.pop_screen()

    def action_brush(self, delta: int) -> None:
        self.canvas.brush = int(np.clip(self.canvas.brush + delta, 1, 3))
        self.rerun()
