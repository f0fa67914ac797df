"""`actlab dataset` and `actlab train`: their JSON, their defaults, their refusals."""
import io
import json
import warnings

import pytest

import core
from core import datasets, train
from tui.cli import main
from tui.cli_train import on_epoch
from tui.progress import Progress


def run_json(capsys, *args) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_dataset_json_is_the_points_labels_and_split(capsys):
    data = run_json(capsys, "dataset", "xor", "--noise", "20", "--seed", "5")
    assert list(data) == ["x", "label", "train"]
    assert data == datasets.make("xor", noise=20, seed=5).as_dict()
    assert len(data["x"]) == 500 and sum(data["train"]) == 250


def test_dataset_train_share_changes_the_split(capsys):
    data = run_json(capsys, "dataset", "circle", "--train-share", "80")
    assert sum(data["train"]) == 400


def test_dataset_text_is_a_line_per_point_after_a_heading(capsys):
    assert main(["dataset", "gate-nand"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("gate-nand · 4 points · 4 train, 4 test")
    assert [line.split()[2] for line in lines[2:]] == ["1", "1", "1", "0"]


def test_train_json_has_the_issues_keys_one_figure_per_epoch_and_the_first_untrained(capsys):
    data = run_json(capsys, "train", "--epochs", "4", "--seed", "2")
    assert list(data) == ["settings", "epochs", "train_loss", "test_loss", "train_accuracy",
                          "test_accuracy"]
    assert data["epochs"] == 4 and all(len(data[k]) == 5 for k in list(data)[2:])
    expected, _ = train.history(train.prepare(train.Settings(epochs=4, seed=2)))
    assert data == json.loads(json.dumps(expected))


def test_train_defaults_are_the_playgrounds(capsys):
    settings = run_json(capsys, "train", "--epochs", "0")["settings"]
    assert {k: settings[k] for k in ("dataset", "noise", "train_share", "features", "layers",
                                     "activation", "lr", "batch", "optimizer", "reg")} == {
        "dataset": "circle", "noise": 0.0, "train_share": 50.0, "features": ["x1", "x2"],
        "layers": [4, 2], "activation": "tanh", "lr": 0.03, "batch": 10, "optimizer": "sgd",
        "reg": "none"}


@pytest.mark.parametrize("args, lr", [(["--optimizer", "adam"], 0.001),
                                      (["--optimizer", "momentum"], 0.01),
                                      (["--optimizer", "adam", "--lr", "0.3"], 0.3)])
def test_other_optimizers_take_the_books_rate_unless_given_one(capsys, args, lr):
    assert run_json(capsys, "train", "--epochs", "0", *args)["settings"]["lr"] == lr


def test_train_options_reach_the_settings(capsys):
    settings = run_json(capsys, "train", "--epochs", "1", "--dataset", "spiral3", "--layers",
                        "0", "--features", "x1sq,x2sq,sinx1", "--reg", "l1", "--reg-rate",
                        "0.01", "--init", "xavier", "--batch", "25", "--noise", "10",
                        "--train-share", "70", "--activation", "relu")["settings"]
    assert settings["layers"] == [] and settings["features"] == ["x1sq", "x2sq", "sinx1"]
    assert (settings["reg"], settings["reg_rate"], settings["init"]) == ("l1", 0.01, "xavier")
    assert (settings["batch"], settings["noise"], settings["train_share"]) == (25, 10, 70)
    assert settings["dataset"] == "spiral3" and settings["activation"] == "relu"


def test_train_saves_the_trained_network(capsys, tmp_path):
    path = tmp_path / "trained.json"
    assert main(["train", "--epochs", "2", "--save", str(path)]) == 0
    _, last = train.history(train.prepare(train.Settings(epochs=2)))
    assert core.load(path).same_as(last.network)


def test_train_on_csv_points(capsys, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{i},{-i},{1 if i % 2 else -1}\n"
                                              for i in range(20)))
    data = run_json(capsys, "train", "--data", str(path), "--epochs", "1")
    assert data["settings"]["data"] == str(path) and data["settings"]["dataset"] == "csv"
    assert len(data["test_loss"]) == 2


@pytest.mark.parametrize("args, message", [
    (["dataset", "moons"], "unknown dataset 'moons'"),
    (["dataset", "circle", "--noise", "51"], "--noise: must be a number from 0 to 50"),
    (["dataset", "circle", "--train-share", "95"], "from 10 to 90"),
    (["train", "--lr", "11"], "--lr: must be a number from 1e-05 to 10"),
    (["train", "--layers", "4,0"], "--layers: must be a whole number from 1 to 1000"),
    (["train", "--features", "x1,x1"], "the feature x1 is chosen twice"),
    (["train", "--optimizer", "lbfgs"], "invalid choice: 'lbfgs'"),
    (["train", "--save", "net.pkl"], "cannot save as .pkl"),
    (["train", "--dataset", "xor", "--data", "p.csv"], "not both"),
])
def test_bad_train_and_dataset_input_is_one_line_and_status_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_bad_csv_row_is_named_by_its_line(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("1,2,1\n3,4,-1\n5,x,1\n")
    assert main(["train", "--data", str(path)]) == 2
    assert "line 3: x2 is 'x', not a number" in capsys.readouterr().err


def test_refusals_speak_japanese(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(["dataset", "moons"]) == 2
    assert "というデータセットはありません" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_bar_draws_in_place_on_a_terminal_and_clears():
    stream = Terminal()
    progress = Progress(4, stream)
    run = train.prepare(train.Settings(epochs=4))
    train.history(run, on_epoch(progress))
    progress.close()
    text = stream.getvalue()
    assert text.count("\r") >= 5 and "epoch 4/4" in text and text.endswith("\r\x1b[K")
    assert "█" * Progress.WIDTH in text


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys):
    assert main(["train", "--epochs", "3"]) == 0
    assert capsys.readouterr().err == ""


def test_a_feature_out_of_range_is_one_line_naming_it_not_the_learning_rate(capsys, tmp_path):
    path = tmp_path / "far.csv"
    path.write_text("1e300,1e300,0\n1,2,1\n3,4,0\n2,2,1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["train", "--data", str(path), "--features", "x1,x2,x1sq"]) == 2
    err = capsys.readouterr().err
    assert err == f"actlab: error: {path} line 1: the feature x1² is inf (too large for a " \
                  "float64); scale the points down\n"
