"""The `actlab` command line.

    actlab [FILE] [--network FILE] [--preset NAME]   open the explorer
    actlab trace ...                                  print a forward pass
    actlab act NAME --x ...                           evaluate one function
    actlab presets                                    list the presets
    actlab landscape ...                              y over a grid of two inputs
    actlab init-experiment ...                        the chapter-6 histograms
    actlab digit --image FILE                         what a network sees of a drawing
    actlab grad ... (--t T ... | --label K)           the backward pass: every δ and ∂L/∂W
    actlab step ... --lr ETA [--steps N]              gradient descent, the loss after each
    actlab evaluate --network FILE [--data PATH]      accuracy over a real test set
    actlab dataset NAME ...                           a dataset's points and split
    actlab train ...                                  train on a dataset
    actlab serve [--host H] [--port P]                the explorer in a browser

Only the explorer and serve import Textual, and only when they start: the
other commands stay as quick as numpy itself. grad and step live in
tui/cli_learn.py, evaluate in tui/cli_data.py, dataset and train in
tui/cli_train.py, each imported when it runs.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import stat
import sys
from pathlib import Path

import numpy as np

import core
from core import messages

from . import format as fmt
from . import i18n
from .i18n import t
from .launch import long_lived

PROG = "actlab"


def _error(message: str) -> int:
    # shown_name: a file name quoted in the message cannot send the terminal
    # an escape sequence (a name may hold ESC) or break the line.
    print(t("cli.error", message=fmt.shown_name(message)), file=sys.stderr)
    return 2


def _warn(message: str) -> None:
    print(t("cli.warning", message=fmt.shown_name(message)), file=sys.stderr)


def _warn_nonfinite(trace: core.Trace) -> None:
    bad = trace.nonfinite()
    if bad:
        naive = trace.activations[-1] == "softmax_naive"
        _warn(t("cli.nonfinite_naive" if naive else "cli.nonfinite", names=", ".join(bad)))


# --- parsing: every refusal is one line, every number has a range ----------------

class UsageError(core.ActlabError):
    """What argparse refuses, raised instead of printed so that main() shows it as
    one line (argparse's own error() prints the usage block first)."""


# argparse takes "-1e-3", "-inf" and "-5." for options (its own pattern knows only
# -1 and -.5), so a negative input in scientific notation could not be typed at all.
_FLOAT = r"((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf|infinity|nan)"
NUMBER = re.compile(rf"^-{_FLOAT}(,[-+]?{_FLOAT})*$", re.IGNORECASE)  # "-1e-3,0.5" too


def _argparse_text(message: str) -> str:
    """argparse words its own refusals through gettext: give them the current
    language's words from the one catalogue (an unknown msgid stays English)."""
    key = "argparse:" + message
    return i18n.t(key) if key in i18n.EN else message


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    return _argparse_text(singular if n == 1 else plural)


# argparse looks these module globals up each time it words a message.
argparse._ = _argparse_text
argparse.ngettext = _argparse_plural


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = NUMBER  # what argparse consults for "-1" and "-.5"

    def parse_known_args(self, args=None, namespace=None):
        # "--x=-1e-3 0.5": argparse gives an option written with "=" only the value
        # after it, whatever its nargs; split it so every value after it counts.
        vectors = {name for action in self._actions if action.nargs not in (None, 0, "?")
                   for name in action.option_strings}
        split = []
        for arg in sys.argv[1:] if args is None else args:
            name, equals, value = arg.partition("=")
            split += [name, value] if equals and name in vectors else [arg]
        return super().parse_known_args(split, namespace)

    def error(self, message: str):
        raise UsageError("usage", message=message, command=self.prog)


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # 1000000, not 1e+06
    return str(value)


def ranged(kind, low, high):
    """An argparse type: a number of `kind` from low to high, else one line that
    gives the range. int("1e20") and int of 5000 digits fail: a count is whole."""
    def parse(text: str):
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            value = None
        if value is None or not low <= value <= high:  # nan fails both comparisons
            key = "option_whole" if kind is int else "option_number"
            raise argparse.ArgumentTypeError(messages.render(
                key, {"low": _shown(low), "high": _shown(high), "text": text}))
        return value
    parse.__name__ = kind.__name__
    parse.low, parse.high = low, high
    return parse


def _ranged_help(text: str, parse, default=None) -> str:
    shown = f"{text}: {_shown(parse.low)} to {_shown(parse.high)}"
    return shown + (f" (default {_shown(default)})" if default is not None else "")


class NumberList(argparse.Action):
    """A vector option: numbers after it, each of which may also be a comma list
    ("--x -1e-3 0.5", "--x=-1e-3,0.5")."""

    def __call__(self, parser, namespace, values, option_string=None):
        numbers = []
        for value in values:
            for text in value.split(",") if "," in value else [value]:
                try:
                    numbers.append(float(text))
                except ValueError:
                    parser.error(messages.render("option_not_number",
                                                 {"option": option_string, "text": text}))
        setattr(namespace, self.dest, numbers)


def _file_name(text: str, option: str) -> str:
    """A file to read: refused at once if empty, a directory, a device or a pipe
    (reading /dev/zero never ends, a FIFO waits for a writer)."""
    if text == "":
        raise UsageError("option_empty_file", option=option)
    try:
        mode = os.stat(text).st_mode
    except (OSError, ValueError):
        return text  # missing or unreadable: the loader names the reason
    if not stat.S_ISREG(mode):
        raise core.FileFormatError("cannot_read", path=text,
                                   reason=core.FileFormatError("cli_not_regular_file"))
    return text


def _read(load, path: str):
    """A loader's result; what a hostile file can still make Python raise becomes
    one line naming the file, like every other refusal."""
    try:
        return load(path)
    except MemoryError:
        reason = "file_needs_memory"
    except RecursionError:
        reason = "file_too_nested"
    except OverflowError:
        reason = "file_number_too_big"
    raise core.FileFormatError("file_wrapped", source=Path(path).name,
                               error=core.FileFormatError(reason))


# --- choosing the network: shared by the explorer and trace --------------------

def _add_network_options(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", metavar="NAME", choices=list(core.PRESETS),
                        help=f"a built-in network: {', '.join(core.PRESETS)} (default: book)")
    source.add_argument("--network", metavar="FILE",
                        help="a network file: JSON, NPZ, or the book's sample_weight.pkl")


def network_from_args(args) -> core.Network:
    if getattr(args, "network", None) is not None:  # "" is a mistake, not the book
        return _read(core.load, _file_name(args.network, "--network"))
    return core.preset(args.preset or "book")


# --- actlab trace --------------------------------------------------------------

def trace_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=f"{PROG} trace",
                     description="The forward pass, layer by layer: a1, z1, ..., y.")
    _add_network_options(parser)
    parser.add_argument("--activation", metavar="NAME", choices=core.HIDDEN,
                        help="every hidden layer's activation")
    parser.add_argument("--output", metavar="NAME", choices=list(core.ACTIVATIONS),
                        help="the last layer's function (identity, sigmoid, softmax, ...)")
    parser.add_argument("--x", metavar="X", nargs="+", action=NumberList,
                        help="the input vector, finite numbers (default: the file's x, "
                             "the preset's, else zeros)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    return parser


def cmd_trace(argv: list[str]) -> int:
    args = trace_parser().parse_args(argv)
    network = network_from_args(args)
    if args.activation:
        network = network.with_hidden_activation(args.activation)
    if args.output:
        network = network.with_output(args.output)
    x = network.default_x() if args.x is None else core.check_x(network, args.x)
    trace = core.forward(network, x)
    _warn_nonfinite(trace)
    if args.json:
        print(core.export.trace_json(trace))
    else:
        print(trace_table(network, trace, args.network or args.preset or "book"))
    return 0


def trace_table(network: core.Network, trace: core.Trace, source: str) -> str:
    shape = "-".join(str(n) for n in network.sizes)
    lines = [f"{source} · {shape} · x = {fmt.vector(trace.x)}", ""]
    for k, layer in enumerate(network.layers, start=1):
        z_name = "y" if k == trace.depth else f"z{k}"
        lines.append(f"layer {k}  {layer.activation:<13} {fmt.shape_line(layer.n_in, layer.n_out)}")
        lines.append(f"  {'unit':>5}  {f'a{k}':>16}  {z_name:>16}")
        for j, (a, z) in enumerate(zip(trace.a[k - 1], trace.z[k - 1]), start=1):
            lines.append(f"  {j:>5}  {fmt.number(a):>16}  {fmt.number(z):>16}")
        lines.append("")
    lines.append(f"y = {fmt.vector(trace.y)}")
    return "\n".join(lines)


# --- actlab act ------------------------------------------------------------------

def act_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=f"{PROG} act", description="Evaluate one activation function.")
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help=f"one of: {', '.join(core.ACTIVATIONS)}")
    parser.add_argument("--x", metavar="X", nargs="+", action=NumberList,
                        help="where to evaluate: any float64, inf and nan too (NaN in "
                             "gives NaN out)")
    parser.add_argument("--grad", action="store_true", help="the derivative too")
    parser.add_argument("--list", action="store_true", help="list every function")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    return parser


