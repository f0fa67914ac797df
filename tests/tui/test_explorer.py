"""The explorer, driven by keys as a person would (Textual's Pilot)."""
import numpy as np
import pytest

import core
from tests.tui.helpers import explain_text, layers_text, output_text, shown_units, widget_text
from tui import format as fmt
from tui.app import ActLabApp
from tui.screens.help import HelpScreen
from tui.widgets.activation_plot import ActivationPlot


def expected_units(network, x):
    trace = core.forward(network, x)
    return {(k, j): (fmt.short(a), fmt.short(z))
            for k in range(1, trace.depth + 1)
            for j, (a, z) in enumerate(zip(trace.a[k - 1], trace.z[k - 1]), start=1)}


async def test_opens_on_the_book_network_with_the_reference_y():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert shown_units(app) == expected_units(core.preset("book"), [1.0, 0.5])
        assert shown_units(app)[(3, 1)] == ("0.3168", "0.3168")
        assert "y2 0.6963 " in output_text(app)
        assert app.sub_title == "preset book · 2-3-2-2"


async def test_arrows_nudge_the_selected_component_and_everything_follows():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")
        assert app.state.x.tolist() == [1.1, 0.5]
        await pilot.press("shift+right", "down", "left", "left")
        assert app.state.x.tolist() == [2.1, 0.3]
        await pilot.pause()
        assert shown_units(app) == expected_units(core.preset("book"), [2.1, 0.3])
        assert "a1₁ = 2.1×0.1 + 0.3×0.2 + 0.1 = 0.37" in explain_text(app)


async def test_typing_a_number_replaces_the_component():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "-", "2", ".", "5", "enter")
        assert app.state.x.tolist() == [1.0, -2.5]
        await pilot.press("enter")  # enter opens the editor empty
        await pilot.press(*"0,25", "enter")  # a decimal comma is understood too
        assert app.state.x.tolist() == [1.0, 0.25]


async def test_text_that_is_not_a_number_is_refused_inline_and_the_old_value_kept():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "x", "enter")
        editor = app.query_one("#x-edit")
        assert editor.display and "'1x' is not a number; x1 stays 1.0000" in str(editor.render())
        assert app.state.x.tolist() == [1.0, 0.5]
        await pilot.press("escape")
        assert not editor.display and "stays" not in str(editor.render())
        await pilot.press("enter", *"nan", "enter")
        assert app.state.x.tolist() == [1.0, 0.5]


async def test_selecting_a_unit_selects_its_layer_for_the_plot_and_explain():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "down", "down")
        assert (app.state.layer, app.state.unit) == (1, 3)
        assert "a1₃ = 1.0×0.5 + 0.5×0.6 + 0.3 = 1.1 → z1₃ = σ(1.1) = 0.7503" in explain_text(app)
        await pilot.press("down")
        assert (app.state.layer, app.state.unit) == (2, 1)
        plot = app.query_one(ActivationPlot)
        assert plot.border_title == "Activation · layer 2 · Sigmoid"
        assert np.array_equal(plot._data["a"], app.state.trace.a[1])
        await pilot.press("down", "down")
        assert "y₁ = id(0.3168) = 0.3168" in explain_text(app)


async def test_h_cycles_every_hidden_layers_activation():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        assert app.state.network.activations == ["tanh", "tanh", "identity"]
        await pilot.press("h")
        assert app.state.network.activations == ["relu", "relu", "identity"]
        await pilot.pause()
        assert shown_units(app)[(3, 1)] == ("0.4260", "0.4260")  # the book's ReLU y
        await pilot.press("H", "H")
        assert app.state.network.activations == ["sigmoid", "sigmoid", "identity"]


async def test_f_cycles_only_the_selected_layer():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "down", "down", "down", "f")
        assert app.state.network.activations == ["sigmoid", "tanh", "identity"]


async def test_softmax_output_sums_to_one_and_marks_the_argmax():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o", "o")
        assert app.state.output == "softmax"
        await pilot.pause()
        text = output_text(app)
        assert "Σy = 1.0000" in text
        assert [line for line in text.splitlines() if "◀ argmax" in line][0].startswith("y2")
        assert app.query_one("#output").border_title == "Output y · Softmax"


