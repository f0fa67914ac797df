"""Data sets from the learner's files: IDX (raw and gzipped), the book's mnist.pkl,
Keras's mnist.npz, each checked against the uint8 arrays the test wrote; and
every refusal, which must come before any large allocation."""
import gzip
import io
import pickle
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

from core import data, messages
from core.errors import FileFormatError
from tests.data_files import (IDX_NAMES, idx_bytes, small_set, write_book_pickle,
                              write_idx_folder, write_keras_npz)


def expected_pixels(images: np.ndarray) -> np.ndarray:
    """The book's normalize=True, written as load_mnist writes it."""
    x = images.reshape(len(images), -1).astype(np.float32)
    x /= 255.0
    return x


def assert_same_set(dataset, arrays, train=True):
    train_x, train_t, test_x, test_t = arrays
    assert dataset.x_test.dtype == np.float32 and dataset.t_test.dtype == np.int64
    assert np.array_equal(dataset.x_test, expected_pixels(test_x))
    assert dataset.t_test.tolist() == test_t.tolist()
    assert dataset.shape == test_x.shape[1:]
    if train:
        assert np.array_equal(dataset.x_train, expected_pixels(train_x))
        assert dataset.t_train.tolist() == train_t.tolist()
    else:
        assert dataset.x_train is None and dataset.t_train is None


def refusal(path, train=True) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        data.load_data(path, train=train)
    text = str(caught.value)
    assert "\n" not in text and text
    return caught.value


# --- what is read --------------------------------------------------------------

@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzipped"])
def test_idx_folder_gives_the_books_normalised_pixels_row_by_row(tmp_path, gz):
    arrays = small_set()
    write_idx_folder(tmp_path, arrays, gz=gz)
    dataset = data.load_data(tmp_path)
    assert_same_set(dataset, arrays)
    # row by row: pixel (r, c) of image i is column r * side + c
    assert dataset.x_test[2, 1 * 4 + 3] == np.float32(arrays[2][2, 1, 3]) / np.float32(255)
    assert dataset.classes == max(arrays[1].max(), arrays[3].max()) + 1
    assert dataset.source == str(tmp_path)


def test_pixels_run_from_exactly_0_to_1(tmp_path):
    images = np.array([[[0, 255], [128, 1]]], dtype=np.uint8)
    arrays = (images, np.array([0], np.uint8), images, np.array([1], np.uint8))
    x = data.load_data(write_idx_folder(tmp_path, arrays)).x_test
    assert x.tolist() == [[0.0, 1.0, float(np.float32(128 / 255)), float(np.float32(1 / 255))]]


def test_the_test_half_alone_reads_no_training_file(tmp_path):
    arrays = small_set()
    write_idx_folder(tmp_path, arrays)
    (tmp_path / IDX_NAMES["train_images"]).write_bytes(b"damaged")
    assert_same_set(data.load_data(tmp_path, train=False), arrays, train=False)


def test_the_dotted_idx_names_of_some_mirrors_are_read(tmp_path):
    arrays = small_set()
    for name, array in zip(IDX_NAMES.values(), arrays):
        (tmp_path / name.replace("-idx", ".idx")).write_bytes(idx_bytes(array))
    assert_same_set(data.load_data(tmp_path), arrays)


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_the_books_mnist_pkl_is_read_through_the_restricted_loader(tmp_path, protocol):
    arrays = small_set(seed=3)
    path = write_book_pickle(tmp_path / "mnist.pkl", arrays, protocol)
    assert_same_set(data.load_data(path), arrays)
    assert_same_set(data.load_data(tmp_path), arrays)  # the book's dataset/ folder


def test_a_pickle_that_runs_code_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            import os
            return os.system, (f"touch {marker}",)

    path = tmp_path / "mnist.pkl"
    path.write_bytes(pickle.dumps({"train_img": Payload()}))
    error = refusal(path)
    assert "posix.system" in str(error) or "os.system" in str(error)
    assert not marker.exists()


@pytest.mark.parametrize("compressed", [False, True])
def test_keras_mnist_npz_is_read(tmp_path, compressed):
    arrays = small_set(seed=5)
    path = write_keras_npz(tmp_path / "mnist.npz", arrays, compressed)
    assert_same_set(data.load_data(path), arrays)
    assert_same_set(data.load_data(path, train=False), arrays, train=False)


