"""core.backward's speed as a ratio against the book's hand-written backward,
measured in the same run (issue 13).

    python bench/backward_bench.py

The network is the book's 784-50-100-10 (sigmoid, sigmoid, softmax): its
sample_weight.pkl when the team's shared data is there, else seeded weights of
the same shape; a batch of 100 seeded inputs and labels. Both sides start from
the same forward pass and return the same things: the loss and every dW, db.
The baseline is the book's layers' arithmetic written out by hand:
SoftmaxWithLoss.backward (y − t)/N, Affine.backward (dW = xᵀ·dout,
db = Σ dout, dx = dout·Wᵀ) and Sigmoid.backward (dout·(1 − out)·out), with
the book's cross_entropy_error for the loss; like core, it skips the dx of
the first layer (∂L/∂x is no parameter's gradient).

Target: core.backward / the book's <= 1.15. Printed as well: the same with a
trace that kept h'(a) (forward(..., grads=True)), where backward does not
recompute σ'(a); core computes σ' from a as e/(1 + e)² rather than from the
output as (1 − y)·y, which is exact where y is near 1.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import core  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "book" / "sample_weight.pkl"
TARGET = 1.15


def book_network() -> tuple[core.Network, str]:
    if SAMPLE.exists():
        return core.load(SAMPLE).with_output("softmax"), "sample_weight.pkl"
    network = core.random_network([784, 50, 100, 10], ["sigmoid", "sigmoid", "softmax"],
                                  init="xavier", seed=1)
    return network, "seeded 784-50-100-10 (sample_weight.pkl not found)"


def book_backward(W, x, z1, z2, y, t):
    """The book's layers in reverse, written out (common/layers.py's arithmetic)."""
    batch_size = t.shape[0]
    loss = -np.sum(np.log(y[np.arange(batch_size), t.argmax(axis=1)] + 1e-7)) / batch_size
    dout = (y - t) / batch_size  # SoftmaxWithLoss.backward
    dW3, db3 = np.dot(z2.T, dout), np.sum(dout, axis=0)  # Affine.backward
    dout = np.dot(dout, W[2].T)
    dout = dout * (1.0 - z2) * z2  # Sigmoid.backward
    dW2, db2 = np.dot(z1.T, dout), np.sum(dout, axis=0)
    dout = np.dot(dout, W[1].T)
    dout = dout * (1.0 - z1) * z1
    dW1, db1 = np.dot(x.T, dout), np.sum(dout, axis=0)
    return loss, (dW1, dW2, dW3), (db1, db2, db3)


def ratio(candidate, baseline, repeats: int) -> tuple[float, float, float]:
    """Median time of each, interleaved so that drift hits both alike."""
    times_c, times_b = [], []
    for _ in range(repeats):
        for fn, times in ((baseline, times_b), (candidate, times_c)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    c, b = statistics.median(times_c), statistics.median(times_b)
    return c / b, c, b


def report(label: str, target: float | None, result) -> None:
    value, c, b = result
    mark = "" if target is None else (f"(target <= {target})  " +
                                      ("ok" if value <= target else "OVER TARGET"))
    print(f"{label:<52} ratio {value:5.2f}  {mark}   [{c * 1e3:.3f} ms vs {b * 1e3:.3f} ms]")


def main() -> None:
    network, source = book_network()
    rng = np.random.default_rng(13)
    x = rng.uniform(size=(100, 784))
    labels = rng.integers(0, 10, 100)
    t = np.eye(10)[labels]
    trace = core.forward(network, x)
    with_grads = core.forward(network, x, grads=True)
    W = [layer.W for layer in network.layers]
    z1, z2, y = trace.z

    # The same numbers first: a benchmark of a wrong backward would mean nothing.
    loss, dW, db = book_backward(W, x, z1, z2, y, t)
    gradients = core.backward(network, trace, labels, "cross_entropy")
    for mine, theirs in zip(gradients.dW + gradients.db, dW + db):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-15)
    # core's loss is from the logits; the book's formula is core.cross_entropy_error.
    assert abs(core.cross_entropy_error(y, t) - loss) <= 1e-12 * abs(loss)

    print(f"backward, {source}, batch of 100")
    report("core.backward / the book's hand-written backward", TARGET,
           ratio(lambda: core.backward(network, trace, labels, "cross_entropy"),
                 lambda: book_backward(W, x, z1, z2, y, t), 400))
    report("  the same, trace with h'(a) kept (grads=True)", None,
           ratio(lambda: core.backward(network, with_grads, labels, "cross_entropy"),
                 lambda: book_backward(W, x, z1, z2, y, t), 400))


if __name__ == "__main__":
    main()
