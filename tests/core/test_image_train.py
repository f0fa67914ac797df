"""Training on an image set as the book's TwoLayerNet trains (chapters 4 and
5): core.train's run against the book's loop written plainly
(tests/book_loop.py), step for step on a small set the test writes, and the
book's accuracy band on real Fashion-MNIST when it is installed."""

import numpy as np
import pytest

from core import data, train
from tests import book_loop
from tests.data_files import small_set, write_idx_folder


@pytest.fixture
def images(tmp_path):
    arrays = small_set(seed=4, n_train=230, n_test=41, side=4, classes=3)
    return data.load_data(write_idx_folder(tmp_path / "set", arrays))


def settings(images, **changes) -> train.Settings:
    book = {**train.BOOK, "layers": (6,), "batch": 20, "std": 0.5, "iters": 37}
    return train.Settings(dataset=train.IMAGES, data=images.source, **{**book, **changes})


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_the_run_is_the_books_loop_step_for_step(images, activation):
    run = train.prepare(settings(images, activation=activation), images)
    epochs = list(run.epochs())
    # 230 images in batches of 20: 12 steps an epoch; 37 steps end a shorter fourth.
    assert [e.iteration for e in epochs] == [0, 12, 24, 36, 37]
    assert [e.epoch for e in epochs] == [0, 1, 2, 3, 4]
    rng = np.random.default_rng((run.settings.seed, 2))  # core's stream of batches
    params = [a for layer in run.network.layers for a in (layer.W, layer.b)]
    trained, history, _, before = book_loop.train(
        params, images.x_train, images.t_train, images.x_test, images.t_test,
        lambda i: rng.integers(0, len(images.x_train), 20), 37, 0.1, activation, 12)
    last = epochs[-1].network
    for k, layer in enumerate(last.layers):
        np.testing.assert_allclose(layer.W, trained[2 * k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(layer.b, trained[2 * k + 1], rtol=1e-12, atol=1e-15)
    assert [(e.iteration, e.train_accuracy, e.test_accuracy) for e in epochs[1:]] == history
    np.testing.assert_allclose(np.concatenate([e.batch_losses for e in epochs[1:]]), before,
                               rtol=1e-12)
    # The first figures are the untrained network's, by hand.
    y0 = book_loop.predict(params, images.x_test, activation)
    assert epochs[0].test_loss == pytest.approx(
        -np.mean(np.log(y0[np.arange(len(y0)), images.t_test])), rel=1e-12)


def test_a_large_set_is_evaluated_in_views_with_the_same_figures(images, monkeypatch):
    run = train.prepare(settings(images), images)
    whole = train.evaluate(run.problem, run.network)
    monkeypatch.setattr(train, "ONE_PASS", 0)  # every set is "large" here:
    monkeypatch.setattr(train, "CHUNK", 17)  # 230 and 41 rows in views of 17
    chunked = train.evaluate(run.problem, run.network)
    assert chunked[2:] == whole[2:]  # the same images right
    np.testing.assert_allclose(chunked[:2], whole[:2], rtol=1e-13)


def test_the_images_are_held_once_as_read(images):
    run = train.prepare(settings(images), images)
    assert run.problem.x_train is images.x_train and run.problem.x_train.dtype == np.float32
    assert run.network.sizes == [16, 6, 3] and run.problem.loss == "cross_entropy"


def test_the_history_has_the_books_steps_and_its_loss_list(images):
    result, last = train.history(train.prepare(settings(images), images))
    assert result["iterations"] == 37 == last.iteration
    assert result["iteration"] == [0, 12, 24, 36, 37] and len(result["batch_loss"]) == 37
    assert result["test_accuracy"][-1] == last.test_accuracy
    assert result["settings"]["iters"] == 37 and result["settings"]["dataset"] == "images"


def test_no_training_half_and_an_unknown_draw_say_so(images, tmp_path):
    test_only = data.load_data(images.source, train=False)
    with pytest.raises(train.TrainingError, match="no training images"):
        train.prepare(settings(images), test_only)
    run = train.prepare(settings(images), images)
    with pytest.raises(Exception, match="unknown way to draw batches 'random'"):
        next(train.epochs(run.problem, run.network, run.optimizer, draw="random"))


FASHION = data.FASHION_FOLDER


@pytest.mark.skipif(not (FASHION / "train-images-idx3-ubyte.gz").exists(),
                    reason="Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
def test_the_books_two_layer_net_on_fashion_mnist_reaches_the_books_band():
    """Chapter 5's run (ReLU, 784-50-10, 0.01·N(0,1), batches of 100, η = 0.1,
    10,000 steps) on Fashion-MNIST: about 0.86 on the test set (the book's
    MNIST gives 0.97; Fashion-MNIST is the harder set)."""
    run = train.prepare(train.Settings(dataset=train.IMAGES, data=str(FASHION),
                                       **{**train.BOOK, "activation": "relu"}))
    last = None
    for last in run.epochs():
        pass
    assert last.iteration == 10_000 and last.epoch == 17
    assert 0.85 <= last.test_accuracy <= 0.88
    assert 0.86 <= last.train_accuracy <= 0.90


def test_training_never_copies_the_set():
    """12,000 float32 images of 784 pixels (38 MB): two epochs with their
    figures allocate a fraction of that, where one float64 copy of the set
    (what x @ W1 on the whole of it makes) would be twice as much."""
    import tracemalloc
    rng = np.random.default_rng(0)
    x = rng.random((12_000, 784), dtype=np.float32)
    t = rng.integers(0, 10, 12_000)
    images = data.DataSet(x[:2000], t[:2000], x, t, (28, 28), "memory")
    run = train.prepare(train.Settings(dataset=train.IMAGES, data="memory",
                                       **{**train.BOOK, "iters": 240}), images)
    tracemalloc.start()
    for last in run.epochs():
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert last.epoch == 2 and peak < 0.5 * x.nbytes, peak / x.nbytes


def test_the_step_losses_kept_are_means_of_whole_strides_in_bounded_memory():
    from types import SimpleNamespace

    from core import playground
    rng = np.random.default_rng(1)
    history, everything = playground.History(), []
    # 53 epochs of 997 steps, then one of 60,000 (batch 1 on MNIST): more than the limit
    for epoch, steps in enumerate([997] * 53 + [60_000]):
        values = rng.random(steps)
        everything += values.tolist()
        history.add(SimpleNamespace(epoch=epoch, batch_losses=values, train_loss=0.0,
                                    test_loss=0.0, train_accuracy=None, test_accuracy=None))
    s = history.step_stride
    assert s == 8 and len(history.step_losses) <= history.STEP_LIMIT
    kept = np.array(history.step_losses)
    by_hand = np.array(everything[:len(kept) * s]).reshape(-1, s).mean(axis=1)
    np.testing.assert_allclose(kept, by_hand, rtol=1e-12)
    assert len(kept) * s + len(history._pending) == len(everything)
