"""Network files in the book's dict form: W1, b1, W2, b2, ... (+ activations, x).

Read: JSON, NPZ (never with pickles allowed), and the book's own pickle
through an unpickler that admits numpy array reconstruction and nothing else.
Write: JSON or NPZ only, atomically, so an interrupted save leaves the old
file as it was.

pickle, zipfile and tempfile are imported where they are used: `actlab trace`
with a preset needs none of them, and it should start as fast as numpy.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
from pathlib import Path

import numpy as np

from .errors import ActlabError, FileFormatError
from .network import MAX_PARAMETERS, Network

_KEY = re.compile(r"^([Wb])([1-9][0-9]*)$")
MAX_FILE_BYTES = 400 * 1024 * 1024  # ~10 million parameters as JSON text
SAVE_FORMATS = (".json", ".npz")


# --- the dict form -----------------------------------------------------------

def to_dict(network: Network, include_x: bool = True) -> dict:
    """The book's dict: {'W1': array, 'b1': array, ..., 'activations': [...]}."""
    data: dict = {}
    for k, layer in enumerate(network.layers, start=1):
        data[f"W{k}"] = layer.W
        data[f"b{k}"] = layer.b
    data["activations"] = network.activations
    if include_x and network.x is not None:
        data["x"] = network.x
    return data


def from_dict(data, source: str = "the file") -> Network:
    """A Network from the book's dict form, or one clear FileFormatError."""
    if not isinstance(data, dict):
        raise FileFormatError("not_mapping", source=source, kind=type(data).__name__)
    numbered: dict[str, dict[int, object]] = {"W": {}, "b": {}}
    for key in data:
        match = _KEY.match(str(key))
        if match:
            numbered[match.group(1)][int(match.group(2))] = data[key]
        elif key not in ("activations", "x"):
            raise FileFormatError("unknown_key", source=source, key=key)
    if not numbered["W"]:
        raise FileFormatError("no_w1", source=source)
    depth = max(numbered["W"])
    for letter in "Wb":
        for k in range(1, depth + 1):
            if k not in numbered[letter]:
                raise FileFormatError("missing_key", source=source, key=f"{letter}{k}",
                                      depth=depth)
        extra = sorted(set(numbered[letter]) - set(range(1, depth + 1)))
        if extra:
            raise FileFormatError("key_gap", source=source, key=f"{letter}{extra[0]}",
                                  k=extra[0], depth=depth)

    weights = [_numbers(numbered["W"][k], f"W{k}", source) for k in range(1, depth + 1)]
    biases = [_numbers(numbered["b"][k], f"b{k}", source) for k in range(1, depth + 1)]
    total = sum(W.size + b.size for W, b in zip(weights, biases))
    if total > MAX_PARAMETERS:
        raise FileFormatError("too_many_parameters", source=source, total=total,
                              limit=MAX_PARAMETERS)
    functions = _functions(data.get("activations"), depth, source)
    x = _numbers(data["x"], "x", source) if data.get("x") is not None else None
    try:
        return Network.build(weights, biases, functions, x=x)
    except ActlabError as exc:
        raise FileFormatError("file_wrapped", source=source, error=exc) from None


def _functions(value, depth: int, source: str) -> list[str]:
    if value is None:
        return ["sigmoid"] * (depth - 1) + ["identity"]  # the book's choice
    names = list(np.asarray(value).ravel()) if isinstance(value, np.ndarray) else value
    if not isinstance(names, list) or not all(isinstance(n, (str, np.str_)) for n in names):
        raise FileFormatError("activations_not_names", source=source)
    if len(names) != depth:
        raise FileFormatError("activations_count", source=source, count=len(names), depth=depth)
    return [str(n) for n in names]


