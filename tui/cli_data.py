"""`actlab evaluate`: chapter 3.6's accuracy over a real test set.

Kept apart from tui/cli.py, which imports it only when the command is run:
the other commands never load the data-set readers.
"""
from __future__ import annotations

import json
import textwrap

import core
from core import data, evaluate, export

from .cli import PROG, Parser, UsageError, _file_name, _ranged_help, _read, ranged
from .progress import Progress

FIRST_MISCLASSIFIED = 20  # shown in the text output; --json lists them all


def evaluate_parser() -> Parser:
    parser = Parser(
        prog=f"{PROG} evaluate",
        description="The network over a test set in batches, as the book's chapter 3.6 "
                    "runs it: accuracy, confusion matrix, per-class accuracy, and the "
                    "images it got wrong.")
    parser.add_argument("--network", metavar="FILE", required=True,
                        help="a network file whose inputs are the images' pixels, e.g. "
                             "the book's sample_weight.pkl")
    parser.add_argument("--data", metavar="PATH",
                        help="a folder of the four IDX files (gzipped or not), the book's "
                             "mnist.pkl or Keras's mnist.npz (default: the first found of "
                             "./dataset, ../dataset, ~/.keras/datasets/mnist.npz, "
                             f"{data.FASHION_FOLDER})")
    batch = ranged(int, 1, evaluate.MAX_BATCH)
    parser.add_argument("--batch", type=batch, default=evaluate.BATCH_SIZE, metavar="N",
                        help=_ranged_help("images per forward pass", batch,
                                          evaluate.BATCH_SIZE))
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    return parser


def cmd_evaluate(argv: list[str]) -> int:
    args = evaluate_parser().parse_args(argv)
    if args.data == "":
        raise UsageError("option_empty_file", option="--data")
    network = _read(core.load, _file_name(args.network, "--network"))
    path = data.find_data() if args.data is None else args.data
    # only the test half: evaluating never needs the 60,000 training images
    dataset = _read(lambda p: data.load_data(p, train=False), str(path))
    bar = Progress(len(dataset.t_test), keep=True)
    try:
        result = evaluate.evaluate(
            network, dataset.x_test, dataset.t_test, args.batch,
            progress=lambda done, total: bar.draw(done, lambda b: f"{b} {done:,}/{total:,}"))
    finally:
        bar.close()
    if args.json:
        print(json.dumps(evaluation_dict(result, args.network, dataset, args.batch)))
    else:
        print(evaluation_text(result, args.network, dataset, args.batch))
    return 0


def evaluation_dict(result: evaluate.Evaluation, network: str, dataset: data.DataSet,
                    batch: int) -> dict:
    """The `actlab evaluate --json` object (README lists its fields)."""
    return {"network": network, "data": dataset.source, "images": result.count,
            "batch": batch, "correct": result.correct, "accuracy": result.accuracy,
            "confusion": result.confusion.tolist(),
            "per_class": export.json_list(result.per_class),
            "misclassified": result.misclassified.tolist()}


def evaluation_text(result: evaluate.Evaluation, network: str, dataset: data.DataSet,
                    batch: int) -> str:
    lines = [f"{network} on {dataset.source}: {result.count:,} test images, batch {batch}",
             f"accuracy {result.accuracy:.4f} ({result.correct:,} of {result.count:,} right)",
             "", "confusion matrix: rows are the true label, columns the prediction"]
    classes = result.confusion.shape[0]
    width = max(5, len(f"{int(result.confusion.max(initial=0)):,}") + 1)
    lines.append("t \\ y" + "".join(f"{k:>{width}}" for k in range(classes)) + "   right")
    for k, (row, share) in enumerate(zip(result.confusion, result.per_class)):
        shown = "    -" if share != share else f"{share:.4f}"  # NaN: no image of class k
        lines.append(f"{k:>5}" + "".join(f"{n:>{width},}" for n in row) + f"  {shown}")
    wrong = result.misclassified
    lines += ["", f"misclassified: {wrong.size:,} images" + (", index from 0:" if wrong.size
                                                            else "")]
    if wrong.size:
        first = ", ".join(str(i) for i in wrong[:FIRST_MISCLASSIFIED])
        more = ", ..." if wrong.size > FIRST_MISCLASSIFIED else ""
        # wrapped to fit 80 columns, as the matrix above does
        lines += textwrap.wrap(first + more, width=78, initial_indent="  ",
                               subsequent_indent="  ")
    return "\n".join(lines)

