"""Every wrong argument to `actlab`: one line on stderr, status 2, never a traceback."""
import json
import os
import socket
import subprocess
import sys

import numpy as np
import pytest

import core
from tests.conftest import ROOT
from tui.cli import main


def actlab(*args, env=None, cwd=ROOT):
    # /dev/zero or a FIFO read to the end would hang or eat memory: the CPU and
    # address-space limits make such a bug a failure instead.
    def limits():
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=cwd,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=120, preexec_fn=limits, env={**os.environ, **(env or {})})


def refused(result, message):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("actlab"), result.stderr
    assert message in lines[0], lines[0]
    assert result.stdout == ""  # --json never gets half an object


@pytest.mark.parametrize("args", [
    ["--x", "-1e-3", "0.5"], ["--x=-1e-3", "0.5"], ["--x", "-1e-3,0.5"], ["--x=-1e-3,0.5"],
])
def test_negative_x_in_every_form_the_readme_allows(args, capsys):
    assert main(["trace", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["x"] == [-0.001, 0.5]
    assert data["y"] == core.forward(core.preset("book"), [-0.001, 0.5]).y.tolist()


@pytest.mark.parametrize("args, message", [
    (["landscape", "--inputs", "1", "2", "--steps", "1e999"],
     "--steps: must be a whole number from 2 to 1001, not '1e999'"),
    (["landscape", "--inputs", "1", "2", "--steps", "100000"], "not '100000'"),
    (["landscape", "--inputs", "1", "2", "--steps", "-3"], "not '-3'"),
    (["landscape", "--inputs", "1", "2", "--range", "nan", "3"],
     "must be a number from -1000000 to 1000000, not 'nan'"),
    (["landscape", "--inputs", "1", "2", "--range", "-inf", "3"], "not '-inf'"),
    (["landscape", "--inputs", "1", "2", "--range", "3", "1"],
     "range must be finite numbers LO < HI, not 3.0 and 1.0"),
    (["landscape", "--inputs", "0", "2"], "--inputs: must be a whole number from 1"),
    (["init-experiment", "--samples", "-5"], "--samples: must be a whole number from 1"),
    (["init-experiment", "--width", "9" * 5000], "--width: must be a whole number"),
    (["init-experiment", "--bins", "100000"], "from 1 to 1000, not '100000'"),
    (["init-experiment", "--init", "std:nan"], "from 0 to 1000, not 'nan'"),
    (["init-experiment", "--init", "std:1e999"], "not '1e999'"),
    (["trace", "--x", "1", "zz", "--json"], "--x: 'zz' is not a number"),
    (["trace", "--network", ""], "--network needs a file name, not an empty string"),
    (["--network", ""], "--network needs a file name"),
    (["serve", "--network", ""], "--network needs a file name"),
    (["serve", "--port", "70000"], "--port: must be a whole number from 0 to 65535"),
    (["serve", "--port", "-1"], "not '-1'"),
    (["serve", "--host", ""], "--host needs an address"),
])
def test_out_of_range_and_empty_options_are_one_line(args, message):
    refused(actlab(*args), message)


def test_the_refusal_is_in_japanese_too():
    result = actlab("landscape", "--inputs", "1", "2", "--steps", "0",
                    env={"LC_ALL": "ja_JP.UTF-8"})
    refused(result, "2 から 1001 までの整数にしてください ('0' ではなく)")


@pytest.mark.parametrize("kind", ["directory", "fifo", "device"])
@pytest.mark.parametrize("command", [["trace", "--network"], ["--network"],
                                     ["digit", "--network", "NET", "--image"]])
def test_a_file_argument_that_is_not_a_file(kind, command, tmp_path):
    path = {"directory": tmp_path, "device": "/dev/zero"}.get(kind, tmp_path / "fifo")
    if kind == "fifo":
        os.mkfifo(path)
    network = tmp_path / "net.json"
    core.save(core.preset("book"), network)
    args = [str(network) if a == "NET" else a for a in command] + [str(path)]
    refused(actlab(*args), "it is not a regular file (a directory, a device or a pipe)")


def test_a_drawing_whose_header_claims_a_trillion_values(tmp_path):
    image = tmp_path / "huge.npy"
    with open(image, "wb") as file:  # a header alone: no data follows it
        np.lib.format.write_array_header_1_0(
            file, {"descr": "<f8", "fortran_order": False, "shape": (1_000_000, 1_000_000)})
    network = tmp_path / "net.json"
    core.save(core.preset("book"), network)
    refused(actlab("digit", "--network", str(network), "--image", str(image)),
            "claims shape (1000000, 1000000)")


def test_landscape_refuses_a_grid_too_large_for_memory():
    deep = core.Network((core.Layer(np.zeros((2, 5000)), np.zeros(5000), "relu"),))
    with pytest.raises(core.InputError, match="more than the 50,000,000 allowed"):
        core.landscape.landscape(deep, [0.0, 0.0], 1, 2, steps=1001)
    for u_range in ((np.nan, 1.0), (1.0, 1.0), (2.0, 1.0), (-np.inf, 1.0)):
        with pytest.raises(core.InputError, match="finite numbers LO < HI"):
            core.landscape.landscape(core.preset("book"), [0.0, 0.0], 1, 2, u_range=u_range)


def test_serve_on_a_port_in_use_is_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        refused(actlab("serve", "--port", str(port)),
                f"cannot listen on 127.0.0.1 port {port}")


@pytest.mark.parametrize("as_option", [True, False])
def test_a_file_name_with_an_escape_code_is_quoted_escaped_on_one_line(tmp_path, as_option):
    # A name may hold ESC: printed as it was, `\x1b[7m` turned the learner's
    # terminal to reverse video. (A newline in it was already one space.)
    path = tmp_path / "z\x1b[7m\nnet.json"
    path.write_text("{ not json")
    args = ["trace", "--network", str(path)] if as_option else ["trace", str(path)]
    result = actlab(*args)
    refused(result, "z\\x1b[7m")  # and on one line (refused checks it)
    assert "\x1b" not in result.stderr
