"""The gallery: every function, two compared, linear collapse, softmax overflow."""
import numpy as np

import core
from tests.tui.test_number_editor import burst
from tui.app import ActLabApp
from tui.screens.gallery import GalleryScreen
from tui.widgets.function_plot import FunctionPlot


def text(app, selector) -> str:
    return str(app.screen.query_one(selector).render())


async def test_gallery_shows_every_function_and_compares_two():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, GalleryScreen)
        tiles = app.screen.query(".tile")
        assert [tile.names[0] for tile in tiles] == core.HIDDEN
        assert "σ(x) = 1 / (1 + e⁻ˣ)" in text(app, "#gallery-detail")
        assert app.screen.query_one("#compare-a", FunctionPlot).names == ("step", "sigmoid")
        await pilot.press("right", "enter")  # tanh joins, step leaves
        assert app.screen.compared == ["sigmoid", "tanh"]
        assert "range (−1, 1) · zero-centred, monotonic, smooth, saturating" in text(
            app, "#gallery-detail")
        await pilot.press("s")
        assert app.screen.query_one("#compare-b", FunctionPlot).names == ("tanh",)
        assert app.screen.query_one("#compare-b").display


async def test_linear_layers_collapse_to_one_with_the_same_y():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        linear = core.preset("book").with_hidden_activation("identity")
        y = core.forward(linear, [1.0, 0.5]).y
        shown = text(app, "#gallery-linear")
        assert shown.count(f"[{y[0]:.4f}, {y[1]:.4f}]") == 2  # network and single layer
        # The book network's W1·W2·W3 by hand: a 2 × 2 matrix written row by row.
        W = np.array(core.preset("book").layers[0].W)
        for layer in core.preset("book").layers[1:]:
            W = W @ layer.W
        rows = ", ".join("[" + ", ".join(f"{v:.3f}" for v in row) + "]" for row in W)
        assert f"W = W1·W2·… = [{rows}]," in shown


async def test_softmax_overflow_demonstration_with_an_edited_vector():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert "naive exp(a)/Σexp(a) = [nan, nan, nan]" in text(app, "#gallery-softmax")
        await pilot.press("n", "ctrl+u")  # the field opens holding the vector now
        burst(app, "1, 2, 3")  # a burst (a paste without bracketed paste) types it exactly
        await pilot.pause()
        await pilot.pause()
        expected = core.get("softmax").fn(np.array([1.0, 2.0, 3.0]))
        assert f"{expected[2]:.4f}" in text(app, "#gallery-softmax")
        assert "nan" not in text(app, "#gallery-softmax")
        assert app.screen.vector.tolist() == [1.0, 2.0, 3.0]
        await pilot.press("n", "ctrl+u", *"1, x", "enter")
        assert "'1, x' is not a list of numbers" in str(app.screen.editor.render())
        assert app.screen.vector.tolist() == [1.0, 2.0, 3.0]  # the last good vector
        await pilot.press("escape", "escape")  # closes the field, then the gallery
        assert app.screen is app.screen_stack[0]


async def test_narrow_gallery_has_three_columns_and_scrolls_to_the_cursor():
    # At 80 columns five tiles a row left two characters of plot each.
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        grid = app.screen.query_one("#gallery-tiles")
        assert grid.styles.grid_size_columns == 3
        sigmoid = app.screen.query_one("#tile-sigmoid")
        assert sigmoid.size.width >= 14  # room for a readable curve
        await pilot.press("down", "down", "down")  # from sigmoid (the third) three rows down
        assert app.screen.names[app.screen.cursor] == core.HIDDEN[2 + 9]
        await pilot.pause()
        tile = app.screen.query_one(f"#tile-{core.HIDDEN[11]}")
        assert grid.scroll_offset.y > 0
        assert grid.region.contains_region(tile.region)  # scrolled into view


async def test_wide_gallery_moves_a_row_of_five():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.query_one("#gallery-tiles").styles.grid_size_columns == 5
        await pilot.press("down")
        assert app.screen.names[app.screen.cursor] == core.HIDDEN[2 + 5]
