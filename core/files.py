"""Network files in the book's dict form: W1, b1, W2, b2, ... (+ activations, x).

Read: JSON, NPZ (never with pickles allowed), and the book's own pickle
through an unpickler that admits numpy array reconstruction and nothing else.
Write: JSON or NPZ only, atomically, so an interrupted save leaves the old
file as it was.

pickle, zipfile and tempfile are imported where they are used: `actlab trace`
with a preset needs none of them, and it should start as fast as numpy.
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
from pathlib import Path

import numpy as np

from .errors import ActlabError, FileFormatError
from .network import MAX_PARAMETERS, Network

_KEY = re.compile(r"([Wb])([1-9][0-9]{0,5})")  # used with fullmatch: "W1\n" is no W1
SAVE_FORMATS = (".json", ".npz")


# --- the dict form -----------------------------------------------------------

TRAINING_KEY = "training"  # how a saved network was trained; not part of the network
MAX_TRAINING_CHARS = 16_384  # its JSON in an NPZ: settings and figures are a few hundred


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


def from_dict(data, source: str = "the file", output: str = "identity") -> Network:
    """A Network from the book's dict form, or one clear FileFormatError.
    Without an `activations` list: sigmoid hidden layers and `output` last."""
    if not isinstance(data, dict):
        raise FileFormatError("not_mapping", source=source, kind=type(data).__name__)
    numbered: dict[str, dict[int, object]] = {"W": {}, "b": {}}
    for key in data:
        match = _KEY.fullmatch(key) if isinstance(key, str) else None
        if match:
            numbered[match.group(1)][int(match.group(2))] = data[key]
        elif key not in ("activations", "x", TRAINING_KEY):
            raise FileFormatError("unknown_key", source=source,
                                  key=key if isinstance(key, str) and len(key) <= 40
                                  else _short(key))
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
    functions = _functions(data.get("activations"), depth, source, output)
    x = _numbers(data["x"], "x", source) if data.get("x") is not None else None
    try:
        return Network.build(weights, biases, functions, x=x)
    except ActlabError as exc:
        raise FileFormatError("file_wrapped", source=source, error=exc) from None


def _functions(value, depth: int, source: str, output: str) -> list[str]:
    if value is None:
        return ["sigmoid"] * (depth - 1) + [output]  # the book's choice
    if isinstance(value, np.ndarray):
        if value.dtype.kind != "U":
            raise FileFormatError("activations_not_names", source=source)
        value = value.ravel().tolist()
    if not isinstance(value, list):
        raise FileFormatError("activations_not_names", source=source)
    if len(value) != depth:
        raise FileFormatError("activations_count", source=source, count=len(value), depth=depth)
    if not all(isinstance(n, str) for n in value):
        raise FileFormatError("activations_not_names", source=source)
    return [str(n) for n in value]


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
    """Every cell a number a float64 can hold; walked without recursion, so a
    list nested thousands deep is refused, not a RecursionError."""
    if not isinstance(value, list):
        _check_cell(value, label, source, index)
        return
    stack = [(enumerate(value, start=1), index)]
    while stack:
        cells, index = stack[-1]
        for i, item in cells:
            if isinstance(item, list):
                if len(stack) >= MAX_NESTING:
                    raise FileFormatError("too_deep", source=source)
                stack.append((enumerate(item, start=1), index + (i,)))
                break
            _check_cell(item, label, source, index + (i,))
        else:
            stack.pop()


def _check_cell(value, label, source, index) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FileFormatError("cell_not_number", source=source, label=label,
                              where="".join(f"[{i}]" for i in index), value=_short(value))
    if isinstance(value, int) and abs(value) > _FLOAT_MAX:
        raise FileFormatError("cell_too_large", source=source, label=label,
                              where="".join(f"[{i}]" for i in index))


_FLOAT_MAX = int(np.finfo(np.float64).max)


# --- reading -----------------------------------------------------------------

# Caps follow from MAX_PARAMETERS, so a file is refused by its size before it
# is read: a float64 at full precision is at most 24 characters plus ", ";
# binary formats hold 8 bytes a number (16 in a protocol-2 pickle's latin-1
# text). The input x (at most one value per row of W1) shares the budget.
MAX_NUMBERS = 2 * MAX_PARAMETERS
MAX_JSON_BYTES = 26 * MAX_PARAMETERS + 2**20
MAX_BINARY_BYTES = 16 * MAX_PARAMETERS + 2**20
MAX_FILE_BYTES = MAX_JSON_BYTES
MAX_NPZ_MEMBERS = 1000  # W1..W499, b1..b499, activations, x
MAX_NESTING = 32  # a network's lists nest two deep; far deeper is an attack on the parser
_CHUNK = 2**20


def _read_regular(path: Path, source: str, limit: int, count_numbers: bool = False,
                  binary_limit: int | None = None) -> bytes:
    """The file's bytes, read through one descriptor that is known to be a
    regular file no larger than `limit`: /dev/zero, a FIFO or a directory is
    refused before any read (O_NONBLOCK: opening a FIFO does not wait for a
    writer), and fstat checks what was opened, not what the name points to now.

    With count_numbers, a JSON text's number tokens are counted chunk by
    chunk, so a file of fifty million zeros is refused after reading a part
    of it, never parsed into fifty million Python objects. With binary_limit,
    a file that starts as an NPZ or a pickle has that cap and is not counted.
    """
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileFormatError("cannot_read", path=path, reason=exc.strerror or exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileFormatError("not_regular_file", source=source)
        if info.st_size > max(limit, binary_limit or 0):
            raise FileFormatError("file_too_big", source=source, size=info.st_size / 2**20,
                                  limit=max(limit, binary_limit or 0) // 2**20)
        chunks, total, numbers, in_number = [], 0, 0, False
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            if binary_limit is not None and not chunks and (
                    chunk.startswith(b"PK") or chunk.startswith(b"\x80")):
                limit, count_numbers = binary_limit, False
                if info.st_size > limit:
                    raise FileFormatError("file_too_big", source=source,
                                          size=info.st_size / 2**20, limit=limit // 2**20)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise FileFormatError("file_too_big", source=source, size=total / 2**20,
                                      limit=limit // 2**20)
            if count_numbers:
                starts, in_number = _number_starts(chunk, in_number)
                numbers += starts
                if numbers > MAX_NUMBERS:
                    raise FileFormatError("too_many_numbers", source=source,
                                          limit=MAX_NUMBERS)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise FileFormatError("cannot_read", path=path, reason=exc.strerror or exc) from None
    finally:
        os.close(fd)


_NUMBER_BYTE = np.zeros(256, dtype=bool)
_NUMBER_BYTE[list(b"0123456789+-.eE")] = True


def _number_starts(chunk: bytes, in_number: bool) -> tuple[int, bool]:
    """How many runs of number characters begin in `chunk` (an upper bound,
    give or take a letter e in a string, on the JSON numbers in it)."""
    marks = _NUMBER_BYTE[np.frombuffer(chunk, dtype=np.uint8)]
    starts = int(np.count_nonzero(marks[1:] & ~marks[:-1])) + int(marks[0] and not in_number)
    return starts, bool(marks[-1])


def load(path) -> Network:
    """Read a network from JSON, NPZ or the book's pickle, chosen by content."""
    path = Path(path)
    source = path.name
    data = _read_regular(path, source, MAX_JSON_BYTES, count_numbers=True,
                         binary_limit=MAX_BINARY_BYTES)
    if data.startswith(b"PK"):
        return _load_npz(data, source)
    if data[:1] == b"\x80":
        return _load_pickle(data, source)
    if b"\x00" in data[:1024]:
        raise FileFormatError("not_network_file", source=source)
    return loads_json(data, source)


