"""Chapter 3.6: the network over a test set in batches, and what it got wrong.

The book's loop, kept as it reads there:

    for i in range(0, len(x), batch_size):
        y_batch = predict(network, x[i:i+batch_size])
        p = np.argmax(y_batch, axis=1)
        accuracy_cnt += np.sum(p == t[i:i+batch_size])

x[i:i+batch_size] is a view, so no batch copies the whole set; only forward()
makes the batch's float64 copy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import InputError
from .forward import forward
from .network import Network

BATCH_SIZE = 100  # the book's batch_size
MAX_BATCH = 100_000


@dataclass(frozen=True, eq=False)  # compared by identity: arrays have no single truth
class Evaluation:
    predicted: np.ndarray  # N: argmax of y for each image
    t: np.ndarray  # N: the true labels
    confusion: np.ndarray  # K × K counts: row = true label, column = predicted

    @property
    def count(self) -> int:
        return int(self.t.size)

    @property
    def correct(self) -> int:
        return int(np.trace(self.confusion))

    @property
    def accuracy(self) -> float:
        """correct / count, as the book prints it (0.0 for an empty set)."""
        return self.correct / self.count if self.count else 0.0

    @property
    def per_class(self) -> np.ndarray:
        """For each true label, the share predicted right; NaN for a label
        the test set does not have (no images, nothing to be right about)."""
        totals = self.confusion.sum(axis=1)
        shares = np.full(totals.shape, np.nan)
        np.divide(np.diag(self.confusion), totals, out=shares, where=totals > 0)
        return shares

    @property
    def misclassified(self) -> np.ndarray:
        """Indices (from 0, as x_test[i]) of the images predicted wrong."""
        return np.flatnonzero(self.predicted != self.t)


def evaluate(network: Network, x: np.ndarray, t: np.ndarray, batch_size: int = BATCH_SIZE,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    """Run x (N × pixels) through the network batch by batch; t holds the class
    indices. progress(done, total) is called after each batch."""
    if not 1 <= batch_size <= MAX_BATCH:
        raise InputError("batch_range", batch=batch_size, limit=MAX_BATCH)
    n_in, classes = network.n_inputs, network.sizes[-1]
    if x.ndim != 2 or x.shape[1] != n_in:
        raise InputError("evaluate_inputs", n=n_in, pixels=x.shape[-1])
    if len(t) != len(x):
        raise InputError("evaluate_counts", images=len(x), labels=len(t))
    if not len(x):  # an accuracy of 0 of 0 would say nothing true
        raise InputError("evaluate_empty")
    if int(t.min()) < 0:  # bincount below would end in a traceback
        raise InputError("evaluate_negative", label=int(t.min()))
    if int(t.max()) >= classes:
        raise InputError("evaluate_classes", label=int(t.max()), n=classes, n_last=classes - 1)
    t = np.asarray(t, dtype=np.int64)
    predicted = np.empty(len(x), dtype=np.int64)
    for i in range(0, len(x), batch_size):
        y_batch = forward(network, x[i:i + batch_size]).y
        predicted[i:i + batch_size] = np.argmax(y_batch, axis=1)
        if progress is not None:
            progress(min(i + batch_size, len(x)), len(x))
    confusion = np.bincount(t * classes + predicted, minlength=classes * classes)
    return Evaluation(predicted, t, confusion.reshape(classes, classes))
