"""The explain line writes the unit's sum as a person would, and keeps its
result in view however wide the layer and however narrow the pane."""
import numpy as np
from rich.cells import cell_len

import core
from tests.tui.helpers import explain_text as shown_explain
from tui.app import ActLabApp
from tui.widgets.explain import explain_text


def unit(inputs, weights, bias, activation="sigmoid"):
    inputs, weights = np.array(inputs, float), np.array(weights, float)
    a = float(inputs @ weights + bias)
    z = float(core.get(activation).fn(np.array([a]))[0])
    return core.UnitExplanation(layer=1, unit=2, inputs=inputs, weights=weights, bias=bias,
                                a=a, z=z, activation=activation)


def test_negative_terms_are_subtracted_and_negative_weights_bracketed():
    text = explain_text(unit([1.0, -0.1321], [0.5, 0.25], -0.1), depth=3)
    assert text.startswith("a1₂ = 1.0×0.5 − 0.1321×0.25 − 0.1 = 0.367 → z1₂ = σ(0.367) = ")
    assert "+ -" not in text and "+ −" not in text
    first_negative = explain_text(unit([-1.0, 2.0], [-0.3, 0.5], 0.2), depth=3)
    assert first_negative.startswith("a1₂ = −1.0×(−0.3) + 2.0×0.5 + 0.2 = 1.5 →")


def test_a_wide_layer_writes_fewer_terms_before_it_cuts_the_result():
    wide = unit(np.linspace(0.1, 0.9, 784), np.full(784, 0.001), 0.05)
    full = explain_text(wide, depth=3)
    assert "… 780 more terms" in full
    result = full.split(" → ")[1]
    shortest = "a1₂ = 0.442 → " + result  # the sum dropped last, the result never
    assert explain_text(wide, depth=3, width=10) == shortest
    for width in range(cell_len(shortest), len(full) + 1):
        text = explain_text(wide, depth=3, width=width)
        assert cell_len(text) <= width and text.endswith(" → " + result), width
    assert explain_text(wide, depth=3, width=len(full)) == full


async def test_the_explain_pane_fits_its_line_to_its_width_on_the_sample_network(
        sample_weight_path):
    app = ActLabApp(core.load(sample_weight_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "down")  # the first unit of layer 1: 784 inputs
        await pilot.pause()
        from tui.widgets.explain import ExplainLine
        pane = app.query_one(ExplainLine)
        text = shown_explain(app)
        assert cell_len(text) <= pane.content_size.width
        assert "more terms" in text and text.split(" → ")[1].startswith("z1")


async def test_at_start_the_footer_shows_f1_and_the_input_pane_says_where_to_begin():
    from textual.widgets import Footer
    app = ActLabApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = [item.key_display for item in footer.query("FooterKey")]
        assert "F1" in keys[:3]  # among the first, so 80 columns show it
        hint = str(app.query_one("#x-hint").render())
        assert hint.startswith("▶ start here: ←/→ moves x1")
        await pilot.press("right")  # the first change: the hint becomes the key summary
        assert str(app.query_one("#x-hint").render()).startswith("←/→ ±0.1")


async def test_a_notification_after_h_hides_neither_the_explain_line_nor_any_pane():
    from textual.widgets._toast import Toast
    app = ActLabApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("h")  # "Hidden activation: ReLU" is announced
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert toast.region.y == 0 and toast.region.height == 1  # the header row
            for pane in ("#explain", "#input", "#layers", "#plot", "#output"):
                assert not toast.region.overlaps(app.query_one(pane).region), pane
