"""Backpropagation (chapter 5): every δ and every ∂L/∂W of one forward pass.

The book's layers walked in reverse, on the values a Trace already keeps (the
book's Affine keeps x, Sigmoid keeps out, Relu keeps its mask):

    output      δ_L = ∂L/∂a_L: the output function's backward of ∂L/∂y
    Affine      dW_k = z_(k−1)ᵀ·δ_k,   db_k = Σ_batch δ_k,   ∂L/∂z_(k−1) = δ_k·W_kᵀ
    activation  δ_k = h'(a_k) ⊙ ∂L/∂z_k

With a batch (x of N rows) the loss is the batch mean, so ∂L/∂y carries the
1/N (as the book's SoftmaxWithLoss divides dout by batch_size) and dW, db sum
over the rows.

Kinks follow the derivative core defines (core/activations.py), not the book's
relu_grad: relu'(0) = 0 (the book's gives 1), step' = 0 everywhere (at the jump
too), leaky_relu'(0) = 0.01, selu'(0) = λα, hard_sigmoid' = 0 at ±3,
hard_tanh' = 0 at ±1. A central difference straddling a kink sees neither side:
gradient_check names that cause.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import activations, losses, messages
from .errors import Cancelled, InputError, NetworkError
from .forward import Trace, affine, forward
from .network import Layer, Network, first_nonfinite

H = 1e-4  # the book's numerical_diff step


@dataclass(frozen=True, eq=False)  # compared by identity, as Trace
class Gradients:
    """∂L/∂(everything) of one forward pass, in the book's shapes, read-only."""
    loss: float
    delta: tuple[np.ndarray, ...]  # delta[k-1] = ∂L/∂a_k, shaped as trace.a[k-1]
    dz: tuple[np.ndarray, ...]  # dz[k-1] = ∂L/∂z_k, shaped as trace.z[k-1]; dz[-1] = ∂L/∂y
    dW: tuple[np.ndarray, ...]  # dW[k-1] = z_(k-1)ᵀ·δ_k, shaped as W_k (z_0 = x)
    db: tuple[np.ndarray, ...]  # db[k-1] = Σ_batch δ_k, shaped as b_k


def _read_only(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=np.float64)
    array.flags.writeable = False
    return array


