"""Network files: round trips, the book's formats, malformed files, atomic saves."""
import io
import json
import os
import pickle
import zipfile

import numpy as np
import pytest

import core
from core import files


def same_network(a: core.Network, b: core.Network) -> bool:
    return a.activations == b.activations and all(
        np.array_equal(p.W, q.W) and np.array_equal(p.b, q.b)
        for p, q in zip(a.layers, b.layers))


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_round_trip_keeps_every_bit(tmp_path, suffix):
    network = core.random_network([3, 4, 2], ["tanh", "softmax"], init="he", seed=7)
    network = network.with_x([0.1, 1 / 3, -2e-17])
    path = core.save(network, tmp_path / f"net{suffix}")
    loaded = core.load(path)
    assert same_network(network, loaded)
    assert np.array_equal(loaded.x, network.x)


def test_json_is_the_books_dict_form(tmp_path):
    path = core.save(core.preset("book"), tmp_path / "book.json")
    data = json.loads(path.read_text())
    assert list(data) == ["W1", "b1", "W2", "b2", "W3", "b3", "activations", "x"]
    assert data["W1"] == [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
    assert data["activations"] == ["sigmoid", "sigmoid", "identity"]


def test_books_np_savez_loads_as_is_with_default_functions(tmp_path):
    book = core.preset("book")
    network = {f"{letter}{k}": getattr(layer, letter)
               for k, layer in enumerate(book.layers, start=1) for letter in "Wb"}
    np.savez(tmp_path / "book.npz", **network)
    loaded = core.load(tmp_path / "book.npz")
    assert loaded.activations == ["sigmoid", "sigmoid", "identity"]
    assert np.allclose(core.forward(loaded, [1.0, 0.5]).y, [0.31682708, 0.69627909])


def test_json_without_activations_defaults_to_sigmoid_then_identity():
    network = core.loads_json('{"W1": [[1, 2]], "b1": [0, 0], "W2": [[1], [1]], "b2": [0]}')
    assert network.activations == ["sigmoid", "identity"]


def test_books_sample_pickle_loads_through_the_restricted_unpickler(sample_weight_path):
    network = core.load(sample_weight_path)
    assert network.sizes == [784, 50, 100, 10]
    assert network.layers[0].W.dtype == np.float64
    # as ch. 3's neuralnet_mnist.py runs it: y is ten probabilities
    assert network.activations == ["sigmoid", "sigmoid", "softmax"]


def test_a_file_without_activations_is_the_books_ch3_network_with_identity_output():
    data = json.loads(core.files.dumps_json(core.preset("book")))
    del data["activations"]
    network = core.loads_json(json.dumps(data))
    assert network.activations == ["sigmoid", "sigmoid", "identity"]


class RunsCode:
    def __reduce__(self):
        return (os.system, ("touch pwned-by-pickle",))


def test_a_pickle_that_would_run_code_is_refused_without_running_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evil.pkl").write_bytes(pickle.dumps({"W1": RunsCode()}))
    with pytest.raises(core.FileFormatError, match="asks for posix.system"):
        core.load(tmp_path / "evil.pkl")
    assert not (tmp_path / "pwned-by-pickle").exists()


def test_numpy_arrays_pickled_by_numpy_2_also_load(tmp_path):
    book = core.preset("book")
    data = {f"W{k}": layer.W.astype(np.float32) for k, layer in enumerate(book.layers, 1)}
    data.update({f"b{k}": layer.b for k, layer in enumerate(book.layers, 1)})
    for protocol in (2, 4, 5):
        path = tmp_path / f"p{protocol}.pkl"
        path.write_bytes(pickle.dumps(data, protocol=protocol))
        assert core.load(path).sizes == [2, 3, 2, 2]


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


GOOD = {"W1": [[1.0, 2.0]], "b1": [0.0, 0.0]}


def as_json(**changes) -> bytes:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not None}).encode()


def huge_npz() -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, W1=np.zeros((20_000, 600)), b1=np.zeros(600))
    return buffer.getvalue()


