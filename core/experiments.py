"""The book's weight-initialisation experiment (chapter 6): standard normal
input through layers of equal width with no bias, and what each layer's
values look like. Seeded, batched, plain arrays out."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .forward import forward
from .presets import deep


@dataclass(frozen=True)
class LayerHistogram:
    edges: np.ndarray  # bins + 1 edges, from the data's own range
    counts: np.ndarray  # how many of samples × units fall in each bin
    saturated: float  # share of values with |h'(a)| < 0.01 (saturating functions)
    dead: float  # share of values with a <= 0 (ReLU)


def _histogram(values: np.ndarray, bins: int, low: float, high: float):
    """np.histogram's counts for equal bins over [low, high], by one bincount:
    three times faster on the 100,000 values of a layer."""
    scale = bins / (high - low)
    index = np.minimum(((values - low) * scale).astype(np.int64), bins - 1)  # high: last bin
    return np.bincount(index, minlength=bins), np.linspace(low, high, bins + 1)


def init_experiment(activation: str = "sigmoid", init: str = "normal", std: float = 1.0,
                    samples: int = 1000, layers: int = 5, width: int = 100, seed: int = 0,
                    bins: int = 30) -> list[LayerHistogram]:
    """One histogram per layer of z, with bins over the data's range (the book
    fixes 0..1, which hides tanh's negative half and ReLU's long tail)."""
    network = deep(init=init, std=std, seed=seed, activation=activation, layers=layers,
                   width=width)
    x = np.random.default_rng([seed, 1]).standard_normal((samples, width))
    trace = forward(network, x)
    result = []
    for k in range(1, layers + 1):
        z = trace.z[k - 1]
        finite = z[np.isfinite(z)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if low == high:  # all one value: a bin of width 1 around it
            low, high = low - 0.5, high + 0.5
        counts, edges = _histogram(finite, bins, low, high)
        result.append(LayerHistogram(edges=edges, counts=counts,
                                     saturated=float(trace.saturated(k).mean()),
                                     dead=float(trace.dead(k).mean())))
    return result
