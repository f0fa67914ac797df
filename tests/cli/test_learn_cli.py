"""`actlab grad` and `actlab step`: their JSON equals core's numbers bit for bit,
batches from files, and every refusal is one line with status 2."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import core
from tests.conftest import ROOT

W_SIMPLENET = [[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]


def actlab(*args, status=None, lang="C.UTF-8"):
    env = {**os.environ, "LANG": lang}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    result = subprocess.run([sys.executable, "-m", "tui", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=env)
    if status is not None:
        assert result.returncode == status, result.stderr
    return result


def refused(*args, lang="C.UTF-8") -> str:
    result = actlab(*args, status=2, lang=lang)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def simplenet(tmp_path):
    network = core.Network.build([W_SIMPLENET], [[0.0, 0.0, 0.0]], ["softmax"])
    return core.save(network, tmp_path / "simplenet.json")


def test_grad_json_is_cores_backward_bit_for_bit():
    data = json.loads(actlab("grad", "--t", 0, 1, "--json", status=0).stdout)
    network = core.preset("book")
    gradients = core.backward(network, core.forward(network), [0.0, 1.0], "sse")
    assert list(data) == ["loss", "layers"]
    assert data["loss"] == gradients.loss
    assert len(data["layers"]) == 3
    for layer, delta, dz, dW, db in zip(data["layers"], gradients.delta, gradients.dz,
                                        gradients.dW, gradients.db):
        assert list(layer) == ["delta", "dz", "dW", "db"]
        assert layer["delta"] == delta.tolist() and layer["dz"] == dz.tolist()
        assert layer["dW"] == dW.tolist() and layer["db"] == db.tolist()
    # the worked example: δ3 = y − t = [0.3168, −0.3037], δ2₁ = −0.0139
    np.testing.assert_allclose(data["layers"][2]["delta"], [0.3168, -0.3037], atol=5e-5)
    assert data["layers"][1]["delta"][0] == pytest.approx(-0.0139, abs=5e-5)


def test_grad_check_lists_every_array_as_core_does():
    data = json.loads(actlab("grad", "--t", 0, 1, "--check", "--json", status=0).stdout)
    rows = core.gradient_check(core.preset("book"), None, [0.0, 1.0], "sse")
    assert [row["array"] for row in data["check"]] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for shown, row in zip(data["check"], rows):
        assert list(shown) == ["array", "max_abs", "max_rel", "causes"]
        assert shown["max_abs"] == row.max_abs and shown["max_rel"] == row.max_rel
        assert 0 < shown["max_abs"] < 1e-9 and shown["causes"] == []


def test_grad_of_the_books_simplenet_with_a_label(simplenet):
    data = json.loads(actlab("grad", "--network", simplenet, "--x", 0.6, 0.9, "--label", 2,
                             "--loss", "cross_entropy", "--json", status=0).stdout)
    np.testing.assert_allclose(data["layers"][0]["dW"], [[0.21924763, 0.14356247, -0.36281009],
                                                         [0.32887144, 0.2153437, -0.54421514]],
                               atol=2e-8)
    assert data["loss"] == pytest.approx(0.92806853663411326, abs=1e-8)


def test_grad_text_shows_every_delta_and_the_loss_with_its_formula():
    out = actlab("grad", "--t", 0, 1, status=0).stdout
    assert "E = 0.5·Σ(y − t)² = 0.09631289" in out
    assert "δ2 = ∂L/∂a2" in out and "-0.01391109" in out
    assert ("  ∂L/∂W3 = [[0.19841276, -0.19020503],\n"
            "            [0.24427706, -0.23417207]]\n"
            "  ∂L/∂b3 = [0.31682708, -0.30372091]") in out
    assert max(len(line) for line in out.splitlines()) <= 80
    out = actlab("grad", "--t", 0, 1, "--check", status=0).stdout
    assert "gradient check" in out and "W1    max |Δ|" in out


def test_grad_text_of_a_784_input_network_fits_80_columns(tmp_path):
    # x used to be printed whole: one line of 9,575 characters.
    network = core.random_network([784, 50, 10], ["sigmoid", "softmax"])
    x = np.random.default_rng(1).uniform(0, 1, 784)
    path = core.save(network.with_x(x), tmp_path / "net.json")
    out = actlab("grad", "--network", path, "--label", 3, status=0).stdout
    lines = out.splitlines()
    assert lines[0] == f"{path} · 784-50-10"  # the path as typed, however long
    assert max(len(line) for line in lines[1:]) <= 80
    assert lines[1] == f"x = [{', '.join(f'{v:.8f}' for v in x[:4])}, …]"
    assert lines[2] == "t = [0.00000000, 0.00000000, 0.00000000, 1.00000000, …]"


def test_a_gradient_check_too_long_to_wait_for_is_one_line(tmp_path):
    network = core.random_network([784, 50, 100, 10], ["sigmoid", "sigmoid", "softmax"])
    path = core.save(network, tmp_path / "net.json")
    np.save(tmp_path / "x.npy", np.zeros((500, 784)))
    line = refused("grad", "--network", path, "--x-file", tmp_path / "x.npy", "--label",
                   *([0] * 500), "--check")
    assert "a gradient check of 500 samples through 784-50-100-10 is too long" in line
    # without --check the same batch is backpropagated at once
    actlab("grad", "--network", path, "--x-file", tmp_path / "x.npy", "--label", *([0] * 500),
           "--json", status=0)


def test_a_batch_from_a_file_gives_the_batch_mean(tmp_path):
    (tmp_path / "x.csv").write_text("1, 0.5\n-0.3 2\n\n0 0\n")
    data = json.loads(actlab("grad", "--x-file", tmp_path / "x.csv", "--label", 0, 1, 1,
                             "--json", status=0).stdout)
    network = core.preset("book")
    x = np.array([[1.0, 0.5], [-0.3, 2.0], [0.0, 0.0]])
    singles = [core.backward(network, core.forward(network, x[i]), label, "sse")
               for i, label in enumerate([0, 1, 1])]
    assert data["loss"] == pytest.approx(np.mean([g.loss for g in singles]), rel=1e-15)
    np.testing.assert_allclose(data["layers"][0]["dW"], np.mean([g.dW[0] for g in singles], 0),
                               rtol=1e-13)
    assert np.array(data["layers"][2]["delta"]).shape == (3, 2)  # one row per sample
    # the same batch as JSON and .npy, and t from a file
    (tmp_path / "x.json").write_text(json.dumps(x.tolist()))
    np.save(tmp_path / "t.npy", np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]))
    again = json.loads(actlab("grad", "--x-file", tmp_path / "x.json", "--t-file",
                              tmp_path / "t.npy", "--json", status=0).stdout)
    assert again == data
    text = actlab("grad", "--x-file", tmp_path / "x.csv", "--label", 0, 1, 1, status=0).stdout
    assert "a batch of 3: loss and gradients are its means" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_step_json_follows_gradient_descent_and_saves_the_result(tmp_path):
    out = tmp_path / "after.json"
    data = json.loads(actlab("step", "--t", 0, 1, "--lr", 0.5, "--steps", 3, "--save", out,
                             "--json", status=0).stdout)
    network = core.preset("book")
    x = network.default_x()
    expected = []
    for _ in range(3):
        gradients = core.backward(network, core.forward(network, x), [0.0, 1.0], "sse")
        network = core.gradient_step(network, gradients, 0.5)
        expected.append(core.loss(core.forward(network, x), [0.0, 1.0], "sse"))
    assert data["losses"] == expected
    assert data["initial_loss"] > data["losses"][0] > data["losses"][1] > data["losses"][2]
    assert data["lr"] == 0.5 and data["saved"] == str(out)
    assert core.load(out).same_as(network)


def test_step_text_shows_the_loss_after_each_step():
    lines = actlab("step", "--t", 0, 1, "--lr", 0.1, "--steps", 2, status=0).stdout.splitlines()
    assert lines[0].startswith("step      0  E = 0.5·Σ(y − t)² = 0.09631289")
    assert [line.split()[1] for line in lines] == ["0", "1", "2"]


def test_too_large_a_rate_diverges_visibly_then_is_refused_in_one_line():
    result = actlab("step", "--t", 0, 1, "--lr", 1e308, "--steps", 5, status=2)
    assert result.stdout.splitlines()[1].endswith("= inf")  # the loss the learner watches
    assert result.stderr == ("actlab: error: a step with learning rate 1e+308 makes W3 "
                             "infinite: the rate is far too large\n")


@pytest.mark.parametrize("args,message", [
    (["grad", "--label", 2], "there is no class 2: the network's 2 outputs are classes 0 to 1"),
    (["grad", "--t", 1, 2, 3], "t has 3 values but the network has 2 outputs"),
    (["grad", "--t", 0, "nan"], "t2 is nan; a target must be finite numbers"),
    (["grad", "--t", 0, 1, "--loss", "cross_entropy"],
     "cross-entropy needs an output of probabilities (softmax, softmax_naive, sigmoid), "
     "not identity"),
    (["grad", "--x", 1, "--t", 0, 1], "x has 1 value but the network takes 2 inputs"),
    (["grad"], "one of the arguments --t --label --t-file is required"),
    (["grad", "--t", 0, 1, "--label", 1], "not allowed with argument"),
    (["grad", "--x-file", "missing.csv", "--t", 0, 1], "cannot read missing.csv"),
    (["grad", "--x-file", "", "--t", 0, 1], "--x-file needs a file name"),
    (["step", "--t", 0, 1, "--lr", 0], "the learning rate must be a finite number above 0, not 0"),
    (["step", "--t", 0, 1, "--lr", "nan"], "the learning rate must be a finite number above 0"),
    (["step", "--t", 0, 1], "the following arguments are required: --lr"),
    (["step", "--t", 0, 1, "--lr", 0.1, "--steps", 0], "must be a whole number from 1 to 100000"),
    (["step", "--t", 0, 1, "--lr", 0.1, "--save", "out.txt"], "cannot save as .txt"),
    (["step", "--t", 0, 1, "--lr", 0.1, "--save", ""], "--save needs a file name"),
])
def test_bad_input_is_one_line_and_status_2(args, message):
    line = refused(*args)
    assert line.startswith("actlab: error: ") and message in line


def test_bad_batch_files_are_one_line(tmp_path):
    (tmp_path / "ragged.csv").write_text("1 2\n3\n")
    assert "ragged.csv has rows of different lengths" in refused(
        "grad", "--x-file", tmp_path / "ragged.csv", "--t", 0, 1)
    (tmp_path / "wide.json").write_text("[[1, 2, 3]]")
    assert "wide.json holds an array of shape 1×3, not rows of 2 values" in refused(
        "grad", "--x-file", tmp_path / "wide.json", "--t", 0, 1)
    (tmp_path / "x.csv").write_text("1 2\n3 4\n")
    assert "t has 3 rows but x has 2 samples" in refused(
        "grad", "--x-file", tmp_path / "x.csv", "--label", 0, 1, 1)
    (tmp_path / "inf.csv").write_text("1 2\n3 inf\n")
    assert "x2 is inf" in refused("grad", "--x-file", tmp_path / "inf.csv", "--t", 0, 1)


def test_a_refused_save_runs_no_step(tmp_path):
    # Refused before the steps: nothing printed, nothing written.
    result = actlab("step", "--t", 0, 1, "--lr", 0.1, "--save", tmp_path / "out.pkl", status=2)
    assert result.stdout == "" and not (tmp_path / "out.pkl").exists()


def test_refusals_speak_japanese_when_the_locale_does():
    line = refused("grad", "--label", 5, lang="ja_JP.UTF-8")
    assert line == "actlab: エラー: クラス 5 はありません。出力 2 個のクラスは 0 から 1 までです"
    line = refused("step", "--t", 0, 1, "--lr", -1, lang="ja_JP.UTF-8")
    assert "学習率は 0 より大きい有限の数にしてください" in line


def test_grad_text_counts_a_japanese_name_in_terminal_columns():
    # A file name in Japanese takes two columns a character: the one-line
    # heading must fit 80 columns, not 80 characters.
    from rich.cells import cell_len

    from tui.cli_learn import grad_table
    network = core.preset("book")
    trace = core.forward(network)
    target = [0.0, 1.0]
    gradients = core.backward(network, trace, target, "sse")
    base = len(grad_table(network, trace, gradients, target, "sse", "").splitlines()[0])
    name = "重" * (80 - base)  # 80 characters, 80 + (80 − base) columns, on one line
    lines = grad_table(network, trace, gradients, target, "sse", name).splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[0] == f"{name} · 2-3-2-2"
