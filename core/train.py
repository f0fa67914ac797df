"""Training: the book's optimisers, the playground's initialiser and
regularisation, and epochs of shuffled mini-batches. Pure: every function
takes a network and a state and returns new ones, and changes nothing it was
given (epochs() works in a buffer of its own that nothing outside it sees).

The parameters travel as one flat float64 vector θ = (W1, b1, W2, b2, ...)
laid out once per network shape (Layout): an optimiser's update is then a
few numpy calls on one array, not a few per array, and a Network is made
from θ as read-only views, without copying. The gradients come from
core.backward only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Iterator

import numpy as np

from . import activations, data, datasets, losses
from .backward import backward_matched
from .errors import ActlabError, UnknownNameError
from .forward import Trace
from .network import Layer, Network, check_x, random_weights

EPS = 1e-7  # the book's ε in AdaGrad, RMSprop and Adam


class TrainingError(ActlabError):
    """Training settings that do not fit, or a run that diverged."""


# --- optimisers: small records, the book's defaults (common/optimizer.py) ---------

@dataclass(frozen=True)
class Optimizer:
    name: str
    lr: float
    momentum: float = 0.9  # Momentum and Nesterov
    decay_rate: float = 0.99  # RMSprop
    beta1: float = 0.9  # Adam
    beta2: float = 0.999


OPTIMIZERS = {
    "sgd": Optimizer("sgd", lr=0.01),
    "momentum": Optimizer("momentum", lr=0.01),
    "nesterov": Optimizer("nesterov", lr=0.01),
    "adagrad": Optimizer("adagrad", lr=0.01),
    "rmsprop": Optimizer("rmsprop", lr=0.01),
    "adam": Optimizer("adam", lr=0.001),
}
# How many arrays of θ's size each keeps between steps: v, h, or m and v.
_SLOTS = {"sgd": 0, "momentum": 1, "nesterov": 1, "adagrad": 1, "rmsprop": 1, "adam": 2}


def optimizer(name: str, lr: float | None = None) -> Optimizer:
    """The book's optimiser `name`, with its default learning rate unless lr is given."""
    try:
        record = OPTIMIZERS[name]
    except KeyError:
        raise UnknownNameError("unknown_optimizer", name=name,
                               choices=", ".join(OPTIMIZERS)) from None
    return record if lr is None else replace(record, lr=float(lr))


@dataclass(frozen=True, eq=False)
class OptimizerState:
    """What an optimiser keeps between steps, for a flat θ of one layout.

    t counts the updates made (the book's Adam.iter); slots are its v, or h,
    or (m, v); dead marks the weights L1 has set to exactly 0, which the
    playground leaves at 0 from then on."""
    t: int = 0
    slots: tuple[np.ndarray, ...] = ()
    dead: np.ndarray | None = None


def initial_state(opt: Optimizer, size: int) -> OptimizerState:
    return OptimizerState(0, tuple(np.zeros(size) for _ in range(_SLOTS[opt.name])),
                          np.zeros(size, dtype=bool))


def update(opt: Optimizer, theta: np.ndarray, grad: np.ndarray, state: OptimizerState,
           out: np.ndarray | None = None) -> tuple[np.ndarray, OptimizerState]:
    """One step of the book's update rule: new θ and new state; the inputs
    are left as they were, unless `out` is given: the new θ is then written
    there (θ itself, in training's loop, as the book's params[key] -= ...),
    the same values; a fresh θ and a copy back per step are two more passes
    over every weight."""
    lr, t = opt.lr, state.t + 1
    if opt.name == "sgd":
        return np.subtract(theta, lr * grad, out=out), OptimizerState(t, (), state.dead)
    if opt.name == "momentum":
        v = opt.momentum * state.slots[0] - lr * grad
        return np.add(theta, v, out=out), OptimizerState(t, (v,), state.dead)
    if opt.name == "nesterov":
        # The book's form (arXiv:1212.0901): v ← μv − ηg; θ ← θ + μ²v − (1+μ)ηg.
        mu = opt.momentum
        v = mu * state.slots[0] - lr * grad
        return (np.subtract(theta + mu * mu * v, (1 + mu) * lr * grad, out=out),
                OptimizerState(t, (v,), state.dead))
    if opt.name == "adagrad":
        h = state.slots[0] + grad * grad
        return (np.subtract(theta, lr * grad / (np.sqrt(h) + EPS), out=out),
                OptimizerState(t, (h,), state.dead))
    if opt.name == "rmsprop":
        h = opt.decay_rate * state.slots[0] + (1 - opt.decay_rate) * grad * grad
        return (np.subtract(theta, lr * grad / (np.sqrt(h) + EPS), out=out),
                OptimizerState(t, (h,), state.dead))
    # Adam, as the book writes it: the bias correction folded into the rate.
    m0, v0 = state.slots
    lr_t = lr * math.sqrt(1.0 - opt.beta2 ** t) / (1.0 - opt.beta1 ** t)
    m = m0 + (1 - opt.beta1) * (grad - m0)
    v = v0 + (1 - opt.beta2) * (grad * grad - v0)
    return (np.subtract(theta, lr_t * m / (np.sqrt(v) + EPS), out=out),
            OptimizerState(t, (m, v), state.dead))


