"""Issue 13 in the explorer: the target t and the loss beside y, the backward
view (b) and its chain rule in Explain, one gradient step (s) with its rate (l),
the loss switch (E) and the gradient check (G). The numbers on screen are
compared with core.backward and with the issue's worked example, committed."""
import numpy as np
import pytest

import core
from core import chain
from tests.tui.helpers import explain_text, layers_text, output_text, widget_text
from tui import format as fmt
from tui.app import ActLabApp
from tui.state import ExplorerState
from tui.widgets.explain import delta_text, weight_text
from tui.widgets.output import loss_text

from textual import events

BOOK_T = [0.0, 1.0]  # the issue's worked example: the book network, x = [1.0, 0.5], sse


def send_burst(app, keys):
    """(key, character) pairs all queued at once, as a fast typist or a paste sends them."""
    for name, character in keys:
        event = events.Key(name, character)
        event.set_sender(app)
        app._driver.send_message(event)


def shown_gradients(app) -> dict[tuple[int, int], tuple[str, str]]:
    """(layer, unit) -> (δ, ∂L/∂z) as the backward view prints them."""
    shown, k = {}, 0
    for line in layers_text(app).splitlines():
        words = line.replace("▸", " ").split()
        if line.startswith("layer"):
            k = int(words[1])
        elif words and words[0].isdigit():
            shown[(k, int(words[0]))] = (words[3], words[4])
    return shown


def test_the_issues_worked_example_as_the_explain_line_writes_it():
    state = ExplorerState(core.preset("book"))
    assert state.target.tolist() == BOOK_T  # the default t: y's largest class, one-hot
    state.select_unit(2, 1)
    assert delta_text(state.explain_delta(), 3) == (
        "δ2₁ = σ'(a2₁) × (W3[1,1]·δ3₁ + W3[1,2]·δ3₂) = 0.2341 × (0.1×0.3168 + 0.3×(−0.3037))"
        " = −0.0139")
    state.select_unit(3, 2)
    assert delta_text(state.explain_delta(), 3) == "δ3 = y − t = [0.3168, −0.3037]"
    weight = chain.explain_weight(state.trace, state.gradients(), 2, 1, 1)
    assert weight_text(weight) == "∂L/∂W2[1,1] = z1₁ × δ2₁ = 0.5744 × (−0.0139) = −0.0080"
    assert loss_text(state.explain_loss()) == \
        "E = 0.5·Σ(y−t)² = 0.5·(0.3168² + (−0.3037)²) = 0.0963"


@pytest.mark.parametrize("output", core.OUTPUTS)
@pytest.mark.parametrize("kind", core.LOSSES)
def test_the_chain_rules_factors_multiply_to_core_backwards_delta(output, kind):
    # Each δ the line writes is core's; its factors, multiplied here by hand,
    # give it back: h'(a)·Σ W·δ_next for hidden units, and each output rule.
    if kind == "cross_entropy" and output == "identity":
        pytest.skip("cross-entropy needs probabilities")
    network = core.random_network([3, 4, 3, 3], ["tanh", "sigmoid", output], init="xavier",
                                  seed=7).with_x([0.4, -1.2, 0.7])
    state = ExplorerState(network)
    state.set_loss(kind)
    state.set_target([0.0, 0.0, 1.0])
    gradients = core.backward(network, core.forward(network), [0.0, 0.0, 1.0], kind)
    for k, j in state.units():
        state.select_unit(k, j)
        d = state.explain_delta()
        assert d.delta == gradients.delta[k - 1][j - 1]
        if d.rule == chain.HIDDEN:
            by_hand = d.derivative * sum(w * n for w, n in zip(d.weights, d.next_deltas))
        elif d.rule == chain.DIFFERENCE:
            by_hand = state.trace.y[j - 1] - state.target[j - 1]
        elif d.rule == chain.ELEMENTWISE:
            by_hand = d.dz * d.derivative
        else:
            by_hand = d.y * (d.dz - d.dot)
        assert by_hand == pytest.approx(d.delta, rel=1e-12, abs=1e-15), (k, j, d.rule)


async def test_the_backward_view_shows_core_backwards_delta_and_dz_for_every_unit():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        network = core.preset("book")
        gradients = core.backward(network, core.forward(network), BOOK_T, "sse")
        expected = {(k, j): (fmt.short(gradients.delta[k - 1][j - 1]),
                             fmt.short(gradients.dz[k - 1][j - 1]))
                    for k in range(1, 4) for j in range(1, len(gradients.delta[k - 1]) + 1)}
        assert shown_gradients(app) == expected
        assert shown_gradients(app)[(2, 1)] == ("-0.0139", "-0.0594")
        await pilot.press("tab", "down", "down", "down")  # unit 1 of layer 2
        await pilot.pause()
        assert explain_text(app).startswith("δ2₁ = σ'(a2₁) × (W3[1,1]·δ3₁ + W3[1,2]·δ3₂)")
        await pilot.press("right")  # not a key of the layers pane: nothing changes
        await pilot.press("b")
        await pilot.pause()
        assert "δ" not in layers_text(app) and explain_text(app).startswith("a2₁ = ")


