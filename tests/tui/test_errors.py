"""The one error path: a pane that fails to draw says so in one line and the
app lives on; an error nothing caught ends the app with a line, status 1,
and the unsaved network kept in a file."""

import numpy as np
import pytest

import core
from tui.app import ActLabApp, one_line
from tui.widgets.output import OutputView

from .helpers import shown_units


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_pane_that_fails_to_draw_shows_one_line_and_the_others_still_hear(monkeypatch):
    def broken(self, state):
        raise ZeroDivisionError("the pane divided by zero")

    monkeypatch.setattr(OutputView, "show", broken)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")  # x1 0.1 up: every pane hears
        await pilot.pause()
        assert app.is_running
        lines = [n for n in notifications(app) if "OutputView" in n]
        assert lines and all("\n" not in n for n in lines)
        assert "ZeroDivisionError: the pane divided by zero" in lines[-1]
        # the layers pane still heard the change: a1 for x1 = 1.1
        trace = core.forward(app.state.network, app.state.x)
        assert shown_units(app)[(1, 1)][0] == f"{trace.a[0][0]:.4f}"


def test_one_line_joins_lines_and_names_foreign_errors():
    assert one_line(ValueError("two\nlines")) == "ValueError: two lines"
    assert one_line(KeyError()) == "KeyError: KeyError"
    assert one_line(core.InputError("x_component", i=3, n=2)) == "there is no x3: the network takes 2 inputs"


def break_key_o(monkeypatch, error):
    """o (cycle the output function) raises what nothing catches."""
    def boom(self):
        raise error
    monkeypatch.setattr(ActLabApp, "action_cycle_output", boom)


async def test_an_uncaught_error_keeps_the_unsaved_network_and_ends_with_status_1(
        tmp_path, monkeypatch):
    break_key_o(monkeypatch, RuntimeError("nobody caught this"))
    app = ActLabApp()
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("right", "right")  # x1 = 1.2: unsaved
            await pilot.press("o")
            await pilot.pause()
    assert app.return_code == 1
    [saved] = list(tmp_path.glob("untitled.recovered-*.json"))
    kept = core.load(saved)
    np.testing.assert_array_equal(kept.x, [1.2, 0.5])
    assert kept.same_as(core.preset("book").with_x(kept.x))


async def test_nothing_is_written_when_nothing_was_unsaved(tmp_path, monkeypatch):
    break_key_o(monkeypatch, ZeroDivisionError())
    app = ActLabApp()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("o")
            await pilot.pause()
    assert app.return_code == 1
    assert not list(tmp_path.glob("*.recovered-*"))


@pytest.mark.parametrize("keys", [
    ["w", "N", "escape", "g", "shift+up"],   # x2 removed, then nudged
    ["w", "n", "escape", "g", "i", "ctrl+z"],  # axis on x3, then x3 undone
    ["w", "N", "escape", "shift+up", "up", "shift+down"],
    # one input on the landscape after an undo
    ["w", "N", "escape", "w", "n", "escape", "g", "ctrl+z", "shift+up", "i", "ctrl+y"],
])
async def test_keys_that_used_to_crash(keys):
    app = ActLabApp()
    async with app.run_test(size=(100, 30)) as pilot:
        for k in keys:
            await pilot.press(k)
        await pilot.pause()
        assert app.is_running
        state = app.state
        trace = core.forward(state.network, state.x)
        assert len(state.x) == state.network.n_inputs
        assert np.all(np.isfinite(trace.y))


@pytest.mark.parametrize("typed", ["1e306", "1e308", "-1e308", "1.7e308"])
async def test_a_huge_finite_x_is_taken_and_the_plot_still_draws(typed):
    # Typing 1e308 as x1 ended the app in plotext's tick labels (the plot's
    # range grew to the marker); the plot spans at most ±1e100 now.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert app.state.x[0] == float(typed)
        plot = app.query_one("#plot")
        assert plot._figure is not None and "cannot be drawn" not in plot._figure.plain
        assert "│" in plot._figure.plain or "┤" in plot._figure.plain  # axes were drawn


async def test_a_plot_that_fails_to_build_is_one_line_not_the_end_of_the_app(monkeypatch):
    from tui.widgets.activation_plot import ActivationPlot

    def broken(self):
        raise OverflowError("cannot convert float infinity to integer")

    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(ActivationPlot, "_build", broken)
        await pilot.press("right")
        await pilot.pause()
        plot = app.query_one("#plot")
        assert "cannot be drawn" in plot._figure.plain
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and "infinity" in messages[0]
        await pilot.press("left")  # the app still answers
        await pilot.pause()
        assert app.state.x[0] == 1.0