def _dot(A: np.ndarray, B: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """A·B (into `out` when given); where a product overflows while the sum
    does not, forward's affine recomputes it scaled (exact), so a finite
    gradient is not made NaN."""
    product = np.matmul(A, B, out=out)
    if np.isfinite(product).all():
        return product
    if out is None:
        return affine(A, B, 0.0)
    out[...] = affine(A, B, 0.0)
    return out


def _times(grad: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    """h'(a) ⊙ ∂L/∂z; a unit that passes nothing back (h' = 0: dead ReLU, step)
    passes 0 also of an upstream gradient that overflowed, not 0·inf = NaN."""
    product = grad * upstream
    if np.isfinite(product).all():
        return product
    return np.where(grad == 0, 0.0, product)


def _dy(y: np.ndarray, t: np.ndarray, output: str, kind: str, n: int) -> np.ndarray:
    """∂L/∂y of the batch-mean loss."""
    if kind == "sse":
        return (y - t) / n
    # −Σ t·log y: ∂/∂y = −t/y, 0 where t = 0; a y that underflowed to 0 under a t
    # gives −inf, the limit of the true (enormous) value.
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t == 0, 0.0, -t / y) / n


def _output_delta(a: np.ndarray, y: np.ndarray, dy: np.ndarray, t: np.ndarray, output: str,
                  kind: str, n: int) -> np.ndarray:
    """δ_L = ∂L/∂a_L: the output function's backward of dy."""
    if kind == "cross_entropy" and output in ("softmax", "softmax_naive"):
        # The book's SoftmaxWithLoss, (y − t)/N, when each t sums to 1 (one-hot);
        # for any t the exact form is (y·Σt − t)/N.
        return (y * t.sum(axis=-1, keepdims=True) - t) / n
    if kind == "cross_entropy" and output == "sigmoid":
        # ∂/∂a of t·softplus(−a) = −t·σ(−a): from the logits, as the loss is
        # (−t/y · σ'(a) would be 0·inf where σ(a) rounded to 0).
        return np.where(t == 0, 0.0, -t * activations.get("sigmoid").fn(-a)) / n
    function = activations.get(output)
    if function.output_only:
        # softmax's Jacobian-vector product y ⊙ (dy − (dy·y)): its diagonal
        # (Activation.grad) alone would leave out how each y_i moves the others.
        return y * (dy - np.sum(dy * y, axis=-1, keepdims=True))
    return _times(function.grad(a), dy)


def backward(network: Network, trace: Trace, t, loss: str = "sse") -> Gradients:
    """∂L/∂a_k, ∂L/∂z_k, ∂L/∂W_k and ∂L/∂b_k for every layer k of `trace`, the
    forward pass of `network`, for the target t (see losses.target)."""
    if trace.activations != tuple(network.activations) or any(
            a.shape[-1] != layer.n_out for a, layer in zip(trace.a, network.layers)):
        raise NetworkError("trace_mismatch")
    output = trace.activations[-1]
    losses.check_loss(loss, output)
    t = losses.check_distribution(losses.matched(t, trace.y), output, loss)
    return backward_matched(network, trace, t, loss)


def backward_matched(network: Network, trace: Trace, t: np.ndarray, loss: str,
                     out: np.ndarray | None = None) -> Gradients:
    """backward() for a t already matched to trace.y and checked, the loss
    known to suit the output: training's targets, checked once when its data
    were made. Per mini-batch the checks cost more than the loss itself.

    With `out` (a float64 vector of every parameter's place, W1 row by row,
    b1, W2, b2, ...: core.train's flat θ) dW and db are written into it and
    are views of it: training reuses one buffer instead of making the arrays
    and then a flat copy of them each step."""
    output = trace.activations[-1]
    y = trace.y
    n = y.shape[0] if y.ndim == 2 else 1
    batch = y.ndim == 2
    depth = trace.depth
    delta, dz, dW, db = [None] * depth, [None] * depth, [None] * depth, [None] * depth
    into_W, into_b = [None] * depth, [None] * depth  # views of `out`, in its order
    if out is not None:
        start = 0
        for k, layer in enumerate(network.layers):
            size = layer.W.size
            into_W[k] = out[start:start + size].reshape(layer.W.shape)
            into_b[k] = out[start + size:start + size + layer.n_out]
            start += size + layer.n_out
    # Values beyond float64 (a gradient of a huge loss) are inf, correctly
    # rounded, as in the forward pass; NaN appears only where the trace had one.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        value = losses.loss_value(trace.a[-1], y, output, t, loss)
        dz[-1] = _dy(y, t, output, loss, n)
        delta[-1] = _output_delta(trace.a[-1], y, dz[-1], t, output, loss, n)
        for k in range(depth, 0, -1):
            z_before = trace.x if k == 1 else trace.z[k - 2]
            dout = delta[k - 1]
            W_to, b_to = into_W[k - 1], into_b[k - 1]
            if batch:
                dW[k - 1] = _dot(z_before.T, dout, W_to)
                db[k - 1] = dout.sum(axis=0, out=b_to)
            else:
                dW[k - 1] = np.multiply.outer(z_before, dout, out=W_to)  # np.outer's values
                db[k - 1] = dout.copy() if b_to is None else b_to
                if b_to is not None:
                    b_to[...] = dout
            if k > 1:
                dz[k - 2] = _dot(dout, network.layers[k - 1].W.T)
                delta[k - 2] = _times(trace.grad(k - 1), dz[k - 2])
    return Gradients(value, *(tuple(_read_only(v) for v in arrays)
                              for arrays in (delta, dz, dW, db)))


# --- the numerical gradient (chapter 4) -------------------------------------------

# Variants of a layer evaluated at once, up to this many values per array.
BLOCK_VALUES = 1_000_000


# The numerical gradient moves every parameter twice; for each move of a row
# of W_k (or of b_k) it recomputes layer k's affine for every sample, then
# runs the layers after k once per unit of layer k. Its work grows as
# parameters × samples × (n_in + the later layers' size), where
# backpropagation's grows as parameters × samples. Above this many
# multiply-adds it is refused in one line naming how many samples would do,
# instead of running for minutes: measured on a 2-core machine with a test
# suite beside it, 4·10⁹ is about 10 s for 784-50-10 (its 784-wide affine
# done again for each of 785 rows dominates), 3 s for 784-50-100-10 and 4 s
# for 784-10; 2,000 rows through 784-50-100-10 took over 100 s.
MAX_CHECK_WORK = 4e9


def check_work(network: Network, samples: int) -> float:
    """Multiply-adds of numerical_gradient's products on `samples` samples:
    for each of layer k's n_in + 1 rows (W_k's rows and b_k), twice, layer k's
    affine (n_in·n_out per sample) and, for each of its n_out units, the
    layers after k (their n_in·n_out summed, per sample)."""
    work = 0.0
    for k, layer in enumerate(network.layers):
        later = sum(after.n_in * after.n_out for after in network.layers[k + 1:])
        work += (layer.n_in + 1) * layer.n_out * (layer.n_in + later)
    return 2.0 * samples * work


def check_budget(network: Network, samples: int) -> None:
    """Refuse a numerical gradient that would run for minutes, before it starts."""
    if check_work(network, samples) > MAX_CHECK_WORK:
        most = int(MAX_CHECK_WORK // check_work(network, 1))
        shape = "-".join(str(n) for n in network.sizes)
        raise InputError("check_too_large", samples=samples, shape=shape, most=most)


def numerical_gradient(network: Network, x, t, loss: str = "sse",
                       h: float = H, stop=None) -> tuple[list, list]:
    """(dW list, db list) by the book's central differences (f(w + h) −
    f(w − h)) / 2h, on copies: the network is never changed (it cannot be: its
    arrays are read-only). The book's f = lambda W: net.loss(x, t) reads the
    network that its numerical_gradient changes in place; here the copies are
    that network, and the caller's stays as it was.

    The same numbers as moving one weight at a time, in less time: W_k[i, j]
    moves only a_k[:, j], so one product with row i of W_k moved gives the
    moved a_k[:, j] of every j at once, and the layers after k run once for
    all of them (each j its own copy of a_k, that one column changed). The
    layers before k keep the first forward pass's values.

    Refused (InputError) beyond MAX_CHECK_WORK; `stop`, a function of no
    arguments, is asked before each row of every array and ends the work with
    Cancelled when it says so (a screen closed while its check ran)."""
    output = network.activations[-1]
    losses.check_loss(loss, output)
    trace = forward(network, x)  # x and t checked once, here
    x, t = trace.x, losses.check_distribution(losses.matched(t, trace.y), output, loss)
    check_budget(network, x.shape[0] if x.ndim == 2 else 1)
    # Copies in each array's own dtype, as the book's W: a float32 W rounds
    # W ± h (gradient_check says so when that is what went wrong).
    weights = [np.array(layer.W) for layer in network.layers]
    biases = [np.array(layer.b) for layer in network.layers]
    functions = [activations.get(name).fn for name in network.activations]
    samples = x.shape[0] if x.ndim == 2 else 1
    block = max(1, BLOCK_VALUES // (samples * max(network.sizes)))

    def losses_with(k: int, moved: np.ndarray) -> np.ndarray:
        """The loss for each unit j of layer k with a_k[:, j] = moved[:, j]."""
        a_k = trace.a[k - 1]
        out = []
        for first in range(0, a_k.shape[-1], block):
            units = np.arange(first, min(a_k.shape[-1], first + block))
            a = np.repeat(a_k[None], units.size, axis=0)
            a[(np.arange(units.size), Ellipsis, units)] = np.moveaxis(moved[..., units], -1, 0)
            z = functions[k - 1](a)
            for W, b, function in zip(weights[k:], biases[k:], functions[k:]):
                a = affine(z, W, b)
                z = function(a)
            rows = losses.row_losses(a, z, output, t, loss)
            out.append(rows.sum(axis=-1) / samples if x.ndim == 2 else rows)
        return np.concatenate(out)

    def differences(k: int, rows) -> np.ndarray:
        """Central differences for the entries `rows` yields, a row at a time."""
        z_in = x if k == 1 else trace.z[k - 2]
        W, b = weights[k - 1], biases[k - 1]
        grads = []
        for row in rows:
            if stop is not None and stop():
                raise Cancelled()
            keep = row.copy()
            row[...] = keep + h
            above = losses_with(k, affine(z_in, W, b))
            row[...] = keep - h
            below = losses_with(k, affine(z_in, W, b))
            row[...] = keep
            grads.append((above - below) / (2 * h))
        return np.array(grads)

    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        dW = [differences(k, W) for k, W in enumerate(weights, start=1)]
        db = [differences(k, [b])[0] for k, b in enumerate(biases, start=1)]
    return dW, db


# --- the gradient check -------------------------------------------------------

# Above this relative difference backpropagation and the central difference
# disagree for a reason worth naming: where f is smooth they agree to about
# h²·f'''/(6 f') (truncation, ~1e-8 relative) plus ε·|L|/h (roundoff, ~1e-12·|L|
# absolute), far below it.
LARGE_REL = 1e-3
# Gradients smaller than this (times max(1, |L|)) are below what the central
# difference resolves to more than a few digits: the relative difference is
# measured against it instead, so a merely tiny gradient does not look wrong.
RESOLUTION = 1e-5

# Where the non-smooth functions change slope (the registry's smooth=False).
KINKS = {"step": (0.0,), "relu": (0.0,), "leaky_relu": (0.0,), "selu": (0.0,),
         "hard_sigmoid": (-3.0, 3.0), "hard_tanh": (-1.0, 1.0)}


@dataclass(frozen=True)
class CheckRow:
    """How far the numerical gradient of one parameter array is from backward's."""
    array: str  # "W1", "b1", ...
    max_abs: float  # max |numerical − backprop|
    max_rel: float  # max |numerical − backprop| / max(|numerical|, |backprop|, resolution)
    causes: tuple[str, ...]  # why it is large, in the current language (empty when it is not)
    large: bool = False  # max_rel above LARGE_REL


def gradient_check(network: Network, x, t, loss: str = "sse", stop=None) -> list[CheckRow]:
    """Numerical (h = 1e-4) against backpropagated gradients, per parameter
    array in the order W1, b1, W2, b2, ..., with the causes of a large
    difference. `stop` as numerical_gradient's."""
    numeric_W, numeric_b = numerical_gradient(network, x, t, loss, stop=stop)
    gradients = backward(network, forward(network, x), t, loss)
    size = abs(gradients.loss) if np.isfinite(gradients.loss) else 1.0
    floor = RESOLUTION * max(1.0, size)
    rows = []
    for k in range(1, len(network) + 1):
        for kind, numeric, back in (("W", numeric_W, gradients.dW), ("b", numeric_b, gradients.db)):
            with np.errstate(invalid="ignore", over="ignore"):
                difference = np.abs(numeric[k - 1] - back[k - 1])
                scale = np.maximum(np.maximum(np.abs(numeric[k - 1]), np.abs(back[k - 1])), floor)
                relative = difference / scale
            worst = np.unravel_index(np.nanargmax(relative) if np.isfinite(relative).any()
                                     else 0, relative.shape)
            max_rel = float(np.max(relative))
            large = not max_rel <= LARGE_REL  # NaN counts as large
            if large and not np.isfinite(gradients.loss):
                # inf − inf: no difference of losses is a number (t = 1e308 squared)
                causes = (messages.render("check_loss_nonfinite", {"loss": gradients.loss}),)
            else:
                causes = _causes(network, x, k, kind, worst) if large else ()
            rows.append(CheckRow(f"{kind}{k}", float(np.max(difference)), max_rel, causes, large))
    return rows


def _causes(network: Network, x, k: int, kind: str, index: tuple[int, ...]) -> tuple[str, ...]:
    """Why entry `index` of W_k or b_k differs: a non-smooth unit whose a the
    step ±h carries across a kink, or a float32 array that rounds the step."""
    causes = []
    layer = network.layers[k - 1]
    array = layer.W if kind == "W" else layer.b
    if array.dtype == np.float32:
        causes.append(messages.render("check_float32", {"array": f"{kind}{k}"}))
    traces = []
    for sign in (1.0, -1.0):
        moved = np.array(array, dtype=np.float64)
        moved[index] += sign * H
        changed = replace(layer, W=moved) if kind == "W" else replace(layer, b=moved)
        layers = list(network.layers)
        layers[k - 1] = changed
        traces.append(forward(replace(network, layers=tuple(layers)), x))
    above, below = traces
    for m in range(k, len(network) + 1):
        name = network.activations[m - 1]
        for kink in KINKS.get(name, ()):
            crossed = (np.sign(above.a[m - 1] - kink) != np.sign(below.a[m - 1] - kink))
            if crossed.any():
                where = np.argwhere(crossed)[0]
                causes.append(messages.render("check_kink", {
                    "array": f"{kind}{k}", "k": m, "j": int(where[-1]) + 1, "name": name,
                    "kink": f"{kink:g}", "h": f"{H:g}"}))
                return tuple(causes)
    return tuple(causes)


# --- one step down the gradient ------------------------------------------------

def learning_rate(lr) -> float:
    """η as a float, or a clear error: a finite number above 0."""
    try:
        value = float(lr)
    except (TypeError, ValueError):
        raise InputError("lr_value", lr=lr) from None
    if not (np.isfinite(value) and value > 0):
        raise InputError("lr_value", lr=lr)
    return value


def gradient_step(network: Network, gradients: Gradients, lr: float) -> Network:
    """W ← W − η·dW and b ← b − η·db for every layer: a new Network (the stored
    x kept); the old one is unchanged."""
    lr = learning_rate(lr)
    if [dW.shape for dW in gradients.dW] != [layer.W.shape for layer in network.layers]:
        raise NetworkError("step_shapes")
    # A NaN or inf gradient (softmax_naive's overflowing exp) makes any step
    # NaN, whatever the rate: name the gradient before blaming the rate.
    for k, (dW, db) in enumerate(zip(gradients.dW, gradients.db), start=1):
        for label, grad in ((f"dW{k}", dW), (f"db{k}", db)):
            where = first_nonfinite(grad)
            if where is not None:
                raise NetworkError("gradient_nonfinite", label=label,
                                   value=f"{np.ravel(grad)[~np.isfinite(np.ravel(grad))][0]}")
    layers = []
    with np.errstate(over="ignore", invalid="ignore"):
        for k, (layer, dW, db) in enumerate(zip(network.layers, gradients.dW, gradients.db),
                                            start=1):
            W = layer.W - lr * dW
            b = layer.b - lr * db
            for label, new in ((f"W{k}", W), (f"b{k}", b)):
                if first_nonfinite(new) is not None:
                    # Too large a rate (the book's lr = 10) overshoots; beyond
                    # float64 it is refused with the rate named, not a crash.
                    raise NetworkError("step_nonfinite", lr=lr, label=label)
            W.flags.writeable = False
            b.flags.writeable = False
            layers.append(Layer(W, b, layer.activation))
    return replace(network, layers=tuple(layers))
