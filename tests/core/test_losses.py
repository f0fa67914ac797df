"""The book's loss functions, the exact cross-entropy from logits, and targets."""
import math

import numpy as np
import pytest

import core
from core import losses


def trace_of(a, output):
    network = core.Network.build([np.eye(len(a))], [np.zeros(len(a))], [output])
    return core.forward(network, a)


def test_sum_squared_error_is_the_books_example():
    # §4.2.1: t = class 2, y with 0.6 there gives 0.0975; with 0.6 on class 7, 0.5975.
    t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    assert core.sum_squared_error(np.array(y), np.array(t)) == pytest.approx(0.0975, abs=1e-15)
    y = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    assert core.sum_squared_error(np.array(y), np.array(t)) == pytest.approx(0.5975, abs=1e-15)


def test_cross_entropy_error_is_the_books_example():
    # §4.2.2: 0.510825457099338 and 2.302584092994546 (the book's printed values).
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    assert core.cross_entropy_error(y, t) == pytest.approx(0.510825457099338, rel=1e-14)
    y = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
    assert core.cross_entropy_error(y, t) == pytest.approx(2.302584092994546, rel=1e-14)


def test_a_batch_loss_is_the_mean_over_its_rows():
    y = np.array([[0.2, 0.8], [0.6, 0.4], [0.5, 0.5]])
    t = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    rows_sse = [0.5 * np.sum((y[i] - t[i]) ** 2) for i in range(3)]
    rows_ce = [-np.log(y[i][t[i].argmax()] + 1e-7) for i in range(3)]
    assert core.sum_squared_error(y, t) == pytest.approx(np.mean(rows_sse), rel=1e-15)
    assert core.cross_entropy_error(y, t) == pytest.approx(np.mean(rows_ce), rel=1e-15)
    assert core.cross_entropy_error(y, np.array([1, 0, 1])) == core.cross_entropy_error(y, t)


def test_cross_entropy_from_logits_is_exact_where_the_books_is_not():
    # a = [0, 40]: y₁ = e⁻⁴⁰/(1 + e⁻⁴⁰) ≈ 4.2e-18, far below the book's 1e-7.
    trace = trace_of([0.0, 40.0], "softmax")
    exact = 40.0 + math.log1p(math.exp(-40.0))  # −log y₁ = log(1 + e⁴⁰)
    assert core.loss(trace, 0, "cross_entropy") == pytest.approx(exact, rel=1e-15)
    # The book's log(y + 1e-7) says −log(1e-7) = 16.1: the 1e-7 caps the loss.
    assert core.cross_entropy_error(trace.y, [1, 0]) == pytest.approx(-math.log(1e-7), rel=1e-9)
    # Where y is far from 0 they agree to about 1e-7/y.
    trace = trace_of([0.3, -0.2], "softmax")
    book, logits = core.cross_entropy_error(trace.y, [1, 0]), core.loss(trace, 0, "cross_entropy")
    assert logits - book == pytest.approx(math.log1p(1e-7 / trace.y[0]), rel=1e-6)
    assert 1e-7 < logits - book < 2e-7


def test_sigmoid_cross_entropy_is_from_the_logits_too():
    # −log σ(a) = log(1 + e^−a): at a = −50, 50 + 2e-22, where log(σ(−50)) is fine but
    # the registry's softplus (x above 20 returns x) would drop the 1.9e-22.
    trace = trace_of([-50.0, 2.0], "sigmoid")
    expected = (50.0 + math.log1p(math.exp(-50.0))) + math.log1p(math.exp(-2.0))
    assert core.loss(trace, [1.0, 1.0], "cross_entropy") == pytest.approx(expected, rel=1e-15)
    trace = trace_of([-21.1], "sigmoid")
    assert core.loss(trace, [1.0], "cross_entropy") == 21.1 + math.log1p(math.exp(-21.1))


