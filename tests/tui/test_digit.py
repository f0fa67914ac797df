"""Drawing a digit for the book's 784-50-100-10 network."""
import numpy as np

import core
from core import digits
from tui.app import ActLabApp
from tui.screens.digit import DigitScreen
from tui.widgets.digit_canvas import DigitCanvas


async def test_drawing_updates_the_networks_probabilities(sample_weight_path):
    network = core.load(sample_weight_path)
    app = ActLabApp(network)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DigitScreen)
        await pilot.press(*(["up"] * 9 + ["space"] + ["down", "space"] * 18))
        await pilot.pause()
        canvas = app.screen.query_one(DigitCanvas)
        assert canvas.pixels.sum() > 0
        y = core.forward(network.with_output("softmax"), digits.digit_input(canvas.pixels)).y
        shown = str(app.screen.query_one("#digit-output").render())
        best = int(np.argmax(y))
        assert f"{best}  {y[best]:.4f}" in shown and "◀ argmax" in shown
        await pilot.press("c")
        assert not canvas.pixels.any()


async def test_keys_move_the_pen_erase_and_size_the_brush():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D", "space")
        canvas = app.screen.query_one(DigitCanvas)
        assert canvas.pixels[14, 14] == 1.0 and canvas.pixels[13:16, 13:16].sum() > 1
        await pilot.press("minus", "x", "space")
        assert canvas.brush == 1 and canvas.erasing and canvas.pixels[14, 14] == 0.0
        await pilot.press("right", "right")
        assert canvas.cursor == [14, 16]


async def test_the_mouse_paints_too():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D")
        await pilot.click("#digit-canvas", offset=(5, 3))
        canvas = app.screen.query_one(DigitCanvas)
        assert canvas.pixels.any()


async def test_other_networks_are_told_what_is_needed():
    app = ActLabApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert "784 inputs" in str(app.screen.query_one("#digit-output").render())