def cmd_act(argv: list[str]) -> int:
    parser = act_parser()
    args = parser.parse_args(argv)
    if args.list:
        return _act_list(args.json)
    if not args.name:
        parser.error(t("cli.act_name"))
    if args.x is None:
        parser.error(t("cli.act_x"))
    function = core.get(args.name)
    x = np.array(args.x)
    y = function.fn(x)
    dy = function.grad(x) if args.grad else None
    if args.json:
        data = {"name": function.name, "x": core.export.json_list(x), "y": core.export.json_list(y)}
        if dy is not None:
            data["dy"] = core.export.json_list(dy)
        print(json.dumps(data))
        return 0
    print(f"{function.name}: {function.formula}")
    print(f"{'x':>16}  {'h(x)':>16}" + (f"  {'dh/dx':>16}" if dy is not None else ""))
    for i, (xi, yi) in enumerate(zip(x, y)):
        row = f"{fmt.number(xi):>16}  {fmt.number(yi):>16}"
        if dy is not None:
            row += f"  {fmt.number(dy[i]):>16}"
        print(row)
    return 0


def _flags(function: core.Activation) -> list[str]:
    names = ["zero_centred", "monotonic", "smooth", "saturating"]
    return [name for name in names if getattr(function, name)]


def _act_list(as_json: bool) -> int:
    if as_json:
        print(json.dumps([
            {"name": f.name, "formula": f.formula,
             "range": [core.export.json_list(v) for v in f.range],
             "attains": list(f.attains), "flags": _flags(f), "output_only": f.output_only}
            for f in core.ACTIVATIONS.values()]))
        return 0
    for f in core.ACTIVATIONS.values():
        kind = "output only" if f.output_only else ", ".join(_flags(f)) or "-"
        print(f"{f.name:<14} {f.formula}")
        print(f"{'':<14} range {fmt.interval(f)}  {kind}")
    return 0


