"""Networks from the book, by name."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import UnknownNameError
from .network import Network, random_network


def book() -> Network:
    # ch03 init_network(): the 2-3-2-2 network of section 3.4.3.
    return Network.build(
        weights=[[[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]],
                 [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]],
                 [[0.1, 0.3], [0.2, 0.4]]],
        biases=[[0.1, 0.2, 0.3], [0.1, 0.2], [0.1, 0.2]],
        functions=["sigmoid", "sigmoid", "identity"],
        x=[1.0, 0.5],
    )


def _gate(w, b) -> Network:
    # ch02's perceptrons: one step unit, y = 1 if w·x + b > 0.
    return Network.build([[[w[0]], [w[1]]]], [[b]], ["step"], x=[1.0, 0.0])


def and_gate() -> Network:
    return _gate([0.5, 0.5], -0.7)


def or_gate() -> Network:
    return _gate([0.5, 0.5], -0.2)


def nand_gate() -> Network:
    return _gate([-0.5, -0.5], 0.7)


def xor_gate() -> Network:
    # XOR(x) = AND(NAND(x), OR(x)): the book's two-layer perceptron.
    return Network.build(
        weights=[[[-0.5, 0.5], [-0.5, 0.5]], [[0.5], [0.5]]],
        biases=[[0.7, -0.2], [-0.7]],
        functions=["step", "step"],
        x=[1.0, 0.0],
    )


def deep(init: str = "normal", std: float = 1.0, seed: int = 0,
         activation: str = "sigmoid", layers: int = 5, width: int = 100) -> Network:
    # ch06 weight_init_activation_histogram.py: 5 layers of 100, no bias.
    network = random_network([width] * (layers + 1), [activation] * layers,
                             init=init, std=std, seed=seed)
    x = np.random.default_rng(seed).standard_normal(width)
    return network.with_x(x)


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    build: Callable[..., Network]


PRESETS: dict[str, Preset] = {p.name: p for p in [
    Preset("book", "the book's 2-3-2-2 network (ch. 3), sigmoid hidden, identity output", book),
    Preset("and", "AND perceptron (ch. 2): step(0.5·x1 + 0.5·x2 − 0.7)", and_gate),
    Preset("or", "OR perceptron (ch. 2): step(0.5·x1 + 0.5·x2 − 0.2)", or_gate),
    Preset("nand", "NAND perceptron (ch. 2): step(−0.5·x1 − 0.5·x2 + 0.7)", nand_gate),
    Preset("xor", "XOR as AND(NAND, OR), a two-layer perceptron (ch. 2)", xor_gate),
    Preset("deep", "5 layers of 100, no bias, seeded N(0, 1) weights (ch. 6)", deep),
]}


def preset(name: str, **options) -> Network:
    try:
        chosen = PRESETS[name]
    except KeyError:
        raise UnknownNameError("unknown_preset", name=name, choices=", ".join(PRESETS)) from None
    return chosen.build(**options)
