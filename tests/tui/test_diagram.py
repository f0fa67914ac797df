"""The network diagram on the main screen: its numbers are core.forward's, its
edges are the weights' signs and strengths, and a weight typed on an edge
changes exactly that weight, y with it, and undoes."""
import numpy as np
import pytest
from textual import events

import core
from core import diagram as dg
from tui.app import ActLabApp
from tui.widgets.diagram import GLYPHS, UPRIGHT, NetworkDiagram
from tui.widgets.layers import LayersView

from .helpers import cell_text, explain_text, unit_lines


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def book_by_hand(x):
    """The book's forward, ch. 3.4.3, written out: (a1, z1), (a2, z2), (a3, y)."""
    net = core.preset("book")
    (W1, b1), (W2, b2), (W3, b3) = [(layer.W, layer.b) for layer in net.layers]
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    return [(a1, z1), (a2, z2), (a3, a3)]


def diagram(app) -> NetworkDiagram:
    return app.query_one(NetworkDiagram)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_diagrams_units_show_the_books_forward_pass(size):
    app = ActLabApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        shown = unit_lines(diagram(app))
        expected = book_by_hand(np.array([1.0, 0.5]))
        assert shown[(0, 1)] == ["1.000"] and shown[(0, 2)] == ["0.500"]
        for k, (a, z) in enumerate(expected, start=1):
            z_name = "y" if k == 3 else "z"
            for j in range(1, len(a) + 1):
                assert shown[(k, j)] == [f"a {a[j - 1]:.3f}", f"{z_name} {z[j - 1]:.3f}"], (k, j)
        assert len(shown) == 2 + 3 + 2 + 2


async def test_n_toggles_the_left_pane_and_the_palette_names_the_other_view():
    from tui.commands import commands
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in commands(app, on_explorer=True)]
        assert "View: network diagram" in titles and "View: layers table" not in titles
        await pilot.press("n")
        await pilot.pause()
        assert diagram(app).display and diagram(app).region.area
        assert not app.query_one(LayersView).region.area
        assert app.focused is diagram(app)
        titles = [c.title for c in commands(app, on_explorer=True)]
        assert "View: layers table" in titles and "View: network diagram" not in titles
        await pilot.press("n")
        await pilot.pause()
        assert app.query_one(LayersView).region.area and not diagram(app).region.area


async def test_brackets_visit_every_edge_into_the_unit_then_its_bias():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "right")  # layer 2, unit 1: fed by z1₁..z1₃ and the bias
        await pilot.pause()
        seen = []
        for _ in range(5):
            seen.append(diagram(app).text().splitlines()[-3].split(" = ")[0])
            await pilot.press("right_square_bracket")
        assert seen == ["W2[1,1]", "W2[2,1]", "W2[3,1]", "b2[1]", "W2[1,1]"]
        assert app.state.edge == 2  # five presses from the first
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.state.edge == 4  # back past the first wraps to the bias


