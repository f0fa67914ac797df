"""Pictures and plots are drawn, not written: a drag over one (the digit
canvas paints with it) must not start Textual's text selection, whose bands
would cover the picture."""
import pytest
from textual import events

import core
from tui.app import ActLabApp


def drag(app, region) -> None:
    """Press inside the region, move across it with the button held, release."""
    points = [(region.x + 2, region.y + 1), (region.x + 8, region.y + 3),
              (region.x + 12, region.y + 4)]
    kinds = [events.MouseDown, events.MouseMove, events.MouseUp]
    for kind, (x, y) in zip(kinds, points):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


# x is a picture (InputImage) and the digit screen reads the drawing only
# with 784 inputs; the others are shown with the book's small network.
@pytest.mark.parametrize("inputs, keys, canvas", [
    (2, (), "ActivationPlot"), (784, (), "InputImage"), (784, ("D",), "DigitCanvas"),
    (784, ("D",), "#digit-seen"), (2, ("g",), "HeatMap"), (2, ("e",), "HistogramView"),
    (2, ("v",), "FunctionPlot"), (2, ("g",), "UnitMaps")])
async def test_dragging_over_a_picture_selects_no_text(inputs, keys, canvas):
    app = ActLabApp(core.random_network([inputs, 6, 3], ["relu", "softmax"], seed=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        widget = max(app.screen.query(canvas), key=lambda w: w.content_region.area)
        assert widget.display and widget.content_region.area > 0
        drag(app, widget.content_region)
        await pilot.pause()
        assert app.screen.selections == {}


async def test_text_beside_a_picture_can_still_be_selected():
    # The check above is not vacuous: the same drag over the probabilities selects.
    app = ActLabApp(core.random_network([784, 10], ["softmax"], seed=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("D")
        output = app.screen.query_one("#digit-output")
        drag(app, output.content_region)
        await pilot.pause()
        assert list(app.screen.selections) == [output]


def test_each_point_on_the_training_map_sits_in_the_character_marker_cell_finds():
    import numpy as np
    from rich.color import Color

    from core import playground, train
    from tui.widgets.heatmap import DIVERGING, Dots, dot_cells, heat_levels, marker_cell

    run = train.prepare(train.Settings(noise=20))
    grid = playground.output_grid(run.problem, run.network)
    rng = np.random.default_rng(3)
    uv = np.concatenate([rng.uniform(-7, 7, size=(300, 2)),  # some outside the plane
                         [[-6, -6], [6, 6], [6, -6], [0, 0]]])  # its corners hold too
    colours = [Color.from_rgb(k % 256, 0, 0) for k in range(len(uv))]
    width, height = 37, 18
    levels = heat_levels(playground.OUTPUT_SCALE.fraction(grid.y[:, :, 0]), width, height,
                         DIVERGING)
    cells = dot_cells(Dots(uv, ["●"] * len(uv), colours), grid, width, height, levels, DIVERGING)
    expected = {}
    for k, point in enumerate(uv):  # the last point in a character is the one drawn
        at = marker_cell(grid, point, width, height)
        if at is not None:
            expected[at] = colours[k]
    drawn = {(y, x): segment.style.color for y, row in cells.items()
             for x, segment in row.items()}
    assert drawn == expected and len(expected) > 100