# --- the flat parameter vector ---------------------------------------------------

@dataclass(frozen=True, eq=False)
class Layout:
    """Where each W_k and b_k sits in θ, for one network shape and its functions."""
    shapes: tuple[tuple[int, int], ...]
    activations: tuple[str, ...]
    size: int
    is_weight: np.ndarray  # bool over θ: True for W entries (what regularisation touches)
    offsets: tuple[tuple[int, int, int], ...]  # (start of W_k, start of b_k, end of b_k)

    @classmethod
    def of(cls, network: Network) -> "Layout":
        shapes = tuple(layer.W.shape for layer in network.layers)
        offsets, start = [], 0
        for n, m in shapes:
            offsets.append((start, start + n * m, start + n * m + m))
            start += n * m + m
        is_weight = np.zeros(start, dtype=bool)
        for w_start, b_start, _ in offsets:
            is_weight[w_start:b_start] = True
        is_weight.flags.writeable = False
        return cls(shapes, tuple(network.activations), start, is_weight, tuple(offsets))

    def flatten(self, arrays_W, arrays_b) -> np.ndarray:
        return np.concatenate([part for W, b in zip(arrays_W, arrays_b)
                               for part in (np.ravel(W), np.ravel(b))])

    def theta(self, network: Network) -> np.ndarray:
        return self.flatten([layer.W for layer in network.layers],
                            [layer.b for layer in network.layers])

    def network(self, theta: np.ndarray) -> Network:
        """The Network whose W_k and b_k are read-only views of θ.

        It skips Network's validation: θ came from a valid network of this
        layout by arithmetic, and training checks that it is finite after
        every epoch, which is all validation would add here."""
        theta = theta.view()
        theta.flags.writeable = False
        layers = tuple(Layer(theta[w_start:b_start].reshape(shape), theta[b_start:end], name)
                       for (w_start, b_start, end), shape, name
                       in zip(self.offsets, self.shapes, self.activations))
        network = object.__new__(Network)
        object.__setattr__(network, "layers", layers)
        object.__setattr__(network, "x", None)
        return network


# --- regularisation: the playground's (src/nn.ts), and the book's weight decay -------

REGULARISATIONS = ("none", "l1", "l2")


def regularise(theta_before: np.ndarray, theta: np.ndarray, state: OptimizerState,
               layout: Layout, reg: str, rate: float, lr: float
               ) -> tuple[np.ndarray, OptimizerState]:
    """The playground's penalty step, after the gradient step: each weight
    (never a bias) moves by −η·rate·R'(w) with R' taken at the weight before
    this step (L1: sign, +1 at 0; L2: w). An L1 step that carries a weight
    across 0 sets it to exactly 0, and it stays 0 (the playground's dead link)."""
    dead = state.dead
    if reg != "none" and rate != 0:
        w_old = theta_before[layout.is_weight]
        der = np.where(w_old < 0, -1.0, 1.0) if reg == "l1" else w_old
        w = theta[layout.is_weight]
        moved = w - lr * rate * der
        if reg == "l1":
            crossed = w * moved < 0
            moved[crossed] = 0.0
            dead = dead.copy()
            dead[np.flatnonzero(layout.is_weight)[crossed]] = True
        theta = theta.copy()
        theta[layout.is_weight] = moved
    if dead is not None and dead.any():
        theta = np.where(dead, 0.0, theta)  # a dead link learns nothing any more
    return theta, replace(state, dead=dead)