MALFORMED = {
    "truncated.json": (b'{"W1": [[1.0, 2.0]], "b1": [0', "not valid JSON"),
    "empty.json": (b"", "not valid JSON"),
    "list.json": (b"[[1, 2]]", "holds a list"),
    "string-cell.json": (as_json(W1=[[1.0, "abc"]]), r'W1\[1\]\[2\] is "abc", not a number'),
    "bool-cell.json": (as_json(b1=[True, 0.0]), r"b1\[1\] is true, not a number"),
    "null-cell.json": (as_json(b1=[None, 0.0]), r"b1\[1\] is null, not a number"),
    "nan-text.json": (b'{"W1": [[NaN, 2.0]], "b1": [0, 0]}', "W1 has nan at row 1, column 1"),
    "infinity.json": (b'{"W1": [[1.0, 2.0]], "b1": [Infinity, 0]}', "b1 has inf at position 1"),
    "ragged.json": (as_json(W1=[[1.0, 2.0], [3.0]]), "W1 has rows of different lengths"),
    "missing-b.json": (json.dumps({"W1": [[1.0]]}).encode(), "has no b1"),
    "gap.json": (as_json(W3=[[1.0]], b3=[0.0]), "has no W2"),
    "no-network.json": (b'{"x": [1, 2]}', "has no W1"),
    "unknown-key.json": (as_json(W1_extra=[1]), "unknown key 'W1_extra'"),
    "wrong-rows.json": (as_json(W2=[[1.0], [2.0], [3.0]], b2=[0.0]),
                        "layer 2: W2 has 3 rows but layer 1 outputs 2 values"),
    "bias-length.json": (as_json(b1=[0.0]), "b1 has 1 value but W1 has 2 columns"),
    "vector-W.json": (as_json(W1=[1.0, 2.0]), "W1 must be a matrix"),
    "bad-activation.json": (as_json(activations=["sigmiod"]), "unknown function 'sigmiod'"),
    "activations-count.json": (as_json(activations=["relu", "identity"]),
                               "lists 2 functions but the network has 1 layer"),
    "softmax-hidden.json": (as_json(W2=[[1.0], [1.0]], b2=[0.0],
                                    activations=["softmax", "identity"]),
                            "softmax is an output function"),
    "x-length.json": (as_json(x=[1.0, 2.0, 3.0]), "x has 3 values but the network takes 1 input"),
    "text-array.npz": (npz_bytes(W1=np.array([["a", "b"]]), b1=np.zeros(2)), "not numbers"),
    "object-array.npz": (npz_bytes(W1=np.array([[1, None]], dtype=object), b1=np.zeros(2)),
                         "stores Python objects"),
    "huge.npz": (huge_npz(), "12,000,600 parameters; actlab opens at most 10,000,000"),
    "broken.npz": (b"PK\x03\x04 not really a zip archive", "not a readable NPZ"),
    "truncated.pkl": (pickle.dumps(GOOD)[:20], "not a readable pickle"),
    "binary.bin": (bytes(range(256)), "not a JSON, NPZ or pickle network file"),
    "object.pkl": (pickle.dumps({"W1": io.BytesIO()}), "asks for _io.BytesIO"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_files_are_refused_with_one_clear_line(tmp_path, name):
    content, message = MALFORMED[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(core.FileFormatError, match=message) as caught:
        core.load(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(name) or "refused" in str(caught.value)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(core.FileFormatError, match="cannot read .*No such file"):
        core.load(tmp_path / "nothing.json")


def test_saving_a_pickle_is_refused(tmp_path):
    with pytest.raises(core.FileFormatError, match="saves .json or .npz"):
        core.save(core.preset("book"), tmp_path / "book.pkl")


def test_an_interrupted_save_leaves_the_old_file_byte_identical(tmp_path, monkeypatch):
    path = core.save(core.preset("book"), tmp_path / "net.json")
    before = path.read_bytes()

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(core.FileFormatError, match="cannot save .*No space left"):
        core.save(core.preset("xor"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temporary left


def test_saving_keeps_the_files_permissions(tmp_path):
    path = core.save(core.preset("book"), tmp_path / "net.json")
    path.chmod(0o640)
    core.save(core.preset("xor"), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_npz_shapes_are_read_before_the_arrays(tmp_path):
    path = tmp_path / "huge.npz"
    path.write_bytes(huge_npz())
    assert files._npz_shapes(path)["W1"] == (20_000, 600)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("W1.npy").compress_size < 1_000_000


def test_every_core_message_has_both_languages_and_the_same_placeholders():
    import re

    from core import messages
    assert set(messages.EN) == set(messages.JA)
    for key, text in messages.EN.items():
        assert set(re.findall(r"{(\w+)", text)) == set(re.findall(r"{(\w+)", messages.JA[key]))


def test_an_error_is_worded_in_the_language_current_when_it_is_shown(tmp_path):
    from core import messages
    (tmp_path / "gap.json").write_text(json.dumps({**GOOD, "W3": [[1.0]], "b3": [0.0]}))
    with pytest.raises(core.FileFormatError) as caught:
        core.load(tmp_path / "gap.json")
    assert str(caught.value) == "gap.json has no W2 (it has W1..W3)"
    messages.set_language("ja")
    assert str(caught.value) == "gap.json に W2 がありません (W1..W3 があります)"
