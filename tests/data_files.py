"""Small data-set files written the way MNIST, the book and Keras write them,
for tests that must not depend on a download."""
import gzip
import pickle
import struct
from pathlib import Path

import numpy as np

IDX_NAMES = {"train_images": "train-images-idx3-ubyte", "train_labels": "train-labels-idx1-ubyte",
             "test_images": "t10k-images-idx3-ubyte", "test_labels": "t10k-labels-idx1-ubyte"}


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes, as LeCun's page specifies it: 0, 0, 0x08,
    the number of dimensions, each dimension as a big-endian uint32, then the data."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
    return header + array.tobytes()


def small_set(seed: int = 0, n_train: int = 12, n_test: int = 7, side: int = 4, classes: int = 3):
    """uint8 images and labels: (train images, train labels, test images, test labels)."""
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 256, (n_train, side, side), dtype=np.uint8),
            rng.integers(0, classes, n_train, dtype=np.uint8),
            rng.integers(0, 256, (n_test, side, side), dtype=np.uint8),
            rng.integers(0, classes, n_test, dtype=np.uint8))


def write_idx_folder(folder: Path, arrays=None, gz: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    arrays = small_set() if arrays is None else arrays
    for name, array in zip(IDX_NAMES.values(), arrays):
        content = idx_bytes(array)
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(content))
        else:
            (folder / name).write_bytes(content)
    return folder


def write_book_pickle(path: Path, arrays=None, protocol: int = 4) -> Path:
    """The book's dataset/mnist.pkl: a dict of uint8 arrays, images as N × 784 rows."""
    train_x, train_t, test_x, test_t = small_set() if arrays is None else arrays
    # the width spelt out: numpy cannot infer a -1 from 0 images
    dataset = {"train_img": train_x.reshape(len(train_x), -1 if len(train_x) else 16),
               "train_label": train_t,
               "test_img": test_x.reshape(len(test_x), -1 if len(test_x) else 16),
               "test_label": test_t}
    with open(path, "wb") as handle:
        pickle.dump(dataset, handle, protocol)
    return path


def write_keras_npz(path: Path, arrays=None, compressed: bool = True) -> Path:
    """Keras's mnist.npz: x_train (N × 28 × 28 uint8), y_train, x_test, y_test."""
    train_x, train_t, test_x, test_t = small_set() if arrays is None else arrays
    save = np.savez_compressed if compressed else np.savez
    with open(path, "wb") as handle:
        save(handle, x_train=train_x, y_train=train_t, x_test=test_x, y_test=test_t)
    return path