def weight_decay_penalty(theta: np.ndarray, layout: Layout, lam: float) -> float:
    """The book's weight decay term in the loss: 0.5·λ·ΣW² (weights, not biases)."""
    if lam == 0:
        return 0.0
    w = theta[layout.is_weight]
    return 0.5 * lam * float(w @ w)


# --- initialisers --------------------------------------------------------------------

INITS = ("playground", "normal", "xavier", "he")


def init_network(sizes, functions, init: str = "playground", std: float = 0.01,
                 seed: int = 0) -> Network:
    """A seeded network: the playground's W ~ U(−0.5, 0.5) with every bias
    0.1 (src/nn.ts), or W ~ N(0, s²) with zero biases for normal (s = std),
    xavier (1/√n) and he (√(2/n)), n a layer's inputs."""
    if init not in INITS:
        raise UnknownNameError("unknown_initialiser", name=init, choices=", ".join(INITS))
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        if init == "playground":
            weights.append(rng.random((n_in, n_out)) - 0.5)
            biases.append(np.full(n_out, 0.1))
        else:
            weights.append(random_weights(rng, n_in, n_out, init, std))
            biases.append(np.zeros(n_out))
    return Network.build(weights, biases, functions)


# --- what a dataset asks of the output and the loss ------------------------------------

@dataclass(frozen=True, eq=False)
class Problem:
    """A dataset made ready to train on: the chosen features as x, targets
    shaped as y, and the output function and loss its labels call for:
    the playground's tanh and 0.5·(y−t)² with t = ±1 for its two classes,
    softmax and cross-entropy for classes 0..K−1, identity and 0.5·(y−t)²
    for regression. An image set (core.data) is classes 0..K−1, its pixels
    the features, held as the file gave them (float32, not copied)."""
    dataset: datasets.Dataset | data.DataSet
    features: tuple[str, ...]
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    output: str
    loss: str
    n_out: int
    kind: str  # datasets.TWO_CLASS, CLASSES or REGRESSION

    @property
    def classifies(self) -> bool:
        return self.kind != datasets.REGRESSION

    def accuracy(self, y: np.ndarray, t: np.ndarray) -> float | None:
        """The share of points classified right: for ±1 labels the sign of
        y (y ≥ 0 is +1, as the playground's xor labels 0), else the largest y."""
        if not self.classifies:
            return None
        if self.kind == datasets.TWO_CLASS:
            right = np.where(y[:, 0] >= 0, 1.0, -1.0) == t[:, 0]
        else:
            right = y.argmax(axis=1) == t.argmax(axis=1)
        return float(right.mean())


_OUTPUT = {datasets.TWO_CLASS: ("tanh", "sse"), datasets.CLASSES: ("softmax", "cross_entropy"),
           datasets.REGRESSION: ("identity", "sse")}


def problem(dataset: datasets.Dataset, features=datasets.DEFAULT_FEATURES) -> Problem:
    features = datasets.check_features(features)
    output, loss = _OUTPUT[dataset.kind]
    if dataset.kind == datasets.CLASSES:
        n_out = dataset.n_classes
        t = losses.target(dataset.label.astype(np.int64), n_out)
    else:
        n_out, t = 1, dataset.label[:, None].astype(np.float64)
    train, test = dataset.train, dataset.test
    if not train.any():
        raise TrainingError("no_train_points")
    x = datasets.features(dataset.x, features, dataset.line, dataset.source)
    return Problem(dataset, features, x[train], t[train], x[test], t[test], output, loss, n_out,
                   dataset.kind)


def image_problem(images: data.DataSet) -> Problem:
    """An image set to train on, as the book's TwoLayerNet does: softmax and
    cross-entropy over its classes, every pixel an input."""
    if images.x_train is None or not len(images.x_train):
        raise TrainingError("no_train_images", source=images.source)
    n_out = images.classes
    output, loss = _OUTPUT[datasets.CLASSES]
    pixels = tuple(f"pixel {k + 1}" for k in range(images.x_test.shape[1]))
    return Problem(images, pixels, images.x_train, losses.target(images.t_train, n_out),
                   images.x_test, losses.target(images.t_test, n_out), output, loss, n_out,
                   datasets.CLASSES)


