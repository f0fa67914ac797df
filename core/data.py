"""Image data sets from the files learners have: MNIST or Fashion-MNIST as the
four IDX files (gzipped or not), the book's dataset/mnist.pkl, Keras's mnist.npz.

Every reader checks the sizes a header claims against the file and against
MAX_VALUES before it allocates or inflates anything: a damaged or hostile
file costs the time of reading its header, not the memory it asks for.

Pixels come out as the book's load_mnist(normalize=True) gives them: float32
in 0..1 (k / 255), one flattened row-major row per image. float32, not float64,
is a stated choice: it is what the book feeds its networks, and it holds the
60,000 training images in 188 MB instead of 376 MB; each batch becomes float64
on its way into forward(). Labels are class indices (int64), not one-hot.
"""
from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import FileFormatError

# MNIST and Fashion-MNIST are 55 million pixels (60,000 + 10,000 of 28 × 28) and
# EMNIST balanced 103 million: the cap (512 MB as float32) keeps a damaged header
# from asking for more memory than a real data set needs.
MAX_VALUES = 2**27
MAX_SIDE = 1024  # pixels a row or a column; MNIST's are 28
# Labels index the network's outputs: MNIST has 10 classes, EMNIST 62. A class
# of 65,536 or more is a damaged file, and refusing it before the cast to int64
# keeps a uint64 2**64 - 1 from becoming -1.
MAX_CLASSES = 2**16
# deflate never shrinks data more than about 1032 to 1: a gzip that claims more
# than this per compressed byte cannot hold what its header says.
MAX_DEFLATE_RATIO = 1100
_IDX_UBYTE = 0x08
_IDX_NAMES = {  # the names the data sets are published under, and a common variant
    "train_images": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "train_labels": ("train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
    "test_images": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
    "test_labels": ("t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
}
FASHION_FOLDER = Path("/usr/share/datasets/fashion-mnist")
# Fashion-MNIST's ten classes, in its label order (zalandoresearch/fashion-mnist's README).
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                   "Sneaker", "Bag", "Ankle boot")


@dataclass(frozen=True, eq=False)  # compared by identity: arrays have no single truth
class DataSet:
    """The book's (x_train, t_train), (x_test, t_test); the training half is
    None when only the test set was asked for."""
    x_test: np.ndarray  # N × (rows·cols) float32 in 0..1
    t_test: np.ndarray  # N int64 class indices
    x_train: np.ndarray | None
    t_train: np.ndarray | None
    shape: tuple[int, int]  # rows, columns of one image
    source: str  # the path it was read from, as the learner would write it

    @property
    def class_names(self) -> tuple[str, ...] | None:
        """What each label means when the set says so: Fashion-MNIST's
        garments (its files carry no names; its folder or file name does).
        None for digits, whose labels are their own names."""
        return FASHION_CLASSES if "fashion" in self.source.lower() else None

    @property
    def classes(self) -> int:
        """1 + the largest label of either half (10 for MNIST and Fashion-MNIST)."""
        labels = [t for t in (self.t_test, self.t_train) if t is not None and t.size]
        return 1 + max(int(t.max()) for t in labels) if labels else 0


def load_data(path=None, train: bool = True) -> DataSet:
    """A data set from `path` (a folder of IDX files, a folder with the book's
    mnist.pkl, a mnist.pkl or a mnist.npz), or from the first of the usual
    places that has one; with train=False the training half is not read."""
    if path is None:
        path = find_data()
    path = Path(path)
    if path.is_dir():
        if _idx_paths(path, required=False):
            return _load_idx_folder(path, train)
        if (path / "mnist.pkl").is_file():
            return _load_archive(path / "mnist.pkl", train)
        raise FileFormatError("data_empty_folder", folder=path)
    return _load_archive(path, train)


def usual_places(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Where a learner's data set usually is, in the order they are tried: the
    book's dataset/ (its scripts run from ch03/, one folder below), Keras's
    download, then Debian's dataset-fashion-mnist."""
    cwd = Path.cwd() if cwd is None else cwd
    home = Path.home() if home is None else home
    return [cwd / "dataset", cwd.parent / "dataset",
            home / ".keras" / "datasets" / "mnist.npz", FASHION_FOLDER]


def find_data(places: list[Path] | None = None) -> Path:
    """The first usual place that holds a data set, or one error that says
    where it looked and how to get one."""
    places = usual_places() if places is None else places
    for place in places:
        if place.is_file():
            return place
        if place.is_dir() and (_idx_paths(place, required=False)
                               or (place / "mnist.pkl").is_file()):
            return place
    raise FileFormatError("data_not_found", places=", ".join(str(p) for p in places))


# --- IDX -----------------------------------------------------------------------

def _idx_paths(folder: Path, required: bool = True, train: bool = True) -> dict[str, Path]:
    """The IDX files in `folder` by role; with required, each missing one is
    an error naming it. Without, {} unless the test images are there."""
    found = {}
    for role, names in _IDX_NAMES.items():
        if not train and role.startswith("train"):
            continue
        for name in names:
            for candidate in (folder / name, folder / f"{name}.gz"):
                if candidate.is_file() and role not in found:
                    found[role] = candidate
        if role not in found and required:
            raise FileFormatError("data_missing_file", folder=folder, name=names[0])
    if not required and "test_images" not in found:
        return {}
    return found


def _load_idx_folder(folder: Path, train: bool) -> DataSet:
    files = _idx_paths(folder, train=train)
    # Labels first (a byte an image): the images' header is then checked
    # against their count, and the training images' against the test images'
    # size, before any image is read.
    t_test = _idx_labels(files["test_labels"])
    if not len(t_test):  # evaluating nothing would print an accuracy of 0 of 0
        raise FileFormatError("data_no_test_images", source=files["test_labels"].name)
    x_test, shape = _idx_images(files["test_images"], t_test, files["test_labels"])
    x_train = t_train = None
    if train:
        t_train = _idx_labels(files["train_labels"])
        x_train, _ = _idx_images(files["train_images"], t_train, files["train_labels"], shape)
    return DataSet(x_test, t_test, x_train, t_train, shape, str(folder))


def _size(shape) -> str:
    return "×".join(str(n) for n in shape)


def _idx_images(path: Path, t: np.ndarray, labels_path: Path,
                test_shape: tuple[int, int] | None = None):
    """Pixels and (rows, columns); the header must agree with the labels'
    count and, for the training images, with the test images' size."""
    def agrees(dims) -> None:
        n, rows, columns = dims
        if n != len(t):
            raise FileFormatError("data_counts", images=path.name, n_images=n,
                                  labels=labels_path.name, n_labels=len(t))
        if test_shape is not None and (rows, columns) != test_shape:
            raise FileFormatError("data_image_sizes", train=_size((rows, columns)),
                                  test=_size(test_shape))

    raw, (n, rows, columns) = _read_idx(path, 3, agrees)
    return _pixels(np.frombuffer(raw, np.uint8).reshape(n, rows * columns)), (rows, columns)


def _idx_labels(path: Path) -> np.ndarray:
    raw, _ = _read_idx(path, 1)
    return np.frombuffer(raw, np.uint8).astype(np.int64)  # bytes: always under MAX_CLASSES


def _read_idx(path: Path, ndim: int, agrees=None) -> tuple[bytes, tuple[int, ...]]:
    """The data bytes of an IDX file of unsigned bytes with `ndim` dimensions,
    read only after its header is checked against MAX_VALUES, agrees(dims)
    (which raises) and the file's size."""
    import gzip
    import zlib

    from .files import _first_line as first_line

    source = path.name
    try:
        size = _regular_size(path)
        with open(path, "rb") as raw_handle:
            gzipped = raw_handle.read(2) == b"\x1f\x8b"
            raw_handle.seek(0)
            handle = gzip.GzipFile(fileobj=raw_handle) if gzipped else raw_handle
            header = handle.read(4 + 4 * ndim)
            dims = _idx_dims(header, ndim, source)
            if agrees is not None:
                agrees(dims)
            want = math.prod(dims)
            if gzipped:
                if want > MAX_DEFLATE_RATIO * size + 1024:
                    raise FileFormatError("idx_size", source=source, got=size, want=want)
            elif size > len(header) + want:
                raise FileFormatError("idx_trailing", source=source, want=want,
                                      item=FileFormatError(f"{kind_of(ndim)}_one"))
            elif size != len(header) + want:
                raise FileFormatError("idx_size", source=source,
                                      got=max(0, size - len(header)), want=want)
            # read(n) inflates at most n bytes: a gzip bomb stops at the size
            # its header claimed, and one more byte shows any trailing data.
            data = handle.read(want)
            if len(data) != want:
                raise FileFormatError("idx_size", source=source, got=len(data), want=want)
            if handle.read(1):
                raise FileFormatError("idx_trailing", source=source, want=want,
                                      item=FileFormatError(f"{kind_of(ndim)}_one"))
            return data, dims
    except FileFormatError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        # gzip's own refusals (BadGzipFile is an OSError): a damaged stream,
        # a cut-off file, a wrong checksum.
        raise FileFormatError("data_unreadable", source=source,
                              reason=getattr(exc, "strerror", None) or first_line(exc)) from None


def _regular_size(path: Path) -> int:
    import stat

    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise FileFormatError("not_regular_file", source=path.name)
    return info.st_size


def kind_of(ndim: int) -> str:
    return "idx_images" if ndim == 3 else "idx_labels"


def _idx_dims(header: bytes, ndim: int, source: str) -> tuple[int, ...]:
    kind = kind_of(ndim)
    if len(header) < 4 or header[:2] != b"\x00\x00" or header[2] != _IDX_UBYTE:
        raise FileFormatError("idx_magic", source=source, magic=header[:4].hex() or "empty",
                              expected=f"0000080{ndim}", kind=FileFormatError(kind))
    if header[3] != ndim:
        raise FileFormatError("idx_dims", source=source, ndim=header[3], expected=ndim,
                              kind=FileFormatError(kind))
    if len(header) < 4 + 4 * ndim:
        raise FileFormatError("idx_size", source=source, got=len(header), want=4 + 4 * ndim)
    dims = tuple(int.from_bytes(header[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    if ndim == 3 and not (1 <= dims[1] <= MAX_SIDE and 1 <= dims[2] <= MAX_SIDE):
        raise FileFormatError("idx_side", source=source, rows=dims[1], columns=dims[2],
                              limit=MAX_SIDE)
    if math.prod(dims) > MAX_VALUES:
        raise FileFormatError("data_too_big", source=source, count=math.prod(dims),
                              limit=MAX_VALUES)
    return dims


def _pixels(values: np.ndarray) -> np.ndarray:
    """Bytes 0..255 as the book normalises them: float32, then /= 255 in place."""
    x = values.astype(np.float32)
    x /= np.float32(255)
    return x


# --- the book's mnist.pkl and Keras's mnist.npz --------------------------------

_PICKLE_KEYS = ("train_img", "train_label", "test_img", "test_label")
_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
# the book's mnist.pkl is 55 MB and Keras's mnist.npz 11 MB
MAX_ARCHIVE_BYTES = 2 * MAX_VALUES + 2**20


def _load_archive(path: Path, train: bool) -> DataSet:
    from .files import _read_regular

    source = path.name
    data = _read_regular(path, source, MAX_ARCHIVE_BYTES)
    if data.startswith(b"PK"):
        arrays = dict(zip(("x_train", "t_train", "x_test", "t_test"),
                          _npz_arrays(data, source, train)))
    elif data[:1] == b"\x80":
        arrays = dict(zip(("x_train", "t_train", "x_test", "t_test"),
                          _pickle_arrays(data, source)))
    else:
        raise FileFormatError("data_not_data", source=source)
    del data
    (x_test, shape), t_test = _images_and_labels(arrays["x_test"], arrays["t_test"], source,
                                                 "test")
    x_train = t_train = None
    if train:
        (x_train, train_shape), t_train = _images_and_labels(
            arrays["x_train"], arrays["t_train"], source, "train")
        if train_shape != shape:
            raise FileFormatError("data_image_sizes", train=_size(train_shape),
                                  test=_size(shape))
    return DataSet(x_test, t_test, x_train, t_train, shape, str(path))


def _images_and_labels(images: np.ndarray, labels: np.ndarray, source: str, half: str):
    """(pixels, (rows, columns)), labels: the book's pickle stores images as
    N × 784 rows, Keras as N × 28 × 28."""
    name = f"{half} images"
    if images.dtype != np.uint8:
        raise FileFormatError("data_pixels", source=source, label=name, dtype=images.dtype)
    if images.ndim == 3:
        shape = images.shape[1:]
    elif images.ndim == 2 and math.isqrt(images.shape[1]) ** 2 == images.shape[1]:
        side = math.isqrt(images.shape[1])
        shape = (side, side)  # the book's 784 are 28 × 28
    else:
        raise FileFormatError("data_image_shape", source=source, label=name,
                              shape=images.shape)
    if not all(1 <= side <= MAX_SIDE for side in shape):
        raise FileFormatError("idx_side", source=source, rows=shape[0], columns=shape[1],
                              limit=MAX_SIDE)
    if labels.ndim != 1 or labels.dtype.kind not in "ui":
        raise FileFormatError("data_label_shape", source=source, label=f"{half} labels",
                              shape=labels.shape, dtype=labels.dtype)
    if labels.size and int(labels.min()) < 0:
        raise FileFormatError("data_label_negative", source=source, label=f"{half} labels")
    # int() of the uint64 maximum is exact; the cast to int64 below is not
    if labels.size and int(labels.max()) >= MAX_CLASSES:
        raise FileFormatError("data_label_too_big", source=source, label=f"{half} labels",
                              value=int(labels.max()), last=MAX_CLASSES - 1)
    if len(images) != len(labels):
        raise FileFormatError("data_counts", images=f"{source} ({name})", n_images=len(images),
                              labels=f"{source} ({half} labels)", n_labels=len(labels))
    if half == "test" and not len(images):
        raise FileFormatError("data_no_test_images", source=source)
    # the width spelt out: numpy cannot infer a -1 from 0 images
    x = _pixels(images.reshape(len(images), math.prod(shape)))
    return (x, tuple(int(n) for n in shape)), labels.astype(np.int64)


def _pickle_arrays(data: bytes, source: str):
    """The book's dict of four uint8 arrays, through the restricted unpickler
    (the one sample_weight.pkl is read through): nothing but numpy arrays."""
    import pickle

    from . import pickle_scan
    from .files import _first_line, _warnings_as_errors

    try:
        with _warnings_as_errors():
            pickle_scan.prescan(data)
            loaded = pickle_scan.unpickler(io.BytesIO(data), budget=len(data)).load()
    except FileFormatError as exc:
        raise FileFormatError("bad_pickle", source=source, reason=exc) from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, MemoryError, OverflowError, RecursionError, LookupError,
            AssertionError, UnicodeError, Warning) as exc:
        raise FileFormatError("bad_pickle", source=source, reason=_first_line(exc)) from None
    if (not isinstance(loaded, dict) or set(loaded) != set(_PICKLE_KEYS)
            or not all(isinstance(loaded[key], np.ndarray) for key in _PICKLE_KEYS)):
        raise FileFormatError("data_pickle_keys", source=source)
    # plain ndarrays, not the loader's checked subclass
    return tuple(np.asarray(loaded[key]).view(np.ndarray) for key in _PICKLE_KEYS)


def _npz_arrays(data: bytes, source: str, train: bool):
    """Keras's four arrays, each header checked (no objects, the size it
    claims is the size it inflates to, within MAX_VALUES) before np.load
    reads it with allow_pickle=False."""
    import lzma
    import zipfile
    import zlib

    from .files import MAX_NPZ_MEMBERS, _first_line, _npz_member_count, _warnings_as_errors

    wanted = _NPZ_KEYS if train else _NPZ_KEYS[2:]
    try:
        with _warnings_as_errors():
            if _npz_member_count(data) > MAX_NPZ_MEMBERS:
                raise FileFormatError("npz_too_many", limit=MAX_NPZ_MEMBERS)
            stream = io.BytesIO(data)
            with zipfile.ZipFile(stream) as archive:
                members = {info.filename: info for info in archive.infolist()}
                if not all(f"{key}.npy" in members for key in _NPZ_KEYS):
                    raise FileFormatError("data_npz_keys", source=source)
                total = 0
                for key in wanted:
                    info = members[f"{key}.npy"]
                    if info.flag_bits & 0x1:
                        raise FileFormatError("npz_encrypted", name=info.filename)
                    with archive.open(info) as member:
                        count, nbytes = _npy_size(member, key)
                        if info.file_size != member.tell() + nbytes:
                            raise FileFormatError("npz_size", name=info.filename)
                    total += count
                if total > MAX_VALUES:
                    raise FileFormatError("data_too_big", source=source, count=total,
                                          limit=MAX_VALUES)
            stream.seek(0)
            with np.load(stream, allow_pickle=False) as npz:
                arrays = {key: npz[key] for key in wanted}
    except FileFormatError as exc:
        if exc.key in ("data_npz_keys", "data_too_big"):
            raise
        raise FileFormatError("data_bad_npz", source=source, reason=exc) from None
    except (ValueError, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error,
            lzma.LZMAError, zipfile.BadZipFile, OverflowError, MemoryError,
            UnicodeDecodeError, KeyError, SyntaxError, Warning) as exc:
        raise FileFormatError("data_bad_npz", source=source, reason=_first_line(exc)) from None
    return tuple(arrays.get(key) for key in _NPZ_KEYS)


def _npy_size(stream, label: str) -> tuple[int, int]:
    """Values and bytes a .npy header claims; objects (pickles) are refused."""
    version = np.lib.format.read_magic(stream)
    if version not in ((1, 0), (2, 0), (3, 0)):
        raise FileFormatError("npy_header", label=label)
    reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
              else np.lib.format.read_array_header_2_0)
    shape, _, dtype = reader(stream, max_header_size=10_000)
    if dtype.hasobject:
        raise FileFormatError("npz_objects")
    # images are bytes and labels integers; a wide dtype (text of a thousand
    # characters a value) would multiply what MAX_VALUES bounds
    if dtype.kind not in "biuf" or dtype.itemsize > 8:
        raise FileFormatError("npy_dtype", label=label, dtype=dtype)
    count = math.prod(shape)
    return count, count * dtype.itemsize
