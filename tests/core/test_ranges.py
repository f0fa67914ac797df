"""Each activation's range says which ends it reaches, and the flags say
only what README defines (a saturated unit: |h'(a)| < 0.01 where the slope
fades, which step's everywhere-zero slope is not)."""
import numpy as np
import pytest

import core
from tui import format as fmt

XS = np.linspace(-40.0, 40.0, 800_001)  # step 1e-4: fine enough to find GELU's minimum


@pytest.mark.parametrize("name", list(core.ACTIVATIONS))
def test_an_attained_end_is_reached_and_an_open_one_is_not_on_moderate_inputs(name):
    function = core.get(name)
    if function.output_only:  # y1 of (x, 0) as x moves: the curve the explorer draws
        xs = np.linspace(-30.0, 30.0, 601)
        ys = np.array([function.fn(np.array([x, 0.0]))[0] for x in xs])
    else:
        xs, ys = XS, function.fn(XS)
    for end, reached, extreme in zip(function.range, function.attains, (ys.min(), ys.max())):
        if not np.isfinite(end):
            assert not reached
        elif reached:
            # GELU's, SiLU's and Mish's minima are found on the grid to its curvature
            assert extreme == pytest.approx(end, rel=1e-8, abs=0), name
        else:
            # open: strictly inside while float64 has not yet rounded onto the end
            assert np.all(ys[np.abs(xs) <= 10] != end), name


def test_step_takes_two_values_and_no_step_unit_is_flagged_saturated():
    step = core.get("step")
    assert set(step.fn(XS).tolist()) == set(step.values) == {0.0, 1.0}
    network = core.preset("book").with_hidden_activation("step")
    trace = core.forward(network, np.array([1.0, 0.5]), grads=True)
    assert not trace.saturated(1).any() and not trace.saturated(2).any()
    sigmoid = core.forward(network.with_hidden_activation("sigmoid"), np.array([30.0, 30.0]),
                           grads=True)
    assert sigmoid.saturated(1).all()  # a slope that fades: flagged


def test_ranges_are_written_open_or_closed_as_reached():
    written = {name: fmt.interval(core.get(name)) for name in core.ACTIVATIONS}
    assert written["sigmoid"] == "(0, 1)" and written["tanh"] == "(−1, 1)"
    assert written["relu"] == "[0, ∞)" and written["identity"] == "(−∞, ∞)"
    assert written["step"] == "{0, 1}" and written["hard_tanh"] == "[−1, 1]"
    assert written["gelu"] == "[−0.17, ∞)" and written["elu"] == "(−1, ∞)"


def test_a_count_agrees_with_its_noun_in_english_and_japanese_needs_no_forms():
    from core import messages
    assert messages.render("x_length", {"got": 1, "n": 1}) == (
        "x has 1 value but the network takes 1 input (W1 has 1 row)")
    assert messages.render("x_length", {"got": 3, "n": 2}) == (
        "x has 3 values but the network takes 2 inputs (W1 has 2 rows)")
    assert messages.render("npy_too_big", {"label": "W1", "count": 12345678}).startswith(
        "W1 claims 12,345,678 values")
    messages.set_language("ja")
    assert messages.render("x_length", {"got": 1, "n": 1}) == (
        "x の値は 1 個ですが、ネットワークの入力は 1 個です (W1 は 1 行)")


def test_one_catalogue_mechanism_and_one_language_for_core_and_the_interface():
    from core import messages
    from tui import i18n
    i18n.set_language("ja")
    assert messages.language() == i18n.language() == "ja"
    assert i18n.t("explain.more", n=1) == messages.text("explain.more", {"n": 1})
    i18n.set_language("en")
    assert i18n.t("explain.more", n=1) == "… 1 more term"
    with pytest.raises(KeyError, match="already taken"):
        messages.add_catalogue("en", {"x_length": "a second meaning"})
