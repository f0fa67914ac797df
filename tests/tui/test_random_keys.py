"""Random keys over every screen: whatever arrives, the app keeps running and
the layers pane shows exactly core.forward of the state it holds."""
import numpy as np
import pytest
from textual import events

import core
from tui.app import ActLabApp

from .test_explorer import expected_units
from .helpers import shown_units, unit_lines

# (key, character) as a terminal sends them: the explorer's keys (b t s l E G too), every
# screen's keys (g e v D w p F1 ctrl+p), undo and redo, the weights editor's
# shape keys, and what a typist sends into a number field. q and ctrl+q are
# left out: they may quit, which is right, and ends the test.
KEYS = [("up", None), ("down", None), ("left", None), ("right", None),
        ("shift+up", None), ("shift+down", None), ("shift+left", None), ("shift+right", None),
        ("tab", "\t"), ("shift+tab", None), ("enter", "\r"), ("escape", None),
        ("space", " "), ("backspace", "\x7f"), ("pageup", None), ("pagedown", None),
        ("home", None), ("end", None), ("f1", None), ("question_mark", "?"),
        ("ctrl+p", None), ("ctrl+z", None), ("ctrl+y", None),
        ("left_square_bracket", "["), ("right_square_bracket", "]"),
        ("plus", "+"), ("minus", "-"), ("full_stop", "."), ("equals_sign", "="),
        *[(c, c) for c in "0159eEghHfodcvDwpuUnNLXirsSatljxAWbGTm"]]
# The diagram's keys (n shows it; arrows, [ ], pages and digits work in it),
# weighted so that a burst often reaches them with the diagram shown.
KEYS += [("n", "n")] * 4 + [("left_square_bracket", "["), ("right_square_bracket", "]")] * 2

# Keys that open a screen, so that every sequence visits several.
SCREEN_KEYS = ["g", "e", "v", "D", "w", "p", "f1", "ctrl+p", "n", "G", "C", "T", "M"]


def assert_diagram_matches(app):
    """The diagram shows core.forward of the state: each drawn unit's z (or
    y); in the backward view core.backward's ∂L/∂z (δ when one row is all)."""
    from tui.widgets.diagram import NetworkDiagram, value_text
    state = app.state
    trace = core.forward(state.network, state.x)
    g = (core.backward(state.network, trace, state.target, state.loss_kind)
         if state.show_backward else None)
    for (c, j), lines in unit_lines(app.query_one(NetworkDiagram)).items():
        if c == 0:
            value = trace.x[j - 1]
        elif g is None:
            value = trace.z[c - 1][j - 1]
        else:
            value = g.dz[c - 1][j - 1] if len(lines) > 1 else g.delta[c - 1][j - 1]
        assert lines[-1].rstrip("◐✕ ").split()[-1] == value_text(value), (c, j, lines)


def send_burst(app, names):
    for name in names:
        character = dict(KEYS).get(name)
        event = events.Key(name, character)
        event.set_sender(app)
        app._driver.send_message(event)


async def back_to_the_explorer(app, pilot):
    for _ in range(8):
        if app.screen is app.explorer:
            return
        await pilot.press("escape")
        await pilot.pause()
    assert app.screen is app.explorer, f"stuck on {app.screen!r}"


@pytest.mark.parametrize("seed", range(24))
async def test_random_keys_over_every_screen_keep_the_numbers_right(seed):
    rng = np.random.default_rng(seed)
    app = ActLabApp()
    visited = set()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(10):
            # a screen key, then a burst of ten, as a fast typist or key repeat sends
            burst = [SCREEN_KEYS[rng.integers(len(SCREEN_KEYS))]]
            burst += [KEYS[i][0] for i in rng.integers(0, len(KEYS), size=10)]
            send_burst(app, burst)
            await pilot.pause()
            visited.add("explorer" if app.screen is app.explorer else type(app.screen).__name__)
            assert app.is_running, f"ended after {burst}"
            await back_to_the_explorer(app, pilot)
            state = app.state
            assert len(state.x) == state.network.n_inputs
            # The pane in view: a hidden layers table waits for n to draw again.
            if state.left_view == "diagram":
                assert_diagram_matches(app)
            else:
                assert shown_units(app) == expected_units(state.network, state.x), burst
        assert visited - {"explorer"}  # the sequences did leave the explorer


@pytest.mark.parametrize("keys", [["down"] * 40, ["g", "escape"] * 20, ["e", "v", "w"] * 10])
async def test_keys_still_queued_when_the_app_closes_are_dropped_quietly(keys):
    # A burst (key repeat, a paste) still arriving while the app shuts down
    # reached Textual after the last screen had gone: ScreenStackError.
    app = ActLabApp()
    async with app.run_test(size=(100, 30)):
        send_burst(app, keys)
    assert app.return_code is None  # not the rescue path (which sets 1)