async def test_naive_softmax_overflow_is_a_warning_line_never_a_crash():
    network = core.Network.build([[[1.0, 0.0], [0.0, 1.0]]], [[0.0, 0.0]], ["softmax_naive"],
                                 x=[1000.0, 990.0])
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "⚠ nan or inf in y: the naive softmax overflows" in output_text(app)
        await pilot.press("o")  # naive -> identity
        await pilot.press("o", "o")  # -> sigmoid -> softmax: the stable one
        await pilot.pause()
        assert app.state.output == "softmax" and "⚠" not in output_text(app)
        assert "1.0000" in output_text(app)


async def test_dead_relu_and_saturated_sigmoid_units_are_marked_with_symbols():
    network = core.preset("book").with_x([-5.0, -5.0]).with_hidden_activation("relu")
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert layers_text(app).count("✕ dead") == 3  # a1 < 0 for all three units
        await pilot.press("H")  # relu -> tanh
        await pilot.press("H")  # tanh -> sigmoid
        await pilot.press("-", "3", "0", "enter")
        await pilot.pause()
        assert "◐ sat" in layers_text(app) and "✕ dead" not in layers_text(app)


async def test_plot_markers_follow_the_trace_and_the_range_grows():
    network = core.preset("book").with_x([30.0, 0.0])
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plot = app.query_one(ActivationPlot)
        assert plot._data["xs"][-1] >= plot._data["a"].max()  # a1₃ = 15.3 in view
        await pilot.press("d")
        assert plot._data["dys"] is None and not app.state.show_derivative
        await pilot.press("c")
        assert app.state.compare == "step" and "vs Step" in plot.border_title
        await pilot.pause()
        legend = plot.plt.build()  # the figure as plotext draws it: its legend names both
        assert "Step" in legend and "h(x)" in legend


async def test_help_lists_every_key_and_closes():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        shown = " ".join(widget_text(w) for w in app.screen.query("Static"))
        for binding in app.BINDINGS:
            assert (binding.tooltip or binding.description) in shown
        assert "shift+right" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_finds_commands_by_part_of_their_name():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"hidden activation: relu")
        await pilot.pause(0.5)
        from textual.command import CommandList
        options = app.screen.query_one(CommandList)
        titles = [str(options.get_option_at_index(i).prompt).split("\n")[0]
                  for i in range(options.option_count)]
        assert "Hidden activation: ReLU" in titles[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.network.activations == ["relu", "relu", "identity"]


@pytest.mark.parametrize("command, activations", [
    ("output: softmax", ["sigmoid", "sigmoid", "softmax"]),
    ("layer 2 activation: tanh", ["sigmoid", "tanh", "identity"]),
])
async def test_palette_commands_follow_one_pattern(command, activations):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *command)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.network.activations == activations


async def test_q_quits():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("seed", range(5))
async def test_numbers_on_screen_equal_core_for_random_networks(seed):
    rng = np.random.default_rng(seed)
    sizes = list(rng.integers(1, 6, size=rng.integers(2, 5)))
    functions = list(rng.choice(core.HIDDEN, size=len(sizes) - 2)) + [
        str(rng.choice(core.OUTPUTS))]
    network = core.random_network(sizes, functions, init="xavier", seed=seed)
    x = rng.normal(0, 2, size=sizes[0])
    app = ActLabApp(network.with_x(x))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert shown_units(app) == expected_units(network, x)


