"""Loss functions (chapter 4): how far the output y is from the target t.

The book's two, for one sample or a batch (the mean over the batch's rows):

    sum_squared_error    E = 0.5·Σ(y − t)²
    cross_entropy_error  E = −Σ t·log(y + 1e-7)

loss() is what the app and `actlab grad` report. For squared error it is the
book's formula. For cross-entropy it is computed from the logits a = trace.a[-1]
instead of from y: −log softmax(a)_k = log Σ exp(a) − a_k (log-sum-exp), and
−log σ(a) = softplus(−a). That is exact where the book's log(y + 1e-7) is not:
where y is near 0 the book's 1e-7 caps the loss at −log(1e-7) ≈ 16.1, and a y of
1e-12 counts as 1e-7; where y is far above 1e-7 the two differ by about 1e-7/y.
"""
from __future__ import annotations

import numpy as np

from .errors import InputError, UnknownNameError

LOSSES = ("sse", "cross_entropy")  # the command line's --loss choices
BOOK_DELTA = 1e-7  # the book's cross_entropy_error: log(y + delta) never sees log(0)

# Cross-entropy needs y to be probabilities. These outputs are, and their log
# can be taken from the logits; softmax_naive's comes from its own (naive) y, so
# that its overflow shows in the loss too.
CROSS_ENTROPY_OUTPUTS = ("softmax", "softmax_naive", "sigmoid")


def check_loss(kind: str, output: str | None = None) -> None:
    """Refuse an unknown loss, or cross-entropy on an output that is not a probability."""
    if kind not in LOSSES:
        raise UnknownNameError("unknown_loss", name=kind, choices=", ".join(LOSSES))
    if kind == "cross_entropy" and output is not None and output not in CROSS_ENTROPY_OUTPUTS:
        raise InputError("loss_output", name=output, choices=", ".join(CROSS_ENTROPY_OUTPUTS))


