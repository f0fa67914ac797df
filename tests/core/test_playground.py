"""What the training screen shows, checked against independent references:
the output map against core.forward of hand-made features, the confusion
matrix and the misclassified points against a hand-written loop over the
points and against Problem.accuracy, and a run carried on from an epoch."""
from dataclasses import replace

import numpy as np
import pytest

from core import ActlabError, datasets, playground, train
from core.forward import forward


def run_of(**changes) -> train.Run:
    return train.prepare(train.Settings(**{"seed": 5, **changes}))


@pytest.mark.parametrize("features", [("x1", "x2"), ("x1sq", "x2sq", "x1x2", "sinx1")])
def test_the_output_map_is_core_forward_of_each_grid_points_features(features):
    run = run_of(features=features)
    grid = playground.output_grid(run.problem, run.network, steps=7)
    u = np.linspace(-6, 6, 7)
    assert np.array_equal(grid.u, u) and np.array_equal(grid.v, u)
    for row, x2 in enumerate(u):  # rows are x2, columns x1
        for column, x1 in enumerate(u):
            by_hand = []
            for name in features:  # the playground's features, written out
                by_hand.append({"x1": x1, "x2": x2, "x1sq": x1 * x1, "x2sq": x2 * x2,
                                "x1x2": x1 * x2, "sinx1": np.sin(x1),
                                "sinx2": np.sin(x2)}[name])
            expected = forward(run.network, np.array(by_hand)).y
            assert grid.y[row, column] == pytest.approx(expected, rel=1e-13, abs=1e-15)


def test_the_output_map_refuses_a_grid_it_cannot_draw():
    run = run_of()
    for steps in (1, playground.MAX_GRID_STEPS + 1):
        with pytest.raises(ActlabError, match="2 to"):
            playground.output_grid(run.problem, run.network, steps=steps)


def trained(settings: train.Settings, count: int) -> tuple[train.Run, train.Epoch]:
    run = train.prepare(settings)
    for epoch in run.epochs():
        if epoch.epoch == count:
            return run, epoch


@pytest.mark.parametrize("dataset", ["xor", "gauss3"])
def test_the_confusion_matrix_counts_each_point_as_a_loop_over_them_does(dataset):
    run, epoch = trained(train.Settings(dataset=dataset, noise=30, seed=2), 3)
    problem = run.problem
    names = playground.class_names(problem)
    counts = np.zeros((len(names), len(names)), dtype=int)
    wrong = []
    for i, (x, t) in enumerate(zip(problem.x_test, problem.t_test)):
        y = forward(epoch.network, x).y
        if problem.dataset.kind == datasets.TWO_CLASS:
            truth, guess = int(t[0] > 0), int(y[0] >= 0)
        else:
            truth, guess = int(np.argmax(t)), int(np.argmax(y))
        counts[truth, guess] += 1
        if truth != guess:
            wrong.append(i)
    assert np.array_equal(playground.confusion(problem, epoch.network), counts)
    assert playground.misclassified(problem, epoch.network).tolist() == wrong
    # The same verdicts as the accuracy the figures show.
    assert 1 - len(wrong) / len(problem.x_test) == pytest.approx(epoch.test_accuracy, abs=1e-15)
    assert counts.sum() == len(problem.x_test)
    assert 0 < len(wrong) < len(problem.x_test)  # noise 30 %: some of each, or it tests nothing


def test_class_names_follow_the_labels():
    assert playground.class_names(run_of().problem) == ["−1", "+1"]
    assert playground.class_names(run_of(dataset="spiral3").problem) == ["0", "1", "2"]


def test_a_regression_has_no_confusion_matrix_and_no_misclassified_points():
    run = run_of(dataset="plane")
    with pytest.raises(ActlabError, match="regression"):
        playground.confusion(run.problem, run.network)
    assert playground.misclassified(run.problem, run.network).size == 0


def test_points_are_the_datasets_own_in_the_problems_order():
    run = run_of(noise=10)
    dataset = run.problem.dataset
    assert np.array_equal(playground.points(run.problem, test=False),
                          dataset.x[dataset.train])
    assert np.array_equal(datasets.features(playground.points(run.problem, test=True)),
                          run.problem.x_test)


def test_a_run_carried_on_counts_on_from_its_epoch_and_keeps_its_network():
    settings = train.Settings(seed=4)
    run, epoch = trained(settings, 5)
    faster = train.optimizer("sgd", 0.1)
    carried = train.epochs(run.problem, epoch.network, faster, 10, seed=4,
                           state=epoch.state, start=5)
    first, second = next(carried), next(carried)
    assert first.epoch == 5 and first.network.same_as(epoch.network)
    assert (first.train_loss, first.test_loss) == (epoch.train_loss, epoch.test_loss)
    assert second.epoch == 6
    # Its shuffles are new ones: not the same as a fresh run's first epoch.
    fresh = train.epochs(run.problem, epoch.network, faster, 10, seed=4, state=epoch.state)
    next(fresh)
    assert not next(fresh).network.same_as(second.network)


