"""`actlab dataset` and `actlab train`: the playground's data and its training,
reproducibly from the command line. Pure core and argparse: no Textual here."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import core
from core import data, datasets, messages, train
from core.files import SAVE_FORMATS

from .cli import PROG, Parser, UsageError, _file_name, _parse_init, _ranged_help, ranged
from .i18n import t
from .progress import Progress

SEED = ranged(int, 0, 2**32 - 1)
NOISE = ranged(float, 0, datasets.NOISE_MAX)
SHARE = ranged(float, datasets.SHARE_MIN, datasets.SHARE_MAX)
MAX_UNITS, MAX_HIDDEN = 1000, 10
UNITS = ranged(int, 1, MAX_UNITS)
MAX_EPOCHS = 1_000_000
MAX_ITERS = 10_000_000


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--noise", type=NOISE, default=0.0, metavar="P",
                        help=_ranged_help("noise in percent", NOISE, 0))
    parser.add_argument("--train-share", type=SHARE, default=datasets.SHARE_DEFAULT,
                        metavar="P", help=_ranged_help("percent of the points that train",
                                                       SHARE, datasets.SHARE_DEFAULT))
    parser.add_argument("--seed", type=SEED, default=0, metavar="S",
                        help=_ranged_help("the seed of the data, the weights and the "
                                          "shuffles", SEED, 0))
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")


# --- actlab dataset ----------------------------------------------------------------

def dataset_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=f"{PROG} dataset",
                    description="A dataset's points, labels and train/test split.")
    parser.add_argument("name", metavar="NAME", help=", ".join(datasets.DATASETS))
    _add_data_options(parser)
    return parser


def cmd_dataset(argv: list[str]) -> int:
    args = dataset_parser().parse_args(argv)
    data = datasets.make(args.name, args.noise, args.train_share, args.seed)
    if args.json:
        print(json.dumps(data.as_dict()))
        return 0
    print(t("cli.dataset_head", name=data.name, n=len(data.label), train=int(data.train.sum()),
            test=int(data.test.sum()), noise=_number(args.noise), seed=args.seed))
    split = {True: t("cli.dataset_train"), False: t("cli.dataset_test")}
    for (x1, x2), label, trains in zip(data.x.tolist(), data.label.tolist(),
                                       data.train.tolist()):
        shown = f"{label:8.4f}" if data.kind == datasets.REGRESSION else f"{int(label):8d}"
        print(f"{x1:9.4f} {x2:9.4f} {shown}  {split[trains]}")
    return 0


def _number(value: float) -> str:
    return f"{value:g}"


# --- actlab train ------------------------------------------------------------------

def _names(choices, what: str):
    """A comma list of names from `choices` (argparse type)."""
    def parse(text: str) -> tuple[str, ...]:
        names = tuple(part.strip() for part in text.split(",") if part.strip())
        for name in names:
            if name not in choices:
                raise argparse.ArgumentTypeError(messages.render(
                    what, {"name": name, "choices": ", ".join(choices)}))
        return names
    return parse


def _layers(text: str) -> tuple[int, ...]:
    """Hidden units per layer, "4,2"; "0", "none" or "" for no hidden layer."""
    if text.strip().lower() in ("", "0", "none"):
        return ()
    units = tuple(UNITS(part.strip()) for part in text.split(","))
    if len(units) > MAX_HIDDEN:
        raise argparse.ArgumentTypeError(t("cli.train_layers", limit=MAX_HIDDEN))
    return units


def _init(text: str) -> tuple[str, float]:
    return ("playground", 0.0) if text == "playground" else _parse_init(text)


def train_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=f"{PROG} train",
                    description="Train a network on a dataset; the defaults are the "
                                "playground's, or on an image set the book's TwoLayerNet "
                                "(784-50-10 sigmoid, std:0.01, batch 100, lr 0.1, 10,000 "
                                "iterations). One figure per epoch, the first before "
                                "any training.")
    parser.add_argument("--dataset", metavar="NAME",
                        help=", ".join(datasets.DATASETS) + ", or images (MNIST or "
                             "Fashion-MNIST from the usual places) (default circle)")
    parser.add_argument("--data", metavar="PATH",
                        help="your own points (FILE.csv: rows of x1, x2, label), or an "
                             "image set: a folder of the four IDX files, the book's "
                             "mnist.pkl or Keras's mnist.npz (instead of --dataset)")
    parser.add_argument("--features", type=_names(list(datasets.FEATURES), "unknown_feature"),
                        metavar="x1,x2,...",
                        help=", ".join(datasets.FEATURES) + " (default x1,x2)")
    parser.add_argument("--layers", type=_layers, metavar="4,2",
                        help=f"hidden units per layer, up to {MAX_HIDDEN} layers of "
                             f"{MAX_UNITS}; 0 for none (default 4,2; images 50)")
    parser.add_argument("--activation", choices=core.HIDDEN, metavar="NAME",
                        help="the hidden layers' function (default tanh; images sigmoid)")
    lr = ranged(float, 0.00001, 10)  # the playground's list of rates runs 0.00001 to 10
    parser.add_argument("--lr", type=lr, metavar="ETA",
                        help=_ranged_help("the learning rate", lr) +
                        " (default 0.03 with sgd, the playground's; images 0.1; else the "
                        "book's default)")
    batch = ranged(int, 1, datasets.MAX_CSV_POINTS)
    parser.add_argument("--batch", type=batch, metavar="B",
                        help="points per mini-batch, up to the training set (default 10; "
                             "images 100)")
    parser.add_argument("--optimizer", default="sgd", choices=list(train.OPTIMIZERS),
                        metavar="NAME", help=", ".join(train.OPTIMIZERS) + " (default sgd)")
    parser.add_argument("--reg", default="none", choices=list(train.REGULARISATIONS),
                        help="the playground's regularization (default none)")
    rate = ranged(float, 0, 10)
    parser.add_argument("--reg-rate", type=rate, default=0.0, metavar="R",
                        help=_ranged_help("its rate", rate, 0))
    parser.add_argument("--weight-decay", type=rate, default=0.0, metavar="L",
                        help=_ranged_help("the book's weight decay λ", rate, 0))
    parser.add_argument("--init", type=_init, metavar="playground|std:S|xavier|he",
                        help="the first weights (default playground: uniform ±0.5, "
                             "biases 0.1; images std:0.01, biases 0)")
    epochs = ranged(int, 0, MAX_EPOCHS)
    parser.add_argument("--epochs", type=epochs, metavar="N",
                        help=_ranged_help("epochs: shuffled passes over the training set",
                                          epochs, 100))
    iters = ranged(int, 0, MAX_ITERS)
    parser.add_argument("--iters", type=iters, metavar="N",
                        help=_ranged_help("steps instead of epochs, each on a batch drawn at "
                                          "random as the book draws them", iters,
                                          train.BOOK["iters"]) + " with images")
    parser.add_argument("--save", metavar="FILE", help="save the trained network (.json, .npz)")
    _add_data_options(parser)
    return parser


def _usage(message: str) -> UsageError:
    return UsageError("usage", message=message, command=f"{PROG} train")


def _is_points(path: str) -> bool:
    """--data FILE.csv is points; anything else (a folder, .pkl, .npz) an image set."""
    return Path(path).suffix.lower() == ".csv"


def settings_from_args(args) -> train.Settings:
    if args.data is not None and args.dataset is not None:
        raise _usage(t("cli.train_data_twice"))
    if args.data == "":
        raise UsageError("option_empty_file", option="--data")
    images = args.dataset == train.IMAGES or (args.data is not None and not _is_points(args.data))
    if args.epochs is not None and args.iters is not None:
        raise _usage(t("cli.train_epochs_and_iters"))
    if images:
        # The playground's point options mean nothing for pixels: said, not ignored.
        given = [option for option, value in (("--features", args.features),
                                              ("--noise", args.noise or None),
                                              ("--train-share", args.train_share
                                               if args.train_share != datasets.SHARE_DEFAULT
                                               else None)) if value is not None]
        if given:
            raise _usage(t("cli.train_not_for_images", option=given[0]))
        path = str(data.find_data()) if args.data is None else args.data
        book = {**train.BOOK, "iters": None if args.epochs is not None else train.BOOK["iters"]}
        defaults = dict(book, dataset=train.IMAGES, data=path, init=("normal", book["std"]),
                        features=datasets.DEFAULT_FEATURES)
    else:
        path = None if args.data is None else _file_name(args.data, "--data")
        defaults = {"dataset": "csv" if path else args.dataset or "circle", "data": path,
                    "layers": (4, 2), "activation": "tanh", "batch": 10, "iters": None,
                    "init": ("playground", 0.0), "features": datasets.DEFAULT_FEATURES}

    def given(name):
        value = getattr(args, name)
        return defaults[name] if value is None else value

    init, std = given("init")
    lr = args.lr
    if lr is None and args.optimizer == "sgd":
        lr = defaults.get("lr", train.Settings.lr)  # the book's 0.1, or the playground's 0.03
    iters = args.iters if args.iters is not None else defaults["iters"]
    return train.Settings(
        dataset=defaults["dataset"], noise=args.noise,
        train_share=args.train_share, features=tuple(given("features")),
        layers=tuple(given("layers")), activation=given("activation"),
        lr=train.optimizer(args.optimizer, lr).lr, batch=given("batch"),
        optimizer=args.optimizer, reg=args.reg, reg_rate=args.reg_rate,
        weight_decay=args.weight_decay, init=init, std=std if init == "normal" else 0.01,
        epochs=args.epochs if args.epochs is not None else 100, seed=args.seed,
        data=defaults["data"], iters=iters)


def on_epoch(progress: Progress, steps: bool = False):
    """The bar redrawn after each epoch, with the epoch's test loss (and, for
    a run of steps, the steps done and the test accuracy)."""
    def draw(epoch: train.Epoch) -> None:
        if steps:
            progress.draw(epoch.iteration, lambda bar: t(
                "cli.train_progress_steps", bar=bar, step=f"{epoch.iteration:,}",
                total=f"{progress.total:,}", epoch=epoch.epoch, loss=f"{epoch.test_loss:.4f}",
                accuracy=f"{epoch.test_accuracy:.4f}"))
            return
        progress.draw(epoch.epoch, lambda bar: t(
            "cli.train_progress", bar=bar, epoch=epoch.epoch, total=progress.total,
            loss=f"{epoch.test_loss:.4f}"))
    return draw


def cmd_train(argv: list[str]) -> int:
    args = train_parser().parse_args(argv)
    save = args.save
    if save == "":
        raise UsageError("option_empty_file", option="--save")
    if save is not None and Path(save).suffix.lower() not in SAVE_FORMATS:
        # Refused now, not after the training: core.save would refuse it then.
        raise core.FileFormatError("cannot_save_as", suffix=Path(save).suffix or
                                   core.FileFormatError("no_extension"))
    settings = settings_from_args(args)
    run = train.prepare(settings)
    steps = settings.iters is not None
    progress = Progress(settings.iters if steps else settings.epochs)
    try:
        result, last = train.history(run, on_epoch(progress, steps))
    finally:
        progress.close()
    if save is not None:
        core.save(last.network, save, training=train.record(run.settings, last))
    if args.json:
        print(json.dumps(result))
        return 0
    print(train_table(result))
    return 0


def _rows(epochs: int, most: int = 20) -> list[int]:
    """Every epoch when there are few, else about `most` of them evenly, and the last."""
    if epochs <= most:
        return list(range(epochs + 1))
    step = -(-epochs // most)
    return sorted(set(range(0, epochs, step)) | {epochs})


def _loss(value: float) -> str:
    return f"{value:10.6f}" if abs(value) < 1e4 else f"{value:10.3e}"  # a column, whatever size


def train_table(result: dict) -> str:
    """The epochs as a table; a run of steps (the book's) says each epoch's
    last step and its accuracies to four places, as the book prints them."""
    steps = "iteration" in result
    lines = [t("cli.train_head_steps" if steps else "cli.train_head")]
    for e in _rows(result["epochs"]):
        accuracies = (result["train_accuracy"][e], result["test_accuracy"][e])
        if steps:
            train_acc, test_acc = ("-" if a is None else f"{a:.4f}" for a in accuracies)
        else:
            train_acc, test_acc = ("-" if a is None else f"{a:.1%}" for a in accuracies)
        step = f"{result['iteration'][e]:7d}  " if steps else ""
        lines.append(f"{e:6d}  {step}{_loss(result['train_loss'][e])}  "
                     f"{_loss(result['test_loss'][e])}  {train_acc:>10}  {test_acc:>9}")
    return "\n".join(lines)
