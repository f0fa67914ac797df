"""The command line end to end, as a separate process where it matters."""
import json
import subprocess
import sys

import numpy as np
import pytest

import core
from tests.conftest import ROOT
from tests.data_files import small_set, write_idx_folder
from tui import cli
from tui.cli import main


def actlab(*args, check_status=None):
    result = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    if check_status is not None:
        assert result.returncode == check_status, result.stderr
    return result


def test_trace_json_has_the_books_names_and_full_precision():
    data = json.loads(actlab("trace", "--preset", "book", "--json", check_status=0).stdout)
    assert [k for k in data if k != "layers"] == ["x", "a1", "z1", "a2", "z2", "a3", "y"]
    assert data["y"] == core.forward(core.preset("book")).y.tolist()  # every bit
    assert np.allclose(data["y"], [0.31682708, 0.69627909], atol=5e-9)
    assert [layer["activation"] for layer in data["layers"]] == ["sigmoid", "sigmoid", "identity"]
    assert data["layers"][2]["z"] == data["y"]


def test_trace_with_relu_gives_the_reference(capsys):
    assert main(["trace", "--activation", "relu", "--json"]) == 0
    assert np.allclose(json.loads(capsys.readouterr().out)["y"], [0.426, 0.912], atol=1e-12)


def test_trace_takes_x_and_the_output_function(capsys):
    assert main(["trace", "--x", "-1", "2", "--output", "softmax", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["x"] == [-1.0, 2.0]
    expected = core.forward(core.preset("book").with_output("softmax"), [-1.0, 2.0]).y
    assert data["y"] == expected.tolist() and sum(data["y"]) == pytest.approx(1.0)


def test_trace_table_is_readable(capsys):
    assert main(["trace"]) == 0
    out = capsys.readouterr().out
    assert "layer 1  sigmoid" in out and "(1×2)·(2×3) + (3) → (3)" in out
    assert "y = [0.31682708, 0.69627909]" in out


def test_trace_uses_the_files_stored_x(tmp_path, capsys):
    path = core.save(core.preset("xor").with_x([1.0, 1.0]), tmp_path / "xor.json")
    assert main(["trace", "--network", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["x"] == [1.0, 1.0] and data["y"] == [0.0]


def test_naive_softmax_overflow_is_null_in_json(capsys):
    assert main(["act", "softmax_naive", "--x", "1010", "1000", "990", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["y"] == [None, None, None]


def test_huge_weights_warn_that_values_overflowed(tmp_path, capsys):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"W1": [[1e300]], "b1": [0], "W2": [[1e300]], "b2": [0],
                                "activations": ["identity", "softmax_naive"]}))
    assert main(["trace", "--network", str(path), "--x", "1e300"]) == 0
    assert "warning: nan or inf in a1, z1, a2, y (softmax_naive overflows" in (
        capsys.readouterr().err)


def test_act_values_and_derivatives(capsys):
    assert main(["act", "sigmoid", "--x", "0", "-1000", "--grad", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"name": "sigmoid", "x": [0.0, -1000.0], "y": [0.5, 0.0], "dy": [0.25, 0.0]}


def test_act_list_names_every_function_with_its_formula(capsys):
    assert main(["act", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in listed] == list(core.ACTIVATIONS)
    relu = next(f for f in listed if f["name"] == "relu")
    assert relu["formula"] == "h(x) = max(0, x)" and relu["range"] == [0.0, None]


def test_presets_lists_every_preset(capsys):
    assert main(["presets", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == ["book", "and", "or", "nand", "xor", "deep"]
    assert rows[0]["sizes"] == [2, 3, 2, 2]


@pytest.mark.parametrize("args, message", [
    (["trace", "--x", "1", "2", "3"], "x has 3 values but the network takes 2 inputs"),
    (["trace", "--preset", "bok"], "invalid choice: 'bok'"),
    (["trace", "--activation", "rleu"], "invalid choice: 'rleu'"),
    (["trace", "--x", "one"], "--x: 'one' is not a number"),
    (["trace", "--network", "missing.json"], "cannot read missing.json"),
    (["act", "rleu", "--x", "1"], "unknown function 'rleu'; choose one of: step"),
    (["act", "relu"], "give the inputs with --x"),
    (["trace", "--x", "nan", "1"], "x1 is nan; inputs must be finite numbers"),
    (["--network", "missing.json"], "cannot read missing.json"),
])
def test_bad_input_is_one_line_and_exit_status_2(args, message):
    result = actlab(*args, check_status=2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(("actlab", "usage"))


def test_malformed_network_file_exits_2_naming_the_problem(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"W1": [[1, 2]], "b1": [0, 0], "W2": [[1], [2], [3]], "b2": [0]}')
    result = actlab("trace", "--network", str(path), check_status=2)
    assert result.stderr == ("actlab: error: bad.json: layer 2: W2 has 3 rows but "
                             "layer 1 outputs 2 values\n")


# Every path of the command line that does not show the explorer, the output
# and the refusals: none may load the app's libraries (tests/core/
# test_import_hygiene.py does the same for core). Not here: `actlab` and
# `actlab serve` show the app, and `actlab --help` lists the explorer's keys
# from its bindings, which imports the app on purpose.
APP_LIBRARIES = {"textual", "rich", "plotext", "textual_plotext", "textual_serve",
                 "textual_fspicker"}
COMMAND_LINE_PATHS = [  # (arguments, exit status)
    *[(args, 0) for args in [
        ["trace"], ["trace", "--json"], ["trace", "--activation", "gelu", "--x", "1", "2"],
        ["act", "gelu", "--x", "1", "--json"], ["act", "--list"], ["presets"],
        ["landscape", "--inputs", "1", "2", "--steps", "3"],
        ["init-experiment", "--samples", "10"],
        ["digit", "--network", "{net}", "--image", "{image}"],
        ["grad", "--t", "0", "1"], ["grad", "--label", "1", "--check", "--json"],
        ["step", "--t", "0", "1", "--lr", "0.1", "--steps", "2", "--json"],
        ["evaluate", "--network", "{net}", "--data", "{data}", "--json"],
        ["dataset", "spiral"], ["dataset", "gate-or", "--json"],
        ["train", "--epochs", "1"], ["train", "--epochs", "1", "--json"],
        *[[command, "--help"] for command in ["trace", "act", "presets", "landscape",
                                              "init-experiment", "digit", "serve", "grad",
                                              "step", "evaluate", "dataset", "train"]]]],
    *[(args, 2) for args in [  # refusals: one line on stderr
        ["act", "rleu", "--x", "1"], ["trace", "--x", "nan"], ["serve", "--port", "70000"],
        ["digit", "--network", "{net}", "--image", "missing.npy"],
        ["grad", "--label", "7"], ["step", "--t", "0", "1", "--lr", "-1"],
        ["evaluate", "--network", "{net}", "--data", "missing"],
        ["dataset", "moons"], ["train", "--data", "missing.csv"]]],
]


@pytest.fixture
def digit_files(tmp_path):
    network = core.random_network([784, 10], ["identity"], seed=1)
    image = tmp_path / "drawing.npy"
    np.save(image, np.eye(28))
    folder = write_idx_folder(tmp_path / "data", small_set(side=28, classes=10), gz=True)
    return {"net": str(core.save(network, tmp_path / "net.npz")), "image": str(image),
            "data": str(folder)}


def test_every_command_is_on_the_list():
    from tui.cli import COMMANDS
    assert {args[0] for args, _ in COMMAND_LINE_PATHS} == set(COMMANDS)


@pytest.mark.parametrize(("args", "status"), COMMAND_LINE_PATHS,
                         ids=[" ".join(args) for args, _ in COMMAND_LINE_PATHS])
def test_command_line_paths_never_import_the_apps_libraries(args, status, digit_files):
    args = [arg.format(**digit_files) for arg in args]
    code = ("import sys\nfrom tui.cli import main\n"
            f"try:\n    status = main({args!r})\nexcept SystemExit as exit:\n"
            "    status = exit.code\n"
            "loaded = sorted({m.split('.')[0] for m in sys.modules})\n"
            "print('\\n', status, *loaded, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True)
    *said, last = result.stderr.splitlines()
    exit_status, *loaded = last.split()
    assert "numpy" in loaded  # the check can see imports at all
    assert APP_LIBRARIES.isdisjoint(loaded), APP_LIBRARIES & set(loaded)
    assert exit_status == str(status), result.stderr
    assert (result.stdout if status == 0 else "".join(said)).strip()  # it said something


def test_help_lists_the_commands_and_every_key():
    out = actlab("--help", check_status=0).stdout
    for command in ("actlab trace", "actlab act", "actlab presets", "actlab serve",
                    "actlab landscape", "actlab init-experiment", "actlab digit",
                    "actlab grad", "actlab step", "actlab evaluate", "actlab dataset",
                    "actlab train"):
        assert command in out
    from tui.app import ActLabApp
    from tui.i18n import t
    for _, bindings in ActLabApp.key_sections():
        for binding in bindings:
            assert t(f"tip.{binding.id}") in out


def test_errors_speak_japanese_when_the_locale_does(monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    result = actlab("trace", "--x", "1", "2", "3", check_status=2)
    assert result.stderr == ("actlab: エラー: x の値は 3 個ですが、ネットワークの入力は 2 個です "
                             "(W1 は 2 行)\n")
    bad = actlab("trace", "--preset", "book", "--activation", "relu", "--x", "nan", "1",
                 check_status=2)
    assert "x1 が nan です" in bad.stderr


def test_file_errors_in_japanese_name_the_layer(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "ja_JP.UTF-8")
    path = tmp_path / "bad.json"
    path.write_text('{"W1": [[1, 2]], "b1": [0, 0], "W2": [[1], [2], [3]], "b2": [0]}')
    result = actlab("trace", "--network", str(path), check_status=2)
    assert result.stderr == ("actlab: エラー: bad.json: 第2層: W2 の行数は 3 ですが、"
                             "第1層の出力は 2 個です\n")


@pytest.mark.parametrize("lang, line", [("C", "actlab: interrupted\n"),
                                        ("ja_JP.UTF-8", "actlab: 中断しました\n")])
def test_ctrl_c_during_a_command_is_one_line_and_status_130(capsys, monkeypatch, lang, line):
    def interrupted(argv):
        raise KeyboardInterrupt  # what SIGINT raises in the middle of any command
    monkeypatch.setenv("LANG", lang)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setitem(cli.COMMANDS, "train", interrupted)
    assert main(["train"]) == 130
    assert capsys.readouterr().err == line
