"""What the training screen shows, as numbers: the playground's menus, the
output over the input plane (through the chosen features), each point's
class as the network sees it, and the confusion matrix. Pure numpy; the
screen (tui/screens/train.py) only draws these."""
from __future__ import annotations

import numpy as np

from . import activations, datasets
from .curves import even_grid
from .errors import InputError
from .landscape import Landscape
from .network import Network
from .train import Problem, _trace

# The playground's menus (its index.html): the learning rates 0.00001 to 10,
# the regularisation rates 0 to 10.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARISATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
GRID_STEPS = 61  # points per axis of the output map: 3,721 inputs in one pass
MAX_GRID_STEPS = 401


def output_grid(problem: Problem, network: Network, steps: int = GRID_STEPS,
                radius: float = datasets.RADIUS) -> Landscape:
    """The network over x1 and x2 in [−radius, radius]², each grid point
    turned into the problem's features first (x1², sin x1, ...) as the
    training points were. Rows are x2 (v), columns x1 (u)."""
    if not 2 <= steps <= MAX_GRID_STEPS:
        raise InputError("grid_steps", steps=steps, limit=MAX_GRID_STEPS)
    u = even_grid(-radius, radius, steps)
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
