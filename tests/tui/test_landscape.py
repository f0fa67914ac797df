"""The landscape screen: what it draws is core's grid on core's scale, its key
says what the colours mean, its ticks and marker sit where the values are,
and its keys move it."""
import re

import numpy as np
from rich.style import Style

import core
from core.landscape import View, landscape
from tui.app import ActLabApp
from tui.i18n import t
from tui.screens.landscape import STEPS, LandscapeScreen
from tui.widgets.colour_key import ColourKey
from tui.widgets.half_blocks import MARKER
from tui.widgets.heatmap import DIVERGING, HeatMap, class_palette
from tui.widgets.unit_maps import UnitMaps


def key_lines(screen) -> list[str]:
    return [line.rstrip() for line in
            screen.query_one("#landscape-key", ColourKey).render().plain.split("\n")]


def info(screen) -> str:
    return str(screen.query_one("#landscape-info").render())


def cell(strip, column: int):
    """The text and style of the character at column of a rendered line."""
    at = 0
    for segment in strip:
        if at + len(segment.text) > column:
            return segment.text[column - at], segment.style
        at += len(segment.text)
    raise IndexError(column)


async def test_the_book_network_opens_on_y1_minus_y2_with_its_range_in_the_key():
    app = ActLabApp()  # the book's 2-3-2-2 network, x = (1, 0.5)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert info(screen).startswith("y1 − y2 over x1 (→) and x2 (↑)")
        grid = landscape(core.preset("book"), [1.0, 0.5], 1, 2, (-3, 3), (-3, 3), STEPS)
        d = grid.y[:, :, 0] - grid.y[:, :, 1]
        assert d.max() < 0  # y2 wins everywhere: the winner would be one flat colour
        heat = screen.query_one("#landscape-map", HeatMap)
        assert np.allclose(heat.values, (d - d.min()) / (d.max() - d.min()), rtol=0, atol=1e-12)
        bar, numbers, note = key_lines(screen)
        assert set(bar) == {"█"} and note == "above 0 where y1 is the larger"
        # The span is about 0.067: three significant digits take four decimals.
        assert numbers.split() == [f"{d.min():.4f}", f"{d.max():.4f}"] == ["-0.3957", "-0.3291"]