# --- one step and the epochs ---------------------------------------------------------

@dataclass(frozen=True)
class Regularisation:
    kind: str = "none"  # the playground's: none, l1, l2, applied with `rate`
    rate: float = 0.0
    weight_decay: float = 0.0  # the book's λ: 0.5·λ·ΣW² in the loss, λ·W in dW

    def __post_init__(self):
        if self.kind not in REGULARISATIONS:
            raise UnknownNameError("unknown_regularisation", name=self.kind,
                                   choices=", ".join(REGULARISATIONS))


NO_REGULARISATION = Regularisation()


def diverged(epoch: int, opt: "Optimizer", reg: Regularisation) -> TrainingError:
    """Divergence, with what to make smaller: the learning rate, and the
    regularisation rate when one is on (a rate of 1000 diverges at any η)."""
    if reg.kind != "none" and reg.rate > 0:
        return TrainingError("diverged_reg", epoch=epoch, lr=opt.lr, rate=reg.rate)
    if reg.weight_decay > 0:
        return TrainingError("diverged_reg", epoch=epoch, lr=opt.lr, rate=reg.weight_decay)
    return TrainingError("diverged", epoch=epoch, lr=opt.lr)


def _trace(network: Network, x: np.ndarray, functions, grads: bool = True) -> Trace:
    """core.forward's pass, with every h'(a) (what core.backward reads), without
    its per-call checks of x and its rescue of overflowing products: training
    data are checked once, when made, and an overflow during training makes θ
    infinite or NaN, which the epoch reports as divergence. Per mini-batch
    those checks cost more than the arithmetic; the numbers are the same, bit
    for bit (tests/core/test_train.py). The output layer's h'(a) is left to
    Trace.grad: backward's δ_L comes from the output function and the loss
    together (softmax's would be a second softmax per step, for nothing)."""
    a_list, z_list, grad_list = [], [], []
    z = x
    last = len(network.layers) - 1
    for k, (layer, h) in enumerate(zip(network.layers, functions)):
        a = z @ layer.W
        a += layer.b
        if grads and k < last:
            z, grad = h.value_and_grad(a)
            grad_list.append(grad)
        else:
            z = h.fn(a)
            grad_list.append(None)
        a_list.append(a)
        z_list.append(z)
    return Trace(x, tuple(a_list), tuple(z_list), tuple(network.activations),
                 tuple(grad_list) if grads else None)


def _step(layout: Layout, network: Network, theta: np.ndarray, opt: Optimizer,
          state: OptimizerState, x: np.ndarray, t: np.ndarray, loss: str,
          reg: Regularisation, functions, grad: np.ndarray | None = None,
          in_place: bool = False):
    """The new θ for one mini-batch; `network` holds θ's values. With `grad`
    (a scratch vector of θ's size) the gradient is written there; in_place
    writes the new θ over `theta` (training's loop: its network's views see
    it), unless the playground's regularisation needs the θ before."""
    gradients = backward_matched(network, _trace(network, x, functions), t, loss, out=grad)
    if grad is None:
        grad = layout.flatten(gradients.dW, gradients.db)
    value = gradients.loss
    if reg.weight_decay:
        grad += reg.weight_decay * np.where(layout.is_weight, theta, 0.0)
        value += weight_decay_penalty(theta, layout, reg.weight_decay)
    penalised = reg.kind != "none" or (state.dead is not None and state.dead.any())
    new, state = update(opt, theta, grad, state, out=theta if in_place and not penalised else None)
    if penalised:
        new, state = regularise(theta, new, state, layout, reg.kind, reg.rate, opt.lr)
        if in_place:
            theta[...] = new
    return new, state, value


def _functions(network: Network) -> list[activations.Activation]:
    return [activations.get(name) for name in network.activations]


