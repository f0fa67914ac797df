"""Drawing a digit for the book's 784-50-100-10 network."""
import numpy as np
from textual import events

import core
from core import digits
from tests.tui.helpers import shown_units
from tests.tui.test_explorer import expected_units
from tui.app import ActLabApp
from tui.screens.digit import DigitScreen
from tui.widgets.digit_canvas import DigitCanvas
from tui.widgets.input_image import half_blocks


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
        # Every column between holds two pixels, one above the other: no gaps
        # where the pointer skipped, and as thick as the cells reported.
        for column in range(2, 23):
            rows = np.flatnonzero(canvas.pixels[:, column])
            assert len(rows) == 2 and rows[1] == rows[0] + 1, (column, rows)


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


def strokes(pilot):
    """A stroke down the middle, by keys: what a learner draws for a 1."""
    return pilot.press(*(["up"] * 9 + ["space"] + ["down", "space"] * 18))


async def test_a_drawing_is_kept_when_the_screen_is_left_and_opened_again():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D")
        await strokes(pilot)
        drawn = app.screen.query_one(DigitCanvas).pixels.copy()
        assert drawn.sum() > 0
        await pilot.press("escape", "D")
        await pilot.pause()
        assert isinstance(app.screen, DigitScreen)
        assert np.array_equal(app.screen.query_one(DigitCanvas).pixels, drawn)
        # and what the network sees is drawn from it, not from a blank sheet
        seen = str(app.screen.query_one("#digit-seen").render())
        assert seen == str(half_blocks(digits.digit_input(drawn).reshape(28, 28)))


async def test_a_drawing_is_kept_when_the_language_changes():
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("D")
        await strokes(pilot)
        drawn = app.screen.query_one(DigitCanvas).pixels.copy()
        await app.switch_language("ja")
        await pilot.pause()
        canvas = app.screen.query_one(DigitCanvas)
        assert np.array_equal(canvas.pixels, drawn)
        # the screen is rebuilt whole, in Japanese, with the pen ready to draw
        assert canvas.border_title == "手書き (28×28)" and app.focused is canvas
        assert str(app.screen.query_one("#digit-info").render()).startswith("矢印でペンを動かし")
        y = core.forward(app.state.network.with_output("softmax"), digits.digit_input(drawn)).y
        best = int(np.argmax(y))
        assert f"{best}  {y[best]:.4f}" in str(app.screen.query_one("#digit-output").render())


async def test_the_drawing_becomes_x_in_one_undoable_step():
    network = core.random_network([784, 4, 3], ["sigmoid", "softmax"], seed=1)
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.state.x.copy()
        await pilot.press("D")
        await strokes(pilot)
        drawing = app.screen.query_one(DigitCanvas).pixels.copy()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.explorer  # back where a1, z1 are shown
        x = digits.digit_input(drawing)
        assert np.array_equal(app.state.x, x) and x.sum() > 0
        assert shown_units(app) == expected_units(network, x)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert np.array_equal(app.state.x, before)
        assert shown_units(app) == expected_units(network, before)
        assert not app.state.can_undo  # it was one step


async def test_the_drawing_as_x_is_refused_in_one_line_for_other_networks():
    app = ActLabApp()  # the book's 2-3-2-2 network
    async with app.run_test(size=(100, 40)) as pilot:
        before = app.state.x.copy()
        await pilot.press("D")
        await strokes(pilot)
        await pilot.press("enter")
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "\n" not in errors[0].message
        assert "784 inputs, but this network takes 2" in errors[0].message
        assert isinstance(app.screen, DigitScreen)  # the drawing is still there to keep
        assert np.array_equal(app.state.x, before) and not app.state.can_undo


async def test_the_digit_screen_follows_an_undo_to_another_shape():
    # ctrl+z also works over the digit screen: the network it reads must follow.
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(100, 40)) as pilot:
        app.change(lambda: app.state.set_inputs(2))
        await pilot.press("D", "ctrl+z")
        await pilot.pause()
        assert app.state.network.n_inputs == 784
        assert "784 inputs" not in str(app.screen.query_one("#digit-output").render())
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "784 inputs" in str(app.screen.query_one("#digit-output").render())
