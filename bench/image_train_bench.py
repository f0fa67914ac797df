"""The book's TwoLayerNet run as core.train runs it, against the book's own
loop written plainly (tests/book_loop.py), in the same run; and the memory
the training images take.

    python bench/image_train_bench.py [PATH] [--iters N] [--rounds R]

PATH is an image set (default: the first of the usual places, e.g. Debian's
Fashion-MNIST). Both sides run the same steps from the same first weights on
the same batches (chapter 5: ReLU, 784-50-10, batch 100, η = 0.1) and end with
the same weights. The target row's baseline is the book's arithmetic
without what core.train does not do: the book's loop recomputes each batch's
loss after its update (a second forward pass per step, for
train_loss_list), which core.train takes from the step's own forward pass;
the second row is the loop exactly as the book writes it. Both compute the
accuracies once an epoch; core computes the losses of both sets too.
Target (issue 15): ratio <= 1.0. Figures are medians of interleaved rounds.

The memory figure is tracemalloc's peak while a run of 1,200 steps (two
epochs and their figures) trains on the set already read, against the
pixels held: it is what training adds on top of the data (each epoch's
figures in views of 1,000 rows, no copy of the set).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import data, train  # noqa: E402
from tests import book_loop  # noqa: E402

TARGET = 1.0


def core_run(run: train.Run) -> train.Epoch:
    last = None
    for last in run.epochs():
        pass
    return last


def book_run(run: train.Run, images: data.DataSet, iters: int, recompute_loss: bool):
    rng = np.random.default_rng((run.settings.seed, 2))  # core's batches, drawn alike
    n = len(images.x_train)
    params = [a for layer in run.network.layers for a in (layer.W, layer.b)]
    return book_loop.train(params, images.x_train, images.t_train, images.x_test,
                           images.t_test, lambda i: rng.integers(0, n, run.settings.batch),
                           iters, run.settings.lr, run.settings.activation,
                           train.per_epoch(n, run.settings.batch), recompute_loss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?")
    parser.add_argument("--iters", type=int, default=train.BOOK["iters"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = args.path or str(data.find_data())
    images = data.load_data(path)
    settings = train.Settings(dataset=train.IMAGES, data=path,
                              **{**train.BOOK, "activation": "relu", "iters": args.iters})
    run = train.prepare(settings, images)
    print(f"data: {path}, {len(images.x_train):,} training images; "
          f"{args.iters:,} steps of batch {settings.batch}")
    ours, theirs, as_written = [], [], []
    for _ in range(args.rounds):  # interleaved, so that a busy moment hits all three
        start = time.perf_counter()
        last = core_run(run)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        (W1, _, W2, _), history, _, _ = book_run(run, images, args.iters, False)
        theirs.append(time.perf_counter() - start)
        start = time.perf_counter()
        book_run(run, images, args.iters, True)
        as_written.append(time.perf_counter() - start)
    # The same run both ways: the same weights, the same last accuracies.
    assert np.allclose(last.network.layers[0].W, W1, rtol=1e-9, atol=1e-12)
    assert np.allclose(last.network.layers[1].W, W2, rtol=1e-9, atol=1e-12)
    assert history[-1][1:] == (last.train_accuracy, last.test_accuracy), history[-1]
    a, b, c = (statistics.median(v) for v in (ours, theirs, as_written))
    mark = "ok" if a / b <= TARGET else "OVER TARGET"
    print(f"{'TwoLayerNet, core.train / the book arithmetic plainly':<58} ratio "
          f"{a / b:5.2f}  (target <= {TARGET})  {mark}  [{a:.1f} s vs {b:.1f} s]")
    print(f"{'  against the loop as the book writes it (2nd forward)':<58} ratio "
          f"{a / c:5.2f}  (for information)  [{a:.1f} s vs {c:.1f} s]")
    print(f"test accuracy after {last.iteration:,} steps: {last.test_accuracy:.4f}")

    train_mb, test_mb = images.x_train.nbytes / 1e6, images.x_test.nbytes / 1e6
    short = train.prepare(train.Settings(**{**settings.__dict__, "iters": 1200}), images)
    tracemalloc.start()
    core_run(short)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"pixels held once as float32: {train_mb:.0f} MB train + {test_mb:.0f} MB test; "
          f"training on them adds at most {peak / 1e6:.0f} MB (two epochs, figures included)")


if __name__ == "__main__":
    main()