def target(t, n_out: int) -> np.ndarray:
    """t as float64, shaped as y: a vector of n_out (or a batch of them, N × n_out).

    A class label is an int (the book's t as a label, counted from 0 as the
    book's datasets count them) and becomes a one-hot vector; a 1-D array of
    integer dtype (the book's t_train with one_hot_label=False) is a batch of
    labels. Anything else (lists, float arrays) is the target vector itself.
    """
    if isinstance(t, (int, np.integer)) and not isinstance(t, bool):
        return _one_hot(np.array([int(t)]), n_out)[0]
    if isinstance(t, np.ndarray) and t.dtype.kind in "iu":
        if t.ndim != 1:
            raise InputError("t_labels_shape", shape=t.shape)
        return _one_hot(t, n_out)
    try:
        t = np.array(t, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise InputError("t_not_numbers") from None
    if t.ndim not in (1, 2) or t.shape[-1] != n_out:
        got = t.shape[-1] if t.ndim in (1, 2) else f"shape {t.shape}"
        raise InputError("t_length", got=got, n=n_out)
    bad = np.argwhere(~np.isfinite(t))
    if bad.size:
        raise InputError("t_nonfinite", position=int(bad[0][-1]) + 1,
                         value=float(t[tuple(bad[0])]))
    return t


def _one_hot(labels: np.ndarray, n_out: int) -> np.ndarray:
    outside = (labels < 0) | (labels >= n_out)
    if outside.any():
        raise InputError("t_label", label=int(labels[outside][0]), n=n_out, last=n_out - 1)
    t = np.zeros((labels.size, n_out))
    t[np.arange(labels.size), labels] = 1.0
    return t


def matched(t, y: np.ndarray) -> np.ndarray:
    """target(t) shaped exactly as y: one t for a batch stands for every row.

    For one sample (y a vector) an integer array is the t vector itself, as the
    book's t = np.array([0, 0, 1]); for a batch it is one label per row, as the
    book's t_train without one_hot_label (its cross_entropy_error tells them
    apart by size the same way).
    """
    if y.ndim == 1 and isinstance(t, np.ndarray) and t.dtype.kind in "iu" and t.ndim == 1:
        t = t.astype(np.float64)
    t = target(t, y.shape[-1])
    if t.ndim == 1 and y.ndim == 2:
        return np.broadcast_to(t, y.shape)
    if t.shape != y.shape:
        samples = y.shape[0] if y.ndim == 2 else 1
        raise InputError("t_rows", rows=t.shape[0], samples=samples)
    return t


def check_distribution(t: np.ndarray, output: str, kind: str) -> np.ndarray:
    """A matched t for cross-entropy must be probabilities: −Σ t·log y of a
    negative t or of a row summing to 0 is a number, but no loss (t = 0 0 0
    gives 0 and zero gradients). A sigmoid's units are separate yes/no
    probabilities, so only softmax rows must sum to 1."""
    if kind != "cross_entropy":
        return t
    rows = np.atleast_2d(t)
    negative = np.argwhere(rows < 0)
    if len(negative):
        row, column = negative[0]
        raise InputError("t_negative", row=int(row) + 1, value=f"{rows[row, column]:g}")
    if output in ("softmax", "softmax_naive"):
        sums = np.sum(rows, axis=-1)
        off = np.flatnonzero(np.abs(sums - 1.0) > 1e-9 * rows.shape[-1])
        if len(off):
            raise InputError("t_sum", row=int(off[0]) + 1, total=f"{sums[off[0]]:g}")
    return t


def _batch_size(y: np.ndarray) -> int:
    return y.shape[0] if y.ndim == 2 else 1


def sum_squared_error(y, t) -> float:
    """The book's 0.5·Σ(y − t)², averaged over the rows of a batch."""
    y = np.asarray(y, dtype=np.float64)
    t = matched(t, y)
    with np.errstate(over="ignore"):  # (y − t)² beyond 1.8e308 is inf, correctly rounded
        return float(0.5 * np.sum((y - t) ** 2) / _batch_size(y))


def cross_entropy_error(y, t) -> float:
    """The book's −Σ t·log(y + 1e-7), averaged over the rows of a batch.

    Kept to compare with loss(): the 1e-7 keeps log away from 0 but shifts
    every value, and caps the loss at about 16.1 where y is near 0.
    """
    y = np.asarray(y, dtype=np.float64)
    t = matched(t, y)
    with np.errstate(invalid="ignore"):  # a negative y (no probability) gives NaN, quietly
        log_y = np.log(y + BOOK_DELTA)
    return float(-np.sum(_weighted(t, log_y)) / _batch_size(y))


def _weighted(t: np.ndarray, log_y: np.ndarray) -> np.ndarray:
    """t·log y, with 0 where t = 0 (0·log 0 = 0 in the limit, not NaN)."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.where(t == 0, 0.0, t * log_y)


def log_output(a: np.ndarray, y: np.ndarray, output: str) -> np.ndarray:
    """log y for a probability output, from the logits a where that is exact."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if output == "softmax":
            m = a.max(axis=-1, keepdims=True)  # methods: softmax's reason
            shifted = a - m  # a spread above 1.8e308 overflows to −inf: exp of it is 0
            return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        if output == "sigmoid":
            # log σ(a) = min(a, 0) − log(1 + e^−|a|), exact for every a (the
            # registry's softplus returns x above 20, 1e-9 short of the log).
            return np.minimum(a, 0.0) - np.log1p(np.exp(-np.abs(a)))
        return np.log(y)  # softmax_naive: its own y, NaN where it overflowed


def row_losses(a: np.ndarray, y: np.ndarray, output: str, t: np.ndarray,
               kind: str) -> np.ndarray:
    """The loss of each row (sample) of an output a → y, shaped y.shape[:-1]."""
    if kind == "sse":
        with np.errstate(over="ignore"):  # beyond 1.8e308 is inf, correctly rounded
            return 0.5 * ((y - t) ** 2).sum(axis=-1)
    return -_weighted(t, log_output(a, y, output)).sum(axis=-1)


def loss_value(a: np.ndarray, y: np.ndarray, output: str, t: np.ndarray, kind: str) -> float:
    """The batch-mean loss of an output a → y with t already matched to y."""
    with np.errstate(over="ignore"):
        return float(row_losses(a, y, output, t, kind).sum() / _batch_size(y))


def loss(trace, t, kind: str) -> float:
    """The loss of a forward pass: squared error of y, or cross-entropy from the logits."""
    output = trace.activations[-1]
    check_loss(kind, output)
    t = check_distribution(matched(t, trace.y), output, kind)
    return loss_value(trace.a[-1], trace.y, output, t, kind)