def step(network: Network, opt: Optimizer, state: OptimizerState, x, t, loss: str = "sse",
         reg: Regularisation = NO_REGULARISATION) -> tuple[Network, OptimizerState, float]:
    """One training step on the mini-batch (x, t): core.backward's gradients
    (of the batch's mean loss), the book's weight decay, the optimiser's
    update, then the playground's regularisation. Returns the new network,
    the new state and the batch's loss before the step."""
    layout = Layout.of(network)
    x = check_x(network, x)
    # backward()'s checks of t and the loss, made here (_step skips them, as
    # epochs() checks its data once).
    output = network.activations[-1]
    losses.check_loss(loss, output)
    y_shape = (x.shape[0], network.n_outputs) if x.ndim == 2 else (network.n_outputs,)
    t = losses.check_distribution(losses.matched(t, np.empty(y_shape)), output, loss)
    with np.errstate(over="ignore", invalid="ignore"):
        theta, state, value = _step(layout, network, layout.theta(network), opt, state,
                                    x, t, loss, reg, _functions(network))
    if not np.isfinite(theta).all():
        raise diverged(0, opt, reg)
    return layout.network(theta), state, value


@dataclass(frozen=True, eq=False)
class Epoch:
    """The state after `epoch` epochs (0: before any training) and its figures."""
    epoch: int
    network: Network
    state: OptimizerState
    train_loss: float
    test_loss: float
    train_accuracy: float | None
    test_accuracy: float | None
    iteration: int = 0  # the steps taken since the first network
    batch_losses: np.ndarray | None = None  # each step's batch loss (before it) in this epoch


# Sets of more than ONE_PASS values (image sets: 2,000 images are 1.6 million)
# are evaluated CHUNK rows at a time: 60,000 float32 images in one product
# would make a float64 copy of all of them (376 MB); 1,000 rows of 784 make
# 6 MB (measured: 500 to 4,000 rows differ by 10 %, the smaller the faster, as
# the copy stays in cache). The playground's sets and CSV points (at most
# 100,000 × 7 features) stay one pass, their figures summed as they always
# were, to the last bit.
ONE_PASS = 1_000_000
CHUNK = 1000


def evaluate(problem: Problem, network: Network) -> tuple[float, float, float | None,
                                                         float | None]:
    """Train and test loss (the data's, without a penalty) and accuracy."""
    figures = []
    functions = _functions(network)
    for x, t in ((problem.x_train, problem.t_train), (problem.x_test, problem.t_test)):
        if x.size <= ONE_PASS:  # the playground's sets: one pass, as they always were
            with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported, not warned
                trace = _trace(network, x, functions, grads=False)
            figures.append((losses.loss(trace, t, problem.loss), problem.accuracy(trace.y, t)))
            continue
        loss_sum, right = 0.0, 0.0
        for first in range(0, len(x), CHUNK):
            rows = slice(first, first + CHUNK)  # a view: no copy of the set
            with np.errstate(over="ignore", invalid="ignore"):  # float64 once, as a step's batch
                trace = _trace(network, x[rows].astype(np.float64, copy=False), functions,
                               grads=False)
            n = len(trace.y)
            loss_sum += losses.loss(trace, t[rows], problem.loss) * n
            if problem.classifies:
                right += problem.accuracy(trace.y, t[rows]) * n
        figures.append((loss_sum / len(x), right / len(x) if problem.classifies else None))
    (train_loss, train_acc), (test_loss, test_acc) = figures
    return train_loss, test_loss, train_acc, test_acc


DRAWS = ("shuffle", "book")  # an epoch's batches: a shuffled pass, or the book's random draws


