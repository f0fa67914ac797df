"""Chapter 3.6's evaluation against a hand-written loop over single images."""
import numpy as np
import pytest

import core
from core import evaluate
from core.errors import InputError


def book_loop(network, x, t):
    """One image at a time, as plainly as it can be written: the prediction of
    each, the confusion counts and the indices predicted wrong."""
    classes = network.sizes[-1]
    predicted, confusion, wrong = [], np.zeros((classes, classes), dtype=int), []
    for i in range(len(x)):
        y = core.forward(network, x[i]).y
        p = int(np.argmax(y))
        predicted.append(p)
        confusion[t[i], p] += 1
        if p != t[i]:
            wrong.append(i)
    return predicted, confusion, wrong


@pytest.fixture
def case():
    rng = np.random.default_rng(7)
    network = core.random_network([16, 8, 4], ["relu", "softmax"], init="normal", std=1.0,
                                  seed=3)
    x = rng.random((23, 16)).astype(np.float32)
    t = rng.integers(0, 3, 23)  # class 3 has no image
    return network, x, t


@pytest.mark.parametrize("batch_size", [1, 5, 23, 100])
def test_evaluation_matches_the_loop_over_single_images(case, batch_size):
    network, x, t = case
    predicted, confusion, wrong = book_loop(network, x, t)
    result = evaluate.evaluate(network, x, t, batch_size)
    assert result.predicted.tolist() == predicted
    assert result.confusion.tolist() == confusion.tolist()
    assert result.misclassified.tolist() == wrong
    assert result.count == 23
    assert result.correct == 23 - len(wrong)
    assert result.accuracy == (23 - len(wrong)) / 23
    assert 0 < len(wrong) < 23  # the case tests both kinds


def test_per_class_accuracy_is_right_over_all_of_that_class(case):
    network, x, t = case
    _, confusion, _ = book_loop(network, x, t)
    per_class = evaluate.evaluate(network, x, t).per_class
    for k in range(3):
        assert per_class[k] == confusion[k, k] / np.sum(t == k)
    assert np.isnan(per_class[3])  # no image of class 3: nothing to be right about


def test_batches_are_views_of_the_set_not_copies(case, monkeypatch):
    network, x, t = case
    seen = []
    real_forward = evaluate.forward

    def spy(network, batch):
        seen.append((batch.base is x, batch.shape[0]))
        return real_forward(network, batch)

    monkeypatch.setattr(evaluate, "forward", spy)
    evaluate.evaluate(network, x, t, batch_size=10)
    assert seen == [(True, 10), (True, 10), (True, 3)]


def test_progress_is_reported_after_each_batch(case):
    network, x, t = case
    calls = []
    evaluate.evaluate(network, x, t, 10, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(10, 23), (20, 23), (23, 23)]



@pytest.mark.parametrize(("x", "t", "batch", "text"), [
    (np.zeros((3, 15)), [0, 1, 2], 100, "the network takes 16 inputs but each image has 15 pixels"),
    (np.zeros((3, 16)), [0, 1, 4], 100,
     "the labels go up to 4 but the network has 4 outputs (classes 0 to 3)"),
    (np.zeros((3, 16)), [0, 1], 100, "3 images but 2 labels"),
    (np.zeros((3, 16)), [0, 1, 2], 0, "the batch size must be from 1 to 100,000, not 0"),
])
def test_what_does_not_fit_is_one_line(case, x, t, batch, text):
    network, _, _ = case
    with pytest.raises(InputError) as caught:
        evaluate.evaluate(network, x, np.array(t), batch)
    assert str(caught.value) == text


def test_negative_labels_and_an_empty_set_are_refused(case):
    network, x, t = case
    with pytest.raises(InputError) as caught:
        evaluate.evaluate(network, x, np.full(len(x), -1))
    assert str(caught.value) == "the labels hold a negative class (-1)"
    with pytest.raises(InputError) as caught:
        evaluate.evaluate(network, x[:0], t[:0])
    assert str(caught.value) == "there are no test images to evaluate"


def test_uint64_labels_past_the_outputs_are_refused_not_wrapped(case):
    network, x, _ = case
    with pytest.raises(InputError) as caught:
        evaluate.evaluate(network, x, np.full(len(x), 2**64 - 1, np.uint64))
    assert caught.value.key == "evaluate_classes"
