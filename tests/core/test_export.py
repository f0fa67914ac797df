"""Traces as files, layer summaries, strips and input images."""
import csv
import io
import json

import numpy as np
import pytest

import core
from core import curves, export


def book_trace():
    return core.forward(core.preset("book"), [1.0, 0.5])


def test_json_export_is_the_trace_command_format_at_full_precision():
    data = json.loads(export.trace_json(book_trace()))
    assert data["y"] == book_trace().y.tolist()
    assert list(data)[:3] == ["x", "a1", "z1"] and data["layers"][0]["activation"] == "sigmoid"


def test_csv_export_has_one_row_per_unit_and_round_trips_the_floats():
    rows = list(csv.DictReader(io.StringIO(export.trace_csv(book_trace()))))
    assert len(rows) == 3 + 2 + 2
    assert rows[-1]["layer"] == "3" and float(rows[-1]["z"]) == book_trace().y[1]


def test_markdown_export_has_a_table_per_layer():
    text = export.trace_markdown(book_trace())
    assert text.count("### layer") == 3 and "| unit | a3 | y |" in text
    a3, y = book_trace().a[2][0], book_trace().y[0]
    assert f"| 1 | {float(a3)!r} | {float(y)!r} |" in text


def test_layer_summary_counts_saturated_and_dead_units():
    network = core.Network.build([[[1.0, -1.0, 10.0, -10.0]]], [[0, 0, 0, 0]], ["relu"])
    summary = core.forward(network, [1.0]).layer_summary(1)
    assert (summary.a_min, summary.a_max, summary.dead, summary.units) == (-10.0, 10.0, 2, 4)
    assert summary.z_mean == pytest.approx(2.75)
    sigmoid = core.forward(network.with_activation(1, "sigmoid"), [1.0]).layer_summary(1)
    assert sigmoid.saturated == 2 and sigmoid.dead == 0


def test_strip_levels_use_the_functions_range_or_the_data():
    assert curves.levels([0.0, 0.5, 1.0, np.nan], 0.0, 1.0).tolist() == [0, 4, 7, -1]
    assert curves.strip_range("sigmoid", [0.2, 0.3]) == (0.0, 1.0)
    assert curves.strip_range("relu", [0.5, 3.0]) == (0.0, 3.0)


def test_input_image_is_row_by_row_for_square_lengths():
    x = np.arange(784) / 783
    image = curves.input_image(x)
    assert image.shape == (28, 28) and image[0, 1] == x[1] and image[1, 0] == x[28]
    assert curves.input_image(np.ones(10)) is None
    assert curves.input_image(np.array([2.0, 4.0, 6.0, 10.0] * 4))[0, 0] == 0.0


@pytest.mark.parametrize("name, content", [
    ("x.json", "[1, 2.5, -3]"), ("x.csv", "1, 2.5\n-3\n"), ("x.txt", "1 2.5 -3"),
])
def test_load_vector_reads_json_csv_and_text(tmp_path, name, content):
    (tmp_path / name).write_text(content)
    assert core.load_vector(tmp_path / name, 3).tolist() == [1.0, 2.5, -3.0]


def test_load_vector_reads_npy_and_checks_the_length(tmp_path):
    np.save(tmp_path / "x.npy", np.zeros((28, 28)))
    assert core.load_vector(tmp_path / "x.npy", 784).shape == (784,)
    with pytest.raises(core.FileFormatError, match="has 784 values but the network takes 2"):
        core.load_vector(tmp_path / "x.npy", 2)
    (tmp_path / "bad.csv").write_text("1, two")
    with pytest.raises(core.FileFormatError, match="bad.csv is not a list of numbers"):
        core.load_vector(tmp_path / "bad.csv")