# --- where it is looked for ----------------------------------------------------

def test_the_usual_places_are_the_books_keras_and_debians(tmp_path):
    places = data.usual_places(cwd=tmp_path / "ch03", home=tmp_path / "home")
    assert places == [tmp_path / "ch03" / "dataset", tmp_path / "dataset",
                      tmp_path / "home" / ".keras" / "datasets" / "mnist.npz",
                      data.FASHION_FOLDER]


def test_the_first_usual_place_with_a_data_set_is_taken(tmp_path):
    empty, book, keras = tmp_path / "empty", tmp_path / "dataset", tmp_path / "mnist.npz"
    empty.mkdir()
    write_book_pickle(book.mkdir() or book / "mnist.pkl")
    write_keras_npz(keras)
    assert data.find_data([tmp_path / "missing", empty, book, keras]) == book
    assert data.find_data([empty, keras, book]) == keras


def test_nothing_found_says_where_it_looked_and_how_to_get_one(tmp_path):
    with pytest.raises(FileFormatError) as caught:
        data.find_data([tmp_path / "dataset", tmp_path / "mnist.npz"])
    text = str(caught.value)
    assert "\n" not in text
    for part in (str(tmp_path / "dataset"), str(tmp_path / "mnist.npz"),
                 "apt-get install dataset-fashion-mnist", "dataset/mnist.py",
                 "keras.datasets.mnist.load_data()", "--data"):
        assert part in text
    messages.set_language("ja")
    assert "データセットが見つかりません" in str(caught.value)
    assert "apt-get install dataset-fashion-mnist" in str(caught.value)


# --- refusals: one line each, before anything large ----------------------------

def header(*dims, kind=0x08) -> bytes:
    return bytes([0, 0, kind, len(dims)]) + b"".join(struct.pack(">I", n) for n in dims)


def folder_with(tmp_path, role: str, content: bytes, gz: bool = False, labels: int = 7):
    """The small set, with `role`'s file replaced by `content` and as many
    test labels as the images' header claims."""
    train_x, train_t, test_x, _ = small_set()
    write_idx_folder(tmp_path, (train_x, train_t, test_x, np.zeros(labels, np.uint8)))
    name = IDX_NAMES[role]
    (tmp_path / name).unlink()
    (tmp_path / (f"{name}.gz" if gz else name)).write_bytes(
        gzip.compress(content) if gz else content)
    return tmp_path


@pytest.mark.parametrize(("content", "key"), [
    (b"", "idx_magic"),
    (b"\x00\x00\x0d\x03" + b"\x00" * 12, "idx_magic"),  # float IDX
    (b"P5\n4 4\n255\n", "idx_magic"),  # a PGM picture
    (header(7, 16), "idx_dims"),
    (header(7, 4, 4)[:10], "idx_size"),  # a header cut short
    (header(7, 4, 4) + bytes(7 * 16 - 1), "idx_size"),  # one byte missing
    (header(7, 4, 4) + bytes(7 * 16 + 1), "idx_trailing"),  # one byte too many
    (header(7, 0, 4), "idx_side"),
    (header(1, 100_000, 100_000), "idx_side"),
    (header(2**32 - 1, 28, 28), "data_too_big"),
], ids=["empty", "float", "pgm", "2-d", "short-header", "short", "long", "zero-side",
        "huge-side", "huge-count"])
def test_malformed_image_files_are_refused(tmp_path, content, key):
    assert refusal(folder_with(tmp_path, "test_images", content)).key == key


def test_a_header_claiming_more_than_the_file_holds_allocates_nothing_large(tmp_path):
    # 60,000 images claimed in 16 bytes: refused from the header and the file's size
    folder = folder_with(tmp_path, "test_images", header(60_000, 28, 28), labels=60_000)
    tracemalloc.start()
    try:
        assert refusal(folder).key == "idx_size"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20  # the claimed set is 47 MB of bytes, 188 MB as float32


def test_a_gzip_claiming_more_than_deflate_can_hold_is_refused_before_inflating(tmp_path):
    folder = folder_with(tmp_path, "test_images", header(100_000, 28, 28) + bytes(100), gz=True,
                         labels=100_000)
    tracemalloc.start()
    try:
        assert refusal(folder).key == "idx_size"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20  # 78 MB claimed