async def test_resizing_down_to_40x12_and_back_keeps_working():
    app = ActLabApp()
    async with app.run_test(size=(200, 60)) as pilot:
        for size in [(120, 40), (80, 24), (60, 20), (40, 12), (41, 13), (200, 60)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("right")
        assert app.is_running
        assert app.state.x.tolist() == [1.6, 0.5]
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert not app.query_one("#right").display  # too narrow for the plot
        assert app.query_one("#layers").display


# (key, character) as a terminal sends them
RANDOM_KEYS = [("up", None), ("down", None), ("left", None), ("right", None),
               ("shift+left", None), ("shift+right", None), ("tab", "\t"),
               ("shift+tab", None), ("enter", "\r"), ("escape", None), ("h", "h"), ("H", "H"),
               ("f", "f"), ("o", "o"), ("d", "d"), ("c", "c"), ("f1", None),
               ("question_mark", "?"), ("pageup", None), ("pagedown", None), ("1", "1"),
               ("0", "0"), ("minus", "-"), ("full_stop", "."), ("x", "x"),
               ("backspace", "\x7f"), ("e", "e"), ("5", "5"), ("home", None), ("end", None)]


async def test_two_thousand_random_keys_leave_a_running_consistent_app():
    from textual import events
    rng = np.random.default_rng(2026)
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        # Keys arrive in bursts of ten, as from a fast typist or key repeat;
        # Pilot's press() would wait for idle after every key (40 ms each).
        for _ in range(200):
            for index in rng.integers(0, len(RANDOM_KEYS), size=10):
                key, character = RANDOM_KEYS[index]
                event = events.Key(key, character)
                event.set_sender(app)
                app._driver.send_message(event)
            await pilot.pause()
        assert app.is_running
        if isinstance(app.screen, HelpScreen):
            await pilot.press("escape")
        await pilot.pause()
        assert app.state.x.tolist() != [1.0, 0.5] or app.state.network.activations != [
            "sigmoid", "sigmoid", "identity"]  # the keys did reach the app
        assert shown_units(app) == expected_units(app.state.network, app.state.x)


async def test_large_layers_show_a_summary_and_a_strip_of_every_unit():
    network = core.random_network([4, 30, 2], ["relu", "identity"], init="he", seed=1)
    x = np.array([1.0, -2.0, 0.5, 3.0])
    app = ActLabApp(network.with_x(x))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = layers_text(app).splitlines()
        summary = core.forward(network, x).layer_summary(1)
        assert lines[1].startswith(f"  a1 [{fmt.compact(summary.a_min, 2)}, ")
        assert f"✕ {summary.dead} dead" in lines[1]
        strip = lines[2].strip()
        assert len(strip) == 30 and set(strip) <= set("▁▂▃▄▅▆▇█")
        assert strip.count("▁") >= summary.dead  # dead units output 0, the bottom


async def test_a_square_input_is_also_drawn_as_an_image():
    from tui.widgets.input_image import InputImage
    network = core.random_network([16, 3, 2], ["sigmoid", "identity"], seed=0)
    app = ActLabApp(network.with_x(np.linspace(0, 1, 16)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        image = app.query_one(InputImage)
        assert image.display and image.has_class("-square")
        assert image.render().plain == "▀▀▀▀\n▀▀▀▀"  # 4×4 pixels in 2 rows
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert not image.display  # no room: the numbers come first


async def test_xs_picture_takes_the_size_of_each_new_square_x():
    # 16 inputs, then 784: the picture kept its 4×2 box until a resize.
    app = ActLabApp()
    async with app.run_test(size=(120, 50)) as pilot:
        for n, rows in ((16, 2), (784, 14), (36, 3)):
            app.change(lambda: app.state.set_inputs(n))
            await pilot.pause()
            image = app.screen_stack[0].query_one("#image")
            assert image.display and image.size == (n ** 0.5, rows), n


@pytest.mark.parametrize("theme", ["textual-light", "nord", "gruvbox"])
async def test_textual_themes_restyle_every_pane_including_the_plot(theme):
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        plot = app.query_one(ActivationPlot)
        before = plot.render()
        app.theme = theme
        await pilot.pause()
        after = plot.render()
        assert after is not before  # the figure was redrawn in the theme's colours
        assert shown_units(app) == expected_units(core.preset("book"), [1.0, 0.5])


def read_bars(text):
    """(value printed, signed cells, zero column) per y line, as a reader measures them."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("y"):
            continue
        words = line.split()
        bar = next(word for word in words if "│" in word)  # after y's value and t's
        zero = bar.index("│")
        left, right = bar[:zero], bar[zero + 1:]
        rows.append((float(words[1]), right.count("█") - left.count("█"), zero, len(bar)))
    return rows


async def test_output_bars_are_signed_around_a_zero_line_and_say_their_scale():
    # the book's sample shape in small: y9 = -3.2469 must not outgrow y8 = 3.1529
    y = np.array([-1.7336, 0.0666, 3.1529, -3.2469])
    network = core.Network.build([np.eye(4)], [np.zeros(4)], ["identity"], x=y)
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = output_text(app)
        rows = read_bars(text)
        half = rows[0][2]
        assert all(zero == half and width == 2 * half + 1 for _, _, zero, width in rows)
        for value, cells, _, _ in rows:  # one cell per 3.2469 / half, rounded
            assert cells == int(np.sign(value) * round(abs(value) / 3.2469 * half))
        assert rows[2][1] > 0 > rows[3][1] and rows[0][1] < 0 == rows[1][1]
        assert "bars span -3.2469 … 3.2469, │ is 0" in text
        await pilot.press("o", "o")  # identity -> sigmoid -> softmax: bars are probabilities
        await pilot.pause()
        text = output_text(app)
        assert "bars span 0.0 … 1.0, │ is 0" in text
        p = core.forward(app.state.network, app.state.x).y
        width = read_bars(text)[0][3] - 1
        assert [cells for _, cells, _, _ in read_bars(text)] == [round(v * width) for v in p]


async def test_keys_typed_just_before_f1_still_act_and_help_opens_after_them():
    # F1 is a priority key: it ran before n and b of the same burst reached
    # their pane, which then found the help screen and did nothing.
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        send_burst(app, [("n", "n"), ("b", "b"), ("f1", None)])
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.state.left_view == "diagram" and app.state.show_backward
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_palette_opens_help_too():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"Help: keys", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_f1_right_after_a_palette_choice_leaves_no_palette_behind():
    # ctrl+p G enter F1 in one burst: the help opened over the palette while
    # its enter was on the way, whose dismiss then popped the help instead.
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        send_burst(app, [("ctrl+p", None), ("G", "G"), ("enter", "\r"), ("f1", None)])
        await pilot.pause(0.3)
        for _ in range(3):
            if app.screen is app.explorer:
                break
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen is app.explorer, app.screen_stack


async def test_a_letter_after_the_escape_that_closes_the_palette_does_not_end_the_app():
    # Over the gradient check, escape ctrl+p c in one burst: ctrl+p (a priority
    # key) opened the palette, the escape still on its way then closed it, and
    # the search for c ran in a palette without its list (NoMatches ended actlab).
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")
        await pilot.pause(0.3)
        send_burst(app, [("escape", None), ("ctrl+p", None), ("c", "c")])
        await pilot.pause(0.3)
        assert app.is_running


async def test_outputs_near_the_largest_float_still_draw_their_bars():
    # 30 cells × 8e307 overflowed to inf: OverflowError, and the pane kept old numbers.
    y = np.array([-1.7e308, 8e307, 1.7e308])
    network = core.Network.build([np.eye(3)], [np.zeros(3)], ["identity"], x=y)
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = output_text(app)
        assert "could not be drawn" not in " ".join(n.message for n in app._notifications)
        rows = read_bars(text)
        half = rows[0][2]
        assert [cells for _, cells, _, _ in rows] == [-half, round(8e307 / 1.7e308 * half), half]


async def test_a_large_layers_header_comes_back_into_view_with_its_first_unit():
    # Layer 1 of 784-50-10 has a summary and a strip of 50 units between its
    # header and unit 1: after 40x12 and back the pane stayed mid-strip, the
    # header out of reach of every key (found by a tester).
    from tui.widgets.layers import LayersView
    network = core.random_network([784, 50, 10], ["sigmoid", "softmax"], seed=1)
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        pane = app.query_one(LayersView)
        first = pane.make_line(int(pane.scroll_offset.y)).plain
        assert first.startswith("layer 1") and app.state.unit == 1