async def test_the_bias_stays_selected_from_layer_to_layer():
    # The bias is edge n_in + 1, and n_in changes with the layer: b1 then →
    # was W2[3,1] (the third input of a three-input layer), not b2.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "left_square_bracket")  # layer 1: back past the first is b1
        await pilot.pause()
        edge = lambda: diagram(app).text().splitlines()[-3].split(" = ")[0]  # noqa: E731
        assert edge() == "b1[1]"
        seen = []
        for key in ("right", "right", "left"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(edge())
        assert seen == ["b2[1]", "b3[1]", "b2[1]"]
        await pilot.press("right_square_bracket", "right_square_bracket")  # W2[2,1]
        await pilot.press("left")
        await pilot.pause()
        assert edge() == "W1[2,1]"  # an input edge stays that input where it can


async def test_typing_on_an_edge_sets_exactly_that_weight_and_y_and_undo_restores():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.state.network
        y_before = app.state.trace.y.copy()
        await pilot.press("n", "right", "down", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "W2[3,2] = 0.6000" in diagram(app).text()
        # The explain line shows that weight's part in a2₂'s sum.
        z1 = book_by_hand(np.array([1.0, 0.5]))[0][1]
        assert f"W2[3,2]: {core_compact(z1[2])}×0.6 = {core_compact(z1[2] * 0.6)} of a2₂" in \
            explain_text(app)
        await pilot.press(*"0.25", "enter")
        await pilot.pause()
        after = app.state.network
        W2 = before.layers[1].W.copy()
        W2[2, 1] = 0.25
        assert np.array_equal(after.layers[1].W, W2)
        for k in (0, 2):
            assert np.array_equal(after.layers[k].W, before.layers[k].W)
        for k in range(3):
            assert np.array_equal(after.layers[k].b, before.layers[k].b)
        assert not np.array_equal(app.state.trace.y, y_before)
        assert np.array_equal(app.state.trace.y, core.forward(after, [1.0, 0.5]).y)
        assert "W2[3,2] = 0.2500" in diagram(app).text()
        assert app.sub_title == "preset book* · 2-3-2-2"  # unsaved
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.network.same_as(before)
        assert np.array_equal(app.state.trace.y, y_before)
        assert "W2[3,2] = 0.6000" in diagram(app).text()


def core_compact(value):
    from tui import format as fmt
    return fmt.compact(value)


async def test_a_bias_typed_on_its_edge_sets_the_bias():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "right", "right", "left_square_bracket")  # y₁'s bias b3[1]
        await pilot.press(*"-1", "enter")
        await pilot.pause()
        assert app.state.network.layers[2].b[0] == -1.0
        z2 = book_by_hand(np.array([1.0, 0.5]))[1][1]
        assert app.state.trace.y[0] == pytest.approx(z2 @ np.array([0.1, 0.2]) - 1.0, rel=1e-14)


async def test_text_that_is_not_a_number_keeps_the_weight_and_says_so():
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter", *"abc", "enter")
        await pilot.pause()
        assert app.state.network.same_as(core.preset("book"))
        assert "'abc' is not a number" in app.query_one("#diagram-edit").render().plain


async def test_every_drawn_edge_cell_has_its_weights_sign_and_strength_glyph():
    network = core.random_network([4, 6, 3], ["tanh", "softmax"], init="xavier", seed=5)
    app = ActLabApp(network.with_x([0.5, -1.0, 0.25, 2.0]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        widget = diagram(app)
        largest = max(max(np.abs(layer.W).max(), np.abs(layer.b).max())
                      for layer in network.layers)
        drawn = set()
        for (x, y), index in widget.owner.items():
            e = widget.edges[index]
            layer = network.layers[e.k - 1]
            w = layer.b[e.j - 1] if e.i == dg.BIAS else layer.W[e.i - 1, e.j - 1]
            sign = int(np.sign(w))
            strength = 0 if abs(w) < largest / 3 else 1 if abs(w) < 2 * largest / 3 else 2
            assert cell_text(widget, x, y) in (GLYPHS[sign][strength], UPRIGHT[sign][strength])
            drawn.add((e.k, e.i, e.j))
        # every weight shows somewhere, not wholly covered by others
        assert len(drawn) > 0.8 * sum(l.W.size + l.b.size for l in network.layers)


async def test_the_sample_network_is_summarised_and_says_how(sample_weight_path):
    app = ActLabApp(core.load(sample_weight_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        widget = diagram(app)
        text = widget.text()
        assert "…" in text and "784 " in text
        note = text.splitlines()[-1]
        assert note.startswith("shown: x ") and "/784" in note and "/100" in note
        # moving down a summarised layer keeps the selected unit on screen
        await pilot.press(*["pagedown"] * 3)
        await pilot.pause()
        assert app.state.unit == 31
        assert (1, 31) in set(widget.units_at.values())


async def test_clicking_a_unit_or_an_edge_selects_it():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        widget = diagram(app)
        (x, y) = next(place for place, unit in widget.units_at.items() if unit == (2, 2))
        await pilot.click(NetworkDiagram, offset=(x, y))
        assert (app.state.layer, app.state.unit) == (2, 2)
        place, index = next((p, i) for p, i in widget.owner.items()
                            if widget.edges[i].k == 3 and widget.edges[i].i == 2)
        edge = widget.edges[index]
        await pilot.click(NetworkDiagram, offset=place)
        assert (app.state.layer, app.state.unit, app.state.edge) == (3, edge.j, 2)


async def test_a_tiny_terminal_still_shows_the_diagram():
    app = ActLabApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("n", "down", "right_square_bracket", *"1", "enter")
        await pilot.pause()
        assert app.is_running
        assert app.state.network.layers[0].W[1, 1] == 1.0


async def test_keys_in_a_burst_after_n_reach_the_diagram():
    # Focus moved later than the next keys: → nudged x1 instead of moving to layer 2.
    from textual import events
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name, character in [("n", "n"), ("right", None), ("right_square_bracket", "]"),
                                ("right_square_bracket", "]")]:
            event = events.Key(name, character)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        assert (app.state.layer, app.state.unit, app.state.edge) == (2, 1, 3)
        assert list(app.state.x) == [1.0, 0.5]


async def test_edges_meet_the_columns_after_a_value_grows_wider():
    """x1 from 1.0 to 10.5 widens the x column by a cell: the edges are drawn
    again to where the columns now stand, as a diagram drawn at 10.5 from
    the start has them (they were left where they were)."""
    from tests.tui.helpers import widget_text
    from tests.tui.test_number_editor import burst
    from tui.widgets.diagram import NetworkDiagram

    changed = ActLabApp()
    async with changed.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "shift+tab")
        burst(changed, "10.5")
        await pilot.pause()
        assert changed.state.x.tolist() == [10.5, 0.5]
        after = widget_text(changed.query_one(NetworkDiagram))
    fresh = ActLabApp(core.preset("book").with_x([10.5, 0.5]))
    async with fresh.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "shift+tab")
        await pilot.pause()
        assert widget_text(fresh.query_one(NetworkDiagram)) == after


def book_backward_by_hand(x, t):
    """The book's ch. 5 backward for 0.5·Σ(y−t)², written out layer by layer:
    for each layer (δ = ∂L/∂a, ∂L/∂z, ∂L/∂W, ∂L/∂b)."""
    net = core.preset("book")
    W = [layer.W for layer in net.layers]
    (_, z1), (_, z2), (_, y) = book_by_hand(x)
    d3 = y - t  # identity output: ∂L/∂a3 = ∂L/∂y
    dz2 = d3 @ W[2].T
    d2 = dz2 * z2 * (1 - z2)
    dz1 = d2 @ W[1].T
    d1 = dz1 * z1 * (1 - z1)
    return [(d1, dz1, np.outer(x, d1), d1), (d2, dz2, np.outer(z1, d2), d2),
            (d3, y - t, np.outer(z2, d3), d3)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_backward_diagram_shows_the_books_deltas(size):
    from tui.widgets.diagram import value_text
    app = ActLabApp()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n", "b")
        await pilot.pause()
        shown = unit_lines(diagram(app))
        x, t = np.array([1.0, 0.5]), np.array([0.0, 1.0])
        assert np.array_equal(app.state.target, t)
        forward, backward = book_by_hand(x), book_backward_by_hand(x, t)
        for k, ((a, z), (delta, dz, _, _)) in enumerate(zip(forward, backward), start=1):
            z_name = "y" if k == 3 else "z"
            for j in range(1, len(a) + 1):
                lines = [f"δ  {value_text(delta[j - 1])}", f"∂{z_name} {value_text(dz[j - 1])}"]
                if size == (120, 40):  # room for four rows a unit: a and z stay
                    lines = [f"a  {a[j - 1]:.3f}", f"{z_name}  {z[j - 1]:.3f}"] + lines
                # 80 columns show x, z1 and z2 (layer 1 selected), 120 all four
                if k < 3 or size == (120, 40):
                    assert shown[(k, j)] == lines, (k, j)
                else:
                    assert shown.get((k, j)) in (lines, None), (k, j)
        assert (size == (80, 24)) == (len(shown) < 2 + 3 + 2 + 2)  # 80 columns: y off screen
        # the selected edge's note: ∂L/∂W1[1,1] = x₁ × δ1₁
        note = diagram(app).text().splitlines()[-3]  # a sentence: a true minus, as Explain's
        gradient = f"{backward[0][2][0, 0]:.4f}".replace("-", "−")
        assert note.startswith(f"∂L/∂W1[1,1] = {gradient}  x₁ → a1₁  W = 0.1000")
        assert "|∂L/∂w|" in diagram(app).text()
        await pilot.press("b")
        await pilot.pause()
        assert unit_lines(diagram(app))[(1, 1)] == [f"a {forward[0][0][0]:.3f}",
                                                    f"z {forward[0][1][0]:.3f}"]


async def test_every_backward_edge_has_its_gradients_sign_and_strength_glyph():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "b")
        await pilot.pause()
        widget = diagram(app)
        gradients = book_backward_by_hand(np.array([1.0, 0.5]), np.array([0.0, 1.0]))
        largest = max(max(np.abs(dW).max(), np.abs(db).max()) for _, _, dW, db in gradients)
        assert widget.scale == pytest.approx(largest, rel=1e-12)
        drawn = set()
        for (x, y), index in widget.owner.items():
            e = widget.edges[index]
            _, _, dW, db = gradients[e.k - 1]
            g = db[e.j - 1] if e.i == dg.BIAS else dW[e.i - 1, e.j - 1]
            sign = int(np.sign(g))
            strength = 0 if abs(g) < largest / 3 else 1 if abs(g) < 2 * largest / 3 else 2
            assert cell_text(widget, x, y) in (GLYPHS[sign][strength], UPRIGHT[sign][strength])
            drawn.add((e.k, e.i, e.j))
        assert len(drawn) == sum(l.W.size + l.b.size for l in core.preset("book").layers)
        # a new t changes the gradients, not the network: the edges follow
        app.change(lambda: app.state.set_target([1.0, 0.0]))
        await pilot.pause()
        flipped = book_backward_by_hand(np.array([1.0, 0.5]), np.array([1.0, 0.0]))
        e = next(e for e in widget.edges if (e.k, e.i, e.j) == (3, 1, 1))
        assert e.weight == pytest.approx(flipped[2][2][0, 0], rel=1e-12)
        assert e.weight != pytest.approx(gradients[2][2][0, 0])


async def test_the_diagram_keeps_the_focus_across_a_language_switch():
    # After 日本語 from the palette, x had the focus: 0.7 then set x2, not the weight.
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "right_square_bracket")
        await pilot.press("ctrl+p", *"japanese")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.focused, NetworkDiagram)
        await pilot.press(*"0.7", "enter")
        await pilot.pause()
        assert app.state.network.layers[0].W[1, 0] == 0.7 and list(app.state.x) == [1.0, 0.5]
        await app.switch_language("en")


async def test_the_diagram_keeps_the_focus_across_a_language_switch_made_over_a_side_screen():
    # The explorer is rebuilt under the weights editor; back on it, x had the
    # focus (the reviewer's find in stop 27): 0.7 then set x, not the weight.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "right_square_bracket", "w")
        await pilot.pause()
        assert app.screen is not app.explorer
        await app.switch_language("ja")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.explorer
        assert isinstance(app.focused, NetworkDiagram)
        await pilot.press(*"0.7", "enter")
        await pilot.pause()
        assert app.state.network.layers[0].W[1, 0] == 0.7 and list(app.state.x) == [1.0, 0.5]
        await app.switch_language("en")


async def test_a_bias_edge_in_the_backward_view_says_its_delta_once():
    # at 80 columns "∂L/∂b1[1] = δ1₁ = −0.0013   δ1₁ = −0.0013" said it twice
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "b", "left_square_bracket")  # back from W1[1,1] to b1[1]
        await pilot.pause()
        delta = book_backward_by_hand(np.array([1.0, 0.5]), np.array([0.0, 1.0]))[0][0][0]
        assert explain_text(app) == f"∂L/∂b1[1] = δ1₁ = −{abs(delta):.4f}"


async def test_the_diagram_is_made_when_n_first_shows_it_and_the_keys_after_n_reach_it():
    # Not on the first screen (bench/startup_bench.py): n mounts it, and the
    # keys that follow n wait for it, so ] 0.7 ⏎ sets W1[2,1], not x.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.query("#diagram")
        x = app.state.x.copy()
        # Queued all at once, as a terminal delivers a burst (pilot.press
        # waits for each key to be done, so it could not tell).
        for name, character in [("n", "n"), ("right_square_bracket", "]"), ("0", "0"),
                                ("full_stop", "."), ("7", "7"), ("enter", "\r")]:
            app.post_message(events.Key(name, character))
        for _ in range(4):
            await pilot.pause()
        assert app.state.network.layers[0].W[1, 0] == 0.7
        assert app.state.x.tolist() == x.tolist()
        assert isinstance(app.focused, NetworkDiagram)
        await pilot.press("n", "n")  # hidden and shown again: the same pane, not a second
        assert len(app.query("#diagram")) == 1 and app.query_one("#diagram").display
