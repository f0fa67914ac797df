"""`actlab grad` and `actlab step`: the backward pass and gradient descent on
the command line (issue 13), beside tui/cli.py, whose parser, network options
and error path they share. No Textual here: these are command-line paths.

    actlab grad [--preset NAME | --network FILE] [--x X1 ... | --x-file FILE]
                (--t T1 ... | --label K [K ...] | --t-file FILE)
                [--loss sse|cross_entropy] [--check] [--json]
    actlab step ... --lr ETA [--steps N] [--save FILE] [--json]
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import core
from core import export

from . import format as fmt
from .cli import (PROG, NumberList, Parser, UsageError, _add_network_options, _file_name,
                  _read, _warn_nonfinite, network_from_args, ranged)
from .i18n import t

MAX_STEPS = 100_000

LOSS_FORMULA = {"sse": "E = 0.5·Σ(y − t)²", "cross_entropy": "E = −Σ t·log y"}


def _add_learning_options(parser: Parser) -> None:
    """The network, x and t options that grad and step share."""
    _add_network_options(parser)
    inputs = parser.add_mutually_exclusive_group()
    inputs.add_argument("--x", metavar="X", nargs="+", action=NumberList,
                        help="the input vector, finite numbers (default: the file's x, the "
                             "preset's, else zeros)")
    inputs.add_argument("--x-file", metavar="FILE",
                        help="a batch of inputs, one per row (.csv lines, a JSON list of "
                             "lists, or an N × n .npy): the loss and gradients are batch means")
    targets = parser.add_mutually_exclusive_group(required=True)
    targets.add_argument("--t", metavar="T", nargs="+", action=NumberList,
                         help="the target vector t, one number per output (for a batch: "
                              "the t of every row)")
    targets.add_argument("--label", metavar="K", nargs="+", type=ranged(int, 0, 10**9),
                         help="the correct class, from 0 as the book counts labels: "
                              "t is one-hot (several K: one per row of a batch)")
    targets.add_argument("--t-file", metavar="FILE", help="one t per row, like --x-file")
    parser.add_argument("--loss", choices=core.LOSSES, default="sse",
                        help="sse: 0.5·Σ(y − t)² (default); cross_entropy: −Σ t·log y, "
                             "from the logits (softmax or sigmoid outputs)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")


def _problem(args) -> tuple[core.Network, np.ndarray, object]:
    """The network, x (a vector or a batch) and t the options name."""
    network = network_from_args(args)
    if args.x_file is not None:
        x = _read(lambda path: core.load_batch(path, network.n_inputs),
                  _file_name(args.x_file, "--x-file"))
    elif args.x is not None:
        x = core.check_x(network, args.x)
    else:
        x = network.default_x()
    if args.t_file is not None:
        target = _read(lambda path: core.load_batch(path, network.n_outputs, "t"),
                       _file_name(args.t_file, "--t-file"))
    elif args.label is not None:
        target = args.label[0] if len(args.label) == 1 else np.array(args.label)
    else:
        target = args.t
    return network, x, target


# --- actlab grad ------------------------------------------------------------------

def grad_parser() -> Parser:
    parser = Parser(prog=f"{PROG} grad",
                    description="The backward pass: the loss, and every δ = ∂L/∂a, ∂L/∂z, "
                                "∂L/∂W and ∂L/∂b, layer by layer (backpropagation).")
    _add_learning_options(parser)
    parser.add_argument("--check", action="store_true",
                        help="also the numerical gradient (central differences, h = 1e-4) "
                             "and its largest difference from backpropagation per array")
    return parser


def gradients_dict(gradients: core.Gradients) -> dict:
    """{"loss": L, "layers": [{"delta", "dz", "dW", "db"}, ...]} in layer order."""
    return {"loss": export.json_list(gradients.loss),
            "layers": [{"delta": export.json_list(delta), "dz": export.json_list(dz),
                        "dW": export.json_list(dW), "db": export.json_list(db)}
                       for delta, dz, dW, db in zip(gradients.delta, gradients.dz,
                                                    gradients.dW, gradients.db)]}


def check_dicts(rows: list[core.CheckRow]) -> list[dict]:
    return [{"array": row.array, "max_abs": export.json_list(row.max_abs),
             "max_rel": export.json_list(row.max_rel), "causes": list(row.causes)}
            for row in rows]


def cmd_grad(argv: list[str]) -> int:
    args = grad_parser().parse_args(argv)
    network, x, target = _problem(args)
    trace = core.forward(network, x)
    _warn_nonfinite(trace)
    gradients = core.backward(network, trace, target, args.loss)
    rows = core.gradient_check(network, x, target, args.loss) if args.check else None
    if args.json:
        data = gradients_dict(gradients)
        if rows is not None:
            data["check"] = check_dicts(rows)
        print(json.dumps(data))
        return 0
    source = args.network or args.preset or "book"
    print(grad_table(network, trace, gradients, target, args.loss, source))
    if rows is not None:
        print()
        print(check_table(rows))
    return 0


def grad_table(network, trace, gradients, target, loss: str, source: str) -> str:
    shape = "-".join(str(n) for n in network.sizes)
    batch = trace.x.ndim == 2
    if batch:  # the note on a line of its own: 80 columns hold it
        lines = [f"{source} · {shape}", t("cli.grad_batch", samples=trace.x.shape[0])]
    else:
        t_vector = core.losses.matched(target, trace.y)
        # A 784-value x is shortened as fmt.matrix shortens a W; x and t get
        # lines of their own when one line of 80 columns cannot hold them.
        x_text, t_text = f"x = {_short(trace.x)}", f"t = {_short(t_vector)}"
        line = f"{source} · {shape} · {x_text} · {t_text}"
        lines = [line] if fmt.cells(line) <= 80 else [f"{source} · {shape}", x_text, t_text]
    lines += [f"{LOSS_FORMULA[loss]} = {fmt.number(gradients.loss)}", ""]
    for k, layer in enumerate(network.layers, start=1):
        z_name = "y" if k == trace.depth else f"z{k}"
        lines.append(f"layer {k}  {layer.activation:<13} {fmt.shape_line(layer.n_in, layer.n_out)}")
        if not batch:  # a batch has one row per sample: the per-unit values are in --json
            lines.append(f"  {'unit':>5}  {f'a{k}':>16}  {z_name:>16}  {f'δ{k} = ∂L/∂a{k}':>16}"
                         f"  {f'∂L/∂{z_name}':>16}")
            for j in range(layer.n_out):
                lines.append(f"  {j + 1:>5}  {fmt.number(trace.a[k - 1][j]):>16}  "
                             f"{fmt.number(trace.z[k - 1][j]):>16}  "
                             f"{fmt.number(gradients.delta[k - 1][j]):>16}  "
                             f"{fmt.number(gradients.dz[k - 1][j]):>16}")
        lines += _matrix_lines(f"  ∂L/∂W{k} = ", gradients.dW[k - 1])
        lines.append(f"  ∂L/∂b{k} = {fmt.matrix(gradients.db[k - 1][None, :], 8)[1:-1]}")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _short(values: np.ndarray, limit: int = 4) -> str:
    """A vector in full up to `limit` values, else its first ones and …"""
    return fmt.vector(values) if len(values) <= limit else fmt.matrix(values, 8, limit)[1:-1]


def _matrix_lines(label: str, values: np.ndarray, limit: int = 4) -> list[str]:
    """A matrix a row per line under its label (80 columns hold 4 numbers), with
    an ellipsis beyond `limit` rows or columns, as fmt.matrix shortens them."""
    rows = [fmt.matrix(row[None, :], 8, limit)[1:-1] for row in values[:limit]]
    if len(values) > limit:
        rows.append("…")
    indent = " " * len(label)
    return [(label + "[" if i == 0 else indent + " ") + row + ("]" if i == len(rows) - 1 else ",")
            for i, row in enumerate(rows)]


def check_table(rows: list[core.CheckRow]) -> str:
    lines = [t("cli.check_title")]
    for row in rows:
        lines.append(f"  {row.array:<5} max |Δ| = {fmt.number(row.max_abs, 3):>10}   "
                     f"max rel = {fmt.number(row.max_rel, 3):>10}")
        lines += [f"        {cause}" for cause in row.causes]
        if row.large and not row.causes:
            lines.append(f"        {t('cli.check_unexplained')}")
    return "\n".join(lines)


# --- actlab step ---------------------------------------------------------------------

def step_parser() -> Parser:
    parser = Parser(prog=f"{PROG} step",
                    description="Gradient descent: W ← W − η·∂L/∂W (and b), N steps on one "
                                "x and t, with the loss after each.")
    _add_learning_options(parser)
    parser.add_argument("--lr", metavar="ETA", type=float, required=True,
                        help="the learning rate η, a finite number above 0 (the book: 0.1)")
    steps = ranged(int, 1, MAX_STEPS)
    parser.add_argument("--steps", metavar="N", type=steps, default=1,
                        help=f"how many steps: 1 to {MAX_STEPS:,} (default 1)")
    parser.add_argument("--save", metavar="FILE",
                        help="write the network after the last step (.json or .npz)")
    return parser


def cmd_step(argv: list[str]) -> int:
    args = step_parser().parse_args(argv)
    if args.save == "":
        raise UsageError("option_empty_file", option="--save")
    if args.save is not None and Path(args.save).suffix.lower() not in (".json", ".npz"):
        # Refused before the steps run, not after them.
        suffix = Path(args.save).suffix or core.FileFormatError("no_extension")
        raise core.FileFormatError("cannot_save_as", suffix=suffix)
    core.learning_rate(args.lr)  # refused before any step is shown
    network, x, target = _problem(args)
    trace = core.forward(network, x)
    _warn_nonfinite(trace)
    gradients = core.backward(network, trace, target, args.loss)
    first = gradients.loss
    losses = []
    if not args.json:
        print(f"step {0:>6}  {LOSS_FORMULA[args.loss]} = {fmt.number(first)}")
    for step in range(1, args.steps + 1):
        # A rate beyond float64 is refused by core in one line, after the
        # losses so far have been shown (the divergence is what to see).
        network = core.gradient_step(network, gradients, args.lr)
        gradients = core.backward(network, core.forward(network, x), target, args.loss)
        losses.append(gradients.loss)
        if not args.json:
            print(f"step {step:>6}  {LOSS_FORMULA[args.loss]} = {fmt.number(gradients.loss)}")
    saved = None
    if args.save is not None:
        saved = str(core.save(network.with_x(x) if x.ndim == 1 else network, args.save))
    if args.json:
        print(json.dumps({"lr": args.lr, "initial_loss": export.json_list(first),
                          "losses": export.json_list(losses), "saved": saved}))
    elif saved:
        print(t("cli.step_saved", path=saved))
    return 0