def _numbers(value, label: str, source: str) -> np.ndarray:
    """float64 array from JSON lists or stored arrays; refuses text, bools, null."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "fiu":
            raise FileFormatError("array_not_numbers", source=source, label=label,
                                  dtype=value.dtype)
        return value.astype(np.float64)
    _check_json_numbers(value, label, source, ())
    try:
        return np.array(value, dtype=np.float64)
    except ValueError:
        raise FileFormatError("file_wrapped", source=source,
                              error=FileFormatError("rows_differ", label=label)) from None


def _check_json_numbers(value, label, source, index) -> None:
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_json_numbers(item, label, source, index + (i + 1,))
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        where = "".join(f"[{i}]" for i in index)
        raise FileFormatError("cell_not_number", source=source, label=label, where=where,
                              value=json.dumps(value, ensure_ascii=False))


# --- reading -----------------------------------------------------------------

def load(path) -> Network:
    """Read a network from JSON, NPZ or the book's pickle, chosen by content."""
    path = Path(path)
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileFormatError("file_too_big", source=source, size=size / 2**20,
                                  limit=MAX_FILE_BYTES // 2**20)
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise FileFormatError("cannot_read", path=path, reason=exc.strerror) from None
    if head.startswith(b"PK"):
        return _load_npz(path, source)
    if head[:1] == b"\x80":
        return _load_pickle(path, source)
    text = path.read_bytes()
    if b"\x00" in text[:1024]:
        raise FileFormatError("not_network_file", source=source)
    return loads_json(text, source)


def loads_json(text, source: str = "the JSON text") -> Network:
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise FileFormatError("not_network_file", source=source) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError("bad_json", source=source, reason=exc.msg, line=exc.lineno,
                              column=exc.colno) from None
    except RecursionError:
        raise FileFormatError("too_deep", source=source) from None
    return from_dict(data, source)


def _npz_shapes(path: Path) -> dict[str, tuple]:
    """Each array's shape from its .npy header, before any array is read."""
    import zipfile

    shapes = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            with archive.open(info) as member:
                version = np.lib.format.read_magic(member)
                if version == (1, 0):
                    shape, _, _ = np.lib.format.read_array_header_1_0(member)
                else:
                    shape, _, _ = np.lib.format.read_array_header_2_0(member)
            shapes[info.filename.removesuffix(".npy")] = shape
    return shapes


def _load_npz(path: Path, source: str) -> Network:
    import zipfile

    try:
        shapes = _npz_shapes(path)
        total = sum(math.prod(shape) for key, shape in shapes.items() if _KEY.match(key))
        if total > MAX_PARAMETERS:
            raise FileFormatError("too_many_parameters", source=source, total=total,
                                  limit=MAX_PARAMETERS)
        with np.load(path, allow_pickle=False) as archive:
            data = {key: archive[key] for key in archive.files}
    except FileFormatError:
        raise
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        # allow_pickle=False turns an object array into ValueError: say so plainly.
        reason = FileFormatError("npz_objects") if "pickle" in str(exc) else str(exc)
        raise FileFormatError("bad_npz", source=source, reason=reason) from None
    return from_dict(data, source)


def _arrays_only_unpickler(handle):
    """An unpickler that admits only what rebuilds numpy arrays; any other
    global is refused before it is imported, so a malicious pickle never runs."""
    import codecs
    import pickle

    try:
        from numpy._core import multiarray, numeric  # numpy 2
    except ImportError:  # pragma: no cover - numpy 1.x
        from numpy.core import multiarray, numeric
    allowed = {("numpy", "ndarray"): np.ndarray, ("numpy", "dtype"): np.dtype,
               # protocol 2 stores an array's bytes as text re-encoded by this
               ("_codecs", "encode"): codecs.encode}
    # The book's pickle names numpy.core (numpy 1); numpy 2 names numpy._core.
    for package in ("numpy.core", "numpy._core"):
        allowed[(f"{package}.multiarray", "_reconstruct")] = multiarray._reconstruct
        allowed[(f"{package}.multiarray", "scalar")] = multiarray.scalar
        allowed[(f"{package}.numeric", "_frombuffer")] = numeric._frombuffer

    class ArraysOnlyUnpickler(pickle.Unpickler):
        def find_class(self, module, name):
            try:
                return allowed[(module, name)]
            except KeyError:
                raise FileFormatError("pickle_refused", name=f"{module}.{name}") from None

    return ArraysOnlyUnpickler(handle)


def _load_pickle(path: Path, source: str) -> Network:
    import pickle

    try:
        with path.open("rb") as handle:
            data = _arrays_only_unpickler(handle).load()
    except FileFormatError as exc:
        raise FileFormatError("file_wrapped", source=source, error=exc) from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, MemoryError) as exc:
        raise FileFormatError("bad_pickle", source=source, reason=exc) from None
    return from_dict(data, source)


def load_vector(path, n: int | None = None) -> np.ndarray:
    """An input vector from .npy, .csv (numbers separated by commas, spaces or
    lines) or a JSON list; with n, it must have n values."""
    path = Path(path)
    source = path.name
    try:
        if path.suffix.lower() == ".npy":
            values = np.load(path, allow_pickle=False)
        elif path.suffix.lower() == ".json":
            values = json.loads(path.read_text())
            if not isinstance(values, list):
                raise FileFormatError("vector_not_list", source=source)
            _check_json_numbers(values, "x", source, ())
            values = np.array(values, dtype=np.float64)
        else:
            text = path.read_text().replace(",", " ").split()
            values = np.array([float(v) for v in text], dtype=np.float64)
    except FileFormatError:
        raise
    except OSError as exc:
        raise FileFormatError("cannot_read", path=path, reason=exc.strerror) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise FileFormatError("vector_not_numbers", source=source, reason=exc) from None
    values = np.asarray(values)
    if values.dtype.kind not in "fiu":
        raise FileFormatError("array_not_numbers", source=source, label="x", dtype=values.dtype)
    values = values.astype(np.float64).ravel()
    if n is not None and values.size != n:
        raise FileFormatError("vector_length", source=source, count=values.size, n=n)
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        raise FileFormatError("vector_nonfinite", source=source, position=bad[0][0] + 1,
                              value=values[bad[0][0]])
    return values


# --- writing -----------------------------------------------------------------

def dumps_json(network: Network) -> str:
    """JSON text with every float at full precision (repr round-trips exactly)."""
    data = {key: (value.tolist() if isinstance(value, np.ndarray) else value)
            for key, value in to_dict(network).items()}
    return json.dumps(data, indent=1 if network.n_parameters <= 1000 else None) + "\n"


def save(network: Network, path) -> Path:
    """Write JSON or NPZ, by the file's extension, atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = dumps_json(network).encode()
    elif suffix == ".npz":
        buffer = io.BytesIO()
        arrays = to_dict(network)
        arrays["activations"] = np.array(arrays["activations"])  # text, no pickle
        np.savez(buffer, **arrays)
        data = buffer.getvalue()
    else:
        raise FileFormatError("cannot_save_as",
                              suffix=suffix or FileFormatError("no_extension"))
    atomic_write(path, data)
    return path


def atomic_write(path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    os.replace is atomic on one file system: readers see the old file or the
    new one, never half of either, and a failure leaves the old file intact.
    """
    import tempfile

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise FileFormatError("cannot_save", path=path, reason=exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise FileFormatError("cannot_save", path=path, reason=exc.strerror or exc) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 - umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
