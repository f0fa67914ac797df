"""Malformed and hostile files: each is refused with actlab's own one-line
error, in bounded time and memory, and saving handles the file system's corners.

Every file here is small and written by the test; the bounds are checked with
resource limits in a child process, never with a clock.
"""
import io
import json
import os
import pickle
import stat
import struct
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core
from core import files

ROOT = Path(__file__).resolve().parents[2]
GOOD = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.5, -0.5])}


def npz_bytes(compression=zipfile.ZIP_STORED, **arrays) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
            archive.writestr(f"{name}.npy", member.getvalue())
    return buffer.getvalue()


def npy_header_only(shape, dtype="<f8") -> bytes:
    """A .npy that claims `shape` and holds no data."""
    member = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        member, {"descr": dtype, "fortran_order": False, "shape": shape})
    return member.getvalue()


def npz_with_member(name: str, content: bytes, compression=zipfile.ZIP_STORED, **good) -> bytes:
    buffer = io.BytesIO(npz_bytes(**(good or GOOD)))
    with zipfile.ZipFile(buffer, "a", compression) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def patch_both_headers(data: bytes, local_offset: int, central_offset: int, value: bytes) -> bytes:
    """Set a field in every local header and every central-directory entry."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = data.find(signature)
        while start >= 0:
            data[start + offset:start + offset + len(value)] = value
            start = data.find(signature, start + 4)
    return bytes(data)


def corrupt_middle(data: bytes, name: str) -> bytes:
    """Scramble the compressed bytes of one member, leaving the zip's structure."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data = bytearray(data)
    for i in range(start + 2, start + info.compress_size - 2):
        data[i] ^= 0x5A
    return bytes(data)


class Reduces:
    """Pickles as the given (callable, args[, state]) without running it."""

    def __init__(self, *reduction):
        self.reduction = reduction

    def __reduce__(self):
        return self.reduction


def good_pickle(**changes) -> bytes:
    return pickle.dumps({**GOOD, **changes}, protocol=2)


def deep_list_pickle(depth: int) -> bytes:
    """{'W1': [[[...]]] nested `depth` deep, 'b1': []}, opcodes by hand
    (pickle.dumps itself would hit the recursion limit)."""
    key = lambda text: b"X" + struct.pack("<I", len(text)) + text.encode()  # noqa: E731
    return (b"\x80\x02}" + key("W1") + b"]" * depth + b"a" * (depth - 1) + b"s"
            + key("b1") + b"]s.")


def codecs_pickle(encoding: str, errors: str | None = None) -> bytes:
    key = lambda text: b"X" + struct.pack("<I", len(text)) + text.encode()  # noqa: E731
    args = key("abc") + key(encoding) + (key(errors) if errors else b"")
    return (b"\x80\x02}" + key("W1") + b"c_codecs\nencode\n(" + args + b"tRs.")


RECONSTRUCT = np.ndarray.__reduce__(np.zeros(1))[0]  # numpy's own _reconstruct