def per_epoch(n: int, batch: int) -> int:
    """Steps in an epoch: a pass over n points in batches, or for the book's
    draws its iter_per_epoch = max(n / batch, 1), rounded up (the book's float
    600.0 makes `i % iter_per_epoch == 0` true only at 0 when batch does not divide n)."""
    return max(-(-n // batch), 1)


def epochs(problem: Problem, network: Network, opt: Optimizer, batch: int = 10,
           reg: Regularisation = NO_REGULARISATION, seed: int = 0,
           state: OptimizerState | None = None, start: int = 0, draw: str = "shuffle",
           stop: int | None = None, iteration: int = 0) -> Iterator[Epoch]:
    """Epoch 0 (the untrained network), then one Epoch after each pass over
    the training set in shuffled mini-batches of `batch` points (the last one
    smaller when batch does not divide the set; a batch larger than the set
    is the set), for as long as it is asked.

    draw="book" is the book's train_neuralnet.py instead: each step's batch
    is `batch` points drawn at random with replacement (its
    np.random.choice(train_size, batch_size)), and an epoch is per_epoch()
    steps. With `stop`, the run ends after that many steps in all, the last
    epoch shorter when it must be (the book's 10,000 steps are 16⅔ epochs).

    A run carried on (the training screen after a new learning rate) passes
    the network and state it had after epoch `start` and step `iteration`:
    epochs are counted on from there, and the shuffles are new ones, not
    epoch 1's again."""
    n = len(problem.x_train)
    if batch < 1:
        raise TrainingError("batch_size", batch=batch, n=n)
    if draw not in DRAWS:
        raise UnknownNameError("unknown_draw", name=draw, choices=", ".join(DRAWS))
    batch = min(batch, n)  # a batch of the whole set or more is the whole set
    steps = per_epoch(n, batch)
    layout = Layout.of(network)
    functions = _functions(network)
    # One θ buffer for the whole run, with a network of views into it made
    # once: a step writes the new θ into it instead of making a network.
    # Each Epoch gets its own copy, so nothing handed out ever changes.
    buffer = layout.theta(network)
    working = layout.network(buffer)
    grad = np.empty(layout.size)  # each step's gradient, written over the last one's
    state = state or initial_state(opt, layout.size)
    # Its own stream: not the data's, not the weights'.
    rng = np.random.default_rng((seed, 2) if start == 0 else (seed, 2, start))
    count = start
    # Epoch 0's figures go through losses.loss, which checks the loss against
    # the output and every target (shape, values, rows summing to 1): the
    # steps then skip backward()'s checks of them (backward_matched).
    figures = evaluate(problem, network)
    if not (math.isfinite(figures[0]) and math.isfinite(figures[1])):
        if start:  # carried on from a network whose outputs already overflow
            raise diverged(start, opt, reg)
        # Before any step no learning rate is to blame: the data overflow the network.
        raise TrainingError("loss_nonfinite_untrained")
    yield Epoch(start, network, state, *figures, iteration=iteration)
    while stop is None or iteration < stop:
        count += 1
        todo = steps if stop is None else min(steps, stop - iteration)
        if draw == "book":
            batches = (rng.integers(0, n, batch) for _ in range(todo))
        else:
            order = rng.permutation(n)
            batches = (order[first:first + batch] for first in range(0, todo * batch, batch))
        values = np.empty(todo)
        with np.errstate(over="ignore", invalid="ignore"):
            for k, rows in enumerate(batches):
                # The batch in float64 once (exact): a float32 batch (the image
                # sets' pixels) would be cast again inside each of the step's
                # two products with it, x·W1 and xᵀ·δ1, the second through a
                # strided copy: twice the time of the products themselves.
                x = problem.x_train[rows].astype(np.float64, copy=False)
                _, state, values[k] = _step(layout, working, buffer, opt, state, x,
                                            problem.t_train[rows], problem.loss, reg,
                                            functions, grad, in_place=True)
        iteration += todo
        if not np.isfinite(buffer).all():
            raise diverged(count, opt, reg)
        network = layout.network(buffer.copy())
        figures = evaluate(problem, network)
        if not (math.isfinite(figures[0]) and math.isfinite(figures[1])):
            # Finite weights whose outputs overflow: as diverged as infinite weights.
            raise diverged(count, opt, reg)
        values.flags.writeable = False
        yield Epoch(count, network, state, *figures, iteration=iteration, batch_losses=values)


# --- a whole run from its settings (the command line's, later the screen's) ------------

@dataclass(frozen=True)
class Settings:
    """Everything a run depends on; the defaults are the playground's."""
    dataset: str = "circle"
    noise: float = 0.0
    train_share: float = datasets.SHARE_DEFAULT
    features: tuple[str, ...] = datasets.DEFAULT_FEATURES
    layers: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    lr: float | None = 0.03  # None: the optimiser's default in the book
    batch: int = 10
    optimizer: str = "sgd"
    reg: str = "none"
    reg_rate: float = 0.0
    weight_decay: float = 0.0
    init: str = "playground"
    std: float = 0.01  # the normal initialiser's
    epochs: int = 100
    seed: int = 0
    data: str | None = None  # a CSV file of points, or with dataset IMAGES an image set
    iters: int | None = None  # the book's way: this many steps of random draws, not epochs

    def as_dict(self) -> dict:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["features"], values["layers"] = list(self.features), list(self.layers)
        return values


@dataclass(frozen=True, eq=False)
class Run:
    """A run made ready: its data, first network, optimiser and regularisation."""
    settings: Settings
    problem: Problem
    network: Network
    optimizer: Optimizer
    regularisation: Regularisation

    def epochs(self) -> Iterator[Epoch]:
        iters = self.settings.iters
        return epochs(self.problem, self.network, self.optimizer, self.settings.batch,
                      self.regularisation, self.settings.seed,
                      draw="shuffle" if iters is None else "book", stop=iters)


IMAGES = "images"  # Settings.dataset for an image set read by core.data (MNIST, Fashion-MNIST)
# The book's TwoLayerNet run (ch04/ch05 train_neuralnet.py): 784-50-10,
# 0.01·N(0, 1) weights and zero biases, batches of 100, η = 0.1, 10,000 steps.
BOOK = {"layers": (50,), "activation": "sigmoid", "lr": 0.1, "batch": 100, "init": "normal",
        "std": 0.01, "iters": 10_000}


def prepare(settings: Settings, images: data.DataSet | None = None) -> Run:
    """Data, network and optimiser for `settings`, each from its own seeded
    stream. An image set already read may be passed in `images` (the screen
    holds one while it trains again); else settings.data is read."""
    if settings.dataset == IMAGES:
        ready = image_problem(images if images is not None else data.load_data(settings.data))
    else:
        if settings.data is not None:
            dataset = datasets.load_csv(settings.data, settings.train_share, settings.seed)
        else:
            dataset = datasets.make(settings.dataset, settings.noise, settings.train_share,
                                    settings.seed)
        ready = problem(dataset, settings.features)
    sizes = [len(ready.features), *settings.layers, ready.n_out]
    functions = [settings.activation] * len(settings.layers) + [ready.output]
    network = init_network(sizes, functions, settings.init, settings.std,
                           seed=(settings.seed, 1))
    opt = optimizer(settings.optimizer, settings.lr)
    reg = Regularisation(settings.reg, settings.reg_rate, settings.weight_decay)
    return Run(settings, ready, network, opt, reg)


def record(settings: Settings, epoch: Epoch) -> dict:
    """What a saved network keeps of how it was trained (core.save's
    `training`): the settings and the epoch it was saved at, with its figures."""
    # epochs: what `actlab train` with these settings runs to reach this one
    # (a run whose rate changed on the way gets there by another road).
    return {"settings": replace(settings, epochs=epoch.epoch).as_dict(), "epoch": epoch.epoch,
            "train_loss": epoch.train_loss, "test_loss": epoch.test_loss,
            "train_accuracy": epoch.train_accuracy, "test_accuracy": epoch.test_accuracy}


def history(run: Run, on_epoch: Callable[[Epoch], None] | None = None) -> tuple[dict, Epoch]:
    """Train for settings.epochs epochs: the command line's JSON object (one
    figure per epoch, the first before any training) and the last Epoch."""
    figures = {"train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": []}
    steps, batch_losses = [], []
    last = None
    for last in run.epochs():
        for name in figures:
            figures[name].append(getattr(last, name))
        steps.append(last.iteration)
        if last.batch_losses is not None:
            batch_losses.extend(last.batch_losses.tolist())
        if on_epoch is not None:
            on_epoch(last)
        if run.settings.iters is None and last.epoch >= run.settings.epochs:
            break
    result = {"settings": run.settings.as_dict(), "epochs": last.epoch, **figures}
    if run.settings.iters is not None:  # the book's run: its steps and train_loss_list too
        result.update(iterations=last.iteration, iteration=steps, batch_loss=batch_losses)
    return result, last
