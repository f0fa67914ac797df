"""Training: a step is core.backward plus the update, epochs and their
figures, the playground's lessons (statistically, over seeds), L1's zeros."""
import json
import warnings

import numpy as np
import pytest

from core import datasets, losses, train
from core.backward import backward, gradient_step
from core.forward import forward


def circle_run(**changes) -> train.Run:
    return train.prepare(train.Settings(**{"seed": 3, **changes}))


def test_a_full_batch_sgd_step_is_backward_then_w_minus_lr_dw():
    run = circle_run()
    x, t = run.problem.x_train, run.problem.t_train
    opt = train.optimizer("sgd", 0.03)
    state = train.initial_state(opt, train.Layout.of(run.network).size)
    network, state, value = train.step(run.network, opt, state, x, t)
    gradients = backward(run.network, forward(run.network, x), t, "sse")
    expected = gradient_step(run.network, gradients, 0.03)
    assert network.same_as(expected)
    assert value == gradients.loss
    assert value == pytest.approx(np.mean(0.5 * (forward(run.network, x).y - t) ** 2),
                                  rel=1e-14)


def test_a_full_batch_momentum_step_is_backward_then_the_books_velocity():
    run = circle_run()
    x, t = run.problem.x_train, run.problem.t_train
    opt = train.optimizer("momentum", 0.1)
    state = train.initial_state(opt, train.Layout.of(run.network).size)
    one, state, _ = train.step(run.network, opt, state, x, t)
    two, _, _ = train.step(one, opt, state, x, t)
    g1 = backward(run.network, forward(run.network, x), t, "sse")
    g2 = backward(one, forward(one, x), t, "sse")
    for k, (layer, after) in enumerate(zip(run.network.layers, two.layers)):
        v1 = -0.1 * g1.dW[k]
        v2 = 0.9 * v1 - 0.1 * g2.dW[k]
        assert np.allclose(after.W, layer.W + v1 + v2, rtol=0, atol=1e-15)


def test_a_step_leaves_its_network_and_state_as_they_were():
    run = circle_run()
    opt = train.optimizer("adam")
    state = train.initial_state(opt, train.Layout.of(run.network).size)
    before = [layer.W.copy() for layer in run.network.layers]
    train.step(run.network, opt, state, run.problem.x_train[:10], run.problem.t_train[:10])
    assert all(np.array_equal(W, layer.W) for W, layer in zip(before, run.network.layers))
    assert state.t == 0 and all(not s.any() for s in state.slots)


def test_an_epoch_of_one_batch_is_one_full_batch_step():
    run = circle_run(batch=250)
    opt = run.optimizer
    state = train.initial_state(opt, train.Layout.of(run.network).size)
    expected, _, _ = train.step(run.network, opt, state, run.problem.x_train,
                                run.problem.t_train)
    epochs = run.epochs()
    next(epochs)
    assert next(epochs).network.same_as(expected)


def test_epoch_zero_is_the_untrained_network_and_its_playground_losses():
    run = circle_run()
    first = next(run.epochs())
    assert first.epoch == 0 and first.network is run.network
    # The playground's getLoss: the mean over points of 0.5·(y − t)², t = ±1,
    # here as a loop over the points, one forward pass each.
    test = run.problem.dataset.test
    points, labels = run.problem.dataset.x[test], run.problem.dataset.label[test]
    by_hand = np.mean([0.5 * (forward(run.network, point).y[0] - label) ** 2
                       for point, label in zip(points, labels)])
    assert first.test_loss == pytest.approx(by_hand, rel=1e-13)
    right = [np.sign(forward(run.network, p).y[0]) == label for p, label in zip(points, labels)]
    assert first.test_accuracy == pytest.approx(np.mean(right), abs=1e-15)