def test_softmax_naive_loss_shows_its_overflow():
    trace = trace_of([1000.0, 0.0], "softmax_naive")
    assert math.isnan(core.loss(trace, 0, "cross_entropy"))
    assert core.loss(trace_of([1000.0, 0.0], "softmax"), 0, "cross_entropy") == 0.0


def test_targets_from_labels_vectors_and_batches():
    np.testing.assert_array_equal(core.target(2, 3), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(core.target(np.int64(0), 2), [1.0, 0.0])
    np.testing.assert_array_equal(core.target(np.array([1, 0]), 2), [[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_array_equal(core.target([0.5, 0.25], 2), [0.5, 0.25])
    assert core.target([[0.5, 0.25]], 2).shape == (1, 2)
    assert core.target(2, 3).dtype == np.float64
    # The book's t = np.array([0, 0, 1]) for one sample is that t, not three labels.
    trace = trace_of([0.1, 0.2, 0.3], "softmax")
    assert core.loss(trace, np.array([0, 0, 1]), "cross_entropy") == core.loss(trace, 2,
                                                                                "cross_entropy")


@pytest.mark.parametrize("t,n,message", [
    (3, 3, "there is no class 3: the network's 3 outputs are classes 0 to 2"),
    (-1, 2, "there is no class -1"),
    ([1.0, 2.0], 3, "t has 2 values but the network has 3 outputs"),
    ([[1.0]], 2, "t has 1 value but the network has 2 outputs"),
    ([1.0, float("nan")], 2, "t2 is nan; a target must be finite numbers"),
    (["a", "b"], 2, "t must be a list of numbers or a class label"),
    (np.zeros((2, 2), dtype=int), 2, "class labels must be one number per sample"),
])
def test_a_bad_target_is_one_clear_line(t, n, message):
    with pytest.raises(core.InputError) as error:
        core.target(t, n)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_bad_targets_read_in_japanese_too():
    core.messages.set_language("ja")
    with pytest.raises(core.InputError, match="クラス 5 はありません"):
        core.target(5, 3)


def test_an_unknown_loss_lists_the_known_ones():
    trace = trace_of([0.1, 0.2], "softmax")
    with pytest.raises(core.UnknownNameError, match="sse, cross_entropy"):
        core.loss(trace, 0, "hinge")
    assert core.LOSSES == ("sse", "cross_entropy")


def test_no_warning_for_extreme_outputs():
    with np.errstate(all="raise", under="ignore"):
        for output in ("identity", "sigmoid", "softmax"):
            trace = trace_of([1e300, -1e300], output)
            assert not math.isnan(core.loss(trace, [1.0, 0.0], "sse"))
        assert core.loss(trace_of([1e300, -1e300], "identity"), [0.0, 0.0], "sse") == math.inf
        assert core.loss(trace_of([1e300, -1e300], "softmax"), 1, "cross_entropy") == 2e300
        assert core.cross_entropy_error(np.array([-1.0, 2.0]), [1, 0]) != 0  # NaN, quietly
    assert losses.BOOK_DELTA == 1e-7


@pytest.mark.parametrize("t, message", [
    ([-1, 0, 2], "cross-entropy needs t ≥ 0 (a probability for each class): row 1 has -1"),
    ([0, 0, 0], "cross-entropy needs each row of t to sum to 1 (one-hot or probabilities): "
                "row 1 sums to 0"),
])
def test_cross_entropy_refuses_a_t_that_is_not_a_distribution(t, message):
    network = core.Network.build([np.eye(3)], [np.zeros(3)], ["softmax"])
    trace = core.forward(network, [1.0, 2.0, 3.0])
    for compute in (lambda: losses.loss(trace, t, "cross_entropy"),
                    lambda: core.backward(network, trace, t, "cross_entropy")):
        with pytest.raises(core.InputError) as refused:
            compute()
        assert str(refused.value) == message
    # A soft t that sums to 1 is still a loss (the exact form in backward).
    assert losses.loss(trace, [0.25, 0.25, 0.5], "cross_entropy") > 0
