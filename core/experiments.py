"""The book's weight-initialisation experiment (chapter 6): standard normal
input through layers of equal width with no bias, and what each layer's
values look like. Seeded, batched, plain arrays out."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .errors import InputError
from .forward import forward
from .network import MAX_PARAMETERS
from .presets import deep

# Values per block. The whole 1000 × 100 batch at once spends more time in
# page faults than in arithmetic: every 800 KB temporary is a fresh mmap that
# the kernel fills page by page. Blocks of about 16384 values (128 KB) stay in
# the allocator's reused memory and in cache, which halves the run; smaller
# blocks pay numpy's per-call cost more often (measured: 4096 to 24576).
BLOCK = 16384


# Every layer's z is kept for its histogram: 50 million values are 400 MB.
MAX_VALUES = 50_000_000
# The largest std of the weights either way in (the command line, the screen):
# far past where every layer explodes, and short of float64's overflow.
MAX_STD = 1000.0


def multiply_adds(samples: int, layers: int, width: int) -> int:
    """The run's real work: every layer is a (samples × width) · (width × width)
    product. It grows with width², which a count of values does not see
    (1000 × 10 × 500 holds 5 million values but costs 2.5 billion)."""
    return samples * layers * width * width


def check_size(samples: int, layers: int, width: int, limit: int = MAX_VALUES,
               work_limit: int | None = None) -> None:
    """Refuse, with a message, a run too big to hold (or, with smaller
    limits, too slow to rerun at the pace of typing)."""
    values = samples * layers * width
    if values > limit:
        raise InputError("experiment_too_large", samples=samples, layers=layers, width=width,
                         values=values, limit=limit)
    work = multiply_adds(samples, layers, width)
    if work_limit is not None and work > work_limit:
        raise InputError("experiment_too_slow", samples=samples, layers=layers, width=width,
                         work=work, limit=work_limit)
    weights = layers * width * width
    if weights > MAX_PARAMETERS:
        raise InputError("experiment_too_many_weights", layers=layers, width=width,
                         total=weights, limit=MAX_PARAMETERS)


@dataclass(frozen=True)
class LayerHistogram:
    edges: np.ndarray  # bins + 1 edges, from the data's own range
    counts: np.ndarray  # how many of samples × units fall in each bin
    saturated: float  # share of values with |h'(a)| < 0.01 (saturating functions)
    dead: float  # share of values with a <= 0 (ReLU)


def _blocks(total: int, size: int):
    for start in range(0, total, size):
        yield slice(start, min(start + size, total))


def _histogram(values: np.ndarray, bins: int, low: float, high: float):
    """np.histogram's counts for equal bins over [low, high] of the finite
    values, by bincount over blocks: three times faster on 100,000 values."""
    scale = bins / (high - low)
    counts = np.zeros(bins, dtype=np.int64)
    flat = values.reshape(-1)
    all_finite = bool(np.isfinite(flat).all())
    buffer = np.empty(min(BLOCK, flat.size))
    for part in _blocks(flat.size, BLOCK):
        block = flat[part] if all_finite else flat[part][np.isfinite(flat[part])]
        index = np.subtract(block, low, out=buffer[:block.size])
        index *= scale
        np.minimum(index, bins - 1, out=index)  # high goes in the last bin
        counts += np.bincount(index.astype(np.intp), minlength=bins)
    return counts, np.linspace(low, high, bins + 1)


def _finite_range(values: np.ndarray) -> tuple[float, float]:
    if np.isfinite(values).all():
        low, high = float(values.min()), float(values.max())
    else:
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if low == high:  # all one value: a bin of width 1 around it
        low, high = low - 0.5, high + 0.5
    return low, high


@lru_cache(maxsize=1)  # the last settings only: at 10000 × 500 the samples are 40 MB
def _weights_and_input(init: str, std: float, seed: int, samples: int, layers: int,
                       width: int):
    """What does not depend on the activation, kept for the next run: trying
    one function after another (the screen's `a`) then redoes only the
    arithmetic, not 2 ms of random numbers. Read-only, as a cache must be."""
    network = deep(init=init, std=std, seed=seed, activation="identity", layers=layers,
                   width=width)
    x = np.random.default_rng([seed, 1]).standard_normal((samples, width))
    x.flags.writeable = False
    return network, x


def init_experiment(activation: str = "sigmoid", init: str = "normal", std: float = 1.0,
                    samples: int = 1000, layers: int = 5, width: int = 100, seed: int = 0,
                    bins: int = 30, stop: Callable[[], bool] | None = None
                    ) -> list[LayerHistogram] | None:
    """One histogram per layer of z, with bins over the data's range (the book
    fixes 0..1, which hides tanh's negative half and ReLU's long tail).

    `stop` is asked between blocks of samples; when it says True the run ends
    there and returns None (a screen whose settings changed drops the old run
    instead of finishing it)."""
    check_size(samples, layers, width)
    network, x = _weights_and_input(init, float(std), seed, samples, layers, width)
    network = network.with_hidden_activation(activation).with_output(activation)
    z = np.empty((layers, samples, width))  # every layer's z, for the histograms
    saturated = np.zeros(layers, dtype=np.int64)
    dead = np.zeros(layers, dtype=np.int64)
    # The same core.forward as everywhere, a block of samples at a time, with
    # h'(a) for the saturated share.
    for rows in _blocks(samples, max(1, BLOCK // width)):
        if stop is not None and stop():
            return None
        trace = forward(network, x[rows], grads=True)
        for k in range(1, layers + 1):
            z[k - 1, rows] = trace.z[k - 1]
            saturated[k - 1] += np.count_nonzero(trace.saturated(k))
            dead[k - 1] += np.count_nonzero(trace.dead(k))
    values = samples * width
    result = []
    for k in range(layers):
        counts, edges = _histogram(z[k], bins, *_finite_range(z[k]))
        result.append(LayerHistogram(edges=edges, counts=counts,
                                     saturated=float(saturated[k] / values),
                                     dead=float(dead[k] / values)))
    return result
