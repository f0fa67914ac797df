"""The real data sets, when this machine has them: Fashion-MNIST from Debian's
dataset-fashion-mnist (CI installs it: .ci/run), and MNIST with the book's
sample_weight.pkl for chapter 3.6's 0.9352 wherever a learner keeps it."""
from pathlib import Path

import numpy as np
import pytest

import core
from core import data, evaluate
from tests.conftest import SHARED_DATA

FASHION = data.FASHION_FOLDER
needs_fashion = pytest.mark.skipif(
    not (FASHION / "t10k-images-idx3-ubyte.gz").exists(),
    reason=f"Fashion-MNIST is not in {FASHION} (apt-get install dataset-fashion-mnist)")


@pytest.fixture(scope="module")
def fashion():
    return data.load_data(FASHION)


@needs_fashion
def test_fashion_mnist_has_the_published_counts_and_balance(fashion):
    assert fashion.x_train.shape == (60_000, 784) and fashion.x_test.shape == (10_000, 784)
    assert fashion.x_train.dtype == np.float32  # 188 MB, as the book holds it
    assert fashion.shape == (28, 28) and fashion.classes == 10
    assert np.bincount(fashion.t_train).tolist() == [6000] * 10
    assert np.bincount(fashion.t_test).tolist() == [1000] * 10


@needs_fashion
def test_fashion_mnist_pixels_and_first_labels_are_the_published_ones(fashion):
    for x in (fashion.x_train, fashion.x_test):
        assert x.min() == 0.0 and x.max() == 1.0
    # the mean every Fashion-MNIST tutorial normalises with (0.2860, std 0.3530)
    assert abs(float(fashion.x_train.mean(dtype=np.float64)) - 0.2860) < 5e-5
    assert fashion.t_train[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]  # ankle boot, ...
    assert fashion.t_test[:10].tolist() == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]


@needs_fashion
def test_a_seeded_random_network_scores_about_chance_as_the_plain_loop_counts(fashion):
    # He's init keeps ReLU's outputs apart (0.01·N(0,1) gives every image one class)
    network = core.random_network([784, 50, 100, 10], ["relu", "relu", "softmax"], init="he",
                                  seed=0)
    result = evaluate.evaluate(network, fashion.x_test, fashion.t_test)
    # the book's neuralnet_mnist.py loop, one image at a time
    accuracy_cnt = 0
    for i in range(len(fashion.x_test)):
        y = core.forward(network, fashion.x_test[i]).y
        if np.argmax(y) == fashion.t_test[i]:
            accuracy_cnt += 1
    assert result.correct == accuracy_cnt
    assert len(np.unique(result.predicted)) > 2  # not one class for every image
    assert 0.02 < result.accuracy < 0.25  # ten classes: chance is 0.1


def _mnist_place() -> Path | None:
    for place in [SHARED_DATA / "mnist", SHARED_DATA / "book" / "mnist.pkl",
                  *data.usual_places()[:3]]:
        if place.exists():
            return place
    return None


@pytest.mark.skipif(_mnist_place() is None,
                    reason="real MNIST is not here (shared/data/mnist, the book's dataset/, "
                           "~/.keras/datasets/mnist.npz)")
def test_the_books_sample_network_scores_the_books_0_9352(sample_weight_path):
    mnist = data.load_data(_mnist_place(), train=False)
    result = evaluate.evaluate(core.load(sample_weight_path), mnist.x_test, mnist.t_test)
    assert result.correct == 9352  # "Accuracy:0.9352" (ch03/neuralnet_mnist.py)