def test_a_gzip_bomb_is_read_only_to_the_size_its_header_claims(tmp_path):
    # 3 images claimed, then a gigabyte of zeros in 1,000 gzip members of 1 MB
    # each (about 1 MB on disk): refused after reading 3 × 16 + 1 bytes of it.
    member = gzip.compress(bytes(2**20))
    content = gzip.compress(header(3, 4, 4) + bytes(48)) + member * 1000
    folder = folder_with(tmp_path, "test_images", b"", labels=3)
    (folder / IDX_NAMES["test_images"]).unlink()
    (folder / f"{IDX_NAMES['test_images']}.gz").write_bytes(content)
    tracemalloc.start()
    try:
        error = refusal(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.key == "idx_trailing"
    assert peak < 4 * 2**20  # not the gigabyte


def test_a_cut_off_or_damaged_gzip_is_one_line(tmp_path):
    content = gzip.compress(idx_bytes(small_set()[2]))
    folder = folder_with(tmp_path, "test_images", b"")
    (folder / IDX_NAMES["test_images"]).unlink()
    path = folder / f"{IDX_NAMES['test_images']}.gz"
    path.write_bytes(content[:-12])  # the end of the deflate stream and the trailer
    error = refusal(folder)
    assert error.key == "data_unreadable" and "ended before" in str(error)
    crc = struct.unpack("<I", content[-8:-4])[0]
    path.write_bytes(content[:-8] + struct.pack("<I", crc ^ 1) + content[-4:])
    error = refusal(folder)
    assert error.key == "data_unreadable" and "CRC check failed" in str(error)


def test_a_labels_file_must_be_one_dimensional(tmp_path):
    folder = folder_with(tmp_path, "test_labels", idx_bytes(np.zeros((7, 2), np.uint8)))
    error = refusal(folder)
    assert error.key == "idx_dims"
    assert str(error) == (f"{IDX_NAMES['test_labels']} has 2 dimensions; IDX labels have 1")


def test_images_and_labels_must_count_alike(tmp_path):
    folder = folder_with(tmp_path, "test_labels", idx_bytes(np.zeros(8, np.uint8)))
    error = refusal(folder)
    assert str(error) == (f"{IDX_NAMES['test_images']} holds 7 images but "
                          f"{IDX_NAMES['test_labels']} holds 8 labels")


def test_counts_are_compared_from_the_headers_before_any_image_is_read(tmp_path):
    # 7 images claimed and none there, 8 labels: the count is wrong first
    folder = folder_with(tmp_path, "test_images", header(7, 4, 4), labels=8)
    assert refusal(folder).key == "data_counts"


def test_training_and_test_images_must_be_the_same_size(tmp_path):
    train_x, train_t, test_x, test_t = small_set()
    write_idx_folder(tmp_path, (np.zeros((12, 5, 5), np.uint8), train_t, test_x, test_t))
    error = refusal(tmp_path)
    assert str(error) == ("the training images are 5×5 pixels and the test images 4×4: "
                          "they must be the same size")
    assert data.load_data(tmp_path, train=False).shape == (4, 4)


def test_a_missing_file_and_an_empty_folder_are_named(tmp_path):
    write_idx_folder(tmp_path)
    (tmp_path / IDX_NAMES["train_labels"]).unlink()
    assert str(refusal(tmp_path)) == (f"{tmp_path} has no train-labels-idx1-ubyte "
                                      "(nor train-labels-idx1-ubyte.gz)")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert refusal(empty).key == "data_empty_folder"


def test_a_file_that_is_no_data_set_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    assert refusal(path).key == "data_not_data"
    assert refusal(tmp_path / "missing.npz").key == "cannot_read"


def test_a_pickle_of_another_shape_is_not_the_books(tmp_path):
    path = tmp_path / "mnist.pkl"
    path.write_bytes(pickle.dumps({"W1": np.zeros((2, 2))}))
    assert refusal(path).key == "data_pickle_keys"
    path.write_bytes(pickle.dumps([np.zeros(3)]))
    assert refusal(path).key == "data_pickle_keys"


def test_float_pixels_and_two_dimensional_labels_are_refused(tmp_path):
    train_x, train_t, test_x, test_t = small_set()
    path = write_keras_npz(tmp_path / "a.npz", (train_x, train_t, test_x / 255.0, test_t))
    assert str(refusal(path)) == ("a.npz: the test images hold float64 values; images must "
                                  "be bytes 0..255")
    path = write_keras_npz(tmp_path / "b.npz", (train_x, train_t, test_x, test_t[:, None]))
    assert refusal(path).key == "data_label_shape"
    path = write_keras_npz(tmp_path / "c.npz", (train_x, train_t, test_x, test_t[:-1]))
    assert refusal(path).key == "data_counts"


def test_an_npz_without_kerass_four_arrays_is_refused(tmp_path):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.zeros((1, 2, 2), np.uint8))
    assert refusal(path).key == "data_npz_keys"