HOSTILE = {
    # NPZ
    "encrypted.npz": (patch_both_headers(npz_bytes(**GOOD), 6, 8, b"\x01\x00"), "is encrypted"),
    "method-99.npz": (patch_both_headers(npz_bytes(**GOOD), 8, 10, b"\x63\x00"),
                      "compression method 99"),
    "bad-deflate.npz": (corrupt_middle(npz_bytes(zipfile.ZIP_DEFLATED, W1=np.ones((40, 40)),
                                                 b1=np.ones(40)), "W1.npy"),
                        "not a readable NPZ"),
    "bad-lzma.npz": (corrupt_middle(npz_bytes(zipfile.ZIP_LZMA, W1=np.ones((40, 40)),
                                              b1=np.ones(40)), "W1.npy"),
                     "not a readable NPZ"),
    "huge-x.npz": (npz_with_member("x.npy", npy_header_only((300_000_000,))),
                   "x claims 300,000,000 values"),
    "huge-activations.npz": (npz_with_member("activations.npy",
                                             npy_header_only((300_000_000,), "<U8")),
                             "activations claims 300,000,000 values"),
    "x-not-W1-rows.npz": (npz_with_member("x.npy", npy_header_only((5_000_000,)) + bytes(40_000_000),
                                          zipfile.ZIP_DEFLATED),
                          "x has 5000000 values but the network takes 1"),
    "object-x.npz": (npz_with_member("x.npy", npy_header_only((2,), "|O")),
                     "stores Python objects"),
    "longdouble.npz": (npz_bytes(W1=np.ones((1, 2), dtype=np.longdouble), b1=np.zeros(2)),
                       "W1 holds float128 values"),
    "W1-newline.npz": (npz_with_member("W1\n.npy", b"x"), "it holds"),
    "bomb.npz": (npz_with_member("x.npy", npy_header_only((1,)) + bytes(50_000_000),
                                 zipfile.ZIP_DEFLATED), "x.npy is not the size its header"),
    "no-directory.npz": (npz_bytes(**GOOD)[:-22], "not a readable NPZ"),
    # JSON
    "int-1e309.json": (b'{"W1": [[' + b"9" * 309 + b', 1]], "b1": [0, 0]}',
                       r"W1\[1\]\[1\] is too large for a float64"),
    "int-5000-digits.json": (b'{"W1": [[' + b"1" * 5000 + b', 1]], "b1": [0, 0]}',
                             "a number of 5,000 digits"),
    "deep-W1.json": (b'{"W1": ' + b"[" * 5000 + b"1" + b"]" * 5000 + b', "b1": [0]}',
                     "nests lists too deeply"),
    "deep-everything.json": (b"[" * 200_000 + b"]" * 200_000, "nests lists too deeply"),
    "key-newline.json": (b'{"W1\\n": [[1.0, 2.0]], "b1": [0, 0]}', r"unknown key 'W1\\n'"),
    "long-key.json": (json.dumps({"W1": [[1.0]], "b1": [0.0], "k" * 10_000: 1}).encode(),
                      "unknown key '\"kkkk"),
    # pickle
    "deep-W1.pkl": (deep_list_pickle(2000), "nests lists too deeply"),
    "big-int.pkl": (good_pickle(W1=[[10 ** 400]]), "integer too large"),
    "bytes-cell.pkl": (good_pickle(W1=[[b"ab", 1.0]]), r"W1\[1\]\[1\] is b'ab', not a number"),
    "dtype-cell.pkl": (good_pickle(W1=[[np.dtype("f8"), 1.0]]), r"W1\[1\]\[1\] is dtype"),
    "unknown-codec.pkl": (codecs_pickle("no-such-codec"), "a form numpy never writes"),
    "codec-handler.pkl": (codecs_pickle("latin1", "no-such-handler"),
                          "a form numpy never writes"),
    "frame-2^64.pkl": (b"\x80\x04\x95" + b"\xff" * 8 + b"N.", "claims a part of"),
    "bytearray-2^64.pkl": (b"\x80\x05\x96" + b"\xff" * 8 + b".", "not a readable pickle"),
    "memo-index.pkl": (b"\x80\x02Nr\xff\xff\xff\xff.", "memo slot 4,294,967,295"),
    "ndarray-call.pkl": (good_pickle(activations=Reduces(np.ndarray, ((300_000_000,),))),
                         "a form numpy never writes"),
    "x-state.pkl": (good_pickle(x=Reduces(RECONSTRUCT, (np.ndarray, (0,), b"b"),
                                          (1, (300_000_000,), np.dtype("f8"), False, b"\0"))),
                    "array of 300,000,000 values"),
    "object-state.pkl": (good_pickle(x=Reduces(RECONSTRUCT, (np.ndarray, (0,), b"b"),
                                               (1, (3,), np.dtype("O"), False, [1, 2, 3]))),
                         "array of dtype"),
    "newobj.pkl": (b"\x80\x04}\x81.", "it uses NEWOBJ"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_with_one_line(tmp_path, name):
    content, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(core.FileFormatError, match=message) as caught:
        core.load(path)
    text = str(caught.value)
    assert "\n" not in text and len(text) < 300
    assert text.startswith(name), text


def test_too_many_npz_members_are_refused_from_the_directory_alone(tmp_path, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for k in range(1, 1002):
            archive.writestr(f"W{k}.npy", b"")
    (tmp_path / "many.npz").write_bytes(buffer.getvalue())

    def no_directory_reading(*args, **kwargs):
        raise AssertionError("zipfile read the directory")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", no_directory_reading)
    with pytest.raises(core.FileFormatError, match="more than 1,000 arrays"):
        core.load(tmp_path / "many.npz")


def test_npz_data_is_not_read_until_every_header_is_checked(tmp_path, monkeypatch):
    path = tmp_path / "late-huge-x.npz"
    path.write_bytes(npz_with_member("x.npy", npy_header_only((300_000_000,))))
    reads = []
    real = zipfile.ZipExtFile.read
    monkeypatch.setattr(zipfile.ZipExtFile, "read",
                        lambda self, n=-1: reads.append(n) or real(self, n))
    with pytest.raises(core.FileFormatError, match="x claims"):
        core.load(path)
    assert all(0 <= n <= 10_000 for n in reads)  # magic and headers only, never W1's data


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_before_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(core.FileFormatError, match="not a regular file"):
        core.load(device)
    with pytest.raises(core.FileFormatError, match="not a regular file"):
        core.load_vector(device)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    with pytest.raises(core.FileFormatError, match="net.json is not a regular file"):
        core.load(fifo)
    with pytest.raises(core.FileFormatError, match="not a regular file"):
        core.load_vector(fifo)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(core.FileFormatError, match="not a regular file"):
        core.load(tmp_path)


def test_the_size_is_checked_on_the_opened_file_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(files.MAX_JSON_BYTES + 1)  # sparse: no disk used
    monkeypatch.setattr(files.os, "read", lambda *a: pytest.fail("read before the size check"))
    with pytest.raises(core.FileFormatError, match="actlab opens network files up to"):
        core.load(path)


def test_json_numbers_are_counted_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "zeros.json"
    path.write_bytes(b"[" + b"0," * (files.MAX_NUMBERS + 1) + b"0]")
    monkeypatch.setattr(files.json, "loads", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(core.FileFormatError, match="more than 20,000,000 numbers"):
        core.load(path)


def test_vector_files_follow_the_same_rules(tmp_path):
    (tmp_path / "x.npy").write_bytes(npy_header_only((300_000_000,)))
    with pytest.raises(core.FileFormatError, match="x claims 300,000,000 values"):
        core.load_vector(tmp_path / "x.npy")
    (tmp_path / "short.npy").write_bytes(npy_header_only((3,)) + bytes(8))
    with pytest.raises(core.FileFormatError, match="does not match the size"):
        core.load_vector(tmp_path / "short.npy")
    (tmp_path / "x.json").write_bytes(b"[" + b"9" * 5000 + b"]")
    with pytest.raises(core.FileFormatError, match="5,000 digits"):
        core.load_vector(tmp_path / "x.json")
    (tmp_path / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(core.FileFormatError, match="too deeply"):
        core.load_vector(tmp_path / "deep.json")
    np.save(tmp_path / "good.npy", np.array([0.25, -1.0]))
    assert core.load_vector(tmp_path / "good.npy").tolist() == [0.25, -1.0]


def test_every_message_is_one_line_even_when_a_reason_is_not():
    error = core.FileFormatError("bad_pickle", source="a.pkl", reason="first\nsecond")
    assert str(error) == "a.pkl is not a readable pickle: first second"


# --- bounds, under resource limits in a child process ---------------------------

LIMITED = textwrap.dedent("""
    import resource, sys
    import core
    from core import files  # everything imported first: the baseline
    def vm(field="VmSize"):
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    base = vm()
    try:  # resets the peak resident size (VmHWM), so the report shows this load's own
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
    resident = vm("VmRSS")
    resource.setrlimit(resource.RLIMIT_AS, (base + 100 * 2**20, base + 100 * 2**20))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        core.load(sys.argv[1])
        print("loaded")
    except core.FileFormatError as exc:
        after = resource.getrusage(resource.RUSAGE_SELF)
        spent = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
        print("refused", str(exc).count(chr(10)), f"{spent:.2f}s",
              f"peak +{(vm('VmHWM') - resident) / 2**20:.1f}MB", exc)
""")


def limited_load(path) -> str:
    result = subprocess.run([sys.executable, "-c", LIMITED, str(path)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr[-2000:]
    return result.stdout.strip()


BOUNDED = {
    "zeros.json": lambda: b"[" + b"0," * 25_000_000 + b"0]",  # 50 MB
    "huge-x.npz": lambda: HOSTILE["huge-x.npz"][0],
    "bomb.npz": lambda: HOSTILE["bomb.npz"][0],
    "x-not-W1-rows.npz": lambda: HOSTILE["x-not-W1-rows.npz"][0],
    "memo-index.pkl": lambda: HOSTILE["memo-index.pkl"][0],
    "ndarray-call.pkl": lambda: HOSTILE["ndarray-call.pkl"][0],
    "x-state.pkl": lambda: HOSTILE["x-state.pkl"][0],
    "frame-2^64.pkl": lambda: HOSTILE["frame-2^64.pkl"][0],
    "deep-everything.json": lambda: HOSTILE["deep-everything.json"][0],
    "opcodes.pkl": lambda: b"\x80\x02" + b"N0" * 2_000_000 + b".",
}


@pytest.mark.parametrize("name", list(BOUNDED))
def test_refusal_is_bounded_in_memory_and_cpu(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BOUNDED[name]())
    outcome = limited_load(path)
    print(name, outcome)  # pytest -s shows what each refusal cost
    assert outcome.startswith("refused 0 "), outcome


def test_the_limit_in_the_child_does_bite():
    """The bound is real: a child that allocates 200 MB under it fails."""
    code = LIMITED.replace("core.load(sys.argv[1])", "bytearray(200 * 2**20)")
    result = subprocess.run([sys.executable, "-c", code, "-"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "MemoryError" in result.stderr


# --- mutations of valid files -------------------------------------------------

def valid_files() -> dict[str, bytes]:
    network = core.random_network([3, 4, 2], ["tanh", "softmax"], seed=1).with_x([1, 2, 3])
    with tempfile.TemporaryDirectory() as folder:
        core.save(network, Path(folder) / "n.json")
        core.save(network, Path(folder) / "n.npz")
        found = {suffix: (Path(folder) / f"n{suffix}").read_bytes() for suffix in (".json", ".npz")}
    found[".pkl"] = pickle.dumps(files.to_dict(network), protocol=2)
    found[".pkl4"] = pickle.dumps(files.to_dict(network), protocol=5)
    return found


VALID = valid_files()
HUGE = [struct.pack("<Q", 2**64 - 1), struct.pack("<I", 2**32 - 1), b"\xff\xff", b"\x7f"]


@st.composite
def mutated(draw):
    kind = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[kind])
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["truncate", "flip", "huge", "delete"]))
        if how == "truncate":
            del data[where:]
        elif how == "flip":
            data[where] ^= draw(st.integers(1, 255))
        elif how == "huge":
            data[where:where] = draw(st.sampled_from(HUGE))
        else:
            del data[where:where + draw(st.integers(1, 16))]
        if not data:
            break
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_load_or_are_refused_with_one_line(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated"
        path.write_bytes(content)
        try:
            network = core.load(path)
        except core.ActlabError as exc:
            assert "\n" not in str(exc) and 0 < len(str(exc)) < 400
        else:
            assert isinstance(network, core.Network)


# --- through the command line ----------------------------------------------------

@pytest.mark.parametrize("name", ["encrypted.npz", "memo-index.pkl", "int-5000-digits.json",
                                  "deep-W1.pkl", "bad-deflate.npz"])
def test_the_command_line_says_one_line_and_exits_2(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name][0])
    result = subprocess.run([sys.executable, "-m", "tui", "trace", "--network", str(path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"actlab: error: {name}")


def test_the_command_line_refuses_a_fifo_at_once(tmp_path):
    fifo = tmp_path / "net.npz"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "tui", "trace", "--network", str(fifo)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not a regular file" in result.stderr


# --- saving ----------------------------------------------------------------------

def test_saving_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    real = core.save(core.preset("book"), tmp_path / "real.json")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    core.save(core.preset("xor"), link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert core.load(real).sizes == core.preset("xor").sizes


def test_a_250_byte_file_name_saves(tmp_path):
    path = tmp_path / ("n" * 245 + ".json")
    core.save(core.preset("book"), path)
    assert core.load(path).sizes == core.preset("book").sizes
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(files.os, "fsync",
                        lambda fd: synced.append(stat.S_ISDIR(os.fstat(fd).st_mode)) or real(fd))
    core.save(core.preset("book"), tmp_path / "net.npz")
    assert synced == [False, True]  # the file's data, then the folder's entry


def test_stale_temporaries_of_our_own_are_removed_and_nothing_else(tmp_path):
    old = tmp_path / ".actlab-abcd1234.tmp"
    fresh = tmp_path / ".actlab-wxyz9876.tmp"
    other = tmp_path / ".net.json.abcd1234.tmp"
    for path in (old, fresh, other):
        path.write_bytes(b"half a network")
    hour_ago = os.path.getmtime(old) - 3600
    for path in (old, other):
        os.utime(path, (hour_ago, hour_ago))
    core.save(core.preset("book"), tmp_path / "net.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, other.name, "net.json"])
