"""Writes torch_backward_reference.json: PyTorch float64 autograd gradients of
small seeded networks, for every activation as a hidden layer and every output
function with both losses, one sample and batches, ordinary and saturated values.

Run by hand in an environment that has torch (it is not a dependency):
    python tests/data/make_torch_backward_reference.py
tests/core/test_backward.py compares core.backward with the committed JSON.
Everything here is written from the definitions (torch's functions and
autograd), not from core: the losses are the book's, batch-mean.
"""
import json
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F


def step(a):
    # heaviside has no autograd; step' = 0 everywhere, so the gradient flows as 0.
    return (a > 0).to(a.dtype) + 0.0 * a


FUNCTIONS = {
    "step": step, "identity": lambda a: a, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
    "relu": F.relu, "leaky_relu": F.leaky_relu, "elu": F.elu, "selu": F.selu,
    # F.gelu's x·½(1 + erf(x/√2)) cancels in the negative tail (2e-11 relative
    # at x = −5); ½x·erfc(−x/√2) is the same function without the cancellation.
    "gelu": lambda a: 0.5 * a * torch.special.erfc(-a / math.sqrt(2.0)), "silu": F.silu, "softplus": F.softplus, "mish": F.mish,
    # F.hardsigmoid's backward multiplies by 1/6 rounded to float32 (3e-8 off in
    # float64); relu6(a + 3)/6 is the same function with an exact 1/6.
    "hard_sigmoid": lambda a: F.relu6(a + 3.0) / 6.0, "hard_tanh": F.hardtanh, "softsign": F.softsign,
    "softmax": lambda a: torch.softmax(a, dim=-1),
    "softmax_naive": lambda a: torch.exp(a) / torch.exp(a).sum(dim=-1, keepdim=True),
}
HIDDEN = [name for name in FUNCTIONS if not name.startswith("softmax")]
OUTPUTS = ["identity", "sigmoid", "softmax", "softmax_naive"]


def loss_of(a_last, y, output, t, kind):
    n = y.shape[0] if y.dim() == 2 else 1
    if kind == "sse":
        return 0.5 * ((y - t) ** 2).sum() / n
    if output == "sigmoid":
        return -(t * F.logsigmoid(a_last)).sum() / n
    if output == "softmax_naive":  # from its own y, as actlab computes it
        return -(t * torch.log(y)).sum() / n
    return -(t * torch.log_softmax(a_last, dim=-1)).sum() / n


def case(rng, hidden, output, kind, samples, scale):
    sizes = [3, 4, 3]
    W = [rng.standard_normal((m, n)) * scale for m, n in zip(sizes[:-1], sizes[1:])]
    b = [rng.standard_normal(n) * scale for n in sizes[1:]]
    shape = (samples, sizes[0]) if samples else (sizes[0],)
    x = rng.standard_normal(shape) * scale
    if kind == "cross_entropy" or output.startswith("softmax"):
        labels = rng.integers(0, sizes[-1], samples or 1)
        t = np.eye(sizes[-1])[labels]
        t = t if samples else t[0]
    else:
        t = rng.uniform(-1, 1, (samples, sizes[-1]) if samples else sizes[-1])
    Wt = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in W]
    bt = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in b]
    z = torch.tensor(x, dtype=torch.float64)
    a_list = []
    names = [hidden, output]
    for w, v, name in zip(Wt, bt, names):
        a = z @ w + v
        a.retain_grad()
        a_list.append(a)
        z = FUNCTIONS[name](a)
    L = loss_of(a_list[-1], z, output, torch.tensor(t, dtype=torch.float64), kind)
    L.backward()
    return {"activations": names, "loss": kind, "W": [w.tolist() for w in W],
            "b": [v.tolist() for v in b], "x": x.tolist(), "t": t.tolist(),
            "value": L.item(), "dW": [w.grad.tolist() for w in Wt],
            "db": [v.grad.tolist() for v in bt], "delta": [a.grad.tolist() for a in a_list]}


def main() -> None:
    rng = np.random.default_rng(20261204)
    cases = []
    for hidden in HIDDEN:
        for output in OUTPUTS:
            for kind in ("sse", "cross_entropy"):
                if kind == "cross_entropy" and output == "identity":
                    continue  # no probabilities: actlab refuses it
                # scale 2: a up to about ±10. Further out (saturated units) torch's
                # own backward is the less exact one (its σ' = y·(1 − y) rounds
                # to 0 where actlab's e/(1 + e)² does not), so it is no reference
                # there; tests/core/test_backward.py checks those values otherwise.
                for samples, scale in ((0, 1.0), (5, 1.0), (5, 2.0)):
                    cases.append(case(rng, hidden, output, kind, samples, scale))
    out = {"torch": torch.__version__, "cases": cases}
    path = Path(__file__).with_name("torch_backward_reference.json")
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {path} ({len(cases)} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()
