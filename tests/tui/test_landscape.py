"""The landscape screen: what it draws is core's grid, and its keys move it."""
import numpy as np

import core
from core.landscape import landscape
from tui.app import ActLabApp
from tui.screens.landscape import STEPS, LandscapeScreen
from tui.widgets.heatmap import HeatMap


async def test_landscape_draws_cores_grid_and_marks_x():
    app = ActLabApp(core.preset("xor"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, LandscapeScreen)
        heat = app.screen.query_one("#landscape-map", HeatMap)
        expected = landscape(core.preset("xor"), [1.0, 0.0], 1, 2, (-3, 3), (-3, 3), STEPS)
        assert heat._values.shape == (STEPS, STEPS)
        assert np.array_equal(heat._values, expected.y[:, :, 0])  # step output: 0 or 1
        assert heat._marker == (0.5, 4 / 6)  # x = (1, 0) in -3..3
        assert "◆" in heat.render().plain
        assert len(app.screen.query(".unit-map")) == 2  # XOR's NAND and OR units


async def test_landscape_keys_zoom_pan_and_choose_axes_and_outputs():
    network = core.random_network([3, 5, 3], ["tanh", "softmax"], init="xavier", seed=1)
    app = ActLabApp(network.with_x([0.2, -0.4, 0.9]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        screen = app.screen
        await pilot.press("plus", "right", "up")
        assert screen.half_width == 1.5 and np.allclose(screen.centre, [0.3, 0.3])
        await pilot.press("0", "i")
        assert screen.axes == [3, 2] and screen.half_width == 3.0
        info = str(screen.query_one("#landscape-info").render())
        assert "the largest of y1…y3" in info and "over x3" in info
        await pilot.press("o")
        assert "y1 (" in str(screen.query_one("#landscape-info").render())
        heat = screen.query_one("#landscape-map", HeatMap)
        expected = landscape(app.state.network, app.state.x, 3, 2, (-3, 3), (-3, 3), STEPS)
        assert np.allclose(heat._values, expected.y[:, :, 0])  # softmax already in 0..1
        await pilot.press("escape")
        assert not isinstance(app.screen, LandscapeScreen)


async def test_a_one_input_network_is_told_it_needs_two():
    app = ActLabApp(core.Network.build([[[1.0]]], [[0.0]], ["sigmoid"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "two or more inputs" in str(app.screen.query_one("#landscape-info").render())


async def test_moving_x_from_the_landscape_moves_the_marker():
    app = ActLabApp(core.preset("xor"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g", "shift+up", "shift+up")
        await pilot.pause()
        assert app.state.x.tolist() == [1.0, 0.2]
        heat = app.screen.query_one("#landscape-map", HeatMap)
        assert np.isclose(heat._marker[0], 3.2 / 6)
