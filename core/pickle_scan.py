"""The book's pickle, read safely: a pre-scan of the opcodes, then an
unpickler whose every admitted global checks its arguments.

The restricted unpickler alone keeps code from running, but not memory from
exploding: a 9-byte pickle can ask for a memo slot four billion places long,
and numpy's own constructors allocate whatever shape they are given. So the
opcodes are read first (pickletools.genops decodes them without building
anything), and each admitted numpy function refuses a shape its file could
not hold.
"""
from __future__ import annotations

import io
import math

import numpy as np

from .errors import FileFormatError

try:
    from numpy._core import multiarray  # numpy 2
except ImportError:  # pragma: no cover - numpy 1.x
    from numpy.core import multiarray

# What numpy arrays in a dict need, in any protocol; the rest (INST, OBJ,
# NEWOBJ, EXT*, PERSID, buffers) build arbitrary objects or reach outside.
_OPCODES = frozenset("""
    PROTO FRAME STOP MARK POP POP_MARK DUP
    NONE NEWTRUE NEWFALSE INT BININT BININT1 BININT2 LONG LONG1 LONG4 FLOAT BINFLOAT
    STRING BINSTRING SHORT_BINSTRING UNICODE BINUNICODE SHORT_BINUNICODE BINUNICODE8
    BINBYTES SHORT_BINBYTES BINBYTES8 BYTEARRAY8
    EMPTY_DICT DICT SETITEM SETITEMS EMPTY_LIST LIST APPEND APPENDS
    EMPTY_TUPLE TUPLE TUPLE1 TUPLE2 TUPLE3
    PUT BINPUT LONG_BINPUT MEMOIZE GET BINGET LONG_BINGET
    GLOBAL STACK_GLOBAL REDUCE BUILD
""".split())
_MEMO = {"PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET", "LONG_BINGET"}
# The book's pickle has 180; a network pickled as Python lists needs one a
# number, and reading one opcode costs about 0.3 µs.
MAX_OPCODES = 500_000
_HUGE_INT = 2 ** 64  # no shape, index or weight in a network comes near it


def prescan(data: bytes) -> None:
    """Refuse, before unpickling, what would cost more than the file's size."""
    import pickletools

    size = len(data)
    stream = io.BytesIO(data)
    strings, memo, memoized = (None, None), {}, 0
    try:
        for count, (opcode, arg, _) in enumerate(pickletools.genops(stream)):
            name = opcode.name
            if count > MAX_OPCODES:
                raise FileFormatError("pickle_too_long", limit=MAX_OPCODES)
            # The two values STACK_GLOBAL takes, followed through the memo,
            # so that a refused global is named as such before the opcodes
            # that would use it; anything not followed is left to find_class.
            if name == "GLOBAL":
                module, _, attribute = arg.partition(" ")
                if (module, attribute) not in _GLOBALS:
                    _refuse_global(module, attribute)
            if name == "STACK_GLOBAL" and all(isinstance(v, str) for v in strings):
                if tuple(strings) not in _GLOBALS:
                    _refuse_global(*strings)
            if name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "BINUNICODE8"):
                strings = (strings[1], arg)
            elif name in ("GET", "BINGET", "LONG_BINGET"):
                strings = (strings[1], memo.get(arg))
            elif name == "MEMOIZE":
                if isinstance(strings[1], str) and len(memo) < 10_000:
                    memo[memoized] = strings[1]
                memoized += 1
            elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
                if isinstance(strings[1], str) and len(memo) < 10_000:
                    memo[arg] = strings[1]
            elif name != "FRAME":
                strings = (strings[1], None)

            if name not in _OPCODES:
                raise FileFormatError("pickle_opcode", opcode=name)
            # A memo slot or frame beyond anything the file can fill is only
            # there to make the unpickler allocate it.
            if name in _MEMO and not 0 <= int(arg) <= count:
                raise FileFormatError("pickle_memo", index=arg)
            if name == "FRAME" and arg > size:
                raise FileFormatError("pickle_length", length=arg, size=size)
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) >= _HUGE_INT:
                raise FileFormatError("pickle_big_int")
    except FileFormatError:
        raise
    except (ValueError, OverflowError, MemoryError, EOFError) as exc:
        # genops' own refusals: a length past the file's end, an int of
        # thousands of digits, a missing STOP.
        raise FileFormatError("pickle_damaged", reason=_first_line(exc)) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


