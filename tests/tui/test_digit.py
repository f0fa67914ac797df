"""Drawing a digit for the book's 784-50-100-10 network."""
import numpy as np
from textual import events

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


def mouse(app, kind, canvas, x, y, button=1):
    """Send a mouse event as the terminal driver does: screen coordinates, to
    the app, which forwards it to the canvas (x, y: cells within the canvas's
    pixels, inside its border: cell (0, 0) shows pixels (0, 0) and (1, 0))."""
    x, y = canvas.content_region.x + x, canvas.content_region.y + y
    app.post_message(kind(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y))


async def test_a_click_paints_the_pixels_shown_under_the_pointer():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D", "minus")  # brush 1: one pixel per stamp
        canvas = app.screen.query_one(DigitCanvas)
        # The cell in the canvas's top left corner, just inside the border.
        mouse(app, events.MouseDown, canvas, 0, 0)
        mouse(app, events.MouseUp, canvas, 0, 0)
        await pilot.pause()
        assert np.argwhere(canvas.pixels).tolist() == [[0, 0], [1, 0]]
        # And the screen draws them there: the top left cell's lower half is
        # white ink (its upper half is the red pen, which moved to the click).
        cell = app.screen.get_style_at(canvas.content_region.x, canvas.content_region.y)
        assert cell.bgcolor.triplet == (255, 255, 255) and canvas.cursor == [0, 0]


async def test_a_mouse_stroke_is_joined_and_uses_both_halves_of_a_cell():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D", "minus")  # brush 1: one pixel per stamp
        canvas = app.screen.query_one(DigitCanvas)
        # A terminal reporting whole cells: cell row 3 is pixel rows 6 and 7.
        mouse(app, events.MouseDown, canvas, 2, 3)
        # A fast move: the next report is 20 columns away, on cell row 5.
        mouse(app, events.MouseMove, canvas, 22, 5)
        mouse(app, events.MouseUp, canvas, 22, 5)
        await pilot.pause()
        assert canvas.pixels[6, 2] == canvas.pixels[7, 2] == 1.0
        assert canvas.pixels[10, 22] == canvas.pixels[11, 22] == 1.0
        # Every column between is inked: no gaps where the pointer skipped.
        assert all(canvas.pixels[:, column].any() for column in range(2, 23))
        assert canvas.pixels.sum() < 30  # a thin line, not a filled area


async def test_a_terminal_reporting_pixels_paints_the_half_under_the_pointer():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D", "minus")
        canvas = app.screen.query_one(DigitCanvas)
        mouse(app, events.MouseDown, canvas, 4.5, 3.75)  # lower half of row 3
        mouse(app, events.MouseUp, canvas, 4.5, 3.75)
        mouse(app, events.MouseDown, canvas, 9.5, 3.25)  # upper half
        mouse(app, events.MouseUp, canvas, 9.5, 3.25)
        await pilot.pause()
        assert canvas.pixels[7, 4] == 1.0 and canvas.pixels[6, 4] == 0.0
        assert canvas.pixels[6, 9] == 1.0 and canvas.pixels[7, 9] == 0.0
        assert canvas.cursor == [6, 9]