def test_the_same_settings_train_the_same_way():
    one = train.history(circle_run(epochs=3))[0]
    again = train.history(circle_run(epochs=3))[0]
    other = train.history(circle_run(epochs=3, seed=4))[0]
    assert one == again and one["test_loss"] != other["test_loss"]
    assert len(one["train_loss"]) == 4 and one["epochs"] == 3


def test_the_json_history_has_the_issues_keys_and_reads_back():
    result, last = train.history(circle_run(epochs=2))
    assert list(result) == ["settings", "epochs", "train_loss", "test_loss", "train_accuracy",
                            "test_accuracy"]
    assert json.loads(json.dumps(result)) == result
    assert result["settings"]["layers"] == [4, 2] and result["settings"]["lr"] == 0.03
    assert last.epoch == 2


# --- the playground's lessons, over seeds ---------------------------------------------

def epochs_to(run: train.Run, test_loss: float, most: int) -> int | None:
    """The first epoch whose test loss is below `test_loss`, if it comes by `most`."""
    for epoch in run.epochs():
        if epoch.test_loss < test_loss:
            return epoch.epoch
        if epoch.epoch >= most:
            return None


@pytest.mark.parametrize("name", ["circle", "xor", "gauss"])
def test_the_playground_defaults_learn_to_test_loss_under_0_05_for_most_seeds(name):
    # Not one lucky seed: six data sets and first weights; five must make it.
    reached = [epochs_to(train.prepare(train.Settings(dataset=name, seed=seed)), 0.05, 300)
               for seed in range(6)]
    assert sum(epoch is not None for epoch in reached) >= 5, reached


def test_circle_without_a_hidden_layer_fails_and_with_squares_succeeds():
    # The playground's first lesson: a line cannot hold a disc; x1², x2² can
    # (for most first weights: a unit that starts saturated, x² being up to
    # 25, may stay so, in the playground too).
    learned = 0
    for seed in range(4):
        flat = train.prepare(train.Settings(layers=(), seed=seed))
        assert epochs_to(flat, 0.2, 60) is None
        squares = train.prepare(train.Settings(layers=(), features=("x1sq", "x2sq"),
                                               seed=seed))
        learned += epochs_to(squares, 0.05, 100) is not None
    assert learned >= 3


def accuracy_by(run: train.Run, accuracy: float, most: int) -> bool:
    return any(epoch.test_accuracy >= accuracy for epoch, _ in zip(run.epochs(), range(most)))


def test_spiral_needs_more_units_than_the_default():
    small = train.prepare(train.Settings(dataset="spiral", seed=0))
    assert not accuracy_by(small, 0.9, 60)
    larger = [train.prepare(train.Settings(dataset="spiral", layers=(8, 8, 8), optimizer="adam",
                                           lr=0.01, features=("x1", "x2", "sinx1", "sinx2"),
                                           seed=seed)) for seed in range(3)]
    assert sum(accuracy_by(run, 0.9, 60) for run in larger) >= 2


def test_three_gaussians_learn_with_softmax_and_cross_entropy():
    run = train.prepare(train.Settings(dataset="gauss3", seed=1, epochs=60))
    assert run.problem.output == "softmax" and run.problem.loss == "cross_entropy"
    result, _ = train.history(run)
    assert result["test_accuracy"][-1] > 0.95 and result["test_loss"][-1] < 0.2


def test_the_gates_learn_their_truth_tables():
    for name in ("gate-and", "gate-or", "gate-nand", "gate-xor"):
        run = train.prepare(train.Settings(dataset=name, layers=(4,), optimizer="adam",
                                           lr=0.05, epochs=300, seed=0))
        result, _ = train.history(run)
        assert result["train_accuracy"][-1] == 1.0, name


# --- regularisation in training --------------------------------------------------------