# --- actlab presets -----------------------------------------------------------------

def cmd_presets(argv: list[str]) -> int:
    parser = Parser(prog=f"{PROG} presets", description="The built-in networks.")
    parser.add_argument("--json", action="store_true", help="one JSON list on stdout")
    args = parser.parse_args(argv)
    rows = []
    for p in core.PRESETS.values():
        network = p.build()
        rows.append({"name": p.name, "sizes": network.sizes,
                     "activations": network.activations, "description": p.description})
    if args.json:
        print(json.dumps(rows))
    else:
        for row in rows:
            shape = "-".join(str(n) for n in row["sizes"])
            print(f"{row['name']:<6} {shape:<24} {row['description']}")
    return 0


# --- actlab landscape, init-experiment, digit ---------------------------------------

def cmd_landscape(argv: list[str]) -> int:
    parser = Parser(
        prog=f"{PROG} landscape",
        description="Every output over a grid of two inputs, the others held at x.")
    _add_network_options(parser)
    parser.add_argument("--x", metavar="X", nargs="+", action=NumberList,
                        help="the point held fixed, finite numbers")
    parser.add_argument("--inputs", metavar=("I", "J"), type=ranged(int, 1, core.MAX_PARAMETERS),
                        nargs=2, required=True,
                        help="the inputs on the axes, numbered from 1 to the network's inputs")
    span = ranged(float, -core.landscape.MAX_COORDINATE, core.landscape.MAX_COORDINATE)
    parser.add_argument("--range", metavar=("LO", "HI"), type=span, nargs=2,
                        default=[-3.0, 3.0],
                        help=_ranged_help("both axes' range, LO < HI, each", span)
                        + " (default -3 3)")
    steps = ranged(int, 2, core.landscape.MAX_STEPS)
    parser.add_argument("--steps", type=steps, default=101, metavar="N",
                        help=_ranged_help("points per axis", steps, 101))
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    network = network_from_args(args)
    x = network.default_x() if args.x is None else core.check_x(network, args.x)
    grid = core.landscape.landscape(network, x, *args.inputs, u_range=args.range,
                                    steps=args.steps)
    if args.json:
        print(json.dumps({"u": core.export.json_list(grid.u), "v": core.export.json_list(grid.v),
                          "y": core.export.json_list(grid.y)}))
        return 0
    i, j = args.inputs
    print(f"y over x{i} (columns) and x{j} (rows); largest output at each point:")
    winner = grid.winner()
    for row in range(grid.v.size - 1, -1, -max(1, grid.v.size // 20)):
        cells = "".join(str(w % 10) for w in winner[row, ::max(1, grid.u.size // 60)])
        print(f"{fmt.number(grid.v[row], 3):>10} {cells}")
    return 0


MAX_BINS = 1000  # one character per bin on the screen; the book's plot has 30

def _parse_init(text: str) -> tuple[str, float]:
    if text.startswith("std:"):
        try:
            std = float(text[4:])
        except ValueError:
            raise argparse.ArgumentTypeError(t("cli.init_std", text=text[4:])) from None
        if not 0 <= std <= core.experiments.MAX_STD:  # nan too
            raise argparse.ArgumentTypeError(messages.render(
                "option_number",
                {"low": "0", "high": _shown(core.experiments.MAX_STD), "text": text[4:]}))
        return "normal", std
    if text in ("xavier", "he"):
        return text, 1.0
    raise argparse.ArgumentTypeError(t("cli.init_bad", text=text))


def cmd_init_experiment(argv: list[str]) -> int:
    parser = Parser(
        prog=f"{PROG} init-experiment",
        description="The book's chapter-6 experiment: each layer's values for an initialiser.")
    parser.add_argument("--activation", default="sigmoid", choices=core.HIDDEN, metavar="NAME")
    parser.add_argument("--init", type=_parse_init, default=("normal", 1.0),
                        metavar="std:S|xavier|he",
                        help=f"S from 0 to {core.experiments.MAX_STD:g} (default std:1)")
    # samples × layers × width and layers × width² have their own limits in core.
    for name, low, high, default, text in [
            ("samples", 1, core.experiments.MAX_VALUES, 1000, "input rows"),
            ("layers", 1, 100, 5, "layers of equal width"),
            ("width", 1, 10_000, 100, "units per layer"),
            ("seed", 0, 2**32 - 1, 0, "the seed of the weights and the input"),
            ("bins", 1, MAX_BINS, 30, "histogram bins per layer")]:
        kind = ranged(int, low, high)
        parser.add_argument(f"--{name}", type=kind, default=default, metavar=name[0].upper(),
                            help=_ranged_help(text, kind, default))
    parser.add_argument("--json", action="store_true", help="one JSON list on stdout")
    args = parser.parse_args(argv)
    init, std = args.init
    layers = core.experiments.init_experiment(args.activation, init, std, args.samples,
                                              args.layers, args.width, args.seed, args.bins)
    if args.json:
        print(json.dumps([{"layer": k, "edges": core.export.json_list(h.edges),
                           "counts": h.counts.tolist(), "saturated": h.saturated,
                           "dead": h.dead} for k, h in enumerate(layers, start=1)]))
        return 0
    for k, h in enumerate(layers, start=1):
        peak = max(1, int(h.counts.max()))
        bars = "".join(" ▁▂▃▄▅▆▇█"[int(round(8 * c / peak))] for c in h.counts)
        print(f"layer {k}  [{fmt.number(h.edges[0], 3)}, {fmt.number(h.edges[-1], 3)}]  "
              f"{bars}  saturated {h.saturated:.1%}  dead {h.dead:.1%}")
    return 0


def cmd_digit(argv: list[str]) -> int:
    parser = Parser(
        prog=f"{PROG} digit",
        description="A 28×28 drawing, centred as MNIST digits are, through the network.")
    parser.add_argument("--network", metavar="FILE", required=True,
                        help="a 784-input network, e.g. the book's sample_weight.pkl")
    parser.add_argument("--image", metavar="FILE.npy", required=True,
                        help="a 2-D array in 0..1 (or 0..255)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    # The book's predict() ends in softmax: y are the ten probabilities.
    network = network_from_args(args).with_output("softmax")
    image = _read(_load_drawing, _file_name(args.image, "--image"))
    x = core.digits.digit_input(image)
    y = core.forward(network, x).y
    digit = int(np.argmax(y))
    if args.json:
        print(json.dumps({"x": core.export.json_list(x), "y": core.export.json_list(y),
                          "digit": digit}))
        return 0
    for d, p in enumerate(y):
        print(f"{d}  {fmt.number(p, 4)}  {'█' * int(round(p * 40))}{'  ◀' if d == digit else ''}")
    return 0


def _load_drawing(path: str) -> np.ndarray:
    """A 2-D drawing: a 2-D .npy keeps its shape; a flat list must be square."""
    shape = _npy_shape(path) if path.lower().endswith(".npy") else None
    values = core.load_vector(path)  # checks numbers and finiteness, then flattens
    if shape is not None and len(shape) == 2 and math.prod(shape) == values.size:
        return values.reshape(shape)
    side = int(round(values.size ** 0.5))
    if side * side != values.size:
        raise core.InputError("digit_shape", shape=(values.size,))
    return values.reshape(side, side)


MAX_DRAWING = 4096 * 4096  # values; MNIST's are 28 × 28


def _npy_shape(path: str) -> tuple[int, ...]:
    """The shape a .npy header claims, refused before any data is read if the
    drawing would be larger than MAX_DRAWING (a header can claim 10^12 values)."""
    try:
        with open(path, "rb") as file:
            version = np.lib.format.read_magic(file)
            read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                    else np.lib.format.read_array_header_2_0)
            shape = read(file)[0]
    except OSError:
        return None  # the loader names the reason
    except (ValueError, SyntaxError, TypeError) as exc:
        raise core.FileFormatError("vector_not_numbers", source=Path(path).name,
                                   reason=exc) from None
    values = math.prod(shape)
    if values > MAX_DRAWING:
        raise core.FileFormatError("drawing_too_big", source=Path(path).name, shape=shape,
                                   values=values, limit=MAX_DRAWING)
    return shape


# --- actlab serve -----------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_SESSIONS, MAX_SESSIONS = 8, 64  # each session is an app process of about 100 MB


def cmd_serve(argv: list[str]) -> int:
    parser = Parser(
        prog=f"{PROG} serve",
        description="Serve the explorer to a web browser (textual-serve); each browser "
                    "tab gets its own session.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1, this machine only)")
    port = ranged(int, 0, 65535)
    parser.add_argument("--port", type=port, default=8000, metavar="PORT",
                        help=_ranged_help("the port, 0 for any free one", port, 8000))
    sessions = ranged(int, 1, MAX_SESSIONS)
    parser.add_argument("--max-sessions", type=sessions, default=DEFAULT_SESSIONS, metavar="N",
                        help=_ranged_help("browser tabs served at once (each runs its own "
                                          "app, about 100 MB)", sessions, DEFAULT_SESSIONS))
    parser.add_argument("file", nargs="?", metavar="FILE", help="a network file to open")
    _add_network_options(parser)
    parser.add_argument("--data", metavar="PATH",
                        help="the image set each tab's M and I read (default: the usual places)")
    _add_language_option(parser)
    args = parser.parse_args(argv)
    _choose_language(args)
    if args.data == "":
        raise UsageError("option_empty_file", option="--data")
    if args.host == "":  # aiohttp would take it as every address
        raise UsageError("serve_empty_host")
    if args.host not in LOOPBACK:
        _warn(t("cli.serve_exposed", host=args.host))
    args.network = args.file if args.network is None else args.network
    # A bad file is refused here, once, rather than in every browser tab.
    network_from_args(args)
    if args.network:  # each tab's app runs in its own process, maybe elsewhere
        app_args = ["--network", str(Path(args.network).resolve())]
    else:
        app_args = ["--preset", args.preset or "book"]
    if args.lang:
        app_args += ["--lang", args.lang]
    if args.data:
        app_args += ["--data", str(Path(args.data).resolve())]
    from .serve import serve  # only this command needs the web server

    _check_listen(args.host, args.port)
    serve(app_args, host=args.host, port=args.port, max_sessions=args.max_sessions)
    return 0


def _check_listen(host: str, port: int) -> None:
    """Bind once before the server does, so that a port in use or an unknown host
    is one line rather than aiohttp's traceback after the banner."""
    import socket

    try:
        for family, kind, proto, _, address in socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE):
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp
                probe.bind(address)
    except (OSError, UnicodeError) as exc:  # gaierror is an OSError
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise core.InputError("serve_cannot_listen", host=host, port=port,
                              reason=reason) from None


# --- actlab (the explorer) -------------------------------------------------------------

def cmd_grad(argv: list[str]) -> int:
    from .cli_learn import cmd_grad  # imported when run: cli_learn imports this module
    return cmd_grad(argv)


def cmd_step(argv: list[str]) -> int:
    from .cli_learn import cmd_step
    return cmd_step(argv)


def cmd_evaluate(argv: list[str]) -> int:
    from .cli_data import cmd_evaluate as evaluate  # the data-set readers load only here

    return evaluate(argv)


def cmd_dataset(argv: list[str]) -> int:
    from .cli_train import cmd_dataset  # imported when run: cli_train imports this module
    return cmd_dataset(argv)


def cmd_train(argv: list[str]) -> int:
    from .cli_train import cmd_train
    return cmd_train(argv)


COMMANDS = {"trace": cmd_trace, "act": cmd_act, "presets": cmd_presets, "serve": cmd_serve,
            "landscape": cmd_landscape, "init-experiment": cmd_init_experiment,
            "digit": cmd_digit, "grad": cmd_grad, "step": cmd_step, "evaluate": cmd_evaluate,
            "dataset": cmd_dataset, "train": cmd_train}


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["en", "ja"],
                        help="the language of the app (default: from LC_ALL, LC_MESSAGES or "
                             "LANG; ja_* gives Japanese, anything else English)")


def _choose_language(args) -> None:
    i18n.set_language(args.lang or i18n.language_from_environment())


def app_parser() -> argparse.ArgumentParser:
    from core.data import FASHION_FOLDER  # a few names: the readers stay unread
    parser = Parser(
        prog=PROG,
        description="See what a neural network computes, layer by layer.",
        epilog="commands:\n"
               "  actlab trace    print a forward pass (--json for scripts)\n"
               "  actlab act      evaluate an activation function (--list for all)\n"
               "  actlab presets  list the built-in networks\n"
               "  actlab serve    serve the explorer to a web browser\n"
               "  actlab landscape        outputs over a grid of two inputs\n"
               "  actlab init-experiment  the book's chapter-6 weight experiment\n"
               "  actlab digit            a 28×28 drawing through the book's network\n"
               "  actlab grad             the loss and every gradient (backpropagation)\n"
               "  actlab step             gradient-descent steps, the loss after each\n"
               "  actlab evaluate         accuracy over MNIST or Fashion-MNIST's test set\n"
               "  actlab dataset          the playground's datasets, the gates, the split\n"
               "  actlab train            train on a dataset (the playground's defaults)\n"
               "Each has its own --help. In the explorer, F1 or ? lists every key.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", metavar="FILE", help="a network file to open")
    _add_network_options(parser)
    parser.add_argument("--data", metavar="PATH",
                        help="the image set M (evaluate) and I (train on images) read: a "
                             "folder of the four IDX files, the book's mnist.pkl or Keras's "
                             "mnist.npz (default: the first found of ./dataset, ../dataset, "
                             f"~/.keras/datasets/mnist.npz, {FASHION_FOLDER})")
    _add_language_option(parser)
    return parser


def keys_help() -> str:
    """Every key of the explorer, from the bindings themselves (imports Textual,
    so only `actlab --help` calls it)."""
    from .app import ActLabApp

    lines = ["", t("help.title")]
    for title, bindings in ActLabApp.key_sections():
        lines += ["", f"  {title}"]
        for binding in bindings:
            keys = ", ".join(k.replace("question_mark", "?") for k in binding.key.split(","))
            tip = t(f"tip.{binding.id}") if binding.id else binding.description
            lines.append(f"    {keys:<22} {tip}")
    lines += ["", t("help.palette")]
    return "\n".join(lines)


def cmd_app(argv: list[str]) -> int:
    if "-h" in argv or "--help" in argv:
        parser = app_parser()
        parser.epilog = (parser.epilog or "") + "\n" + keys_help()
        parser.parse_args(argv)  # prints the help and exits
    args = app_parser().parse_args(argv)
    _choose_language(args)  # before the app is imported: its bindings are labelled then
    if args.file is not None and args.network is not None:
        return _error(t("cli.file_twice"))
    args.network = args.file if args.network is None else args.network
    if args.data == "":
        raise UsageError("option_empty_file", option="--data")
    network = network_from_args(args)
    with long_lived():  # Textual's import makes long-lived objects too
        from .app import ActLabApp  # Textual loads only when the explorer starts

    if args.network:
        path = Path(args.network)
        app = ActLabApp(network, source=path.name, path=path, data=args.data)
    else:
        app = ActLabApp(preset=args.preset or "book", data=args.data)
    app.run()
    return app.return_code or 0  # non-zero when the app ended on an error


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Messages follow LC_ALL / LC_MESSAGES / LANG; the explorer and serve also take --lang.
    i18n.set_language(i18n.language_from_environment())
    try:
        if argv and argv[0] in COMMANDS:
            return COMMANDS[argv[0]](argv[1:])
        return cmd_app(argv)
    except BrokenPipeError:  # `actlab trace | head` is not an error
        return 0
    except KeyboardInterrupt:  # ctrl+c: the learner stopped it; 130 is the shell's 128 + SIGINT
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except core.ActlabError as exc:  # any command's bad input: one line, status 2
        return _error(str(exc))
