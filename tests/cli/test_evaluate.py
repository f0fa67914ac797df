"""`actlab evaluate`: the JSON README documents, the text, and its refusals."""
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import core
from core import data
from tests.data_files import small_set, write_idx_folder, write_keras_npz
from tui.cli import main


class Terminal(io.StringIO):
    """stderr as a terminal: the progress bar is drawn only there."""

    def isatty(self):
        return True


@pytest.fixture
def files(tmp_path):
    arrays = small_set(seed=2, n_test=37, side=4, classes=3)
    folder = write_idx_folder(tmp_path / "set", arrays)
    network = core.random_network([16, 6, 3], ["relu", "softmax"], init="normal", std=1.0,
                                  seed=5)
    path = core.save(network, tmp_path / "net.json")
    return network, str(path), str(folder), arrays


def by_hand(network, arrays):
    """Predictions one image at a time, from the uint8 arrays the test wrote."""
    images, labels = arrays[2], arrays[3]
    predicted = [int(np.argmax(core.forward(network, image.reshape(-1) / 255.0).y))
                 for image in images]
    return predicted, labels.tolist()


def test_json_holds_the_counts_the_plain_loop_makes(files, capsys):
    network, net_path, folder, arrays = files
    assert main(["evaluate", "--network", net_path, "--data", folder, "--batch", "10",
                 "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # no progress bar when stderr is not a terminal
    result = json.loads(out)
    predicted, labels = by_hand(network, arrays)
    confusion = np.zeros((3, 3), dtype=int)
    for p, t in zip(predicted, labels):
        confusion[t][p] += 1
    right = sum(p == t for p, t in zip(predicted, labels))
    assert list(result) == ["network", "data", "images", "batch", "correct", "accuracy",
                            "confusion", "per_class", "misclassified"]
    assert result["network"] == net_path and result["data"] == folder
    assert result["images"] == 37 and result["batch"] == 10
    assert result["correct"] == right and result["accuracy"] == right / 37
    assert result["confusion"] == confusion.tolist()
    assert result["per_class"] == [confusion[k][k] / labels.count(k) for k in range(3)]
    assert result["misclassified"] == [i for i, (p, t) in enumerate(zip(predicted, labels))
                                       if p != t]


def test_a_class_without_images_has_null_per_class_accuracy(tmp_path, capsys):
    arrays = small_set(seed=2, n_test=5, side=4, classes=2)
    folder = write_idx_folder(tmp_path / "set", arrays)
    network = core.random_network([16, 3], ["softmax"], seed=1)
    path = core.save(network, tmp_path / "net.npz")
    assert main(["evaluate", "--network", str(path), "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["per_class"][2] is None


def test_text_shows_accuracy_the_matrix_and_the_first_wrong_images(files, capsys):
    network, net_path, folder, arrays = files
    assert main(["evaluate", "--network", net_path, "--data", folder]) == 0
    lines = capsys.readouterr().out.splitlines()
    predicted, labels = by_hand(network, arrays)
    right = sum(p == t for p, t in zip(predicted, labels))
    wrong = [str(i) for i, (p, t) in enumerate(zip(predicted, labels)) if p != t]
    assert lines[0] == f"{net_path} on {folder}: 37 test images, batch 100"
    assert lines[1] == f"accuracy {right / 37:.4f} ({right} of 37 right)"
    assert lines[4].split() == ["t", "\\", "y", "0", "1", "2", "right"]
    row = lines[5].split()
    assert row[0] == "0" and len(row) == 5
    assert float(row[4]) == pytest.approx(int(row[1]) / labels.count(0), abs=5e-5)
    listed = lines.index(f"misclassified: {len(wrong)} images, index from 0:")
    assert " ".join(lines[listed + 1:]).replace(",", "").split() == wrong[:20] + ["..."]
    assert max(len(line) for line in lines[1:]) <= 80  # the first names the paths


def test_progress_goes_to_a_terminals_stderr(files, capsys, monkeypatch):
    _, net_path, folder, _ = files

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["evaluate", "--network", net_path, "--data", folder, "--batch", "20",
                 "--json"]) == 0
    shown = terminal.getvalue()
    assert shown.startswith("\r") and shown.count("\r") == 2  # one redraw per batch
    assert shown.endswith(" 37/37\n")
    json.loads(capsys.readouterr().out)  # stdout stays one JSON object


def test_progress_is_redrawn_at_most_once_a_percent(files, monkeypatch):
    _, net_path, folder, _ = files

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["evaluate", "--network", net_path, "--data", folder, "--batch", "1"]) == 0
    # 37 batches are 37 distinct whole percents: each is drawn
    assert terminal.getvalue().count("\r") == 37
    folder_200 = write_idx_folder(Path(folder).parent / "big",
                                  small_set(seed=1, n_test=200, side=4, classes=3))
    terminal.seek(0)
    terminal.truncate()
    assert main(["evaluate", "--network", net_path, "--data", str(folder_200),
                 "--batch", "1"]) == 0
    assert terminal.getvalue().count("\r") == 101  # 0%, 1%, ... 100%, not 200 redraws


def test_npz_data_and_a_network_that_does_not_fit_are_refused_in_one_line(files, tmp_path,
                                                                          capsys):
    _, net_path, _, _ = files
    npz = write_keras_npz(tmp_path / "mnist.npz", small_set(side=5))
    assert main(["evaluate", "--network", net_path, "--data", str(npz)]) == 2
    assert capsys.readouterr().err == ("actlab: error: the network takes 16 inputs but each "
                                       "image has 25 pixels\n")


@pytest.mark.parametrize(("args", "text"), [
    (["--batch", "0"], "argument --batch: must be a whole number from 1 to 100000, not '0'"),
    (["--data", ""], "--data needs a file name, not an empty string"),
])
def test_bad_options_are_one_line(files, capsys, args, text):
    _, net_path, folder, _ = files
    assert main(["evaluate", "--network", net_path, "--data", folder, *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"actlab: error: {text}") and err.count("\n") == 1


def test_no_data_anywhere_says_how_to_get_it(files, tmp_path, monkeypatch, capsys):
    _, net_path, _, _ = files
    monkeypatch.setattr(data, "FASHION_FOLDER", tmp_path / "no-fashion")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", "--network", net_path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apt-get install dataset-fashion-mnist" in err
    assert str(tmp_path / "no-fashion") in err


def test_the_data_refusal_speaks_japanese(files, tmp_path, monkeypatch, capsys):
    _, net_path, _, _ = files
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["evaluate", "--network", net_path, "--data", str(empty)]) == 2
    assert capsys.readouterr().err == (
        f"actlab: エラー: {empty} にはデータセットがありません: "
        "t10k-images-idx3-ubyte[.gz] も mnist.pkl もありません\n")


@pytest.mark.parametrize(("lang", "text"), [
    ("C.UTF-8", "actlab: error: u64.npz: the test labels hold class 18,446,744,073,709,551,615; "
                "actlab reads classes 0 to 65,535\n"),
    ("ja_JP.UTF-8", "actlab: エラー: u64.npz: test labelsにクラス 18,446,744,073,709,551,615 "
                    "があります。actlab が読めるのはクラス 0 から 65,535 までです\n"),
])
def test_the_reviewers_uint64_labels_are_one_line_not_a_traceback(files, tmp_path, monkeypatch,
                                                                 capsys, lang, text):
    _, net_path, _, _ = files
    monkeypatch.setenv("LANG", lang)
    train_x, train_t, test_x, _ = small_set()
    npz = write_keras_npz(tmp_path / "u64.npz",
                          (train_x, train_t, test_x, np.full(7, 2**64 - 1, np.uint64)))
    assert main(["evaluate", "--network", net_path, "--data", str(npz)]) == 2
    assert capsys.readouterr().err == text