def test_l1_drives_small_weights_to_exactly_0_and_they_stay_0():
    everything = tuple(datasets.FEATURES)
    run = train.prepare(train.Settings(features=everything, reg="l1", reg_rate=0.03, seed=2))
    epochs = run.epochs()
    zeros = []
    for epoch in epochs:
        theta = train.Layout.of(epoch.network).theta(epoch.network)
        zeros.append(set(np.flatnonzero(theta == 0.0)))
        if epoch.epoch == 60:
            break
    assert len(zeros[-1]) >= 5  # the playground's pruned edges
    assert all(earlier <= later for earlier, later in zip(zeros, zeros[1:]))
    plain = train.prepare(train.Settings(features=everything, seed=2, epochs=60))
    _, last = train.history(plain)
    assert not np.any(train.Layout.of(last.network).theta(last.network) == 0.0)


def test_weight_decay_shrinks_the_weights():
    sizes = []
    for decay in (0.0, 0.1):
        _, last = train.history(circle_run(weight_decay=decay, epochs=30))
        sizes.append(sum(float((layer.W ** 2).sum()) for layer in last.network.layers))
    assert sizes[1] < 0.5 * sizes[0]


# --- what goes wrong ------------------------------------------------------------------------

def test_a_rate_far_too_large_is_reported_as_divergence_without_numpy_warnings():
    run = train.prepare(train.Settings(dataset="plane", layers=(8, 8), activation="relu",
                                       lr=10, batch=1, seed=0, epochs=5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(train.TrainingError, match="diverged in epoch 1.*smaller"):
            train.history(run)


def test_a_batch_larger_than_the_training_set_is_the_whole_set():
    whole = train.history(circle_run(batch=250, epochs=2))[0]
    larger = train.history(circle_run(batch=10_000, epochs=2))[0]
    assert whole["test_loss"] == larger["test_loss"]


def test_settings_refuse_unknown_names():
    for changes, message in [({"optimizer": "lbfgs"}, "unknown optimizer"),
                             ({"reg": "l3"}, "unknown regularization"),
                             ({"init": "zeros"}, "unknown initialiser"),
                             ({"dataset": "moons"}, "unknown dataset"),
                             ({"features": ("x9",)}, "unknown feature")]:
        with pytest.raises(train.ActlabError, match=message):
            train.prepare(train.Settings(**changes))


def test_regression_uses_identity_and_squared_error_and_has_no_accuracy():
    run = train.prepare(train.Settings(dataset="plane", epochs=1))
    assert (run.problem.output, run.problem.loss, run.problem.n_out) == ("identity", "sse", 1)
    result, _ = train.history(run)
    assert result["test_accuracy"] == [None, None]
    y = forward(run.network, run.problem.x_test).y
    assert result["test_loss"][0] == pytest.approx(
        losses.sum_squared_error(y, run.problem.t_test), rel=1e-15)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "gelu"])
def test_the_training_forward_pass_is_core_forward_bit_for_bit(activation):
    run = train.prepare(train.Settings(dataset="gauss3", layers=(5, 3), activation=activation,
                                       features=tuple(datasets.FEATURES), seed=1))
    x = run.problem.x_train[:17]
    expected = forward(run.network, x, grads=True)
    lean = train._trace(run.network, x, train._functions(run.network))
    for name in expected.names():
        assert np.array_equal(lean[name], expected[name]), name
    for k in range(1, expected.depth + 1):  # the output's h' is computed when asked
        assert np.array_equal(lean.grad(k), expected.grad(k)), k
    assert lean.grads[-1] is None


