"""`actlab train --data PATH` on an image set: the book's TwoLayerNet by
default, its steps and loss list in the JSON, the table, the bar, refusals."""
import io
import json

import pytest

from core import train
from tests.data_files import small_set, write_idx_folder, write_keras_npz
from tui.cli import main
from tui.cli_train import on_epoch
from tui.progress import Progress


@pytest.fixture
def folder(tmp_path):
    return str(write_idx_folder(tmp_path / "set", small_set(seed=6, n_train=250, n_test=30,
                                                            side=4, classes=3), gz=True))


def run_json(capsys, *args) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_defaults_are_the_books_two_layer_net(capsys, folder):
    result = run_json(capsys, "train", "--data", folder, "--iters", "5")
    settings = result["settings"]
    assert {k: settings[k] for k in ("dataset", "data", "layers", "activation", "lr", "batch",
                                     "init", "std", "optimizer", "iters")} == {
        "dataset": "images", "data": folder, "layers": [50], "activation": "sigmoid",
        "lr": 0.1, "batch": 100, "init": "normal", "std": 0.01, "optimizer": "sgd",
        "iters": 5}
    # The book's run of the same settings, by core: the same numbers to the last bit.
    expected, _ = train.history(train.prepare(train.Settings(**{
        **settings, "layers": (50,), "features": tuple(settings["features"])})))
    assert result == json.loads(json.dumps(expected))


def test_the_json_has_each_epochs_step_and_every_steps_loss(capsys, folder):
    result = run_json(capsys, "train", "--data", folder, "--batch", "50", "--iters", "12",
                      "--layers", "7", "--activation", "relu")
    # 250 images in batches of 50: 5 steps an epoch, 12 steps end in a third of 2.
    assert result["iteration"] == [0, 5, 10, 12] and result["iterations"] == 12
    assert result["epochs"] == 3 and len(result["batch_loss"]) == 12
    assert len(result["test_accuracy"]) == 4 and result["settings"]["layers"] == [7]


def test_epochs_instead_of_steps_walk_shuffled_passes(capsys, folder):
    result = run_json(capsys, "train", "--data", folder, "--epochs", "2")
    assert result["settings"]["iters"] is None and result["epochs"] == 2
    assert "iteration" not in result  # the playground's JSON, as README gives it


def test_keras_npz_trains_too(capsys, tmp_path):
    path = write_keras_npz(tmp_path / "mnist.npz", small_set(seed=1, n_train=40, side=4))
    result = run_json(capsys, "train", "--data", str(path), "--iters", "3")
    assert result["iterations"] == 3 and result["settings"]["data"] == str(path)


def test_the_table_prints_steps_and_the_books_four_places(capsys, folder):
    assert main(["train", "--data", folder, "--iters", "7", "--batch", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["epoch", "step"]
    # 250 images in batches of 100: 3 steps an epoch; the last after step 7.
    assert [line.split()[1] for line in lines[1:]] == ["0", "3", "6", "7"]
    result, _ = train.history(train.prepare(train.Settings(
        dataset="images", data=folder, **{**train.BOOK, "iters": 7})))
    assert lines[-1].split()[-1] == f"{result['test_accuracy'][-1]:.4f}"


@pytest.mark.parametrize("args, message", [
    (["--features", "x1"], "--features is for the playground's points"),
    (["--noise", "5"], "--noise is for the playground's points"),
    (["--epochs", "2", "--iters", "3"], "give --epochs N or --iters N, not both"),
    (["--iters", "-1"], "--iters: must be a whole number from 0 to 10000000"),
])
def test_what_does_not_fit_images_is_one_line(capsys, folder, args, message):
    assert main(["train", "--data", folder, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_damaged_set_is_refused_in_one_line(capsys, tmp_path):
    folder = write_idx_folder(tmp_path / "set")
    (folder / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03" + b"\xff" * 12)
    assert main(["train", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("actlab: error:") and err.count("\n") == 1


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_counts_steps_on_a_terminal(folder):
    stream = Terminal()
    settings = train.Settings(dataset="images", data=folder, **{**train.BOOK, "iters": 9})
    progress = Progress(9, stream)
    train.history(train.prepare(settings), on_epoch(progress, steps=True))
    progress.close()
    text = stream.getvalue()
    assert "step 9/9  epoch 3" in text and "test acc" in text and text.endswith("\r\x1b[K")
