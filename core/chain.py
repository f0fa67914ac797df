"""The chain rule with the learner's numbers: the terms behind the loss, each
δ and each ∂L/∂W of one sample, for the explorer's output pane and Explain
line (tui only writes them out).

Every δ, ∂L/∂z and ∂L/∂W here is read from core.backward's Gradients, never
worked out again beside it, so that what the line writes is what a step uses;
the other factors (h'(a), the weights, y and t) are the values backward
multiplied. Pure numpy, as all of core.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses
from .backward import Gradients
from .forward import Trace
from .network import Network

# δ_L for the output layer, by output function and loss:
DIFFERENCE = "difference"  # identity + sse, softmax + cross-entropy: δ_L = y − t
ELEMENTWISE = "elementwise"  # δ_L = ∂L/∂y ⊙ h'(a_L)
SOFTMAX = "softmax"  # softmax + sse: δ_L = y ⊙ (∂L/∂y − Σ ∂L/∂y·y), its Jacobian-vector product
HIDDEN = "hidden"  # δ_k = h'(a_k) ⊙ (δ_(k+1)·W_(k+1)ᵀ)


@dataclass(frozen=True, eq=False)
class LossExplanation:
    """E = 0.5·Σ(y − t)², or E = −log y_t (one-hot t) / −Σ t·log y."""
    kind: str  # "sse" or "cross_entropy"
    difference: np.ndarray  # y − t, the squared error's terms
    label: int | None  # the class j (from 1) where t is one-hot, else None
    y_label: float | None  # y_j of that class
    value: float  # core's loss (cross-entropy from the logits)


def one_hot_label(t: np.ndarray) -> int | None:
    """The class j (from 1) of a one-hot t; None for any other t."""
    t = np.asarray(t)
    if t.ndim == 1 and np.count_nonzero(t) == 1 and np.max(t) == 1.0:
        return int(np.argmax(t)) + 1
    return None


def explain_loss(trace: Trace, t: np.ndarray, kind: str) -> LossExplanation:
    """The loss alone (core.losses.loss, no backward pass): the output pane
    shows it on every change, the backward view or not."""
    y = trace.y
    label = one_hot_label(t)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged y: inf − t is inf
        difference = y - t
    return LossExplanation(kind=kind, difference=difference, label=label,
                           y_label=None if label is None else float(y[label - 1]),
                           value=losses.loss(trace, t, kind))


@dataclass(frozen=True, eq=False)
class DeltaExplanation:
    """δ_k[j] = ∂L/∂a_k[j] (both from 1) and the factors that make it."""
    layer: int
    unit: int
    rule: str  # DIFFERENCE, ELEMENTWISE, SOFTMAX or HIDDEN
    activation: str  # h of layer k
    delta: float  # δ_k[j]
    dz: float  # ∂L/∂z_k[j] (∂L/∂y_j for the output layer)
    deltas: np.ndarray  # the whole δ_k (DIFFERENCE writes it as a vector)
    derivative: float | None  # h'(a_k[j]) for ELEMENTWISE and HIDDEN
    weights: np.ndarray  # HIDDEN: row j of W_(k+1), what unit j feeds each next unit
    next_deltas: np.ndarray  # HIDDEN: δ_(k+1)
    y: float | None  # SOFTMAX: y_j
    dot: float | None  # SOFTMAX: Σ_m ∂L/∂y_m·y_m


def output_rule(output: str, kind: str, t: np.ndarray) -> str:
    if output == "identity" and kind == "sse":
        return DIFFERENCE
    if output in ("softmax", "softmax_naive") and kind == "cross_entropy" and np.sum(t) == 1.0:
        return DIFFERENCE  # the book's SoftmaxWithLoss: y − t where t sums to 1
    if output in ("softmax", "softmax_naive"):
        return SOFTMAX
    return ELEMENTWISE


def explain_delta(network: Network, trace: Trace, t: np.ndarray, gradients: Gradients,
                  kind: str, k: int, j: int) -> DeltaExplanation:
    """Unit j of layer k (both from 1) of a single-sample pass."""
    depth = trace.depth
    deltas, dz = gradients.delta[k - 1], gradients.dz[k - 1]
    empty = np.zeros(0)
    common = dict(layer=k, unit=j, activation=network.activations[k - 1],
                  delta=float(deltas[j - 1]), dz=float(dz[j - 1]), deltas=deltas)
    if k < depth:
        return DeltaExplanation(rule=HIDDEN, derivative=float(trace.grad(k)[j - 1]),
                                weights=network.layers[k].W[j - 1],
                                next_deltas=gradients.delta[k], y=None, dot=None, **common)
    rule = output_rule(network.activations[-1], kind, t)
    if rule == SOFTMAX:
        with np.errstate(over="ignore", invalid="ignore"):
            dot = float(np.sum(dz * trace.y))
        return DeltaExplanation(rule=rule, derivative=None, weights=empty, next_deltas=empty,
                                y=float(trace.y[j - 1]), dot=dot, **common)
    derivative = float(trace.grad(k)[j - 1]) if rule == ELEMENTWISE else None
    return DeltaExplanation(rule=rule, derivative=derivative, weights=empty, next_deltas=empty,
                            y=None, dot=None, **common)


@dataclass(frozen=True)
class WeightExplanation:
    """∂L/∂W_k[i, j] = z_(k−1)[i] × δ_k[j] (from 1; z_0 = x)."""
    layer: int
    row: int
    column: int
    input: float  # z_(k−1)[i]
    delta: float  # δ_k[j]
    value: float  # core's dW_k[i, j]


def explain_weight(trace: Trace, gradients: Gradients, k: int, i: int, j: int) -> WeightExplanation:
    inputs = trace.x if k == 1 else trace.z[k - 2]
    return WeightExplanation(layer=k, row=i, column=j, input=float(inputs[i - 1]),
                             delta=float(gradients.delta[k - 1][j - 1]),
                             value=float(gradients.dW[k - 1][i - 1, j - 1]))