def test_a_run_carried_on_from_an_overflowing_network_is_divergence_at_its_epoch():
    run = run_of(dataset="plane")
    layers = run.network.layers
    weights = [layer.W for layer in layers[:-1]] + [np.full_like(layers[-1].W, 1e308)]
    huge = type(run.network).build(weights, [layer.b for layer in layers],
                                   run.network.activations)
    with pytest.raises(train.TrainingError, match="epoch 7"):
        next(train.epochs(run.problem, huge, train.optimizer("sgd"), start=7))


def test_the_map_shows_y_for_two_classes_and_the_winner_from_0_for_more():
    run = run_of()
    grid = playground.output_grid(run.problem, run.network, steps=5)
    assert np.array_equal(playground.map_values(run.problem, grid), grid.y[:, :, 0])
    run = run_of(dataset="gauss3")
    grid = playground.output_grid(run.problem, run.network, steps=5)
    values = playground.map_values(run.problem, grid)
    for row in range(5):
        for column in range(5):
            assert values[row, column] == np.argmax(grid.y[row, column])


def test_the_nearest_point_is_the_one_a_loop_over_all_of_them_finds():
    run = run_of(noise=20)
    for u, v in [(0.0, 0.0), (5.5, -5.9), (-3.2, 1.7)]:
        test, i = playground.nearest(run.problem, u, v)
        chosen = playground.points(run.problem, test)[i]
        every = np.concatenate([playground.points(run.problem, True),
                                playground.points(run.problem, False)])
        assert np.hypot(*(chosen - [u, v])) == min(np.hypot(*(p - [u, v])) for p in every)


class Figures:
    def __init__(self, epoch):
        self.epoch = epoch
        self.train_loss = self.test_loss = 1.0 / (epoch + 1)
        self.train_accuracy = self.test_accuracy = None


def test_history_keeps_bounded_evenly_spaced_epochs_and_always_the_latest(monkeypatch):
    monkeypatch.setattr(playground.History, "LIMIT", 10)
    history = playground.History()
    for epoch in range(101):
        history.add(Figures(epoch))
        assert len(history) <= 20
        assert history.latest.epoch == epoch
    assert history.epochs[0] == 0
    assert len(set(np.diff(history.epochs))) == 1  # evenly spaced: the chart is not bent
    assert history.epochs == list(range(0, 101, history.stride))
    assert history.figures["test_loss"] == [1.0 / (e + 1) for e in history.epochs]
    assert np.isnan(history.figures["test_accuracy"]).all()  # regression: no accuracy


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_a_trained_network_saves_with_its_settings_and_loads_as_the_same_network(tmp_path,
                                                                                 suffix):
    import json

    from core import files
    settings = train.Settings(dataset="xor", noise=10, layers=(3,), seed=2)
    run, epoch = trained(settings, 4)
    path = files.save(epoch.network, tmp_path / f"xor{suffix}",
                      training=train.record(settings, epoch))
    assert files.load(path).same_as(epoch.network)
    if suffix == ".json":
        kept = json.loads(path.read_text())["training"]
    else:
        kept = json.loads(str(np.load(path, allow_pickle=False)["training"]))
    assert kept["epoch"] == 4 and kept["test_loss"] == epoch.test_loss
    # The settings kept run again to the very network saved: epochs is its epoch.
    again = train.Settings(**{**kept["settings"], "features": tuple(
        kept["settings"]["features"]), "layers": tuple(kept["settings"]["layers"])})
    assert again == replace(settings, epochs=4)
    assert train.history(train.prepare(again))[1].network.same_as(epoch.network)


def test_an_npz_training_member_is_one_bounded_text_or_the_file_is_refused(tmp_path):
    from core import ActlabError, files
    network = run_of().network
    arrays = {key: value for key, value in files.to_dict(network).items()}
    arrays["activations"] = np.array(arrays["activations"])
    for bad in (np.array(["a", "b"]), np.array("x" * (files.MAX_TRAINING_CHARS + 1)),
                np.zeros(3)):
        np.savez(tmp_path / "bad.npz", **arrays, training=bad)
        with pytest.raises(ActlabError, match="training"):
            files.load(tmp_path / "bad.npz")


def test_the_gates_map_shows_their_corners_and_the_playgrounds_sets_six_each_way():
    gate = run_of(dataset="gate-xor")
    grid = playground.output_grid(gate.problem, gate.network, steps=5)
    assert grid.u.tolist() == [-0.5, 0.0, 0.5, 1.0, 1.5]  # 0 and 1 are grid points
    assert playground.output_grid(run_of().problem, run_of().network, steps=3).u.tolist() \
        == [-6.0, 0.0, 6.0]
