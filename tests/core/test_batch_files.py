"""core.load_batch: one sample per row, from CSV, JSON and .npy, refused in one line."""
import json

import numpy as np
import pytest

import core


def test_a_batch_reads_the_same_from_csv_json_and_npy(tmp_path):
    x = np.array([[1.0, -0.5], [2.5e-3, 4.0], [0.0, 7.0]])
    (tmp_path / "x.csv").write_text("1, -0.5\n2.5e-3 4\n\n0,7\n")
    (tmp_path / "x.json").write_text(json.dumps(x.tolist()))
    np.save(tmp_path / "x.npy", x)
    for name in ("x.csv", "x.json", "x.npy"):
        batch = core.load_batch(tmp_path / name, 2)
        np.testing.assert_array_equal(batch, x)
        assert batch.dtype == np.float64


def test_one_row_is_a_batch_of_one(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2, 3]")
    assert core.load_batch(tmp_path / "x.json", 3).shape == (1, 3)
    # load_vector still reads a CSV's numbers as one run, whatever its lines
    (tmp_path / "x.csv").write_text("1 2\n3\n")
    np.testing.assert_array_equal(core.load_vector(tmp_path / "x.csv", 3), [1.0, 2.0, 3.0])


@pytest.mark.parametrize("name,text,message", [
    ("ragged.csv", "1 2\n3\n", "ragged.csv has rows of different lengths"),
    ("wide.csv", "1 2 3\n4 5 6\n", "wide.csv holds an array of shape 2×3, not rows of 2 values"),
    ("empty.csv", "\n", "empty.csv holds an array of shape 0, not rows of 2 values"),
    ("nan.csv", "1 2\nnan 3\n", "nan.csv: x1 is nan"),
    ("text.csv", "1 a\n", "text.csv is not a list of numbers"),
    ("deep.json", "[[[1, 2]]]", "deep.json holds an array of shape 1×1×2"),
    ("cell.json", '[[1, "2"]]', 'cell.json: x[1][2] is "2", not a number'),
])
def test_a_bad_batch_is_one_line(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    with pytest.raises(core.FileFormatError) as error:
        core.load_batch(tmp_path / name, 2)
    assert message in str(error.value) and "\n" not in str(error.value)