def test_an_output_that_overflows_with_finite_weights_is_divergence_too():
    # relu and rate 10 on plane: the weights stay finite for two epochs while
    # y² overflows; the history must never hold an infinite loss (JSON cannot).
    run = train.prepare(train.Settings(dataset="plane", activation="relu", lr=10, epochs=5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(train.TrainingError, match="diverged in epoch [1-3]"):
            train.history(run)


def test_a_loss_not_finite_before_any_step_blames_the_data_not_the_rate():
    # Linear layers carry 1e300 through to y; 0.5·(y − t)² overflows at epoch 0.
    x = np.array([[1e300, 1e300], [1.0, 2.0], [3.0, 4.0], [2.0, 2.0]])
    data = datasets.from_points(x, [0.5, 0.25, -0.5, 0.1], train_share=90)
    ready = train.problem(data)
    network = train.init_network([2, 4, 1], ["identity", "identity"], "playground",
                                 seed=(0, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(train.TrainingError) as refused:
            next(train.epochs(ready, network, train.optimizer("sgd", 0.03)))
    message = str(refused.value)
    assert message.startswith("the untrained network's loss is already infinite or NaN")
    assert "learning rate" not in message


def test_divergence_under_a_large_regularisation_rate_names_that_rate_too():
    run = circle_run(reg="l2", reg_rate=1000.0)
    with pytest.raises(train.TrainingError, match="regularization rate than 1000"):
        for epoch in run.epochs():
            assert epoch.epoch < 500


@pytest.mark.parametrize("functions, n_out, key", [
    (("tanh", "tanh"), 3, "t_length"),  # three outputs for circle's one ±1 target
    (("tanh", "tanh"), 3, "loss_output"),  # gauss3's cross-entropy on a tanh output
])
def test_epochs_refuses_a_network_that_does_not_fit_its_targets_before_any_step(
        functions, n_out, key):
    # The steps skip backward()'s checks of t (backward_matched): epoch 0's
    # figures must have made them, for the whole training set.
    dataset = "circle" if key == "t_length" else "gauss3"
    problem = train.prepare(train.Settings(dataset=dataset)).problem
    network = train.init_network((problem.x_train.shape[1], 4, n_out), functions)
    with pytest.raises(train.ActlabError) as caught:
        next(train.epochs(problem, network, train.optimizer("sgd", 0.03)))
    assert caught.value.key == key


@pytest.mark.parametrize("samples", [None, 6])  # one sample, and a batch
def test_backward_into_a_flat_vector_gives_backwards_numbers_as_views_of_it(samples):
    # Training's steps have backward write dW and db into one reused vector
    # (W1 row by row, b1, W2, b2, ...): the same numbers as backward's own
    # arrays, the same layout as train.Layout's θ, read-only views of it.
    from core.backward import backward_matched
    run = train.prepare(train.Settings(dataset="gauss3", layers=(5, 3), activation="relu",
                                       seed=3))
    network, problem = run.network, run.problem
    x = problem.x_train[0] if samples is None else problem.x_train[:samples]
    t = problem.t_train[0] if samples is None else problem.t_train[:samples]
    expected = backward(network, forward(network, x), t, "cross_entropy")
    layout = train.Layout.of(network)
    out = np.full(layout.size, np.nan)
    got = backward_matched(network, forward(network, x), t, "cross_entropy", out=out)
    assert np.array_equal(out, layout.flatten(expected.dW, expected.db))
    for ours, theirs in zip(got.dW + got.db, expected.dW + expected.db):
        assert np.array_equal(ours, theirs) and np.shares_memory(ours, out)
        assert not ours.flags.writeable
    assert got.loss == expected.loss


def test_the_playgrounds_largest_set_is_evaluated_in_one_pass(monkeypatch):
    # plane at a 90 % share has 1,080 training points: one pass, its figures
    # summed as they always were (views of CHUNK rows sum in other pieces and
    # move the mean by an ulp).
    run = train.prepare(train.Settings(dataset="plane", train_share=90.0))
    assert len(run.problem.x_train) > train.CHUNK  # rows, but few values
    passes = []
    real = train._trace
    monkeypatch.setattr(train, "_trace", lambda network, x, *a, **k: (
        passes.append(len(x)), real(network, x, *a, **k))[1])
    figures = train.evaluate(run.problem, run.network)
    assert passes == [1080, 120]
    y = forward(run.network, run.problem.x_train).y
    assert figures[0] == losses.loss_value(y, y, "identity", run.problem.t_train, "sse")
