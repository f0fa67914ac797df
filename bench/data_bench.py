"""Reading and evaluating a real data set, against baselines in the same run.

    python bench/data_bench.py [PATH]      (default: the usual places, as actlab evaluate)

Machines here are shared and noisy: each figure is a ratio of medians of
interleaved runs, with the absolute times in brackets.
  core.evaluate over the test set / the book's neuralnet_mnist.py loop   target <= 1.2
    (actlab computes in float64 and keeps every a and z of a batch; the book's
    loop is float32 x against the same float64 weights, y only)
  reading the test half / gzip.open + np.frombuffer + astype, plainly     target <= 1.2
And the peak memory of reading both halves (tracemalloc), against the 188 MB
of 60,000 float32 images held once; and the evaluate screen (M) from the key
to its figures on screen, the reading of the test half included, against
core.evaluate alone (issue 15: under one second).
"""
from __future__ import annotations

import gzip
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import core  # noqa: E402
from core import data, evaluate  # noqa: E402
from core.activations import sigmoid  # noqa: E402

ROUNDS = 5


def book_accuracy(network: core.Network, x: np.ndarray, t: np.ndarray) -> int:
    """ch03/neuralnet_mnist.py's loop: predict() on batches of 100, argmax, count."""
    (W1, b1), (W2, b2), (W3, b3) = [(layer.W, layer.b) for layer in network.layers]
    accuracy_cnt = 0
    for i in range(0, len(x), 100):
        x_batch = x[i:i + 100]
        z1 = sigmoid(np.dot(x_batch, W1) + b1)
        z2 = sigmoid(np.dot(z1, W2) + b2)
        a3 = np.dot(z2, W3) + b3
        y = np.exp(a3 - a3.max(axis=1, keepdims=True))
        y /= y.sum(axis=1, keepdims=True)
        p = np.argmax(y, axis=1)
        accuracy_cnt += np.sum(p == t[i:i + 100])
    return int(accuracy_cnt)


def plain_read(folder: Path) -> np.ndarray:
    with gzip.open(folder / "t10k-images-idx3-ubyte.gz") as handle:
        raw = handle.read()
    x = np.frombuffer(raw, np.uint8, offset=16).astype(np.float32)
    x /= 255.0
    return x.reshape(-1, 784)


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def ratio(name: str, ours, baseline, target: float) -> None:
    ours_times, base_times = [], []
    for _ in range(ROUNDS):  # interleaved, so that a busy moment hits both
        ours_times.append(timed(*ours))
        base_times.append(timed(*baseline))
    a, b = statistics.median(ours_times), statistics.median(base_times)
    print(f"{name:<58} ratio {a / b:5.2f}  (target <= {target})  [{a * 1e3:.0f} ms vs "
          f"{b * 1e3:.0f} ms]")


def screen_seconds(path, network) -> float:
    """M pressed in a fresh app (nothing read yet) until the accuracy shows."""
    import asyncio

    from tui.app import ActLabApp

    async def run() -> float:
        app = ActLabApp(network, source="net", data=str(path))
        async with app.run_test(size=(120, 40)) as pilot:
            start = time.perf_counter()
            await pilot.press("M")
            while app.screen.result is None and not getattr(app.screen, "failed", None):
                await asyncio.sleep(0.002)
            await pilot.pause()
            assert "accuracy" in str(app.screen.query_one("#eval-info").render())
            return time.perf_counter() - start
    return asyncio.run(run())


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else data.find_data()
    test = data.load_data(path, train=False)
    network = core.random_network([test.x_test.shape[1], 50, 100, 10],
                                  ["sigmoid", "sigmoid", "softmax"], init="xavier", seed=0)
    result = evaluate.evaluate(network, test.x_test, test.t_test)
    assert result.correct == book_accuracy(network, test.x_test, test.t_test)
    print(f"data: {path}, {len(test.x_test):,} test images")
    ratio("evaluate(10,000 images) / the book's loop",
          (evaluate.evaluate, network, test.x_test, test.t_test),
          (book_accuracy, network, test.x_test, test.t_test), 1.2)
    if (Path(path) / "t10k-images-idx3-ubyte.gz").exists():
        ratio("load_data(train=False) / gzip + frombuffer + astype",
              (data.load_data, path, False), (plain_read, Path(path)), 1.2)
    screen = statistics.median(screen_seconds(path, network) for _ in range(ROUNDS))
    core_only = statistics.median(timed(evaluate.evaluate, network, test.x_test, test.t_test)
                                  for _ in range(ROUNDS))
    print(f"{'evaluate screen: M to the figures / core.evaluate alone':<58} ratio "
          f"{screen / core_only:5.2f}  (target: under 1 s)  [{screen * 1e3:.0f} ms vs "
          f"{core_only * 1e3:.0f} ms]")
    tracemalloc.start()
    both = data.load_data(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held = both.x_train.nbytes + both.x_test.nbytes
    print(f"peak while reading both halves: {peak / 2**20:.0f} MB for {held / 2**20:.0f} MB "
          f"of float32 pixels held (ratio {peak / held:.2f})")


if __name__ == "__main__":
    main()