def _parse_int(text: str):
    # More digits than a float64 can hold is an overflow waiting in np.array,
    # and past 4,300 digits int() itself refuses with a multi-line ValueError.
    if len(text.lstrip("-")) > 309:
        raise FileFormatError("number_too_large", digits=len(text.lstrip("-")))
    return int(text)


def _parse_json(text, source: str):
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    if len(text) > MAX_JSON_BYTES:
        raise FileFormatError("file_too_big", source=source, size=len(text) / 2**20,
                              limit=MAX_JSON_BYTES // 2**20)
    try:
        return json.loads(text, parse_int=_parse_int)
    except FileFormatError as exc:
        raise FileFormatError("file_wrapped", source=source, error=exc) from None
    except UnicodeDecodeError:
        raise FileFormatError("not_network_file", source=source) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError("bad_json", source=source, reason=exc.msg, line=exc.lineno,
                              column=exc.colno) from None
    except RecursionError:
        raise FileFormatError("too_deep", source=source) from None


def loads_json(text, source: str = "the JSON text") -> Network:
    return from_dict(_parse_json(text, source), source)


def _npz_member_count(data: bytes) -> int:
    """Entries in the zip's end-of-central-directory record: known before
    zipfile reads a single directory entry (200,000 of them took 20 s)."""
    import struct

    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise FileFormatError("npz_no_directory")
    return struct.unpack_from("<H", data, end + 10)[0]


_NPZ_MEMBER = re.compile(r"(W[1-9][0-9]{0,3}|b[1-9][0-9]{0,3}|activations|x|training)\.npy")


def _npy_header(stream, label: str):
    """Shape, order and dtype from a .npy header, each checked for what a
    network can hold; nothing after the header is read."""
    version = np.lib.format.read_magic(stream)
    if version not in ((1, 0), (2, 0), (3, 0)):
        raise FileFormatError("npy_header", label=label)
    reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
              else np.lib.format.read_array_header_2_0)
    shape, fortran, dtype = reader(stream, max_header_size=10_000)
    if dtype.hasobject:
        raise FileFormatError("npz_objects")
    text = label in ("activations", TRAINING_KEY)
    if dtype.kind not in ("U" if text else "biuf"):
        raise FileFormatError("npy_dtype", label=label, dtype=dtype)
    # wider than float64 (longdouble) would overflow, with a warning, on the way in
    widest = {"activations": 4 * 64, TRAINING_KEY: 4 * MAX_TRAINING_CHARS}.get(label, 8)
    if dtype.itemsize > widest:
        raise FileFormatError("npy_dtype", label=label, dtype=dtype)
    count = math.prod(shape)
    if label == TRAINING_KEY and count != 1:  # one JSON text, as save() writes it
        raise FileFormatError("npy_too_big", label=label, count=count)
    # W and b count together, against MAX_PARAMETERS, once every header is read
    if label in ("x", "activations") and count > (
            MAX_NPZ_MEMBERS if label == "activations" else MAX_PARAMETERS):
        raise FileFormatError("npy_too_big", label=label, count=count)
    return shape, fortran, dtype, count * dtype.itemsize


