"""The evaluate screen (M, issue 15): its accuracy, confusion matrix and
gallery are core.evaluate's and core.forward's for the explorer's network,
on a small set the tests write; enter makes an image the explorer's x."""
import asyncio
from pathlib import Path

import numpy as np
import pytest

import core
from core import data, evaluate
from tests.data_files import small_set, write_idx_folder
from tests.tui.helpers import widget_text
from tui.app import ActLabApp
from tui.screens.evaluate import EvaluateScreen


@pytest.fixture
def folder(tmp_path):
    return str(write_idx_folder(tmp_path / "set", small_set(seed=3, n_train=5, n_test=60,
                                                            side=4, classes=3)))


def network(n_in=16, seed=8):
    return core.random_network([n_in, 5, 3], ["relu", "softmax"], init="normal", std=1.0,
                               seed=seed)


async def evaluated(pilot) -> EvaluateScreen:
    await pilot.press("M")
    screen = pilot.app.screen
    assert isinstance(screen, EvaluateScreen)
    for _ in range(400):  # a worker reads and evaluates: wait for it
        if screen.result is not None or screen.failed:
            break
        await asyncio.sleep(0.02)
    await pilot.pause()
    return screen


def text(screen, selector) -> str:
    return widget_text(screen.query_one(selector))


async def test_the_figures_and_the_matrix_are_core_evaluates(folder):
    net = network()
    test = data.load_data(folder, train=False)
    expected = evaluate.evaluate(net, test.x_test, test.t_test)
    async with ActLabApp(net, source="net", data=folder).run_test(size=(120, 40)) as pilot:
        screen = await evaluated(pilot)
        info = text(screen, "#eval-info")
        assert f"accuracy {expected.accuracy:.4f} ({expected.correct} of 60 right" in info
        lines = text(screen, "#eval-confusion").splitlines()
        assert lines[0].split()[:4] == ["t\\y", "0", "1", "2"]
        rows = [line.split() for line in lines[1:4]]
        for i in range(3):
            row = rows[i]
            assert row[0] == str(i)
            assert [int(v) for v in row[1:4]] == expected.confusion[i].tolist()
            assert row[4] == f"{expected.per_class[i]:.1%}"


async def test_right_walks_the_wrong_images_with_their_labels_and_softmax(folder):
    net = network()
    test = data.load_data(folder, train=False)
    expected = evaluate.evaluate(net, test.x_test, test.t_test)
    wrong = expected.misclassified
    async with ActLabApp(net, source="net", data=folder).run_test(size=(120, 40)) as pilot:
        screen = await evaluated(pilot)
        for k in (0, 1, 2):
            detail = text(screen, "#eval-detail")
            i = wrong[k]
            assert f"Wrong: {k + 1} of {len(wrong)}" in detail
            assert f"test image {i + 1}" in detail
            assert f"true       {test.t_test[i]}" in detail
            assert f"predicted  {expected.predicted[i]}" in detail
            y = core.forward(net, test.x_test[i]).y
            bars = [line.strip("│ ").split() for line in detail.splitlines()
                    if line.strip("│ ")[:2].strip().isdigit()]
            assert [float(b[1]) for b in bars] == [float(f"{p:.4f}") for p in y]
            marked = [b[0] for b in bars if b[-1] == "◀"]
            assert marked == [str(expected.predicted[i])]
            await pilot.press("right")
        await pilot.press("end")
        assert screen._current() == wrong[-1]
        await pilot.press("home", "left")
        assert screen._current() == wrong[0]


async def test_down_keeps_one_true_label_and_a_shows_every_image(folder):
    net = network()
    test = data.load_data(folder, train=False)
    expected = evaluate.evaluate(net, test.x_test, test.t_test)
    async with ActLabApp(net, source="net", data=folder).run_test(size=(120, 40)) as pilot:
        screen = await evaluated(pilot)
        await pilot.press("down", "down")  # every label, 0, then 1
        assert screen.label == 1
        ones = np.flatnonzero((expected.t == 1) & (expected.predicted != 1))
        assert screen.shown().tolist() == ones.tolist()
        await pilot.press("a")
        assert screen.shown().tolist() == np.flatnonzero(expected.t == 1).tolist()
        assert screen._current() == ones[0]  # the image in view stays in view
        await pilot.press("up", "up")
        assert screen.label is None and len(screen.shown()) == 60


async def test_enter_makes_the_image_x_and_its_label_t_and_undo_takes_it_back(folder):
    net = network()
    test = data.load_data(folder, train=False)
    async with ActLabApp(net, source="net", data=folder).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        before = app.state.x.copy()
        screen = await evaluated(pilot)
        await pilot.press("right")
        i = screen._current()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.explorer
        assert np.array_equal(app.state.x, test.x_test[i].astype(np.float64))
        assert app.state.target.tolist() == np.eye(3)[test.t_test[i]].tolist()
        await pilot.press("ctrl+z")
        assert np.array_equal(app.state.x, before)


async def test_a_new_network_is_evaluated_again_when_the_screen_opens(folder):
    first, second = network(seed=8), network(seed=9)
    test = data.load_data(folder, train=False)
    async with ActLabApp(first, source="net", data=folder).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await evaluated(pilot)
        await pilot.press("escape")
        app.change(lambda: app.state.replace_network(second, source="other"))
        screen = await evaluated(pilot)
        expected = evaluate.evaluate(second, test.x_test, test.t_test)
        assert screen.result.confusion.tolist() == expected.confusion.tolist()


async def test_a_network_that_does_not_read_the_images_says_so_in_one_line(folder):
    async with ActLabApp(data=folder).run_test(size=(80, 24)) as pilot:  # the book's 2 inputs
        screen = await evaluated(pilot)
        info = text(screen, "#eval-info")
        assert "The images have 16 pixels but this network takes 2 inputs" in info
        await pilot.press("right", "a", "down", "enter", "c")  # nothing to browse: no harm
        assert isinstance(pilot.app.screen, EvaluateScreen)


async def test_no_data_set_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "usual_places", lambda: [tmp_path / "nothing"])
    async with ActLabApp(network()).run_test(size=(120, 40)) as pilot:
        screen = await evaluated(pilot)
        assert "no data set" in screen.failed.lower() or "nothing" in screen.failed
        assert str(tmp_path / "nothing") in screen.failed


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_small_terminals_show_one_pane_and_c_the_other(folder, size):
    async with ActLabApp(network(), source="net", data=folder).run_test(size=size) as pilot:
        screen = await evaluated(pilot)
        assert not screen.query_one("#eval-confusion").display
        await pilot.press("c")
        assert screen.query_one("#eval-confusion").display
        assert not screen.query_one("#eval-gallery").display
        await pilot.press("c", "right", "left")


FASHION = data.FASHION_FOLDER
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "book" / "sample_weight.pkl"


@pytest.mark.skipif(not (FASHION / "t10k-images-idx3-ubyte.gz").exists(),
                    reason="Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
async def test_real_fashion_mnist_through_a_784_network(tmp_path):
    net = core.random_network([784, 20, 10], ["relu", "softmax"], init="he", seed=1)
    test = data.load_data(FASHION, train=False)
    expected = evaluate.evaluate(net, test.x_test, test.t_test)
    async with ActLabApp(net, source="net", data=str(FASHION)).run_test(size=(120, 40)) as pilot:
        screen = await evaluated(pilot)
        assert f"({expected.correct:,} of 10,000 right" in text(screen, "#eval-info")
        assert "9 Ankle boot" in text(screen, "#eval-confusion")
