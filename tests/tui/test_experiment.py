"""The chapter-6 experiment screen: each setting reruns core's experiment."""
import numpy as np

from core.experiments import init_experiment
from tui.app import ActLabApp
from tui.screens.experiment import ExperimentScreen
from tui.widgets.histogram import EIGHTHS, HistogramView, bar_lines, bin_layout, range_labels


def shown(app) -> list:
    return [view._histogram for view in app.screen.query(HistogramView)]


async def test_experiment_opens_with_the_books_figure_and_reruns_on_each_setting():
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExperimentScreen)
        expected = init_experiment("sigmoid", "normal", 1.0, 1000, 5, 100, seed=0)
        assert all(np.array_equal(a.counts, b.counts) for a, b in zip(shown(app), expected))
        assert shown(app)[-1].saturated > 0.4  # std 1: sigmoid piles up at 0 and 1
        await pilot.press("i", "i")  # std 0.01, then xavier
        assert app.screen.settings.init == "xavier"
        assert shown(app)[-1].saturated < 0.01
        await pilot.press("a", "a", "a")  # sigmoid -> tanh -> relu -> leaky_relu
        assert app.screen.settings.activation == "leaky_relu"
        await pilot.press("A")
        expected = init_experiment("relu", "xavier", 1.0, 1000, 5, 100, seed=0)
        assert shown(app)[0].dead == expected[0].dead > 0.3
        info = str(app.screen.query_one("#experiment-info").render())
        assert info.startswith("ReLU · weights xavier")


async def test_typing_a_standard_deviation():
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", "t", *"abc", "enter")
        message = app.screen.query_one("#std-message")
        assert message.display and "'abc' is not a positive number" in str(message.render())
        await pilot.press("escape", "t", *"0.05", "enter")
        assert app.screen.settings.std == 0.05 and app.screen.settings.init == "normal"
        await pilot.press("s")  # the screen has the keys back
        assert app.screen.settings.seed == 1


def test_bars_are_drawn_in_eighths_to_the_tallest_column():
    lines = bar_lines(np.array([0, 4, 8]), 3, 1)
    assert lines == [" ▄█"]
    assert bar_lines(np.array([1, 0, 0, 1]), 2, 2) == ["██", "██"]


def test_every_bin_is_as_wide_as_every_other_whatever_the_width():
    # A hand-made histogram: bin j holds j + 1, so each drawn column tells
    # which bin it shows by its height.
    counts = np.arange(1, 31) * 8
    for width in range(1, 121):
        group, cells = bin_layout(30, width)
        assert 30 % group == 0 and (30 // group) * cells <= width
        merged = [8 * sum(range(j * group + 1, (j + 1) * group + 1)) for j in range(30 // group)]
        # As tall as makes one eighth of a cell one count: heights are then exact.
        line = bar_lines(counts, width, max(merged) // 8)
        heights = [sum(EIGHTHS.index(row[c]) for row in line) for c in range(len(line[0]))]
        assert heights == [h for h in merged for _ in range(cells)], width


def test_a_uniform_distribution_draws_flat():
    flat = np.full(30, 100)
    for width in (14, 16, 22, 37, 45, 61, 80):
        for line in bar_lines(flat, width, 5):
            assert set(line) == {"█"}, (width, line)


def test_range_labels_shorten_to_fit_one_line():
    assert range_labels(-0.28, 41.27, 14) == ("-0.28", "41.27")
    low, high = range_labels(-0.28, 146757.44, 14)
    assert (low, high) == ("-0.28", "1.47e5") and len(low) + len(high) < 14
    assert range_labels(-0.28, 146757.44, 6) == ("-0.3", "1e5")


async def test_an_exploding_layer_keeps_its_shares_in_view_at_80x24():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", *"a" * 7)  # SiLU with std-1 weights: layer 5 reaches 1e5
        await pilot.pause()
        assert app.screen.settings.activation == "silu"
        for view in app.screen.query(HistogramView):
            lines = view.render().plain.split("\n")
            assert len(lines) == view.size.height
            assert max(len(line) for line in lines) <= view.size.width  # nothing wraps
            assert "dead" in lines[-1] and "sat" in lines[-2]


async def test_layers_width_and_samples_are_settings_too():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "l", "l")
        await pilot.pause()
        s = app.screen.settings
        assert s.layers == 7 and len(app.screen.query(HistogramView)) == 7
        assert str(app.screen.query(HistogramView).last().border_title) == "layer 7"
        await pilot.press("W", "n")  # width 100 -> 50, samples 1000 -> 10000
        s = app.screen.settings  # a new record with each accepted size
        assert (s.width, s.samples) == (50, 10000)
        expected = init_experiment("sigmoid", "normal", 1.0, 10000, 7, 50, seed=0)
        assert all(np.array_equal(a.counts, b.counts) for a, b in zip(shown(app), expected))
        assert shown(app)[0].counts.sum() == 10000 * 50
        await pilot.press(*"L" * 9)  # never below one layer
        await pilot.pause()
        assert app.screen.settings.layers == 1 and len(app.screen.query(HistogramView)) == 1
        info = str(app.screen.query_one("#experiment-info").render())
        assert "10000 samples" in info and "1 × 50 (layers × units)" in info


async def test_ten_layers_at_80_columns_go_in_two_rows_that_fit():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", *"l" * 5)
        await pilot.pause()
        assert app.screen.settings.layers == 10
        assert app.screen.query_one("#experiment-layers").styles.grid_size_columns == 5
        for view in app.screen.query(HistogramView):
            lines = view.render().plain.split("\n")
            assert max(len(line) for line in lines) <= view.size.width  # no label wraps


async def test_a_run_too_big_to_follow_the_keys_is_refused_and_the_last_one_kept():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "n")  # 10,000 samples × 5 × 100: 5 million values, allowed
        await pilot.pause()
        s = app.screen.settings
        assert s.samples == 10000
        before = shown(app)
        await pilot.press("w")  # width 200 would be 10 million values
        await pilot.pause()
        assert app.screen.settings is s and (s.samples, s.width) == (10000, 100)
        assert shown(app) == before  # the same histograms, not rerun
        messages = [n.message for n in app._notifications]
        assert any("10,000,000 values" in m and "5,000,000" in m for m in messages)
