"""Writes torch_reference.json: PyTorch float64 values and gradients for every
activation at chosen and random finite inputs.

Run by hand in an environment that has torch (it is not a dependency):
    python tests/data/make_torch_reference.py
The tests compare core.activations with the committed JSON.
"""
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

FUNCTIONS = {
    "step": lambda x: torch.heaviside(x, torch.zeros_like(x)),
    "identity": lambda x: x,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,
    "elu": F.elu,
    "selu": F.selu,
    "gelu": F.gelu,  # approximate='none': exact erf
    "silu": F.silu,
    "softplus": F.softplus,
    "mish": F.mish,
    "hard_sigmoid": F.hardsigmoid,
    "hard_tanh": F.hardtanh,
    "softsign": F.softsign,
}

SPECIAL = [0.0, 5e-324, 1e-300, 1e-10, 1e-5, 0.5, 1.0, 2.5, 2.9999999, 3.0, 3.0000001,
           5.0, 10.0, 19.5, 20.0, 20.000001, 20.5, 30.0, 36.0, 40.0, 100.0, 709.0, 710.0,
           745.0, 800.0, 1e10, 1e100, 1e154, 1e155, 1e300, 1.7976931348623157e308]


def inputs() -> np.ndarray:
    rng = np.random.default_rng(20261128)
    chosen = np.array(SPECIAL + [-v for v in SPECIAL if v])
    spread = rng.standard_normal(200) * 4
    wide = np.sign(rng.standard_normal(100)) * 10.0 ** rng.uniform(-20, 300, 100)
    return np.concatenate([chosen, spread, wide])


def main() -> None:
    x = inputs()
    out = {"torch": torch.__version__, "x": x.tolist(), "functions": {}}
    for name, fn in FUNCTIONS.items():
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = fn(t)
        if name == "step":
            dy = torch.zeros_like(t)  # heaviside has no autograd; step' = 0
        else:
            (dy,) = torch.autograd.grad(y.sum(), t)
        out["functions"][name] = {"y": y.detach().numpy().tolist(), "dy": dy.numpy().tolist()}
    vectors = [[1.0, 2.0, 3.0], [1010.0, 1000.0, 990.0], [0.3, 2.9, 4.0], [-1e300, 0.0, 1e300],
               [1.7976931348623157e308, -1.7976931348623157e308], [-800.0, -800.0]]
    out["softmax"] = [{"x": v, "y": torch.softmax(torch.tensor(v, dtype=torch.float64),
                                                  -1).numpy().tolist()} for v in vectors]
    path = Path(__file__).with_name("torch_reference.json")
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {path} ({len(x)} inputs, torch {torch.__version__})")


if __name__ == "__main__":
    main()
