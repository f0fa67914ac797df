"""Training speed as a ratio against the plain loop, measured in the same run.

    python bench/train_bench.py

One epoch of the playground's default (circle, 250 training points, batch
10, 2-4-2-1 tanh, SGD 0.03, then the train and test loss) as core.train runs
it, against the same epoch written the plain way, as the book writes its
training loop: per mini-batch core.forward, core.backward and
core.gradient_step (a new, validated Network each step), then the two
losses. Both walk the same mini-batches in the same order. Target (issue 14):
ratio <= 0.6. Figures are medians of interleaved runs.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import losses, train  # noqa: E402
from core.backward import backward, gradient_step  # noqa: E402
from core.forward import forward  # noqa: E402

TARGET = 0.6


def plain_epoch(network, problem, order, batch: int, lr: float):
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        x, t = problem.x_train[rows], problem.t_train[rows]
        gradients = backward(network, forward(network, x), t, problem.loss)
        network = gradient_step(network, gradients, lr)
    train_loss = losses.loss(forward(network, problem.x_train), problem.t_train, problem.loss)
    test_loss = losses.loss(forward(network, problem.x_test), problem.t_test, problem.loss)
    return network, train_loss, test_loss


def main(repeats: int = 30) -> None:
    run = train.prepare(train.Settings())
    settings, problem = run.settings, run.problem
    order = np.random.default_rng((settings.seed, 2)).permutation(len(problem.x_train))
    epochs = run.epochs()
    next(epochs)  # epoch 0 is the untrained network: not a training epoch
    # The same first epoch both ways, so that the comparison is of like with like.
    check, _, test_loss = plain_epoch(run.network, problem, order, settings.batch, settings.lr)
    first = next(epochs)
    assert np.isclose(first.test_loss, test_loss, rtol=1e-12), (first.test_loss, test_loss)
    times_core, times_plain = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        plain_epoch(run.network, problem, order, settings.batch, settings.lr)
        times_plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        next(epochs)
        times_core.append(time.perf_counter() - start)
    c, b = statistics.median(times_core), statistics.median(times_plain)
    value = c / b
    mark = "ok" if value <= TARGET else "OVER TARGET"
    print(f"{'playground default epoch vs the plain forward/backward/step loop':<66} "
          f"ratio {value:5.2f}  (target <= {TARGET})  {mark}"
          f"   [{c * 1e3:.2f} ms vs {b * 1e3:.2f} ms]")


if __name__ == "__main__":
    main()
