"""Screens as pictures: compared with the SVGs under __snapshots__/.

After an intended change of the screen, look at the new pictures before
accepting them: pytest tests/tui/test_snapshots.py --snapshot-update
"""
import numpy as np
import pytest

import core
from tui.app import ActLabApp

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_main_screen(snap_compare, activation, size):
    network = core.preset("book").with_hidden_activation(activation)
    assert snap_compare(ActLabApp(network), terminal_size=size)


def test_softmax_output_with_argmax_and_a_selected_unit(snap_compare):
    network = core.preset("book").with_output("softmax")
    assert snap_compare(ActLabApp(network), terminal_size=(120, 40),
                        press=["tab", "down", "down"])


def test_help_screen(snap_compare):
    assert snap_compare(ActLabApp(), terminal_size=(80, 24), press=["f1"])


def test_tiny_terminal_keeps_the_numbers(snap_compare):
    assert snap_compare(ActLabApp(), terminal_size=(40, 12))


def test_weights_editor(snap_compare):
    assert snap_compare(ActLabApp(), terminal_size=(80, 24), press=["w", "right"])


def test_large_layers_with_summary_strip_and_input_image(snap_compare):
    import numpy as np
    network = core.random_network([16, 40, 10], ["tanh", "softmax"], init="xavier", seed=4)
    app = ActLabApp(network.with_x(np.linspace(0.0, 1.0, 16)))
    assert snap_compare(app, terminal_size=(120, 40))


def test_unsaved_changes_prompt(snap_compare):
    assert snap_compare(ActLabApp(), terminal_size=(80, 24), press=["right", "q"])


@pytest.fixture
def japanese():
    from tui import i18n
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def test_main_screen_in_japanese(snap_compare, japanese):
    network = core.preset("book").with_output("softmax")
    assert snap_compare(ActLabApp(network), terminal_size=(80, 24))


def test_help_screen_in_japanese(snap_compare, japanese):
    assert snap_compare(ActLabApp(), terminal_size=(80, 24), press=["f1"])


def test_landscape_of_xor(snap_compare):
    assert snap_compare(ActLabApp(core.preset("xor")), terminal_size=(100, 30), press=["g"])


