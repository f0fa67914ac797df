"""The forward pass, as the book writes it: a = z·W + b, z = h(a), y = σ(aL)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from .network import Network, check_x


@dataclass(frozen=True, eq=False)  # compared by identity: arrays have no single truth
class Trace:
    """Every value of one forward pass: x, a1..aL, z1..z(L-1) and y = zL.

    With a batch x (N × n_in), each array has one row per sample.
    """
    x: np.ndarray
    a: tuple[np.ndarray, ...]
    z: tuple[np.ndarray, ...]  # z[-1] is y
    activations: tuple[str, ...]
    # h'(a_k), when forward() was asked for them; an entry None (training's
    # output layer, whose h' backward never reads) is computed when asked.
    grads: tuple[np.ndarray | None, ...] | None = None

    @property
    def y(self) -> np.ndarray:
        return self.z[-1]

    @property
    def depth(self) -> int:
        return len(self.a)

    def names(self) -> list[str]:
        """The book's names in order: a1, z1, a2, z2, ..., aL, y."""
        names = []
        for k in range(1, self.depth + 1):
            names += [f"a{k}", f"z{k}" if k < self.depth else "y"]
        return names

    def __getitem__(self, name: str) -> np.ndarray:
        if name == "x":
            return self.x
        if name == "y":
            return self.y
        kind, k = name[0], int(name[1:])
        if kind == "a":
            return self.a[k - 1]
        if kind == "z" and k < self.depth:
            return self.z[k - 1]
        raise KeyError(name)

    def grad(self, k: int) -> np.ndarray:
        """h'(a_k) for layer k (from 1): how much each unit passes back."""
        if self.grads is not None and self.grads[k - 1] is not None:
            return self.grads[k - 1]
        return activations.get(self.activations[k - 1]).grad(self.a[k - 1])

    def saturated(self, k: int) -> np.ndarray:
        """Units of layer k whose function is flat there: |h'(a)| < 0.01."""
        function = activations.get(self.activations[k - 1])
        if not function.saturating or function.output_only:
            return np.zeros(self.a[k - 1].shape, dtype=bool)
        return np.abs(self.grad(k)) < activations.SATURATION_GRAD

    def dead(self, k: int) -> np.ndarray:
        """ReLU units of layer k with a <= 0: they output 0 and learn nothing."""
        if not activations.get(self.activations[k - 1]).dies:
            return np.zeros(self.a[k - 1].shape, dtype=bool)
        return self.a[k - 1] <= 0

    def nonfinite(self) -> list[str]:
        """Names of the arrays holding NaN or infinity (softmax_naive, huge weights)."""
        return [name for name in self.names() if not np.all(np.isfinite(self[name]))]

    def layer_summary(self, k: int) -> "LayerSummary":
        """min, mean and max of a_k and z_k, and how many units are saturated or dead."""
        a, z = self.a[k - 1], self.z[k - 1]
        with np.errstate(invalid="ignore", over="ignore"):  # nan/inf stay visible as such
            stats = [float(f(v)) for v in (a, z) for f in (np.min, np.mean, np.max)]
        return LayerSummary(*stats, saturated=int(self.saturated(k).sum()),
                            dead=int(self.dead(k).sum()), units=a.shape[-1])

    def output_summary(self) -> tuple[float, int]:
        """Σy and the index (from 1) of the largest y, for one input."""
        return float(np.sum(self.y)), int(np.argmax(self.y)) + 1

    def as_dict(self) -> dict[str, np.ndarray]:
        return {"x": self.x, **{name: self[name] for name in self.names()}}


def affine(z: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a = z·W + b, also where a term or a partial sum overflows.

    Finite but enormous values can overflow a to inf: that is the correctly
    rounded a when |a| really exceeds 1.8e308, and the trace reports it
    through nonfinite(), so numpy need not warn as well. But a product can
    overflow while the sum does not (x = [1e308, -1e308], both weights 2:
    inf − inf = NaN where a = 0). Those entries are recomputed with z and W
    scaled by powers of two (exact) so that no product can overflow, and
    scaled back; b is added after, at full size, so it is not lost either.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        a = z @ W
        a += b  # in place: one array less per layer
    redo = ~np.isfinite(a)
    if not redo.any():
        return a
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        z_exponent = _exponent(z)
        w_exponent = _exponent(W)
        scaled = np.ldexp(z, -z_exponent) @ np.ldexp(W, -w_exponent)
        # ldexp overflows only to the inf that a then truly is.
        exact = np.ldexp(scaled, z_exponent + w_exponent) + b
    return np.where(redo, exact, a)


def _exponent(values: np.ndarray) -> int:
    """e with max |finite value| < 2^e: scaling by 2^-e brings all below 1."""
    finite = np.abs(values[np.isfinite(values)])
    return int(np.frexp(finite.max())[1]) if finite.size else 0


def forward(network: Network, x=None, grads: bool = False) -> Trace:
    """Run x (one vector or a batch) through the network, keeping every a and z,
    and with grads=True every h'(a) too (GELU, SiLU and Mish then share work
    between h and h').

    Without x, the network's stored input (or zeros) is used. NaN in x flows
    through to NaN out; use check_x() first to refuse it with a message.
    """
    x = check_x(network, network.default_x() if x is None else x, finite=False)
    a_list, z_list, grad_list = [], [], []
    z = x
    for layer in network.layers:
        a = affine(z, layer.W, layer.b)
        h = activations.get(layer.activation)
        if grads:
            z, grad = h.value_and_grad(a)
            grad_list.append(grad)
        else:
            z = h.fn(a)
        a_list.append(a)
        z_list.append(z)
    return Trace(x, tuple(a_list), tuple(z_list), tuple(network.activations),
                 tuple(grad_list) if grads else None)


@dataclass(frozen=True)
class LayerSummary:
    a_min: float
    a_mean: float
    a_max: float
    z_min: float
    z_mean: float
    z_max: float
    saturated: int
    dead: int
    units: int


@dataclass(frozen=True)
class UnitExplanation:
    """The arithmetic behind one unit: a_k[j] = Σ_i z_(k-1)[i]·W_k[i, j] + b_k[j]."""
    layer: int  # k, from 1
    unit: int  # j, from 1
    inputs: np.ndarray  # z_(k-1), or x for the first layer
    weights: np.ndarray  # column j of W_k
    bias: float
    a: float
    z: float
    activation: str


def explain_unit(network: Network, trace: Trace, k: int, j: int) -> UnitExplanation:
    """Unit j of layer k (both from 1) of a single-input trace, term by term."""
    layer = network.layers[k - 1]
    inputs = trace.x if k == 1 else trace.z[k - 2]
    return UnitExplanation(
        layer=k, unit=j, inputs=inputs, weights=layer.W[:, j - 1], bias=float(layer.b[j - 1]),
        a=float(trace.a[k - 1][j - 1]), z=float(trace.z[k - 1][j - 1]),
        activation=layer.activation)