def test_an_npz_of_python_objects_is_refused_without_unpickling(tmp_path):
    path = tmp_path / "mnist.npz"
    train_x, train_t, test_x, test_t = small_set()
    objects = np.empty(len(test_t), dtype=object)
    objects[:] = list(test_t)
    np.savez(path, x_train=train_x, y_train=train_t, x_test=test_x, y_test=objects)
    error = refusal(path)
    assert error.key == "data_bad_npz" and "Python objects" in str(error)


def npz_with_member(path, name: str, npy: bytes, declared_size: int | None = None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for key in ("x_train", "y_train", "x_test", "y_test"):
            content = npy if key == name else _npy(np.zeros((1, 2, 2) if key[0] == "x" else 1,
                                                            np.uint8))
            archive.writestr(f"{key}.npy", content)
    raw = buffer.getvalue()
    if declared_size is not None:  # what the central directory claims it inflates to
        raw = raw.replace(struct.pack("<I", len(npy)), struct.pack("<I", declared_size))
    path.write_bytes(raw)
    return path


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def npy_header(shape) -> bytes:
    """A well-formed .npy header of uint8 that claims `shape`, without the data."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": "|u1", "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def test_an_npz_header_claiming_a_huge_array_allocates_nothing_large(tmp_path):
    # 10^10 bytes claimed by a member that holds its header alone
    path = npz_with_member(tmp_path / "mnist.npz", "x_test", npy_header((10**10, 1, 1)))
    tracemalloc.start()
    try:
        error = refusal(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.key == "data_bad_npz" and "not the size its header gives" in str(error)
    assert peak < 4 * 2**20  # the file is read in 1 MB chunks; the claim is 10 GB


def test_an_npz_claiming_more_than_the_cap_is_refused_from_its_headers(tmp_path):
    # sizes consistent with the header (the zip's directory says the member
    # inflates to 12000² bytes): only the cap stops it
    npy = npy_header((1, 12000, 12000))
    path = npz_with_member(tmp_path / "mnist.npz", "x_test", npy,
                           declared_size=len(npy) + 12000 * 12000)
    # 12000² + the other three small arrays' 4 + 1 + 1 values
    assert str(refusal(path)) == ("mnist.npz claims 144,000,006 values; actlab reads data "
                                  f"sets of up to {data.MAX_VALUES:,}")


# --- labels, empty sets and messages a review found wrong ------------------------

def with_test_labels(tmp_path, labels, name="u64"):
    """A Keras npz and a book pkl whose test labels are `labels` (7 of them)."""
    train_x, train_t, test_x, _ = small_set()
    npz = write_keras_npz(tmp_path / f"{name}.npz", (train_x, train_t, test_x, labels))
    pkl = write_book_pickle(tmp_path / f"{name}.pkl", (train_x, train_t, test_x, labels))
    return npz, pkl


@pytest.mark.parametrize("value", [2**64 - 1, 2**63 + 5, data.MAX_CLASSES])
def test_labels_past_the_class_cap_are_refused_before_the_cast_to_int64(tmp_path, value):
    # 2**64 - 1 as int64 is -1 and 2**63 + 5 is negative: the cast must not come first
    for path in with_test_labels(tmp_path, np.full(7, value, np.uint64)):
        assert str(refusal(path, train=False)) == (
            f"{path.name}: the test labels hold class {value:,}; actlab reads classes "
            f"0 to {data.MAX_CLASSES - 1:,}")


def test_the_largest_label_under_the_cap_is_read(tmp_path):
    labels = np.full(7, data.MAX_CLASSES - 1, np.uint64)
    for path in with_test_labels(tmp_path, labels):
        assert data.load_data(path, train=False).t_test.tolist() == labels.tolist()


@pytest.mark.parametrize("reader", ["npz", "pkl", "idx"])
def test_an_empty_test_set_is_refused_in_one_line(tmp_path, reader):
    train_x, train_t, test_x, test_t = small_set()
    arrays = (train_x, train_t, test_x[:0], test_t[:0])
    if reader == "npz":
        path = write_keras_npz(tmp_path / "mnist.npz", arrays)
    elif reader == "pkl":
        path = write_book_pickle(tmp_path / "mnist.pkl", arrays)
    else:
        path = write_idx_folder(tmp_path / "set", arrays)
    name = "t10k-labels-idx1-ubyte" if reader == "idx" else path.name
    for train in (False, True):
        assert str(refusal(path, train=train)) == f"{name} holds no test images"


@pytest.mark.parametrize("reader", ["npz", "pkl"])
def test_an_empty_training_half_is_read_without_a_traceback(tmp_path, reader):
    # the reshape of 0 images must not ask numpy to infer a -1 from size 0
    train_x, train_t, test_x, test_t = small_set()
    arrays = (train_x[:0], train_t[:0], test_x, test_t)
    write = write_keras_npz if reader == "npz" else write_book_pickle
    dataset = data.load_data(write(tmp_path / f"mnist.{reader}", arrays))
    assert dataset.x_train.shape == (0, 16) and dataset.t_train.shape == (0,)


@pytest.mark.parametrize("shape", [(7, 0, 4), (7, 4, 0), (7, 0)])
def test_images_without_rows_or_columns_are_refused(tmp_path, shape):
    train_x, train_t, _, test_t = small_set()
    path = write_keras_npz(tmp_path / "mnist.npz",
                           (train_x, train_t, np.zeros(shape, np.uint8), test_t))
    rows, columns = shape[1:] if len(shape) == 3 else (0, 0)
    assert str(refusal(path, train=False)) == (
        f"mnist.npz claims images of {rows} × {columns} pixels; actlab reads images of 1 "
        f"to {data.MAX_SIDE} pixels a side")


def test_float_labels_are_refused(tmp_path):
    for path in with_test_labels(tmp_path, np.full(7, 1.0)):
        assert refusal(path, train=False).key == "data_label_shape"


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzipped"])
@pytest.mark.parametrize("role", ["test_images", "test_labels"])
def test_data_after_the_last_image_or_label_is_named_as_such(tmp_path, gz, role):
    arrays = small_set()
    folder = write_idx_folder(tmp_path, arrays)
    index = {"test_images": 2, "test_labels": 3}[role]
    content = idx_bytes(arrays[index]) + b"\x00" * 8
    path = folder / IDX_NAMES[role]
    path.unlink()
    if gz:
        path = path.with_name(path.name + ".gz")
        content = gzip.compress(content)
    path.write_bytes(content)
    want = arrays[index].size
    item = "image" if role == "test_images" else "label"
    assert str(refusal(folder, train=False)) == (
        f"{path.name} has data after its last {item} (its header claims {want:,} bytes)")


def test_a_damaged_data_set_npz_is_not_called_a_network(tmp_path):
    path = write_keras_npz(tmp_path / "mnist.npz", compressed=True)
    content = bytearray(path.read_bytes())
    content[60:80] = b"\xff" * 20  # inside x_test's or x_train's deflate stream
    path.write_bytes(bytes(content))
    text = str(refusal(path))
    assert text.startswith("mnist.npz is not a readable NPZ data set: ")
    assert "network" not in text


def test_a_data_set_npz_of_objects_says_data_set(tmp_path):
    path = tmp_path / "mnist.npz"
    train_x, train_t, test_x, test_t = small_set()
    objects = np.empty(len(test_t), dtype=object)
    objects[:] = list(test_t)
    np.savez(path, x_train=train_x, y_train=train_t, x_test=test_x, y_test=objects)
    assert str(refusal(path)) == ("mnist.npz is not a readable NPZ data set: it stores "
                                  "Python objects")
