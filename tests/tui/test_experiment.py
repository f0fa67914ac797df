"""The chapter-6 experiment screen: each setting reruns core's experiment,
off the UI thread."""
import threading
from dataclasses import replace

import numpy as np
import pytest

from core.experiments import init_experiment
from tests.tui.test_number_editor import burst
from tui.app import ActLabApp
from tui.screens import experiment
from tui.screens.experiment import ExperimentScreen
from tui.widgets.histogram import EIGHTHS, HistogramView, bar_lines, bin_layout, range_labels


def shown(app) -> list:
    return [view._histogram for view in app.screen.query(HistogramView)]


async def press(pilot, *keys) -> None:
    """Press, then wait for the runs the keys started (they compute in threads)."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_experiment_opens_with_the_books_figure_and_reruns_on_each_setting():
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "e")
        assert isinstance(app.screen, ExperimentScreen)
        expected = init_experiment("sigmoid", "normal", 1.0, 1000, 5, 100, seed=0)
        assert all(np.array_equal(a.counts, b.counts) for a, b in zip(shown(app), expected))
        assert shown(app)[-1].saturated > 0.4  # std 1: sigmoid piles up at 0 and 1
        await press(pilot, "i", "i")  # std 0.01, then xavier
        assert app.screen.settings.init == "xavier"
        assert shown(app)[-1].saturated < 0.01
        await press(pilot, "a", "a", "a")  # sigmoid -> tanh -> relu -> leaky_relu
        assert app.screen.settings.activation == "leaky_relu"
        await press(pilot, "A")
        expected = init_experiment("relu", "xavier", 1.0, 1000, 5, 100, seed=0)
        assert shown(app)[0].dead == expected[0].dead > 0.3
        info = str(app.screen.query_one("#experiment-info").render())
        assert info.startswith("ReLU · weights xavier")


async def test_typing_a_standard_deviation():
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "e", "t", *"abc", "enter")
        editor = app.screen.editor
        assert editor.display and "'abc' is not a number above 0" in str(editor.render())
        await press(pilot, "ctrl+u", *"1e999", "enter")  # inf: refused in place, not run
        assert editor.display and app.screen.settings.std == 1.0
        await press(pilot, "escape", "t", *"0.05", "enter")
        assert app.screen.settings.std == 0.05 and app.screen.settings.init == "normal"
        await press(pilot, "s")  # the screen has the keys back
        assert app.screen.settings.seed == 1
        expected = init_experiment("sigmoid", "normal", 0.05, 1000, 5, 100, seed=1)
        assert all(np.array_equal(a.counts, b.counts) for a, b in zip(shown(app), expected))


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
        await press(pilot, "e", *"a" * 7)  # SiLU with std-1 weights: layer 5 reaches 1e5
        assert app.screen.settings.activation == "silu"
        for view in app.screen.query(HistogramView):
            lines = view.render().plain.split("\n")
            assert len(lines) == view.size.height
            assert max(len(line) for line in lines) <= view.size.width  # nothing wraps
            assert "dead" in lines[-1] and "sat" in lines[-2]


async def test_layers_width_and_samples_are_settings_too():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", "l", "l")
        s = app.screen.settings
        assert s.layers == 7 and len(app.screen.query(HistogramView)) == 7
        assert str(app.screen.query(HistogramView).last().border_title) == "layer 7"
        await press(pilot, "W", "n")  # width 100 -> 50, samples 1000 -> 10000
        s = app.screen.settings  # a new record with each accepted size
        assert (s.width, s.samples) == (50, 10000)
        expected = init_experiment("sigmoid", "normal", 1.0, 10000, 7, 50, seed=0)
        assert all(np.array_equal(a.counts, b.counts) for a, b in zip(shown(app), expected))
        assert shown(app)[0].counts.sum() == 10000 * 50
        await press(pilot, *"L" * 9)  # never below one layer
        assert app.screen.settings.layers == 1 and len(app.screen.query(HistogramView)) == 1
        info = str(app.screen.query_one("#experiment-info").render())
        assert "10000 samples" in info and "1 × 50 (layers × units)" in info


async def test_ten_layers_at_80_columns_go_in_two_rows_that_fit():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "e", *"l" * 5)
        assert app.screen.settings.layers == 10
        assert app.screen.query_one("#experiment-layers").styles.grid_size_columns == 5
        for view in app.screen.query(HistogramView):
            lines = view.render().plain.split("\n")
            assert max(len(line) for line in lines) <= view.size.width  # no label wraps


async def test_a_run_too_big_to_follow_the_keys_is_refused_and_the_last_one_kept():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", "n")  # 10,000 samples × 5 × 100: 5 million values, allowed
        s = app.screen.settings
        assert s.samples == 10000
        before = shown(app)
        await press(pilot, "w")  # width 200 would be 10 million values
        assert app.screen.settings is s and (s.samples, s.width) == (10000, 100)
        assert shown(app) == before  # the same histograms, not rerun
        messages = [n.message for n in app._notifications]
        assert any("10,000,000 values" in m and "5,000,000" in m for m in messages)


async def test_a_wide_run_is_bounded_by_its_multiply_adds_not_its_values():
    # 1000 × 10 × 500 holds 5 million values (allowed) but is 2.5 billion
    # multiply-adds: seconds of work per key. Refused; the last run is kept.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", *"l" * 5, "w", "w")  # 10 layers × 200 units: 400 million
        s = app.screen.settings
        assert (s.layers, s.width) == (10, 200)
        before = shown(app)
        await press(pilot, "w")  # 500 units
        assert app.screen.settings is s and shown(app) == before
        messages = [n.message for n in app._notifications]
        assert any("2,500,000,000 multiply-adds" in m and "500,000,000" in m for m in messages)


async def test_keys_are_answered_while_a_run_computes_and_only_the_newest_is_shown(monkeypatch):
    release = threading.Event()
    calls = []

    def slow(*args, stop=None, **kwargs):
        calls.append(args)
        if len(calls) == 2:  # the run started by the first key: held until released
            assert release.wait(10)
        return init_experiment(*args, stop=stop, **kwargs)

    monkeypatch.setattr(experiment, "init_experiment", slow)
    monkeypatch.setattr(experiment, "BUSY_AFTER", 0.01)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        await pilot.press("s")  # seed 1: this run hangs in its thread
        for _ in range(200):  # until the 0.01 s timer has said so, however loaded the machine
            info = str(app.screen.query_one("#experiment-info").render())
            if "computing…" in info:
                break
            await pilot.pause(0.02)
        assert "seed 1" in info and "computing…" in info  # said, while the keys still work
        await pilot.press("s", "a")  # seed 2, then tanh: each a newer run
        await pilot.pause()
        assert app.screen.settings.seed == 2 and app.screen.settings.activation == "tanh"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        expected = init_experiment("tanh", "normal", 1.0, 1000, 5, 100, seed=2)
        assert all(np.array_equal(a.counts, b.counts) for a, b in zip(shown(app), expected))
        info = str(app.screen.query_one("#experiment-info").render())
        assert "seed 2" in info and "computing" not in info


def test_a_stopped_run_ends_at_its_next_block_and_returns_nothing():
    asked = []

    def stop():
        asked.append(1)
        return len(asked) > 2  # two blocks done, then stop

    assert init_experiment("sigmoid", samples=10000, stop=stop) is None
    assert len(asked) == 3  # asked once a block, not after the whole run
    assert init_experiment("sigmoid", samples=10000, stop=lambda: False) is not None


@pytest.mark.parametrize("text, std", [("0.05", 0.05), ("1e-3", 1e-3), ("0.25", 0.25)])
async def test_a_burst_types_the_standard_deviation_exactly(text, std):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", "t")
        burst(app, text)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.settings.std == std and not app.screen.editor.display


async def test_a_busy_timer_that_fires_after_the_result_does_not_say_computing():
    # Under load the timer's callback can be queued before the result lands
    # and run after it: the info line then said "computing…" for good.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        screen = app.screen
        screen._show_busy(replace(screen.settings), screen._requested)  # the late callback
        await pilot.pause()
        assert "computing" not in str(screen.query_one("#experiment-info").render())


async def test_a_run_that_raises_in_its_thread_says_so_in_one_line(monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError("no room for the histograms")

    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        before = shown(app)
        monkeypatch.setattr(experiment, "init_experiment", broken)
        await press(pilot, "s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("no room for the histograms" in m for m in messages), messages
        assert "computing" not in str(app.screen.query_one("#experiment-info").render())
        assert shown(app) == before and app.is_running  # the last good histograms stay


async def test_a_held_key_over_a_refused_setting_shows_its_message_once():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e", *"l" * 5, "w", "w", *"w" * 6)  # 500 units refused six times
        messages = [n.message for n in app._notifications if "multiply-adds" in n.message]
        assert len(messages) == 1