def _npy_array(raw: bytes, shape, fortran: bool, dtype) -> np.ndarray:
    # read-only over `raw`; from_dict's astype makes the network's own copy
    return np.frombuffer(raw, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _npz_arrays(data: bytes, source: str) -> dict[str, np.ndarray]:
    """Every member of an NPZ, checked in the order that bounds the work:
    the member count, then every name, then every header (dtype, shape,
    declared size, the parameter total) before any data is read; each
    member's data is then read to its header's size and no further."""
    import zipfile

    if _npz_member_count(data) > MAX_NPZ_MEMBERS:
        raise FileFormatError("npz_too_many", limit=MAX_NPZ_MEMBERS)
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > MAX_NPZ_MEMBERS:
        raise FileFormatError("npz_too_many", limit=MAX_NPZ_MEMBERS)
    names = set()
    for info in infos:
        if not _NPZ_MEMBER.fullmatch(info.filename) or info.filename in names:
            raise FileFormatError("npz_member", name=_short(info.filename))
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise FileFormatError("npz_encrypted", name=info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED,
                                      zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
            raise FileFormatError("npz_compression", name=info.filename,
                                  method=info.compress_type)
    headers = {}
    for info in infos:
        label = info.filename.removesuffix(".npy")
        with archive.open(info) as member:
            shape, fortran, dtype, nbytes = _npy_header(member, label)
            # A zip bomb declares the size it inflates to: it must be the
            # header's array and nothing more.
            if info.file_size != member.tell() + nbytes:
                raise FileFormatError("npz_size", name=info.filename)
        headers[label] = (info, shape, fortran, dtype, nbytes)
    total = sum(math.prod(h[1]) for key, h in headers.items() if _KEY.fullmatch(key))
    if total > MAX_PARAMETERS:
        raise FileFormatError("too_many_parameters", source=source, total=total,
                              limit=MAX_PARAMETERS)
    if "x" in headers and "W1" in headers and len(headers["W1"][1]) == 2:
        got, n = math.prod(headers["x"][1]), headers["W1"][1][0]
        if got != n:
            raise FileFormatError("x_length", got=got, n=n)
    arrays = {}
    for label, (info, shape, fortran, dtype, nbytes) in headers.items():
        with archive.open(info) as member:
            _npy_header(member, label)
            raw = member.read(nbytes)
            if len(raw) != nbytes or member.read(1):
                raise FileFormatError("npz_size", name=info.filename)
        arrays[label] = _npy_array(raw, shape, fortran, dtype)
    return arrays


def _npz_shapes(path) -> dict[str, tuple]:
    """Each array's shape from its .npy header, before any array is read."""
    import zipfile

    shapes = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            with archive.open(info) as member:
                shapes[info.filename.removesuffix(".npy")] = _npy_header(
                    member, info.filename.removesuffix(".npy"))[0]
    return shapes


def _load_npz(data: bytes, source: str) -> Network:
    import lzma
    import zipfile
    import zlib

    try:
        with _warnings_as_errors():
            arrays = _npz_arrays(data, source)
    except FileFormatError as exc:
        if exc.key == "too_many_parameters":
            raise
        if exc.key == "x_length":
            raise FileFormatError("file_wrapped", source=source, error=exc) from None
        raise FileFormatError("bad_npz", source=source, reason=exc) from None
    except (ValueError, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error,
            lzma.LZMAError, zipfile.BadZipFile, OverflowError, MemoryError,
            UnicodeDecodeError, KeyError, Warning) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown
        # compression; zlib.error/LZMAError: damaged compressed data.
        raise FileFormatError("bad_npz", source=source, reason=_first_line(exc)) from None
    return from_dict(arrays, source)


def _load_pickle(data: bytes, source: str) -> Network:
    import pickle

    from . import pickle_scan

    try:
        with _warnings_as_errors():
            pickle_scan.prescan(data)
            loaded = pickle_scan.unpickler(io.BytesIO(data), budget=len(data)).load()
            loaded = pickle_scan.plain(loaded)
    except FileFormatError as exc:
        if exc.key == "pickle_refused":
            raise FileFormatError("file_wrapped", source=source, error=exc) from None
        raise FileFormatError("bad_pickle", source=source, reason=exc) from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, MemoryError, OverflowError, RecursionError, LookupError,
            AssertionError, UnicodeError, Warning) as exc:
        raise FileFormatError("bad_pickle", source=source, reason=_first_line(exc)) from None
    # The book's pickle is sample_weight.pkl, the MNIST classifier that ch. 3's
    # neuralnet_mnist.py runs as sigmoid, sigmoid, softmax: y is then ten
    # probabilities, as the book prints them, not ten raw scores.
    return from_dict(loaded, source, output="softmax")


@contextlib.contextmanager
def _warnings_as_errors():
    """A damaged file can make the decoders warn (an invalid escape in a
    pickled string or a .npy header): that is a refusal, not a line on stderr."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _first_line(exc: BaseException) -> str:
    """An error's text as one short line, whatever the library put in it."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _short(value) -> str:
    """A value quoted in a message: one line, at most 40 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        try:
            text = repr(value)
        except Exception:  # noqa: BLE001 - the message must not fail on any value
            text = type(value).__name__
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def load_vector(path, n: int | None = None) -> np.ndarray:
    """An input vector from .npy, .csv (numbers separated by commas, spaces or
    lines) or a JSON list; with n, it must have n values."""
    values, source = _load_numbers(path, rows=False)
    values = values.ravel()
    if n is not None and values.size != n:
        raise FileFormatError("vector_length", source=source, count=values.size, n=n)
    _check_finite(values, source)
    return values


def load_batch(path, n: int, label: str = "x") -> np.ndarray:
    """A batch of vectors (N × n), one per row: a .npy of N × n (or n), a .csv
    with one row per line, or a JSON list of lists (or one list: one row)."""
    values, source = _load_numbers(path, rows=True, label=label)
    if values.ndim == 1 and values.size:
        values = values[None, :]
    if values.ndim != 2 or values.shape[0] == 0 or values.shape[1] != n:
        shape = "×".join(str(d) for d in values.shape)
        raise FileFormatError("batch_shape", source=source, shape=shape, n=n, label=label)
    _check_finite(values, source)
    return values


def _check_finite(values: np.ndarray, source: str) -> None:
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        raise FileFormatError("vector_nonfinite", source=source, position=bad[0][-1] + 1,
                              value=values[tuple(bad[0])])


def _load_numbers(path, rows: bool, label: str = "x") -> tuple[np.ndarray, str]:
    """The numbers of a vector or batch file as float64, in the file's shape;
    a CSV read by rows (one per line) when `rows`, else as one run of numbers."""
    path = Path(path)
    source = path.name
    suffix = path.suffix.lower()
    data = _read_regular(path, source, MAX_BINARY_BYTES if suffix == ".npy" else MAX_JSON_BYTES,
                         count_numbers=suffix != ".npy")
    try:
        if suffix == ".npy":
            stream = io.BytesIO(data)
            with _warnings_as_errors():
                shape, fortran, dtype, nbytes = _npy_header(stream, label)
            raw = stream.read()
            if len(raw) != nbytes:
                raise FileFormatError("npy_size", source=source)
            values = _npy_array(raw, shape, fortran, dtype)
        elif suffix == ".json":
            values = _parse_json(data, source)
            if not isinstance(values, list):
                raise FileFormatError("vector_not_list", source=source)
            _check_json_numbers(values, label, source, ())
            values = np.array(values, dtype=np.float64)
        elif rows:
            lines = [line.replace(",", " ").split() for line in data.decode("utf-8").splitlines()]
            lines = [line for line in lines if line]
            if len({len(line) for line in lines}) > 1:
                raise FileFormatError("batch_ragged", source=source)
            values = np.array([[float(v) for v in line] for line in lines], dtype=np.float64)
        else:
            text = data.decode("utf-8").replace(",", " ").split()
            values = np.array([float(v) for v in text], dtype=np.float64)
    except FileFormatError as exc:
        if exc.values.get("source") == source:
            raise
        raise FileFormatError("file_wrapped", source=source, error=exc) from None
    except (ValueError, UnicodeDecodeError, EOFError, OverflowError, Warning) as exc:
        raise FileFormatError("vector_not_numbers", source=source,
                              reason=_first_line(exc)) from None
    values = np.asarray(values)
    if values.dtype.kind not in "fiu":
        raise FileFormatError("array_not_numbers", source=source, label=label, dtype=values.dtype)
    return values.astype(np.float64), source


# --- writing -----------------------------------------------------------------

def dumps_json(network: Network, training: dict | None = None) -> str:
    """JSON text with every float at full precision (repr round-trips exactly)."""
    data = {key: (value.tolist() if isinstance(value, np.ndarray) else value)
            for key, value in to_dict(network).items()}
    if training is not None:
        data[TRAINING_KEY] = training
    return json.dumps(data, indent=1 if network.n_parameters <= 1000 else None) + "\n"


def save(network: Network, path, training: dict | None = None) -> Path:
    """Write JSON or NPZ, by the file's extension, atomically. `training`
    (a trained network's settings and figures, as `actlab train --json`
    prints them) goes in too: a "training" object in JSON, in NPZ the same
    JSON as a text array. Loading reads the network and leaves it aside."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = dumps_json(network, training).encode()
    elif suffix == ".npz":
        buffer = io.BytesIO()
        arrays = to_dict(network)
        arrays["activations"] = np.array(arrays["activations"])  # text, no pickle
        if training is not None:
            arrays[TRAINING_KEY] = np.array(json.dumps(training))
        np.savez(buffer, **arrays)
        data = buffer.getvalue()
    else:
        raise FileFormatError("cannot_save_as",
                              suffix=suffix or FileFormatError("no_extension"))
    atomic_write(path, data)
    return path


_TEMP_PREFIX, _TEMP_SUFFIX = ".actlab-", ".tmp"
_TEMP_NAME = re.compile(r"\.actlab-[A-Za-z0-9_]{8}\.tmp")  # tempfile's 8 random characters
STALE_TEMP_SECONDS = 15 * 60


def atomic_write(path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    os.replace is atomic on one file system: readers see the old file or the
    new one, never half of either, and a failure leaves the old file intact.
    A symlink is written through, as editors do: its target is replaced and
    the link stays. The temporary name is short (a 250-byte file name still
    saves under NAME_MAX), and temporaries a killed save left behind in that
    folder are removed once they are old enough not to be another save's.
    """
    import tempfile

    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent if str(target.parent) else Path(".")
    _remove_stale_temporaries(directory)
    try:
        fd, temporary = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX,
                                         dir=directory)
    except OSError as exc:
        raise FileFormatError("cannot_save", path=path, reason=exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise FileFormatError("cannot_save", path=path, reason=exc.strerror or exc) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """The rename is durable only once the folder's entry is on disk."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(fd)


def _remove_stale_temporaries(directory: Path) -> None:
    import time

    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (entry.is_file(follow_symlinks=False) and info.st_mtime < cutoff
                    and info.st_uid == os.getuid()):
                os.unlink(entry.path)
        except OSError:
            continue


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 - umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