class _CheckedArray(np.ndarray):
    """What the book's pickle rebuilds each array as: its state is checked
    against the file's size before numpy allocates the shape it names."""

    _budget = 0

    def __setstate__(self, state):
        if not isinstance(state, tuple) or len(state) != 5:
            raise FileFormatError("pickle_array_state")
        _, shape, dtype, _, raw = state
        _check_dtype(dtype)
        count = _count(shape)
        if not isinstance(raw, (bytes, bytearray, str)):
            raise FileFormatError("pickle_array_state")
        if count * dtype.itemsize > _CheckedArray._budget:
            raise FileFormatError("pickle_array_too_big", count=count)
        super().__setstate__(state)


def _count(shape) -> int:
    if (not isinstance(shape, tuple) or len(shape) > 32
            or not all(isinstance(n, int) and 0 <= n < _HUGE_INT for n in shape)):
        raise FileFormatError("pickle_array_state")
    return math.prod(shape)


def _check_dtype(dtype) -> None:
    if (not isinstance(dtype, np.dtype) or dtype.hasobject or dtype.kind not in "biufU"
            or (dtype.kind != "U" and dtype.itemsize > 8)):
        raise FileFormatError("pickle_dtype", dtype=_short(dtype))


def _short(value) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - the message must not fail on any value
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


class _NdarrayToken:
    """numpy.ndarray as a pickle names it: only _reconstruct may use it; calling
    it (ndarray((300_000_000,))) would allocate the shape it is given."""

    def __repr__(self) -> str:
        return "numpy.ndarray"

    def __call__(self, *args, **kwargs):
        raise FileFormatError("pickle_array_state")


_NDARRAY = _NdarrayToken()


def _reconstruct(cls, shape, dtype_code):
    if cls is not _NDARRAY or _count(shape) > 1 or not isinstance(dtype_code, bytes) \
            or len(dtype_code) > 8:
        raise FileFormatError("pickle_array_state")
    return multiarray._reconstruct(_CheckedArray, shape, dtype_code)


def _dtype(spec, align=False, copy=False):
    if not isinstance(spec, str) or len(spec) > 16:
        raise FileFormatError("pickle_dtype", dtype=_short(spec))
    dtype = np.dtype(spec, bool(align), bool(copy))
    _check_dtype(dtype)
    return dtype


def _scalar(dtype, raw=None):
    _check_dtype(dtype)
    if not isinstance(raw, bytes) or len(raw) != dtype.itemsize:
        raise FileFormatError("pickle_array_state")
    return multiarray.scalar(dtype, raw)


def _frombuffer(buffer, dtype, shape, order):
    _check_dtype(dtype)
    if not isinstance(buffer, (bytes, bytearray)) or _count(shape) * dtype.itemsize != len(buffer):
        raise FileFormatError("pickle_array_state")
    return np.frombuffer(buffer, dtype).reshape(shape, order=order)


def _encode(text, encoding="utf-8", errors="strict"):
    # protocol 2 stores an array's bytes as latin-1 text re-encoded by this
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1") or errors != "strict":
        raise FileFormatError("pickle_array_state")
    return text.encode("latin-1")


_GLOBALS = {("numpy", "ndarray"), ("numpy", "dtype"), ("_codecs", "encode")} | {
    (f"{package}.{module}", name) for package in ("numpy.core", "numpy._core")
    for module, name in (("multiarray", "_reconstruct"), ("multiarray", "scalar"),
                         ("numeric", "_frombuffer"))}


def _refuse_global(module, name):
    named = f"{module}.{name}"
    raise FileFormatError("pickle_refused",
                          name=named if len(named) <= 80 else named[:77] + "...")


def unpickler(handle, budget: int):
    """An unpickler that admits only what rebuilds numpy arrays; any other
    global is refused before it is imported, so a malicious pickle never runs."""
    import pickle

    allowed = {("numpy", "ndarray"): _NDARRAY, ("numpy", "dtype"): _dtype,
               ("_codecs", "encode"): _encode}
    # The book's pickle names numpy.core (numpy 1); numpy 2 names numpy._core.
    for package in ("numpy.core", "numpy._core"):
        allowed[(f"{package}.multiarray", "_reconstruct")] = _reconstruct
        allowed[(f"{package}.multiarray", "scalar")] = _scalar
        allowed[(f"{package}.numeric", "_frombuffer")] = _frombuffer
    _CheckedArray._budget = budget

    class ArraysOnlyUnpickler(pickle.Unpickler):
        def find_class(self, module, name):
            try:
                return allowed[(module, name)]
            except (KeyError, TypeError):
                _refuse_global(module, name)

    return ArraysOnlyUnpickler(handle)


def plain(value):
    """The loaded arrays as ordinary ndarrays (nothing of the checks stays)."""
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True, subok=False)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
