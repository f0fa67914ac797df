"""Training on images (I, issue 15): every epoch the screen shows is
core.train's run of the book's TwoLayerNet on the same set, W1's pictures are
the epoch's weights, and the network goes to the explorer and evaluate."""

import numpy as np
import pytest
from textual.geometry import Region

from core import data, train
from tests.data_files import small_set, write_idx_folder
from tests.tui.helpers import widget_text
from tests.tui.test_number_editor import burst
from tests.tui.test_train_screen import reference, until
from tui.app import ActLabApp
from tui.screens.image_train import IMAGE_CONTROLS, ImageTrainScreen
from tui.screens.evaluate import EvaluateScreen
from tui.widgets.colour_key import SWATCH
from tui.widgets.heatmap import DIVERGING

ROW = {control.name: k for k, control in enumerate(IMAGE_CONTROLS)}


@pytest.fixture
def folder(tmp_path):
    return str(write_idx_folder(tmp_path / "set", small_set(seed=2, n_train=300, n_test=40,
                                                            side=4, classes=3)))


def book(folder, **changes) -> train.Settings:
    return train.Settings(dataset=train.IMAGES, data=folder, **{**train.BOOK, **changes})


async def opened(pilot) -> ImageTrainScreen:
    await pilot.press("I")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImageTrainScreen))
    return pilot.app.screen


async def choose(pilot, screen, name):
    while screen.selected != ROW[name]:
        await pilot.press("down")


async def test_it_opens_at_the_books_step_0_and_n_trains_the_books_first_epoch(folder):
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert screen.settings == book(folder)
        first = reference(book(folder), 0)
        assert screen.epoch.network.same_as(first.network)
        figures = widget_text(screen.query_one("#train-figures"))
        assert f"{first.test_accuracy:.4f}" in figures.splitlines()[2]
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        one = reference(book(folder), 1)
        # 300 images in batches of 100: an epoch is 3 of the book's steps.
        assert screen.epoch.iteration == 3 and screen.epoch.network.same_as(one.network)
        # On screen with the next frame, which waits twice what the last one cost.
        await until(pilot, lambda: "epoch 1 · step 3/10,000" in widget_text(
            screen.query_one("#train-info")))
        figures = widget_text(screen.query_one("#train-figures")).splitlines()
        assert figures[1].split()[-2:] == [f"{one.train_loss:.4f}", f"{one.test_loss:.4f}"]
        assert figures[2].split()[-2:] == [f"{one.train_accuracy:.4f}", f"{one.test_accuracy:.4f}"]


async def test_play_runs_to_the_steps_asked_for_and_says_done(folder):
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, screen, "iters")
        await pilot.press("enter")
        burst(pilot.app, "8")
        await pilot.pause()
        assert screen.settings.iters == 8
        await pilot.press("space")
        await until(pilot, lambda: not screen.playing and screen.epoch.iteration == 8)
        # 3 + 3 + 2 steps: the last epoch shorter, as core's run of 8 steps.
        expected = reference(book(folder, iters=8), 3)
        assert screen.epoch.network.same_as(expected.network)
        await until(pilot, lambda: "done · epoch 3 · step 8/8" in widget_text(
            screen.query_one("#train-info")))  # with the next frame
        assert len(screen.history.step_losses) == 8
        np.testing.assert_array_equal(screen.history.step_losses[-2:],
                                      expected.batch_losses)


async def test_the_pictures_are_w1s_columns_on_each_units_own_scale(folder):
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        W1 = screen.epoch.network.layers[0].W
        for step in (0, 1):
            j = screen.first_unit
            box = screen.query_one("#images-w0")
            assert f"W1[:, {j + 1}] of 50" in box.border_title
            w = W1[:, j]
            levels = DIVERGING.levels(0.5 + 0.5 * w / np.abs(w).max()).reshape(4, 4)
            # Line 0 of the picture: pixels (0, c) above and (1, c) below, each in its level's colour.
            strip = box.render_line(0)
            cells = [seg for seg in strip if seg.text and seg.text.strip("▀") == ""]
            colours = [(seg.style.color.triplet, seg.style.bgcolor.triplet)
                       for seg in cells for _ in seg.text]
            expected = [(DIVERGING.colours[levels[0, c]].triplet,
                         DIVERGING.colours[levels[1, c]].triplet) for c in range(4)]
            assert colours[:4] == expected
            # The key in its bottom border: the colours −largest, 0 and +largest
            # get (largest: the title's ±).
            largest = np.abs(w).max()
            bottom = box.outer_size.height - 1  # the bottom border
            (key,) = box.render_lines(Region(0, bottom, box.outer_size.width, 1))
            swatches = [seg.style.color.triplet for seg in key if seg.text == SWATCH]
            assert swatches == [DIVERGING.colours[level].triplet
                                for level in DIVERGING.levels(0.5 + 0.5 * np.array(
                                    [-largest, 0.0, largest]) / largest)]
            assert f"{SWATCH} −  {SWATCH} 0  {SWATCH} +" in "".join(seg.text for seg in key)
            await pilot.press("right_square_bracket")
        assert screen.first_unit == 4  # two pages of two


