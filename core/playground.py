"""What the training screen shows, as numbers: the playground's menus, the
output over the input plane (through the chosen features), each point's
class as the network sees it, and the confusion matrix. Pure numpy; the
screen (tui/screens/train.py) only draws these."""
from __future__ import annotations

import numpy as np

from . import activations, datasets
from .curves import even_grid
from .errors import InputError
from .landscape import Landscape, ValueScale
from .network import Network
from .train import Problem, _trace

# The playground's menus (its index.html): the learning rates 0.00001 to 10,
# the regularisation rates 0 to 10.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARISATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
GRID_STEPS = 61  # points per axis of the output map: 3,721 inputs in one pass
MAX_GRID_STEPS = 401


GATE_PLANE = (-0.5, 1.5)  # the truth tables' four corners, with room around them


def plane(problem: Problem) -> tuple[float, float]:
    """The square the map shows: the playground's [−6, 6]², or for the
    book's gates (points at 0 and 1) [−0.5, 1.5]², where their four points
    stand apart instead of sharing the middle two characters."""
    if problem.dataset.name in datasets.GATES:
        return GATE_PLANE
    return -datasets.RADIUS, datasets.RADIUS


def output_grid(problem: Problem, network: Network, steps: int = GRID_STEPS) -> Landscape:
    """The network over x1 and x2 across plane(problem), each grid point
    turned into the problem's features first (x1², sin x1, ...) as the
    training points were. Rows are x2 (v), columns x1 (u)."""
    if not 2 <= steps <= MAX_GRID_STEPS:
        raise InputError("grid_steps", steps=steps, limit=MAX_GRID_STEPS)
    u = even_grid(*plane(problem), steps)
    grid_v, grid_u = np.meshgrid(u, u, indexing="ij")
    points = np.column_stack([grid_u.ravel(), grid_v.ravel()])
    x = datasets.features(points, problem.features)
    functions = [activations.get(name) for name in network.activations]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is drawn, not warned
        trace = _trace(network, x, functions, grads=False)
    return Landscape(u, u.copy(), 1, 2, trace)


def class_names(problem: Problem) -> list[str]:
    """The classes in index order: −1 and +1 for the playground's two, else 0..K−1."""
    if problem.dataset.kind == datasets.TWO_CLASS:
        return ["−1", "+1"]
    return [str(k) for k in range(problem.n_out)]


def true_class(problem: Problem, t: np.ndarray) -> np.ndarray:
    """Class indices (into class_names) of targets shaped as y."""
    if problem.dataset.kind == datasets.TWO_CLASS:
        return (t[:, 0] > 0).astype(np.int64)
    return np.argmax(t, axis=1)


def predicted_class(problem: Problem, y: np.ndarray) -> np.ndarray:
    """What the network says, as Problem.accuracy counts it: y ≥ 0 is +1 for
    the playground's two classes, else the largest y."""
    if problem.dataset.kind == datasets.TWO_CLASS:
        return (y[:, 0] >= 0).astype(np.int64)
    return np.argmax(y, axis=1)


def outputs(problem: Problem, network: Network, test: bool) -> np.ndarray:
    x = problem.x_test if test else problem.x_train
    functions = [activations.get(name) for name in network.activations]
    with np.errstate(over="ignore", invalid="ignore"):
        return _trace(network, x, functions, grads=False).y


def confusion(problem: Problem, network: Network, test: bool = True) -> np.ndarray:
    """K × K counts over the test (or training) points: row the true class,
    column the predicted one. Regression has no classes: an InputError."""
    if not problem.classifies:
        raise InputError("confusion_regression")
    t = problem.t_test if test else problem.t_train
    k = len(class_names(problem))
    truth = true_class(problem, t)
    guess = predicted_class(problem, outputs(problem, network, test))
    return np.bincount(truth * k + guess, minlength=k * k).reshape(k, k)