async def test_the_output_pane_writes_t_and_the_loss_with_its_numbers():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = output_text(app)
        assert "y1 0.3168 t 0 " in text and "y2 0.6963 t 1 " in text
        assert "E = 0.5·Σ(y−t)² = 0.5·(0.3168² + (−0.3037)²) = 0.0963" in text
        assert "learning rate η = 0.1" in text


async def test_t_is_typed_undoable_and_never_marks_the_network_unsaved():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        # a burst while the x list has focus: every key after t reaches t's field
        send_burst(app, [("t", "t"), ("1", "1"), ("comma", ","), ("space", " "), ("0", "0"),
                         ("enter", "\r")])
        await pilot.pause()
        assert app.state.target.tolist() == [1.0, 0.0]
        assert app.state.x.tolist() == [1.0, 0.5] and not app.state.dirty
        assert "E = 0.5·Σ(y−t)² = 0.5·((−0.6832)² + 0.6963²) = 0.4758" in output_text(app)
        await pilot.press("ctrl+z")
        assert app.state.target.tolist() == BOOK_T
        await pilot.press("t", *"1, 2, 3", "enter")  # three numbers for two outputs
        await pilot.pause()
        assert app.state.target.tolist() == BOOK_T
        assert any("3" in n.message and "2" in n.message for n in app._notifications)
        await pilot.press("t", *"a, b", "enter")  # not numbers: refused in the field
        field = app.query_one("#learn-edit")
        assert field.display and "'a, b' is not 2 numbers" in str(field.render())
        await pilot.press("escape")
        assert app.state.target.tolist() == BOOK_T