async def test_x_hands_the_epoch_to_the_explorer_and_m_to_evaluate(folder):
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        screen = await opened(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        trained = screen.epoch.network
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is app.explorer and app.state.network.same_as(trained)
        images = data.load_data(folder, train=False)
        assert np.array_equal(app.state.x, images.x_test[0].astype(np.float64))
        assert app.state.loss_kind == "cross_entropy"
        await opened(pilot)  # the same run, kept
        assert app.screen is screen and screen.epoch.epoch == 1
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, EvaluateScreen)
                    and app.screen.result is not None)
        assert app.screen.evaluated.same_as(trained)
        await pilot.press("escape")
        assert app.screen is app.explorer


async def test_a_new_rate_keeps_the_network_and_new_layers_start_again(folder):
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        kept = screen.epoch.network
        await choose(pilot, screen, "lr")
        await pilot.press("right")  # 0.1 → 0.3
        assert screen.settings.lr == 0.3 and screen.epoch.network is kept
        await choose(pilot, screen, "layers")
        await pilot.press("enter")
        burst(pilot.app, "7, 5")
        await pilot.pause()
        await until(pilot, lambda: screen.preparing is None)
        assert screen.epoch.network.sizes == [16, 7, 5, 3] and screen.epoch.epoch == 0
        await pilot.press("enter")
        burst(pilot.app, "1001")  # more than 1000 units: one line, the layers kept
        await pilot.pause()
        assert screen.preparing is None and screen.epoch.network.sizes == [16, 7, 5, 3]


async def test_epoch_0_of_new_settings_is_made_off_the_ui_thread(folder, monkeypatch):
    """Epoch 0's figures cover every image (a second and more on MNIST): while a
    worker makes them, the rows show the new value, keys walk on from it, and
    a new rate then applies to the new weights, not the old network."""
    import threading
    gate = threading.Event()
    evaluate = train.evaluate

    def slow(problem, network):  # epoch 0 waits until the test lets it go
        gate.wait(10)
        return evaluate(problem, network)

    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        monkeypatch.setattr(train, "evaluate", slow)
        await pilot.press("down", "right")  # a new activation: new weights
        assert screen.preparing is not None and screen.settings.activation == "sigmoid"
        shown = screen.shown_settings.activation
        await pilot.press("right")  # answered now, from the value shown
        assert screen.shown_settings.activation != shown
        await choose(pilot, screen, "lr")
        await pilot.press("right")
        assert "new settings" in widget_text(screen.query_one("#train-info"))
        gate.set()
        await until(pilot, lambda: screen.preparing is None)
        expected = screen.shown_settings
        assert screen.settings == expected and expected.lr == 0.3
        assert screen.epoch.network.same_as(reference(expected, 0).network)


async def test_a_label_as_large_as_the_files_allow_hands_over_in_one_vector(tmp_path):
    from tests.data_files import write_keras_npz
    train_x, train_t, test_x, test_t = small_set(seed=1, n_train=20, n_test=4, side=4)
    train_t = train_t.astype(np.uint16)
    train_t[0] = 60_000  # np.eye(60001) would be 29 GB
    path = write_keras_npz(tmp_path / "big.npz", (train_x, train_t, test_x, test_t))
    async with ActLabApp(data=str(path)).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await opened(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is app.explorer and app.state.network.n_outputs == 60_001
        assert app.state.target.sum() == 1.0


async def test_a_screen_opened_while_the_images_are_read_is_left_alone(folder, monkeypatch):
    from tui.screens.train import TrainScreen
    import tui.screens.image_train as image_train
    import threading
    gate = threading.Event()
    first_run = image_train.first_run
    monkeypatch.setattr(image_train, "first_run", lambda images: (gate.wait(10), first_run(images))[1])
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("I", "T")
        assert isinstance(app.screen, TrainScreen)
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen) is TrainScreen  # not taken away: I says it is ready
        await pilot.press("escape", "I")
        await until(pilot, lambda: isinstance(app.screen, ImageTrainScreen))


async def test_no_image_set_is_one_line_and_the_explorer_stays(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "usual_places", lambda: [tmp_path / "none"])
    async with ActLabApp().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press("I")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is app.explorer
        shown = [n.message for n in app._notifications]
        assert any(str(tmp_path / "none") in m for m in shown) and all("\n" not in m for m in shown)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals_train_and_w_shows_the_pictures(folder, size):
    async with ActLabApp(data=folder).run_test(size=size) as pilot:
        screen = await opened(pilot)
        assert not screen.query_one("#images-pictures").display
        await pilot.press("w")
        await pilot.pause()
        assert screen.query_one("#images-pictures").display
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch >= 1)
        await pilot.press("w", "down", "right")  # a new activation: epoch 0 again
        assert screen.settings.activation != "sigmoid" and screen.epoch.epoch == 0


async def test_quitting_names_the_image_run_by_its_set_and_saves_it_under_that_name(
        folder, tmp_path, monkeypatch):
    # The run is "on fashion-mnist", not on "images" (its settings' dataset),
    # in the quit question and in the file name its Save offers.
    from pathlib import Path

    from textual.widgets import Input

    from tui.screens.confirm import UnsavedChangesScreen
    monkeypatch.chdir(tmp_path)
    name = Path(folder).name
    async with ActLabApp(data=folder).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n")
        await until(pilot, lambda: screen.epoch.epoch == 1)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, UnsavedChangesScreen)
        assert pilot.app.screen.file_name == f"The training run on {name} (epoch 1)"
        await pilot.press("s")
        await pilot.pause(0.3)
        assert pilot.app.screen.query_one(Input).value == f"{name}-epoch1.json"
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert (tmp_path / f"{name}-epoch1.json").exists() and not pilot.app.is_running