def misclassified(problem: Problem, network: Network, test: bool = True) -> np.ndarray:
    """Indices (into x_test, or x_train) of the points classified wrong."""
    if not problem.classifies:
        return np.zeros(0, dtype=np.int64)
    t = problem.t_test if test else problem.t_train
    return np.flatnonzero(true_class(problem, t)
                          != predicted_class(problem, outputs(problem, network, test)))


def points(problem: Problem, test: bool) -> np.ndarray:
    """The (x1, x2) of the training or test points, in the order of x_train or x_test."""
    mask = problem.dataset.test if test else problem.dataset.train
    return problem.dataset.x[mask]


# The playground colours its map on a fixed −1..1 (tanh's range, and the
# regression sets' targets): the colours keep their meaning from epoch to
# epoch instead of stretching to whatever the network outputs now.
OUTPUT_SCALE = ValueScale(-1.0, 1.0)


def map_values(problem: Problem, grid: Landscape) -> np.ndarray:
    """What the big map shows, [row][column]: y for the playground's two
    classes and for regression (on OUTPUT_SCALE), else the winning class
    from 0, for class_names."""
    if problem.dataset.kind == datasets.CLASSES:
        return grid.winner() - 1
    return grid.y[:, :, 0]


def nearest(problem: Problem, u: float, v: float) -> tuple[bool, int]:
    """The point nearest (u, v) on the plane, test points first when tied:
    (test?, its index in x_test or x_train)."""
    best = None
    for test in (True, False):
        xy = points(problem, test)
        if len(xy):
            d = np.hypot(xy[:, 0] - u, xy[:, 1] - v)
            i = int(np.argmin(d))
            if best is None or d[i] < best[0]:
                best = (float(d[i]), test, i)
    return best[1], best[2]


class History:
    """The figures of every epoch, for the loss chart, in bounded memory: a
    run left playing for hours (hundreds of epochs a second) keeps at most
    2 × LIMIT epochs, every `stride`-th one, halving them when full. The
    first epoch is always kept, and `latest` is always the newest."""
    LIMIT = 5000
    NAMES = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
    STEP_LIMIT = 20_000  # each step's batch loss (a run of steps): means of 2^k when more

    def __init__(self):
        self.stride = 1
        self.epochs: list[int] = []
        self.figures: dict[str, list[float]] = {name: [] for name in self.NAMES}
        self.latest = None
        self.step_losses: list[float] = []  # value k is the mean over steps k·s+1 .. (k+1)·s
        self.step_stride = 1
        self._pending: list[float] = []  # steps not yet a whole stride

    def add(self, epoch) -> None:
        self.latest = epoch
        if getattr(epoch, "batch_losses", None) is not None:
            self._add_steps(epoch.batch_losses.tolist())
        if epoch.epoch % self.stride:
            return
        self.epochs.append(epoch.epoch)
        for name in self.NAMES:
            value = getattr(epoch, name)
            self.figures[name].append(np.nan if value is None else value)
        if len(self.epochs) > 2 * self.LIMIT:
            self.stride *= 2
            keep = [k for k, e in enumerate(self.epochs) if e % self.stride == 0]
            self.epochs = [self.epochs[k] for k in keep]
            for name in self.NAMES:
                self.figures[name] = [self.figures[name][k] for k in keep]

    def _add_steps(self, values: list[float]) -> None:
        self._pending += values
        s = self.step_stride
        whole = len(self._pending) // s * s
        self.step_losses += [sum(self._pending[k:k + s]) / s for k in range(0, whole, s)]
        self._pending = self._pending[whole:]
        # Halve until it fits: an epoch of batch 1 on 60,000 images adds 60,000.
        while len(self.step_losses) > self.STEP_LIMIT:  # pairs become their means
            s = self.step_stride
            pairs = len(self.step_losses) // 2 * 2
            self._pending = self.step_losses[pairs:] * s + self._pending  # an odd one waits
            self.step_losses = [(a + b) / 2 for a, b in zip(self.step_losses[:pairs:2],
                                                            self.step_losses[1:pairs:2])]
            self.step_stride *= 2

    def __len__(self) -> int:
        return len(self.epochs)