async def test_the_winner_key_names_each_class_in_the_colour_the_map_gives_it():
    # y1 = x1, y2 = -x1, y3 = x2: each wins a part of -3..3 × -3..3.
    network = core.Network.build([[[1.0, -1.0, 0.0], [0.0, 0.0, 1.0]]], [[0.0, 0.0, 0.0]],
                                 ["identity"], x=[0.0, 0.0])
    app = ActLabApp(network)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert "the largest of y1…y3" in info(screen)
        assert key_lines(screen) == ["██ y1  ██ y2  ██ y3"]
        key = screen.query_one("#landscape-key", ColourKey)
        swatches = [segment.style.color for segment in key.key_lines(80)[0]
                    if segment.text == "██"]
        assert swatches == class_palette(3).colours
        heat = screen.query_one("#landscape-map", HeatMap)
        u, v = np.meshgrid(np.linspace(-3, 3, STEPS), np.linspace(-3, 3, STEPS))
        winner = np.where((u >= -u) & (u >= v), 1, np.where(-u >= v, 2, 3))
        assert np.array_equal(heat.values, (winner - 1) / 2)
        layout = heat._layout[1]
        # The top right corner (3, 3): y1 = y3 = 3, argmax takes y1; the
        # bottom middle (0, -3): y1 = y2 = 0 > y3, y1 again; the left middle
        # (-3, 0): y2 = 3.
        for line, column, k in [(0, layout.width - 1, 1), (layout.height - 1, layout.width // 2, 1),
                                (layout.height // 2, 0, 2)]:
            upper_pixel = cell(heat.render_line(line), layout.gutter + column)[1].color  # ▀
            assert upper_pixel == swatches[k - 1]


async def test_a_value_map_across_zero_has_a_diverging_key_with_zero_in_the_middle():
    network = core.Network.build([[[1.0], [0.5]]], [[0.0]], ["identity"], x=[0.0, 0.0])
    app = ActLabApp(network)  # y = x1 + 0.5·x2: -4.5 … 4.5 over -3..3
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert info(screen).startswith("y1 over x1")
        heat = screen.query_one("#landscape-map", HeatMap)
        u, v = np.meshgrid(np.linspace(-3, 3, STEPS), np.linspace(-3, 3, STEPS))
        assert np.allclose(heat.values, (u + 0.5 * v + 4.5) / 9, rtol=0, atol=1e-15)
        assert heat._shown[1] is DIVERGING
        bar, numbers = key_lines(screen)
        assert numbers.split() == ["-4.50", "0", "4.50"]  # a span of 9: two decimals
        assert numbers.index(" 0 ") + 1 == len(bar) // 2  # 0 halfway along the symmetric bar


async def test_ticks_sit_at_their_values_and_the_marker_at_x_on_both_rulers():
    app = ActLabApp()  # x = (1, 0.5) over -3..3
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        heat = app.screen.query_one("#landscape-map", HeatMap)
        layout = heat._layout[1]
        w, h, g = layout.width, layout.height, layout.gutter
        lines = [heat.render_line(y).text for y in range(h + 2)]
        ruler, labels = lines[h], lines[h + 1]
        u_ticks = [(m.start(), m.group()) for m in re.finditer(r"\S+", labels)]
        assert [word for _, word in u_ticks] == ["-3", "-2", "-1", "0", "1", "2", "3"]
        for start, word in u_ticks:  # each centred under a ┬ (or the ▲), at its value
            column = start + len(word) // 2
            assert ruler[column] in "┬▲"
            assert abs((column - g + 0.5) / w * 6 - 3 - float(word)) <= 6 / w
        v_ticks = [(y, line[:g - 1].strip()) for y, line in enumerate(lines[:h])
                   if line[:g - 1].strip()]
        assert [word for _, word in v_ticks] == ["3", "2", "1", "0", "-1", "-2", "-3"]
        for y, word in v_ticks:
            assert lines[y][g - 1] in "┤▶"
            assert abs(3 - (y + 0.5) / h * 6 - float(word)) <= 6 / h
        # x = (1, 0.5): 4/6 of the width, 3.5/6 of the height from the bottom.
        column, line = int(4 / 6 * w), h - 1 - int(3.5 / 6 * h)
        char, style = cell(heat.render_line(line), g + column)
        assert char == MARKER and style.bgcolor.name == "black" and style.color.name == "white"
        assert ruler[g + column] == "▲" and lines[line][g - 1] == "▶"
        assert sum(text.count(MARKER) for text in lines) == 1


async def test_maps_keep_the_planes_aspect_and_unit_maps_fill_a_grid():
    for size, units in [((120, 40), 3), ((80, 24), 3)]:
        app = ActLabApp()
        async with app.run_test(size=size) as pilot:
            await pilot.press("g")
            await pilot.pause()
            heat = app.screen.query_one("#landscape-map", HeatMap)
            layout = heat._layout[1]
            # A square range: as many pixels across as down, two per line.
            assert abs(layout.width - 2 * layout.height) <= 1 and layout.height >= 8
            maps = app.screen.query_one("#landscape-units", UnitMaps)
            fitted = maps._fitted(maps.size.width, maps.size.height)
            assert fitted.shown == units
            assert abs(fitted.width - 2 * fitted.height) <= 1 and fitted.height >= 3
            text = [maps.render_line(y).text for y in range(maps.size.height)]
            assert sum(line.count(MARKER) for line in text) == units  # x on every unit's map


async def test_a_tiny_terminal_keeps_the_screen_and_a_tiny_map_says_so_in_one_line():
    app = ActLabApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, LandscapeScreen)
        heat = app.screen.query_one("#landscape-map", HeatMap)
        assert heat.layout_for(12, 3) is None  # 1 line of picture under a ruler
        assert [s.text for s in heat._segments(None, 0, Style())] == [t("landscape.too_small")]
        assert heat._segments(None, 1, Style()) == []


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
        assert screen.view == View("winner")  # two classes or more share this plane
        assert "the largest of y1…y3" in info(screen) and "over x3" in info(screen)
        await pilot.press("o")
        assert info(screen).startswith("y1 over x3")
        heat = screen.query_one("#landscape-map", HeatMap)
        y = landscape(app.state.network, app.state.x, 3, 2, (-3, 3), (-3, 3), STEPS).y[:, :, 0]
        assert np.allclose(heat.values, (y - y.min()) / (y.max() - y.min()), rtol=0, atol=1e-12)
        await pilot.press("o", "o", "o")
        assert screen.view == View("winner")  # y2, y3, then round again
        await pilot.press("escape")
        assert not isinstance(app.screen, LandscapeScreen)


async def test_the_output_key_cycles_the_book_networks_views():
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        seen = []
        for _ in range(4):
            seen.append(app.screen.view)
            await pilot.press("o")
        assert seen == [View("difference"), View("output", 1), View("output", 2), View("winner")]
        assert app.screen.view == View("difference")


async def test_a_one_input_network_is_told_it_needs_two():
    app = ActLabApp(core.Network.build([[[1.0]]], [[0.0]], ["sigmoid"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "two or more inputs" in info(app.screen)


async def test_moving_x_from_the_landscape_moves_the_marker():
    app = ActLabApp(core.preset("xor"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g", "shift+up", "shift+up")
        await pilot.pause()
        assert app.state.x.tolist() == [1.0, 0.2]
        heat = app.screen.query_one("#landscape-map", HeatMap)
        assert heat.marker == (1.0, 0.2)
        layout = heat._layout[1]
        assert layout.mark == (layout.height - 1 - int(3.2 / 6 * layout.height),
                               int(4 / 6 * layout.width))


async def test_the_keys_note_wraps_inside_the_side_column_at_80x24():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        key = app.screen.query_one("#landscape-key", ColourKey)
        lines = key_lines(app.screen)
        assert " ".join(lines[2:]) == "above 0 where y1 is the larger" and len(lines) > 3
        assert all(len(line) <= key.size.width for line in lines)


async def test_panning_right_five_times_keeps_the_landscape_drawn():
    # 4.44e-16 … 6.0 after five pans: a tick just outside the range ended the app.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", *["right"] * 5, "minus", *["left"] * 7)
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "LandscapeScreen"


def test_a_scale_of_huge_or_tiny_values_writes_both_ends_short_and_apart():
    from core.landscape import ValueScale
    from tui.widgets.colour_key import scale_lines
    from tui.widgets.half_blocks import GREYS

    def ends(low, high, width=24):
        return "".join(segment.text for segment in scale_lines(GREYS, ValueScale(low, high),
                                                                width)[1])

    assert ends(-1e30, 1e30).split() == ["-1e+30", "0", "1e+30"]
    assert ends(1e-9, 3e-9).split() == ["1e-09", "3e-09"]
    assert ends(-4.5, 4.5).split() == ["-4.50", "0", "4.50"]  # everyday sizes as before
    assert ends(1e-9, 3e-9, width=8).split() == ["1e-09"]  # no room for both: never overlapped


async def test_x_off_the_map_is_said_with_its_values_and_x_centres_the_view_on_it():
    # A point handed over from training (the playground's −6…6) was often
    # outside the first view's −3…3, with no marker and no word of it.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.change(lambda: (app.state.set_x(1, 5.0), app.state.set_x(2, -4.25)))
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        heat = screen.query_one("#landscape-map", HeatMap)
        lines = [heat.render_line(y).text for y in range(heat._layout[1].height)]
        assert sum(text.count(MARKER) for text in lines) == 0
        assert info(screen).endswith(", off the map at x1 = 5.0000, x2 = −4.2500: "
                                     "press x to centre on it")
        await pilot.press("x")
        await pilot.pause()
        grid = heat.grid
        # Centred on x, the range kept: 2…8 and −7.25…−1.25, as core's grid says.
        assert (grid.u[0] + grid.u[-1]) / 2 == 5.0 and (grid.v[0] + grid.v[-1]) / 2 == -4.25
        assert grid.u[-1] - grid.u[0] == 6.0 and grid.v[-1] - grid.v[0] == 6.0
        lines = [heat.render_line(y).text for y in range(heat._layout[1].height)]
        assert sum(text.count(MARKER) for text in lines) == 1
        assert "off the map" not in info(screen)


async def test_x_too_far_out_to_centre_on_is_one_line_and_the_view_stays():
    # Near 1e300 a view 6 wide has no width left in float64 (core refuses it):
    # the map stayed blank with "could not be drawn" on every key after.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.change(lambda: app.state.set_x(1, 1e300))
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        before = screen.query_one("#landscape-map", HeatMap).grid
        await pilot.press("x")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "x1 = 1.00e+300, x2 = 0.5000 is too far out to centre this view on: the view stays"]
        # The line says where x is, and offers no key that would refuse.
        assert info(screen).endswith(", off the map at x1 = 1.00e+300, x2 = 0.5000")
        assert list(screen.centre) == [0.0, 0.0]
        await pilot.press("right")  # the view still answers
        await pilot.pause()
        after = screen.query_one("#landscape-map", HeatMap).grid
        assert after.u[0] > before.u[0] and list(screen.centre) == [1 * 3.0 * 0.2, 0.0]


async def test_zooming_in_far_out_is_one_line_and_the_view_stays():
    # Centred on x1 = 1e15, the sixth + asked for a view 0.09 wide, which
    # float64 cannot hold there: the map went blank on every key after.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.change(lambda: app.state.set_x(1, 1e15))
        await pilot.press("g", "x")
        await pilot.pause()
        screen = app.screen
        assert list(screen.centre) == [1e15, 0.5]
        await pilot.press(*"+" * 8)
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "a view this narrow cannot be drawn this far out: the view stays"]
        heat = screen.query_one("#landscape-map", HeatMap)
        # The last view core drew, and it is still what the map shows.
        width = heat.grid.u[-1] - heat.grid.u[0]  # to float64's spacing out there (0.125)
        assert abs(width - 2 * screen.half_width) <= 2 * np.spacing(1e15) and width > 0
        assert heat.grid.u[0] < 1e15 < heat.grid.u[-1]
        await pilot.press("0")
        await pilot.pause()
        assert list(screen.centre) == [0.0, 0.0] and screen.half_width == 3.0


async def test_the_view_keys_on_a_network_with_one_input_leave_its_one_line():
    # x then read x2, which a one-input network does not have: the app ended.
    app = ActLabApp(core.Network.build([[[1.0, -1.0]]], [[0.0, 0.5]],
                                            ["sigmoid"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", "x", "plus", "minus", "left", "0")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LandscapeScreen)
        assert info(app.screen) == t("landscape.needs_two")
        assert list(app._notifications) == []
