"""actlab landscape, init-experiment and digit: scriptable, JSON like trace."""
import json

import numpy as np
import pytest

import core
from tui.cli import main


def run_json(capsys, *args):
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_landscape_json_is_indexed_row_column_output(capsys):
    data = run_json(capsys, "landscape", "--inputs", "1", "2", "--range", "-1", "1",
                    "--steps", "3", "--json")
    assert data["u"] == [-1.0, 0.0, 1.0] and data["v"] == [-1.0, 0.0, 1.0]
    y = np.array(data["y"])
    assert y.shape == (3, 3, 2)
    assert y[0, 2].tolist() == core.forward(core.preset("book"), [1.0, -1.0]).y.tolist()


def test_landscape_holds_other_inputs_at_the_given_x(capsys):
    path_args = ["--preset", "deep", "--x"] + ["0.5"] * 100
    data = run_json(capsys, "landscape", *path_args, "--inputs", "3", "7", "--steps", "2",
                    "--json")
    x = np.full(100, 0.5)
    x[2], x[6] = -3.0, 3.0
    assert np.allclose(data["y"][1][0], core.forward(core.preset("deep"), x).y)


def test_init_experiment_json_counts_every_value(capsys):
    data = run_json(capsys, "init-experiment", "--activation", "relu", "--init", "he",
                    "--samples", "100", "--layers", "3", "--width", "20", "--bins", "10",
                    "--json")
    assert len(data) == 3
    for layer in data:
        assert sum(layer["counts"]) == 100 * 20 and len(layer["edges"]) == 11
        assert 0.0 <= layer["dead"] <= 1.0 and layer["saturated"] == 0.0


def test_init_experiment_reads_std_and_is_reproducible(capsys):
    first = run_json(capsys, "init-experiment", "--init", "std:0.01", "--samples", "50",
                     "--json")
    again = run_json(capsys, "init-experiment", "--init", "std:0.01", "--samples", "50",
                     "--json")
    assert first == again
    assert first[-1]["edges"][-1] - first[-1]["edges"][0] < 0.1  # std 0.01: all near 0.5


def test_digit_json_runs_the_centred_drawing_through_the_network(capsys, tmp_path,
                                                                 sample_weight_path):
    drawing = np.zeros((28, 28))
    drawing[3:23, 14:17] = 255  # a "1", off centre, in 0..255
    np.save(tmp_path / "one.npy", drawing)
    data = run_json(capsys, "digit", "--network", str(sample_weight_path), "--image",
                    str(tmp_path / "one.npy"), "--json")
    x = core.digits.digit_input(drawing)
    assert data["x"] == x.tolist()
    y = core.forward(core.load(sample_weight_path).with_output("softmax"), x).y
    assert data["y"] == y.tolist() and sum(data["y"]) == pytest.approx(1.0)
    assert data["digit"] == int(np.argmax(y))


@pytest.mark.parametrize("args, message", [
    (["landscape", "--inputs", "1", "1"], "two different inputs from 1 to 2, not 1 and 1"),
    (["landscape", "--inputs", "1", "3"], "two different inputs from 1 to 2, not 1 and 3"),
    (["init-experiment", "--init", "std:abc"], "std:S needs a number"),
    (["init-experiment", "--init", "kaiming"], "use std:S (e.g. std:0.01), xavier or he"),
    (["digit", "--network", "missing.pkl", "--image", "x.npy"], "cannot read missing.pkl"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        status = main(args)
        raise SystemExit(status)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_init_experiment_too_big_to_hold_is_one_line_and_status_2(capsys):
    # 100,000 × 5 × 1000 values would be 4 GB of z kept for the histograms.
    assert main(["init-experiment", "--samples", "100000", "--width", "1000"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "500,000,000 values" in error and "50,000,000" in error
    assert main(["init-experiment", "--samples", "10", "--width", "2000"]) == 2
    assert "20,000,000 weights" in capsys.readouterr().err