@pytest.mark.parametrize("size", SIZES + [(40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_landscape_of_the_book_network(snap_compare, size):
    # y2 > y1 all over -3..3: it opens on y1 − y2, with its key and ticks.
    assert snap_compare(ActLabApp(), terminal_size=size, press=["g"])


def test_landscape_winner_key_in_japanese(snap_compare, japanese):
    network = core.random_network([2, 5, 3], ["tanh", "softmax"], init="xavier", seed=1)
    assert snap_compare(ActLabApp(network.with_x([0.2, -0.4])), terminal_size=(80, 24),
                        press=["g"])


def test_experiment_std_1_sigmoid(snap_compare):
    async def computed(pilot):  # the run is a thread: wait for its histograms
        await pilot.press("e")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(ActLabApp(), terminal_size=(100, 30), run_before=computed)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_gallery(snap_compare, size):
    assert snap_compare(ActLabApp(), terminal_size=size, press=["v"])


def test_draw_a_digit_screen_without_a_784_network(snap_compare):
    assert snap_compare(ActLabApp(), terminal_size=(100, 30), press=["D"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_network_diagram_of_the_book_network(snap_compare, size):
    # Unit z2₁ and its third edge (W2[3,1]) selected: they stand out.
    assert snap_compare(ActLabApp(), terminal_size=size,
                        press=["n", "right", "right_square_bracket", "right_square_bracket"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_network_diagram_of_the_sample_network_summarised(snap_compare, size,
                                                          sample_weight_path):
    app = ActLabApp(core.load(sample_weight_path), source="sample_weight.pkl")
    assert snap_compare(app, terminal_size=size, press=["n"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_backward_view_with_the_chain_rule_of_a_hidden_unit(snap_compare, size):
    # the worked example: t = [0, 1], sse, unit 1 of layer 2 selected
    assert snap_compare(ActLabApp(), terminal_size=size, press=["b", "tab", "down", "down", "down"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_backward_diagram_with_the_gradient_of_a_weight(snap_compare, size):
    # the issue's ∂L/∂W2[1,1] = z1₁ × δ2₁, on its edge and in Explain
    assert snap_compare(ActLabApp(), terminal_size=size, press=["n", "b", "right"])


def test_gradient_check_screen(snap_compare):
    async def checked(pilot):  # the check is a thread: wait for its table
        await pilot.press("G")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(ActLabApp(), terminal_size=(100, 30), run_before=checked)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_computational_graph_of_a_hidden_unit(snap_compare, size):
    # the worked example: unit 1 of layer 2, t = [0, 1], sse
    async def selected(pilot):
        pilot.app.change(lambda: pilot.app.state.select_unit(2, 1))
        await pilot.press("C")
        await pilot.pause()

    assert snap_compare(ActLabApp(), terminal_size=size, run_before=selected)


def test_computational_graph_of_the_books_apples(snap_compare):
    async def opened(pilot):
        pilot.app.action_open_screen("graph_apple")
        await pilot.pause()

    assert snap_compare(ActLabApp(), terminal_size=(80, 24), run_before=opened)


async def drawn(pilot, screen) -> None:
    """Until the training screen's frame timer has drawn its last epoch: a
    frame waits twice what the last one cost, so the epoch may be there
    before its picture is."""
    import asyncio
    for _ in range(1000):
        with screen._lock:
            if not screen._fresh:
                break
        await asyncio.sleep(0.02)
    await pilot.pause()


async def trained_twenty_epochs(pilot):
    """The training screen on circle with 10 % noise after 20 epochs, paused,
    the first misclassified point marked: the same numbers on every machine."""
    import asyncio
    await pilot.press("T", "down", "right", "right")
    screen = pilot.app.screen
    for _ in range(20):
        await pilot.press("n")
    for _ in range(1000):
        if screen.epoch.epoch == 20:
            break
        await asyncio.sleep(0.02)
    await pilot.app.workers.wait_for_complete()
    await drawn(pilot, screen)
    await pilot.press("m")
    pilot.app.clear_notifications()  # m says the point in a toast: its timing is not the screen's
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training_screen(snap_compare, size):
    assert snap_compare(ActLabApp(), terminal_size=size, run_before=trained_twenty_epochs)


def test_training_screen_in_japanese(snap_compare, japanese):
    assert snap_compare(ActLabApp(), terminal_size=(120, 40), run_before=trained_twenty_epochs)


@pytest.fixture
def digits_folder(tmp_path):
    """30 images of 28×28 written by the test (a smooth stroke each, not noise:
    the picture must read as one), ten labels, and a seeded 784-12-10 network."""
    from tests.data_files import write_idx_folder
    rng = np.random.default_rng(5)
    rows, columns = np.mgrid[0:28, 0:28]
    images = []
    for k in range(30):
        cy, cx, r = rng.uniform(9, 19), rng.uniform(9, 19), rng.uniform(4, 9)
        ring = np.exp(-((np.hypot(rows - cy, columns - cx) - r) ** 2) / 3)
        images.append((255 * ring).astype(np.uint8))
    labels = rng.integers(0, 10, 30, dtype=np.uint8)
    arrays = (np.stack(images), labels, np.stack(images), labels)
    return str(write_idx_folder(tmp_path / "digits", arrays))


async def evaluated(pilot):
    import asyncio
    await pilot.press("M")
    for _ in range(500):
        if pilot.app.screen.result is not None:
            break
        await asyncio.sleep(0.02)
    await pilot.press("right")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_evaluate_screen(snap_compare, digits_folder, size):
    network = core.random_network([784, 12, 10], ["relu", "softmax"], init="he", seed=2)
    app = ActLabApp(network, source="net.json", data=digits_folder)
    assert snap_compare(app, terminal_size=size, run_before=evaluated)


async def trained_three_epochs(pilot):
    """The book's run on the rings, three epochs of one step, paused."""
    import asyncio
    await pilot.press("I")
    for _ in range(500):
        if type(pilot.app.screen).__name__ == "ImageTrainScreen":
            break
        await asyncio.sleep(0.02)
    screen = pilot.app.screen
    await pilot.press("n", "n", "n")
    for _ in range(1000):
        if screen.epoch.epoch == 3:
            break
        await asyncio.sleep(0.02)
    await pilot.app.workers.wait_for_complete()
    await drawn(pilot, screen)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_image_training_screen(snap_compare, digits_folder, size):
    app = ActLabApp(data=digits_folder)
    assert snap_compare(app, terminal_size=size, run_before=trained_three_epochs)