async def test_a_softmax_output_takes_t_as_a_class_to_pick():
    app = ActLabApp(core.preset("book").with_output("softmax"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.state.target.tolist() == [0.0, 1.0]  # the argmax, y2
        await pilot.press("E")  # cross-entropy: a softmax output gives probabilities
        await pilot.press("t")  # the next class
        await pilot.pause()
        assert app.state.target.tolist() == [1.0, 0.0] and app.state.loss_kind == "cross_entropy"
        y = app.state.trace.y
        expected = -np.log(np.exp(app.state.trace.a[-1][0]) / np.exp(app.state.trace.a[-1]).sum())
        assert f"E = −log y₁ = −log {fmt.compact(y[0])} = {fmt.short(expected)}" in \
            output_text(app)


async def test_cross_entropy_on_an_identity_output_is_refused_in_one_line():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("E")
        await pilot.pause()
        assert app.state.loss_kind == "sse"
        assert [n for n in app._notifications if n.severity == "error"]


async def test_one_step_lowers_the_loss_by_the_rule_and_undo_restores_the_network_exactly():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        network = core.preset("book")
        before = app.state.gradients()
        await pilot.press("s")
        await pilot.pause()
        after = app.state.network
        for k, layer in enumerate(after.layers):  # W ← W − η·dW, by hand
            assert np.array_equal(layer.W, network.layers[k].W - 0.1 * before.dW[k])
            assert np.array_equal(layer.b, network.layers[k].b - 0.1 * before.db[k])
        assert app.state.gradients().loss < before.loss
        assert f"= {fmt.short(app.state.gradients().loss)}" in output_text(app)
        await pilot.press("ctrl+z")
        restored = app.state.network
        assert all(np.array_equal(a.W, b.W) and np.array_equal(a.b, b.b)
                   for a, b in zip(restored.layers, network.layers))
        assert not app.state.dirty and app.state.gradients().loss == before.loss


async def test_steps_in_a_row_leave_one_announcement_the_last_loss_not_a_column_of_them():
    # s s s stacked three toasts over the input pane and the header (tmux, 80x24).
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "s", "s")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        loss = fmt.short(app.state.gradients().loss)
        assert len(shown) == 1 and shown[0].endswith(loss), shown
        await pilot.press("l")  # an error is not replaced by a later announcement
        await pilot.press(*"-1", "enter")
        await pilot.press("h")
        await pilot.pause()
        severities = sorted(n.severity for n in app._notifications)
        assert severities == ["error", "information"]


async def test_the_learning_rate_is_typed_and_a_bad_one_refused():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", *"0.5", "enter")
        assert app.state.learning_rate == 0.5
        await pilot.press("l", "-", "1", "enter")
        await pilot.pause()
        assert app.state.learning_rate == 0.5
        assert [n for n in app._notifications if n.severity == "error"]
        await pilot.pause()
        assert "learning rate η = 0.5" in output_text(app)


async def test_the_books_rate_of_10_diverges_on_screen_and_never_ends_the_app():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", *"10", "enter")
        losses = []
        for _ in range(60):
            await pilot.press("s")
            losses.append(app.state.gradients().loss)
        await pilot.pause()
        assert app.is_running
        assert losses[-1] > 1e30 or not np.isfinite(losses[-1])  # it ran away
        assert all(np.isfinite(layer.W).all() for layer in app.state.network.layers)
        assert fmt.short(losses[-1]) in output_text(app)


async def test_the_gradient_check_screen_lists_core_gradient_check():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = widget_text(app.screen.query_one("#check-table"))
        rows = core.gradient_check(core.preset("book"), [1.0, 0.5], BOOK_T, "sse")
        assert [row.array for row in rows] == ["W1", "b1", "W2", "b2", "W3", "b3"]
        for row in rows:
            assert fmt.number(row.max_abs, 3) in shown and fmt.number(row.max_rel, 3) in shown
        assert shown.count("✓ agree") == 6
        await pilot.press("escape")
        assert app.screen is app.explorer


async def test_the_gradient_check_keeps_every_column_at_40x12():
    # The long headings squeezed the array and shape columns out of the table
    # at 40 columns; short headings there keep each row whole, and a wider
    # terminal gets the long ones back.
    app = ActLabApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = core.gradient_check(core.preset("book"), [1.0, 0.5], BOOK_T, "sse")
        lines = widget_text(app.screen.query_one("#check-table")).splitlines()
        assert lines[0].split() == ["array", "shape", "max", "|Δ|", "max", "rel."]
        for line, row in zip(lines[1:], rows):
            assert line.split()[:4] == [row.array, line.split()[1], fmt.number(row.max_abs, 3),
                                        fmt.number(row.max_rel, 3)]
            assert line.split()[4] == "✓"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "max |numerical − backprop|" in widget_text(app.screen.query_one("#check-table"))


async def test_the_gradient_checks_heading_shortens_a_long_x_and_t():
    # The deep preset's 100 inputs and 100 targets were written out whole:
    # at 40x12 the heading took every row and the table none.
    app = ActLabApp(core.preset("deep"))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("G")
        await pilot.pause()
        info = widget_text(app.screen.query_one("#check-info"))
        shown = " ".join(info.split())
        x = ", ".join(fmt.compact(v) for v in app.state.x[:4])
        assert f"x = [{x}, …]" in shown and "t = [0, 0, 0, 0, …]" in shown


async def test_a_kink_within_h_is_named_on_the_gradient_check_screen():
    # a ReLU unit with a = 0 exactly: the central difference straddles the kink
    network = core.Network.build([[[1.0, -1.0]], [[1.0], [1.0]]], [[0.0, 0.5], [0.0]],
                                 ["relu", "identity"], x=[0.0])
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("G")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = " ".join(widget_text(app.screen.query_one("#check-table")).split())
        assert "✕ differ" in shown and "kink" in shown


async def test_leaving_the_gradient_check_ends_its_work(monkeypatch):
    # G escape G escape on a 784-input network used to leave every check
    # running to its end in the background. The check's first question waits
    # until the screens are left, so a fast machine cannot finish it first.
    import asyncio
    import threading
    left, ended = threading.Event(), []
    real = core.gradient_check

    def recording(*args, stop, **kwargs):
        def stop_after_leaving():
            left.wait(30)
            return stop()
        try:
            rows = real(*args, stop=stop_after_leaving, **kwargs)
        except core.Cancelled:
            ended.append("cancelled")
            raise
        ended.append("finished")
        return rows

    monkeypatch.setattr(core, "gradient_check", recording)
    network = core.random_network([784, 50, 100, 10], ["sigmoid", "sigmoid", "softmax"])
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.press("G", "escape")
        left.set()
        for _ in range(600):  # until the three threads have returned
            if len(ended) == 3:
                break
            await asyncio.sleep(0.05)
        assert ended == ["cancelled"] * 3
        assert app.screen is app.explorer and app.is_running
        await pilot.press("G")  # and a check left open still finishes
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ended[-1] == "finished" and "✓" in widget_text(app.screen.query_one("#check-table"))


def test_japanese_writes_the_books_terms_for_learning():
    from tui import i18n
    ja = " ".join(i18n.JA.values())
    for term in ["損失関数", "交差エントロピー誤差", "2 乗和誤差", "勾配", "誤差逆伝播法", "学習率"]:
        assert term in ja, term
