"""The training screen (issue 14): every epoch it shows is core.train's, for
the settings shown; play, pause, one epoch, reset and every control work
while it trains; pausing hands the network to the explorer."""
import asyncio
from dataclasses import replace

import numpy as np
import pytest

import core
from core import datasets, playground, train
from tests.tui.helpers import shown_units, widget_text
from tests.tui.test_explorer import expected_units
from tests.tui.test_number_editor import burst
from tui import i18n
from tui.app import ActLabApp
from tui.screens.train import TrainScreen
from tui.widgets.heatmap import HeatMap
from tui.widgets.train_controls import CONTROLS, parse_features, parse_layers

ROW = {control.name: k for k, control in enumerate(CONTROLS)}


def reference(settings: train.Settings, count: int) -> train.Epoch:
    """Epoch `count` of the command line's run of the same settings."""
    for epoch in train.prepare(settings).epochs():
        if epoch.epoch == count:
            return epoch


async def until(pilot, condition, seconds: float = 20.0) -> None:
    """Wait for the worker thread: training takes what the machine gives it."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the training screen did not get there in time")


async def opened(pilot) -> TrainScreen:
    await pilot.press("T")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TrainScreen)
    return pilot.app.screen


async def playing(pilot, epochs: int) -> TrainScreen:
    """The training screen opened and playing, `epochs` epochs in."""
    screen = await opened(pilot)
    await pilot.press("space")
    await until(pilot, lambda: screen.epoch.epoch >= epochs)
    return screen


async def choose(pilot, screen: TrainScreen, name: str) -> None:
    """Select a settings row with ↑↓, as a person would."""
    while screen.selected != ROW[name]:
        await pilot.press("down")


async def data(pilot, screen: TrainScreen, name: str) -> None:
    """Walk the data row with → to data set `name`."""
    await choose(pilot, screen, "dataset")
    while screen.settings.dataset != name:
        await pilot.press("right")


async def test_it_opens_at_epoch_0_of_the_playgrounds_defaults_and_n_trains_one_epoch():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        expected = reference(train.Settings(), 0)
        assert screen.epoch.epoch == 0 and screen.epoch.network.same_as(expected.network)
        # The loss shown is the mean of 0.5·(y−t)² over the test points, by hand.
        problem = screen.problem
        y = core.forward(expected.network, problem.x_test).y
        by_hand = np.mean(0.5 * np.sum((y - problem.t_test) ** 2, axis=1))
        figures = widget_text(screen.query_one("#train-figures"))
        assert f"{by_hand:.4f}" in figures.splitlines()[1]
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        assert screen.epoch.network.same_as(reference(train.Settings(), 1).network)
        assert not screen.playing
        # On screen with the next frame, which waits twice what the last one cost.
        await until(pilot, lambda: "epoch 1 " in widget_text(screen.query_one("#train-info")))


async def test_play_trains_on_while_keys_are_answered_and_pause_stops_it():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await playing(pilot, 5)
        # Keys during the run: the selection moves at once, the run goes on.
        before = screen.epoch.epoch
        await pilot.press("down", "down")
        assert screen.selected == 2
        await until(pilot, lambda: screen.epoch.epoch > before)
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stopped = screen.epoch.epoch
        await asyncio.sleep(0.2)
        assert screen.epoch.epoch == stopped and not screen.playing
        # Whatever the pauses, the numbers are the command line's for that epoch.
        assert screen.epoch.network.same_as(reference(train.Settings(), stopped).network)


async def test_a_new_learning_rate_keeps_the_network_and_a_new_dataset_starts_again():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        for _ in range(3):
            await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 3)
        trained = screen.epoch.network
        await choose(pilot, screen, "lr")
        await pilot.press("right")
        assert screen.settings.lr == 0.1
        assert screen.epoch.epoch == 3 and screen.epoch.network is trained
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 4)
        by_hand = train.epochs(screen.problem, trained, train.optimizer("sgd", 0.1), 10,
                               seed=0, state=reference(train.Settings(), 3).state, start=3)
        next(by_hand)
        assert screen.epoch.network.same_as(next(by_hand).network)
        await choose(pilot, screen, "dataset")
        await pilot.press("right")
        assert screen.settings.dataset == "xor"
        assert screen.epoch.epoch == 0
        xor = replace(train.Settings(), dataset="xor", lr=0.1)
        assert screen.epoch.network.same_as(reference(xor, 0).network)
        assert screen.history.epochs == [0]


async def test_reset_goes_back_to_the_same_first_weights():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        first = screen.epoch.network
        await pilot.press("n", "n")
        await until(pilot, lambda: screen.epoch.epoch == 2)
        await pilot.press("r")
        assert screen.epoch.epoch == 0 and screen.epoch.network.same_as(first)


@pytest.mark.parametrize("row, typed, expected", [
    ("lr", "0.3", 0.3), ("noise", "25", 25.0), ("layers", "3, 3", (3, 3)),
    ("features", "x1sq, x2sq", ("x1sq", "x2sq")), ("batch", "7", 7), ("seed", "12", 12),
    ("reg_rate", "０．０１", 0.01)])
async def test_a_burst_typed_into_a_setting_gives_exactly_what_was_typed(row, typed, expected):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, screen, row)
        await pilot.press("enter")
        burst(app, typed)
        await pilot.pause()
        assert getattr(screen.settings, row) == expected
        if row == "layers":
            assert screen.epoch.network.sizes == [2, 3, 3, 1]


@pytest.mark.parametrize("row, typed", [("lr", "fast"), ("layers", "4, 99"), ("batch", "0"),
                                        ("features", "x3"), ("noise", "60")])
async def test_a_typo_in_a_setting_says_so_and_keeps_the_run(row, typed):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        settings, network = screen.settings, screen.epoch.network
        await choose(pilot, screen, row)
        await pilot.press("enter")
        burst(app, typed)
        await pilot.pause()
        assert screen.editor.active and repr(typed) in screen.editor.message
        assert screen.settings == settings and screen.epoch.network is network
        await pilot.press("escape")
        assert not screen.editor.active and isinstance(app.screen, TrainScreen)


def test_typed_layers_and_features_read_as_the_command_line_names_them():
    assert parse_layers("0") == () and parse_layers("4,2") == (4, 2)
    assert parse_features("x1², x2²") == ("x1sq", "x2sq")
    # As a Japanese input method or a quick hand types them.
    assert parse_layers("８，８") == (8, 8) and parse_layers("8 8") == (8, 8)
    assert parse_features("X1 sin x2") == ("x1", "sinx2")
    for text in ("", "4,,x", "1,2,3,4,5,6,7", "-1"):
        with pytest.raises(ValueError):
            parse_layers(text)


async def test_a_rate_far_too_large_diverges_in_one_line_and_keeps_the_last_good_epoch():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await data(pilot, screen, "plane")  # identity output: nothing saturates
        await choose(pilot, screen, "lr")
        await pilot.press("enter")
        burst(app, "1e6")
        await pilot.pause()
        await pilot.press("space")
        await until(pilot, lambda: not screen.playing)
        await until(pilot, lambda: any("diverged" in n.message for n in app._notifications))
        assert app.is_running and np.isfinite(screen.epoch.test_loss)
        good = screen.epoch.epoch
        # A sane rate carries on from the last good epoch.
        await pilot.press("left")
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == good + 1)


async def test_the_map_is_core_playgrounds_output_and_every_point_is_drawn():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        heat = screen.query_one(HeatMap)
        grid = playground.output_grid(screen.problem, screen.epoch.network)
        expected = playground.OUTPUT_SCALE.fraction(playground.map_values(screen.problem, grid))
        assert np.array_equal(heat.values, expected)
        text = widget_text(heat)
        # Points share characters, so count the glyphs of each kind present.
        assert "●" in text and "○" in text and "■" in text and "□" in text


async def test_m_marks_misclassified_points_and_x_hands_one_to_the_explorer():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, screen, "noise")
        for _ in range(6):  # 30 %: some points stay on the wrong side
            await pilot.press("right")
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        await pilot.press("m")
        test, i = screen.picked
        network = screen.epoch.network
        assert i in playground.misclassified(screen.problem, network, test)
        assert "+ " in widget_text(screen.query_one("#train-confusion")).splitlines()[-1]
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is app.explorer
        state = app.state
        x = (screen.problem.x_test if test else screen.problem.x_train)[i]
        assert state.network.same_as(network) and np.array_equal(state.x, x)
        assert shown_units(app) == expected_units(state.network, state.x)
        t = (screen.problem.t_test if test else screen.problem.t_train)[i]
        assert np.array_equal(state.target, t)
        # T brings back the same run, paused where it was.
        await pilot.press("T")
        await pilot.pause()
        assert app.screen is screen and screen.epoch.epoch == 1 and not screen.playing


async def test_a_click_on_the_map_picks_the_nearest_point():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        heat = screen.query_one(HeatMap)
        u, v = heat.plane_at(heat.size.width // 2, heat.size.height // 3)
        heat.post_message(HeatMap.Picked(u, v))
        await pilot.pause()
        assert screen.picked == playground.nearest(screen.problem, u, v)


async def test_regression_and_three_classes_show_their_own_figures():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await data(pilot, screen, "gauss3")
        assert screen.problem.n_out == 3
        confusion = widget_text(screen.query_one("#train-confusion"))
        counts = playground.confusion(screen.problem, screen.epoch.network)
        for line, row in zip(confusion.splitlines()[2:], counts):  # under the title and names
            assert line.split()[1:] == [str(c) for c in row]
        await data(pilot, screen, "plane")
        assert widget_text(screen.query_one("#train-confusion")).strip() == ""
        assert "accuracy" not in widget_text(screen.query_one("#train-figures"))


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals_keep_the_screen_working(size):
    app = ActLabApp()
    async with app.run_test(size=size) as pilot:
        screen = await playing(pilot, 3)
        await pilot.press("space", "down", "right", "r", "m", "escape")
        await pilot.pause()
        assert app.is_running and app.screen is app.explorer


async def test_the_diagram_shows_the_epochs_network_at_the_point_and_leaves_the_explorer_alone():
    from tests.tui.helpers import unit_lines
    from tui.widgets.diagram import DiagramOf, value_text
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        explorer_version = app.state.version
        screen = await opened(pilot)
        await pilot.press("n", "n")
        await until(pilot, lambda: screen.epoch.epoch == 2)
        await pilot.press("m")
        await pilot.pause()
        test, i = screen.picked
        x = (screen.problem.x_test if test else screen.problem.x_train)[i]
        trace = core.forward(screen.epoch.network, x)
        diagram = screen.query_one(DiagramOf)
        drawn = unit_lines(diagram)
        assert len(drawn) == sum(screen.epoch.network.sizes)  # every unit of 2-4-2-1
        for (c, j), lines in drawn.items():
            value = trace.x[j - 1] if c == 0 else trace.z[c - 1][j - 1]
            assert lines[-1].rstrip("◐✕ ").split()[-1] == value_text(value), (c, j, lines)
        await pilot.click(DiagramOf, offset=(10, 5))
        assert app.state.version == explorer_version


async def test_ctrl_s_saves_the_epochs_network_with_its_settings(tmp_path, monkeypatch):
    import json

    from textual.widgets import Input
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n", "n", "n")
        await until(pilot, lambda: screen.epoch.epoch == 3)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        name = app.screen.query_one(Input)
        assert name.value == "circle-epoch3.json"
        await pilot.press("enter")  # the name field has the focus
        await pilot.pause(0.3)
        saved = tmp_path / "circle-epoch3.json"
        assert core.load(saved).same_as(reference(train.Settings(), 3).network)
        kept = json.loads(saved.read_text())["training"]
        assert kept["epoch"] == 3 and kept["settings"]["dataset"] == "circle"
        assert app.screen is screen and not app.state.dirty  # the explorer's network untouched


async def test_escape_then_t_in_one_burst_finds_the_run_paused():
    from tests.tui.test_random_keys import send_burst
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await playing(pilot, 2)
        send_burst(app, ["escape", "T"])
        await pilot.pause()
        assert app.screen is screen and not screen.playing


async def test_leaving_with_a_dialog_right_behind_still_pauses_the_run():
    """Escape then F1 fast: the help can be in front by the time the screen
    hears it was left. It paused only when no dialog was in front, so the run
    trained on off the stack, and at the end of a test its frames looked for
    widgets Textual had closed (CI, random keys seed 8). Both in one call
    here, so that the help is always in front first."""
    from tui.screens.help import HelpScreen
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await playing(pilot, 2)
        screen.action_back()
        app.push_screen(HelpScreen(app.key_sections()))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and screen not in app.screen_stack
        assert not screen.playing and not screen._frames._active.is_set()
        epoch = screen.epoch.epoch
        await asyncio.sleep(0.2)
        assert screen.epoch.epoch == epoch  # it does not train on unseen


async def test_a_frame_after_leaving_draws_nothing_even_before_the_pause_is_heard():
    """At shutdown Textual closes an off-stack screen's widgets in any order;
    a frame that came between leaving and its pause looked for them."""
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch >= 1)
        screen.action_back()
        await screen.query_one("#train-info").remove()
        screen._fresh = True
        screen._next_frame = 0.0
        screen._frame()  # no NoMatches
        assert screen._fresh is True  # the epoch waits to be drawn when it is back


async def test_help_over_the_training_screen_starts_with_its_keys_and_leaves_it_playing():
    from tui.screens.help import HelpScreen
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("space", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.sections[0][0] == "Training (T)"
        assert screen.playing  # the help over it is not leaving it
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.playing


async def test_a_regression_has_no_misclassified_points_and_its_own_colour_key():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await data(pilot, screen, "plane")
        await pilot.press("m")
        await pilot.pause()
        assert screen.picked is None
        assert any("no classes" in n.message for n in app._notifications)
        assert "identity" in widget_text(screen.query_one("#train-key"))


async def test_a_run_gone_wild_shows_its_loss_short_and_its_chart_cut():
    class Wild:
        def __init__(self, epoch, loss):
            self.epoch, self.train_loss, self.test_loss = epoch, loss, loss
            self.train_accuracy = self.test_accuracy = 0.5
            self.network, self.state = None, None

    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        for k, loss in enumerate([0.5, 3.0, 5.9e179], start=1):
            screen.history.add(Wild(k, loss))
        screen._show_chart()
        screen._show_figures(screen.history.latest)
        await pilot.pause()
        assert "cut at 1e+06" in widget_text(screen.query_one("#train-chart"))
        figures = widget_text(screen.query_one("#train-figures"))
        assert "5.9e+179" in figures and len(figures.splitlines()[1].split()) == 3


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_language_switches_while_it_trains_keep_the_app_and_the_run(size):
    # A frame between the widgets' removal and their return ended the app
    # (NoMatches for the diagram): found by a reviewer switching 60 times.
    app = ActLabApp()
    async with app.run_test(size=size) as pilot:
        screen = await playing(pilot, 3)
        for k in range(30):
            await app.switch_language("ja" if k % 2 == 0 else "en")
            await asyncio.sleep(0.013 * (k % 5))
        await pilot.pause()
        assert app.is_running and app.screen is screen
        before = screen.epoch.epoch
        await until(pilot, lambda: screen.epoch.epoch > before)  # still training
    from tui import i18n
    i18n.set_language("en")


async def test_d_puts_the_diagram_in_the_maps_place_at_80x24():
    from tests.tui.helpers import unit_lines
    from tui.widgets.diagram import DiagramOf, value_text
    from tui.widgets.heatmap import HeatMap
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        pane = screen.query_one("#train-diagram-pane")
        assert not pane.region.area and screen.query_one("#train-map", HeatMap).region.area
        await pilot.press("n", "d")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        await pilot.pause()
        assert pane.region.area and not screen.query_one("#train-map", HeatMap).region.area
        trace = core.forward(screen.epoch.network, screen.problem.x_train[0])
        drawn = unit_lines(screen.query_one(DiagramOf))
        assert drawn  # 80 columns show some of the columns, each a value of this epoch
        for (c, j), lines in drawn.items():
            value = trace.x[j - 1] if c == 0 else trace.z[c - 1][j - 1]
            assert lines[-1].rstrip("◐✕ ").split()[-1] == value_text(value), (c, j, lines)
        await pilot.press("d")
        await pilot.pause()
        assert not pane.region.area and screen.query_one("#train-map", HeatMap).region.area


async def test_a_burst_of_changes_announces_the_last_one_only():
    # Each key's line replaces the one before; in a burst none had been added
    # yet when the next came, and three toasts stacked over the map.
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("up")  # from the first row up to the last: the seed
        await pilot.pause()
        send_burst(app, [("right", None)] * 3)
        await pilot.pause()
        await pilot.pause()
        assert screen.settings.seed == 3
        shown = [n.message for n in app._notifications]
        assert len(shown) == 1 and shown[0].startswith("seed 3:"), shown


async def test_ctrl_o_trains_on_the_learners_own_points_and_refuses_a_bad_file(
        tmp_path, monkeypatch):
    from textual.widgets import Input
    monkeypatch.chdir(tmp_path)
    rows = [(1.0, 1.0, 1), (2.0, 2.0, 1), (-1.0, -1.0, 0), (-2.0, -1.5, 0),
            (1.5, 2.0, 1), (-1.5, -2.0, 0), (0.5, 1.0, 1), (-0.5, -1.0, 0)]
    (tmp_path / "mine.csv").write_text("x1,x2,label\n" + "".join(
        f"{a},{b},{c}\n" for a, b, c in rows))
    (tmp_path / "bad.csv").write_text("1,2\n")
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)

        async def choose(name):
            await pilot.press("ctrl+o")
            await pilot.pause(0.3)
            field = app.screen.query_one(Input)
            field.focus()
            await pilot.pause()
            field.value = name
            await pilot.press("enter")
            await pilot.pause(0.3)

        await choose("bad.csv")
        assert app.screen is screen and screen.settings.data is None  # the circle run stays
        assert any("line 1" in n.message and "3 values" in n.message
                   for n in app._notifications)
        await choose("mine.csv")
        assert screen.settings.data == str(tmp_path / "mine.csv")
        points = np.concatenate([screen.problem.x_train, screen.problem.x_test])
        assert sorted(map(tuple, points.tolist())) == sorted((a, b) for a, b, _ in rows)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        # another named set leaves the file behind
        assert screen.selected == 0  # the data row, where the screen opened
        await pilot.press("right")
        await pilot.pause()
        assert screen.settings.data is None and screen.settings.dataset in datasets.DATASETS


async def test_p_chooses_which_points_the_map_draws():
    # multi-gauss's 1200 points covered the whole map: p shows it bare too
    from tui.widgets.heatmap import HeatMap
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        heat = screen.query_one("#train-map", HeatMap)
        n_train, n_test = len(screen.problem.x_train), len(screen.problem.x_test)

        def drawn():
            dots = heat._shown[4]
            return None if dots is None else dots.uv.tolist()

        train_xy = playground.points(screen.problem, False).tolist()
        test_xy = playground.points(screen.problem, True).tolist()
        assert drawn() == train_xy + test_xy
        for expected in (train_xy, test_xy, None, train_xy + test_xy):
            await pilot.press("p")
            await pilot.pause()
            assert drawn() == expected
        assert n_train + n_test == 500


async def test_a_screen_left_behind_draws_nothing_and_quitting_after_it_is_clean(monkeypatch):
    """The kept training screen off the stack stops drawing: its frames took
    the UI thread's time, and at quit Textual closed its widgets before its
    timer, so a frame looked for one and ended the app (CI, seed 4)."""
    import tui.screens.train as train_screen
    monkeypatch.setattr(train_screen, "FRAME_SECONDS", 0.0005)
    monkeypatch.setattr(train_screen, "RATE_SECONDS", 0.0)  # each frame writes the info line
    drawn = []
    show_info = TrainScreen._show_info
    monkeypatch.setattr(TrainScreen, "_show_info", lambda self: (drawn.append(1), show_info(self)))
    for _ in range(3):  # the quit raced the timer: three tries failed two of three before
        app = ActLabApp()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await opened(pilot)
            await asyncio.sleep(0.05)
            assert drawn, "the frames ran while the screen was shown"
            await pilot.press("escape")
            await pilot.pause()
            before = len(drawn)
            await asyncio.sleep(0.1)
            assert len(drawn) == before
            await pilot.press("T")  # back: it draws again
            await until(pilot, lambda: len(drawn) > before + 5)
            assert app.screen is screen
            await pilot.press("escape")
            await pilot.pause()
            await asyncio.sleep(0.05)
        assert app.return_code in (0, None)


async def test_a_burst_with_q_puts_the_question_before_the_rest_of_the_burst():
    # q asks about the explorer's unsaved change; the n n after it in the same
    # burst must reach the question (which ignores them), not the run behind
    # it: before, a worker pushed the dialog after the screen had run two epochs.
    from tests.tui.test_random_keys import send_burst
    from tui.screens.confirm import UnsavedChangesScreen
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")  # x1 nudged: unsaved
        screen = await opened(pilot)
        send_burst(app, ["q", "n", "n", "q"])
        await pilot.pause(0.3)
        assert isinstance(app.screen, UnsavedChangesScreen)
        assert len(app.screen_stack) == 3  # explorer, training, one question
        assert screen.epoch.epoch == 0 and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.is_running


async def test_a_frames_pacing_counts_its_drawing_on_screen_too():
    # The next frame waits twice what this one cost; the cost is measured
    # again once Textual has drawn it (with 6 × 8 units the drawing is most
    # of it, and keys waited 0.24 s while only the widgets' updates counted).
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        screen._set("layers", (8, 8, 8, 8, 8, 8))
        await pilot.pause()
        screen._next_frame = 0.0
        with screen._lock:
            screen._fresh = True
        screen._frame()
        after_updates = screen._next_frame
        assert after_updates > 0.0
        await pilot.pause()
        assert screen._next_frame > after_updates


async def test_quitting_asks_about_a_run_not_saved_then_about_nothing_once_it_is(
        tmp_path, monkeypatch):
    # 1242 epochs trained were thrown away by q without a word (found by a
    # tester): a run with epochs not written to a file is unsaved work.
    from textual.widgets import Input
    from tui.screens.confirm import UnsavedChangesScreen
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")  # the explorer unsaved too: asked about first
        screen = await opened(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.file_name == "preset book"
        await pilot.press("ctrl+d")  # discard the explorer's change: on to the run
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, UnsavedChangesScreen)
        assert app.screen.file_name == "The training run on circle (epoch 1)"
        # A run has epochs, not changes: the question says so.
        assert " ".join(widget_text(app.screen.query_one("#confirm-body Static")).split()) == (
            "The training run on circle (epoch 1) is not saved. Save it before quitting?")
        await pilot.press("escape")  # cancel: nothing happens at all
        await pilot.pause()
        assert app.is_running and app.screen is screen and screen.epoch.epoch == 1
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        app.screen.query_one(Input).value = "run.json"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert (tmp_path / "run.json").exists() and not screen.unsaved
        await pilot.press("q")  # the explorer is still unsaved: asked again
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("ctrl+d")  # and the run is saved: nothing more to ask
        await pilot.pause()
        assert not app.is_running


async def test_the_quit_question_pauses_a_playing_run_and_cancel_plays_it_on():
    # The question named epoch N while the run trained on (a tester): Save
    # then wrote a later epoch than the one asked about.
    from tui.screens.confirm import UnsavedChangesScreen
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await playing(pilot, 3)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen) and not screen.playing
        asked = screen.epoch.epoch
        assert app.screen.file_name == f"The training run on circle (epoch {asked})"
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert screen.epoch.epoch == asked  # what Save would write is what it names
        await pilot.press("escape")  # cancel: as it was, playing
        await pilot.pause()
        assert app.screen is screen and screen.playing
        await until(pilot, lambda: screen.epoch.epoch > asked)
        await pilot.press("space")
        await app.workers.wait_for_complete()


async def test_save_from_the_quit_question_saves_the_run_and_quits(tmp_path, monkeypatch):
    from textual.widgets import Input
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n", "n")
        await until(pilot, lambda: screen.epoch.epoch == 2)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")  # Save: the run's own save dialog
        await pilot.pause(0.3)
        assert app.screen.query_one(Input).value == "circle-epoch2.json"
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert (tmp_path / "circle-epoch2.json").exists() and not app.is_running
        assert core.load(tmp_path / "circle-epoch2.json").same_as(
            reference(train.Settings(), 2).network)


async def test_save_from_the_quit_question_then_cancelling_its_dialog_plays_the_run_on(
        tmp_path, monkeypatch):
    # No quit after all, as Cancel: the run the question paused plays on
    # (it stayed paused, a tester's find).
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await playing(pilot, 2)
        await pilot.press("q")
        await pilot.pause()
        asked = screen.epoch.epoch
        await pilot.press("s")  # Save: the run's own save dialog
        await pilot.pause(0.3)
        assert not screen.playing
        await pilot.press("escape")  # the file dialog cancelled
        await pilot.pause(0.3)
        assert app.screen is screen and screen.playing and app.is_running
        await until(pilot, lambda: screen.epoch.epoch > asked)
        assert not list(tmp_path.iterdir())
        await pilot.press("space")
        await app.workers.wait_for_complete()


async def test_saving_the_explorers_network_from_the_quit_question_then_cancelling_plays_on(
        tmp_path, monkeypatch):
    from tui.screens.confirm import UnsavedChangesScreen
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")  # x1 changed: the explorer's network is not saved
        await pilot.pause()
        assert app.state.dirty
        screen = await playing(pilot, 2)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)
        assert app.screen.file_name != screen.run_label()  # it asks about the explorer's first
        await pilot.press("s")  # Save: a new network, so Save as…
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert app.screen is screen and screen.playing and app.state.dirty
        await pilot.press("space")
        await app.workers.wait_for_complete()


async def test_cancelling_the_quit_question_leaves_a_run_paused_once_its_screen_was_left():
    # A palette command switched screens, then ctrl+q came before the
    # training screen heard it was left: Cancel set the run playing, off the
    # stack, unseen.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await playing(pilot, 2)
        app.action_open_screen("weights")
        app.action_quit()
        await pilot.pause(0.3)
        await pilot.press("escape")  # Cancel
        await pilot.pause(0.3)
        assert screen not in app.screen_stack and not screen.playing
        epoch = screen.epoch.epoch
        await asyncio.sleep(0.3)
        assert screen.epoch.epoch == epoch


async def test_a_dialog_goes_with_its_cancelled_worker_and_no_save_is_left_saving_nothing(
        tmp_path, monkeypatch):
    # ctrl+s, then ctrl+q and Save: the quit's save cancelled ctrl+s's worker
    # (one file action at a time), and its dialog stayed under the new one,
    # answering nobody: ⏎ there closed it and wrote nothing (a reviewer).
    from textual.widgets import Input
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch >= 1)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        first = app.screen
        await pilot.press("ctrl+q")
        await pilot.pause(0.3)
        await pilot.press("s")  # Save: the quit's own dialog
        await pilot.pause(0.3)
        assert first not in app.screen_stack  # went with its worker
        assert app.screen.query_one(Input).value == "circle-epoch1.json"
        await pilot.press("escape")  # no quit after all
        await pilot.pause(0.3)
        assert app.screen is screen and app.is_running
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        await pilot.press("enter")  # saves what it says
        await pilot.pause(0.5)
        assert [p.name for p in tmp_path.iterdir()] == ["circle-epoch1.json"]


async def test_the_quit_question_about_a_run_reads_plainly_in_japanese():
    # "…の学習 (エポック 1) の変更は…" read stiffly (a tester): a run is not saved, it has no 変更.
    i18n.set_language("ja")
    try:
        app = ActLabApp()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await opened(pilot)
            await pilot.press("n")
            await until(pilot, lambda: screen.epoch.epoch == 1)
            await pilot.press("q")
            await pilot.pause()
            text = "".join(widget_text(app.screen.query_one("#confirm-body Static")).split())
            assert text == "circleの学習(エポック1)は保存されていません。終了する前に保存しますか？"
    finally:
        i18n.set_language("en")
