"""The computational-graph screens (C and the palette): the selected unit's
graph shows core.backward's numbers on the edges they belong to, the apple
example the book's, and every key there is safe."""
import numpy as np
import pytest

import core
from tests.tui.helpers import widget_text
from tui import format as fmt
from tui.app import ActLabApp
from tui.commands import commands
from tui.i18n import t

BOOK_T = [0.0, 1.0]


def drawing(app) -> list[str]:
    return widget_text(app.screen.query_one("#graph-drawing")).splitlines()


def line_after(lines: list[str], start: str) -> tuple[str, str]:
    """The line that starts with an edge's name (its forward value) and the one
    below it (its backward gradient)."""
    for n, line in enumerate(lines):
        if line.strip().startswith(start + " "):
            return line, lines[n + 1]
    raise AssertionError(f"{start} not drawn in\n" + "\n".join(lines))


def shows(text: str, number: float) -> bool:
    return fmt.compact(number, 4) in text.split()


@pytest.mark.parametrize("k, j", [(1, 1), (2, 1), (3, 2)])
async def test_the_unit_graph_shows_core_backwards_numbers_on_their_edges(k, j):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.change(lambda: app.state.select_unit(k, j))
        await pilot.press("C")
        await pilot.pause()
        assert type(app.screen).__name__ == "GraphScreen"
        network = core.preset("book")
        trace = core.forward(network)
        gradients = core.backward(network, trace, BOOK_T, "sse")
        inputs = trace.x if k == 1 else trace.z[k - 2]
        name = "x" if k == 1 else f"z{k - 1}"
        W = network.layers[k - 1].W
        lines = drawing(app)
        for i in range(1, len(inputs) + 1):
            above, below = line_after(lines, f"{name}[{i}]")
            assert shows(above, inputs[i - 1]) and shows(below, W[i - 1, j - 1] *
                                                         gradients.delta[k - 1][j - 1])
            above, below = line_after(lines, f"W{k}[{i},{j}]")
            assert shows(above, W[i - 1, j - 1])
            assert shows(below, gradients.dW[k - 1][i - 1, j - 1])
        above, below = line_after(lines, f"b{k}[{j}]")
        assert shows(above, network.layers[k - 1].b[j - 1])
        assert shows(below, gradients.db[k - 1][j - 1])
        # the chain: values above, a's gradient δ and z's ∂L/∂z below, then L and 1
        chain = next(n for n, line in enumerate(lines) if line.lstrip().startswith("(+)"))
        above, below = lines[chain - 1].split(), lines[chain + 1].split()
        assert above[1:] == [fmt.compact(v, 4) for v in (
            trace.a[k - 1][j - 1], trace.z[k - 1][j - 1], gradients.loss)]
        assert below == [fmt.compact(v, 4) for v in (
            gradients.delta[k - 1][j - 1], gradients.dz[k - 1][j - 1], 1.0)]
        assert f"({network.activations[k - 1]})" in lines[chain]
        assert ("(… L)" in lines[chain]) == (k < 3)
        info = widget_text(app.screen.query_one("#graph-info"))
        assert f"Layer {k}, unit {j}" in info and "t = [0, 1]" in info
        await pilot.press("escape")
        assert app.screen is app.explorer


async def test_the_apple_example_from_the_palette_shows_the_books_numbers():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = {c.title: c for c in commands(app, on_explorer=True)}
        assert t("cmd.graph") in titles
        titles[t("cmd.graph_apple")].run()
        await pilot.pause()
        lines = drawing(app)
        # buy_apple.py: price 220; dApple 2.2, dApple_num 110, dTax 200
        assert line_after(lines, "apple")[1].split()[0] == "2.2"  # beside the × node
        assert line_after(lines, "apple_num")[1].split() == ["110.0", "│"]
        assert line_after(lines, "tax")[1].split() == ["200.0", "│"]
        chain = next(n for n, line in enumerate(lines) if line.lstrip().startswith("(×)"))
        assert lines[chain - 1].split() == ["│", "220.0"] and lines[chain + 1].split() == ["1.0"]
        await pilot.press("escape")
        assert app.screen is app.explorer


async def test_a_784_input_unit_draws_its_first_inputs_and_counts_the_rest():
    rng = np.random.default_rng(0)
    network = core.Network.build([rng.standard_normal((784, 3)) * 0.01], [np.zeros(3)],
                                 ["sigmoid"], x=rng.uniform(size=784))
    app = ActLabApp(network)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("C")
        await pilot.pause()
        text = "\n".join(drawing(app))
        assert "x[32] " in text and "x[33] " not in text
        assert t("graph.more", n=784 - 32) in text


@pytest.mark.parametrize("keys", [["C"], ["C", "C"], ["C", "escape"], ["C", "f1", "escape"],
                                  ["C", "ctrl+p", "escape", "escape"], ["C", "w", "G", "b", "s"]])
async def test_every_key_on_the_graph_screen_is_safe(keys):
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.state.network
        for each in keys:
            await pilot.press(each)
            await pilot.pause()
        assert app.is_running
        # the explorer's keys do not reach the explorer hidden underneath
        assert app.state.network is before
