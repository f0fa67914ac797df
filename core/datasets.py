"""Datasets to train on: TensorFlow Playground's, more classes, the book's
gates, and a learner's own CSV points. Plain arrays, always seeded.

The playground's sets follow its src/dataset.ts as to how each draws its
points and where noise goes: circle and xor keep every point where it was
drawn and compute its label from a noisy copy of it (noise flips labels near
the border), gauss and spiral move the points themselves (labels never
change), plane and multi-gauss label a noisy copy like circle. Points are
drawn one after the other, each taking its random numbers in the
playground's order, from one numpy Generator seeded by the caller: the same
seed gives the same data, always (the playground re-seeds its Math.random
for the same reason, its issue #25). Then the points are shuffled and the
first share of them trains; the rest tests.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import InputError, UnknownNameError

RADIUS = 6.0  # the playground's plane is [-6, 6]²
N_CLASSIFY = 500  # the playground's NUM_SAMPLES_CLASSIFY
N_REGRESS = 1200  # the playground's NUM_SAMPLES_REGRESS
NOISE_MAX = 50.0  # percent, the playground's slider
SHARE_MIN, SHARE_MAX, SHARE_DEFAULT = 10.0, 90.0, 50.0  # percent trained on
MAX_CSV_BYTES = 8 * 2**20
MAX_CSV_POINTS = 100_000
MAX_CSV_CLASSES = 10

# What a label means, and so which output and loss train on it.
TWO_CLASS = "two_class"  # -1 / +1, the playground's: tanh output, 0.5·(y−t)²
CLASSES = "classes"  # 0..K−1: softmax and cross-entropy, as the book trains
REGRESSION = "regression"  # a real number in [-1, 1]: identity output, 0.5·(y−t)²


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points (N × 2: x1, x2), one label each, and which points train.

    The gates are their whole truth table: every point trains and the same
    four points test (there is nothing else to test on)."""
    name: str
    x: np.ndarray
    label: np.ndarray
    train: np.ndarray  # bool, N
    kind: str
    n_classes: int  # 2 for TWO_CLASS, K for CLASSES, 0 for REGRESSION
    line: np.ndarray | None = None  # each point's line in its CSV file, to name it in errors
    source: str = "the points"

    @property
    def test(self) -> np.ndarray:
        return self.train.copy() if self.name.startswith("gate-") else ~self.train

    def as_dict(self) -> dict:
        """The command line's JSON: {"x": [[x1, x2], ...], "label": [...], "train": [...]}."""
        labels = self.label.tolist() if self.kind == REGRESSION else \
            [int(v) for v in self.label]
        return {"x": self.x.tolist(), "label": labels, "train": self.train.tolist()}


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.flags.writeable = False
    return array


# --- the playground's sets: each returns (x, label) in drawing order ---------

def _circle(rng: np.random.Generator, n: int, noise: float):
    radius = 5.0

    def ring(count, r_low, r_high):
        # Each point draws r, angle, then its noise in x and in y.
        u = rng.random((count, 4))
        r = r_low + u[:, 0] * (r_high - r_low)
        angle = u[:, 1] * 2 * math.pi
        x = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
        shift = (u[:, 2:] * 2 - 1) * radius * noise
        inside = np.hypot(*(x + shift).T) < radius * 0.5
        return x, np.where(inside, 1.0, -1.0)

    # Half inside radius 2.5, half in the ring 3.5..5; noise only relabels.
    x_in, t_in = ring(n // 2, 0.0, radius * 0.5)
    x_out, t_out = ring(n // 2, radius * 0.7, radius)
    return np.vstack([x_in, x_out]), np.concatenate([t_in, t_out])


def _xor(rng: np.random.Generator, n: int, noise: float):
    u = rng.random((n, 4))  # x, y, then the noise in x and in y
    x = u[:, :2] * 10 - 5
    x += np.where(x > 0, 0.3, -0.3)  # a gap of 0.6 along both axes
    shift = (u[:, 2:] * 10 - 5) * noise
    moved = x + shift
    return x, np.where(moved[:, 0] * moved[:, 1] >= 0, 1.0, -1.0)


def _gaussians(rng, counts, centres, noise: float):
    # The noise widens the clouds: variance 0.5 at 0 % up to 4 at 50 %
    # (a linear scale, as the playground's); labels never change.
    variance = 0.5 + (4.0 - 0.5) * noise / 0.5
    parts = [rng.normal(centre, math.sqrt(variance), (count, 2))
             for count, centre in zip(counts, centres)]
    return np.vstack(parts)


def _gauss(rng: np.random.Generator, n: int, noise: float):
    x = _gaussians(rng, [n // 2, n // 2], [(2.0, 2.0), (-2.0, -2.0)], noise)
    return x, np.repeat([1.0, -1.0], n // 2)


def _arms(rng: np.random.Generator, counts, noise: float):
    """Spiral arms turned 2π/K from each other; each point draws its noise in
    x, then in y (uniform ±noise, so noise moves the points)."""
    parts = []
    for k, count in enumerate(counts):
        i = np.arange(count)
        r = i / count * 5
        theta = 1.75 * i / count * 2 * math.pi + 2 * math.pi * k / len(counts)
        shift = (rng.random((count, 2)) * 2 - 1) * noise
        parts.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]) + shift)
    return np.vstack(parts)


def _spiral(rng: np.random.Generator, n: int, noise: float):
    return _arms(rng, [n // 2, n // 2], noise), np.repeat([1.0, -1.0], n // 2)


def _split_counts(n: int, k: int) -> list[int]:
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _spiral3(rng: np.random.Generator, n: int, noise: float):
    counts = _split_counts(n, 3)
    return _arms(rng, counts, noise), np.repeat([0.0, 1.0, 2.0], counts)


def _gauss3(rng: np.random.Generator, n: int, noise: float):
    counts = _split_counts(n, 3)
    # Three clouds 3 from the centre, a third of a turn apart.
    centres = [(3 * math.cos(a), 3 * math.sin(a))
               for a in (math.pi / 2, math.pi / 2 + 2 * math.pi / 3,
                         math.pi / 2 + 4 * math.pi / 3)]
    return _gaussians(rng, counts, centres, noise), np.repeat([0.0, 1.0, 2.0], counts)


def _uniform_with_shift(rng: np.random.Generator, n: int, noise: float):
    u = rng.random((n, 4))  # x, y, then the noise in x and in y
    x = u[:, :2] * 2 * RADIUS - RADIUS
    return x, x + (u[:, 2:] * 2 * RADIUS - RADIUS) * noise


def _plane(rng: np.random.Generator, n: int, noise: float):
    x, moved = _uniform_with_shift(rng, n, noise)
    return x, (moved[:, 0] + moved[:, 1]) / 10  # x1 + x2 from [-10, 10] onto [-1, 1]


_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                   [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]], dtype=np.float64)


def _multi_gauss(rng: np.random.Generator, n: int, noise: float):
    x, moved = _uniform_with_shift(rng, n, noise)
    distance = np.hypot(moved[:, None, 0] - _BUMPS[:, 0], moved[:, None, 1] - _BUMPS[:, 1])
    # Each bump is ±(1 − d/2) within distance 2 of its centre; the label is
    # the bump largest in size (the first one on a tie, as a strict > keeps).
    heights = _BUMPS[:, 2] * np.clip(1 - distance / 2, 0, 1)
    return x, heights[np.arange(n), np.argmax(np.abs(heights), axis=1)]


_GATE_X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float64)
GATES = {  # the book's truth tables (chapter 2), in its order x1, x2 = 00, 10, 01, 11
    "gate-and": (0, 0, 0, 1),
    "gate-or": (0, 1, 1, 1),
    "gate-nand": (1, 1, 1, 0),
    "gate-xor": (0, 1, 1, 0),
}

# name: (generator, points, kind, classes)
_GENERATED = {
    "circle": (_circle, N_CLASSIFY, TWO_CLASS, 2),
    "xor": (_xor, N_CLASSIFY, TWO_CLASS, 2),
    "gauss": (_gauss, N_CLASSIFY, TWO_CLASS, 2),
    "spiral": (_spiral, N_CLASSIFY, TWO_CLASS, 2),
    "spiral3": (_spiral3, N_CLASSIFY, CLASSES, 3),
    "gauss3": (_gauss3, N_CLASSIFY, CLASSES, 3),
    "plane": (_plane, N_REGRESS, REGRESSION, 0),
    "multi-gauss": (_multi_gauss, N_REGRESS, REGRESSION, 0),
}
DATASETS = tuple(_GENERATED) + tuple(GATES)


def _check_percent(value, low: float, high: float, key: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise InputError(key, value=value, low=low, high=high) from None
    if not low <= value <= high:  # also refuses NaN
        raise InputError(key, value=value, low=low, high=high)
    return value


def _split(rng: np.random.Generator, n: int, train_share: float) -> tuple[np.ndarray, np.ndarray]:
    """A shuffled order of the n points and the train mask over that order:
    the first floor(n·share/100) of the shuffled points train (the playground's split)."""
    order = rng.permutation(n)
    train = np.zeros(n, dtype=bool)
    train[:int(math.floor(n * train_share / 100))] = True
    return order, train


def make(name: str, noise: float = 0.0, train_share: float = SHARE_DEFAULT,
         seed: int = 0) -> Dataset:
    """Dataset `name` (one of DATASETS) with noise and train share in percent."""
    noise = _check_percent(noise, 0.0, NOISE_MAX, "dataset_noise")
    train_share = _check_percent(train_share, SHARE_MIN, SHARE_MAX, "dataset_share")
    if name in GATES:
        label = np.array(GATES[name], dtype=np.float64)
        return Dataset(name, _frozen(_GATE_X.copy()), _frozen(label),
                       _frozen(np.ones(4, dtype=bool)), CLASSES, 2)
    try:
        generate, n, kind, classes = _GENERATED[name]
    except KeyError:
        raise UnknownNameError("unknown_dataset", name=name,
                               choices=", ".join(DATASETS)) from None
    rng = np.random.default_rng(seed)
    x, label = generate(rng, n, noise / 100)
    order, train = _split(rng, n, train_share)
    return Dataset(name, _frozen(x[order]), _frozen(label[order]), _frozen(train), kind,
                   classes)


# --- a learner's own points -----------------------------------------------------

def _csv_number(text: str, line: int, column: str, source: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError("csv_not_number", source=source, line=line, column=column,
                         text=text.strip()[:40]) from None
    if not math.isfinite(value):
        raise InputError("csv_nonfinite", source=source, line=line, column=column,
                         text=text.strip()[:40])
    return value


def parse_csv(text: str, source: str = "the CSV text") -> tuple[np.ndarray, np.ndarray]:
    """Rows of x1, x2, label (a first line of names is skipped; blank lines
    and lines starting with # too) -> (N × 2 points, N labels)."""
    return _parse_csv(text, source)[:2]


def _parse_csv(text: str, source: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """parse_csv's points and labels, and the line each came from."""
    rows, labels, lines = [], [], []
    for line, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = [cell.strip() for cell in stripped.split(",")]
        if not rows and cells and cells[0].lower() in ("x1", "x"):  # a header
            continue
        if len(cells) != 3:
            raise InputError("csv_columns", source=source, line=line, count=len(cells))
        if len(rows) == MAX_CSV_POINTS:
            raise InputError("csv_too_many", source=source, limit=MAX_CSV_POINTS)
        rows.append([_csv_number(cells[0], line, "x1", source),
                     _csv_number(cells[1], line, "x2", source)])
        labels.append(_csv_number(cells[2], line, "label", source))
        lines.append(line)
    if len(rows) < 2:
        raise InputError("csv_too_few", source=source, count=len(rows))
    return (np.array(rows, dtype=np.float64), np.array(labels, dtype=np.float64),
            np.array(lines, dtype=np.int64))


def _label_kind(label: np.ndarray, source: str) -> tuple[str, int]:
    """-1/+1 labels are the playground's two classes; whole numbers 0..K−1
    are K classes; anything else is a value to regress."""
    values = set(np.unique(label).tolist())
    if values <= {-1.0, 1.0}:
        return TWO_CLASS, 2
    if all(v.is_integer() and v >= 0 for v in values):
        k = int(max(values)) + 1
        if k > MAX_CSV_CLASSES:
            raise InputError("csv_classes", source=source, k=k - 1, limit=MAX_CSV_CLASSES,
                             top=MAX_CSV_CLASSES - 1)
        return CLASSES, max(k, 2)
    return REGRESSION, 0


def from_points(x, label, name: str = "csv", train_share: float = SHARE_DEFAULT,
                seed: int = 0, source: str = "the points", line=None) -> Dataset:
    """A Dataset from points and labels (and, from a file, each one's line),
    shuffled and split as the playground's."""
    train_share = _check_percent(train_share, SHARE_MIN, SHARE_MAX, "dataset_share")
    x = np.asarray(x, dtype=np.float64)
    label = np.asarray(label, dtype=np.float64)
    kind, classes = _label_kind(label, source)
    order, train = _split(np.random.default_rng(seed), len(label), train_share)
    line = None if line is None else _frozen(np.asarray(line, dtype=np.int64)[order])
    return Dataset(name, _frozen(x[order]), _frozen(label[order]), _frozen(train), kind,
                   classes, line, source)


def load_csv(path, train_share: float = SHARE_DEFAULT, seed: int = 0) -> Dataset:
    """A CSV file of x1, x2, label rows, at most MAX_CSV_BYTES."""
    from .files import _read_regular  # the one bounded, regular-file-only reader

    path = Path(path)
    data = _read_regular(path, str(path), MAX_CSV_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("csv_not_text", source=str(path), position=exc.start) from None
    x, label, line = _parse_csv(text, str(path))
    return from_points(x, label, path.name, train_share, seed, str(path), line)


# --- input features --------------------------------------------------------------

# name: (what it computes from the points, how it is written on screen)
FEATURES = {
    "x1": (lambda x: x[:, 0], "x1"),
    "x2": (lambda x: x[:, 1], "x2"),
    "x1sq": (lambda x: x[:, 0] ** 2, "x1²"),
    "x2sq": (lambda x: x[:, 1] ** 2, "x2²"),
    "x1x2": (lambda x: x[:, 0] * x[:, 1], "x1·x2"),
    "sinx1": (lambda x: np.sin(x[:, 0]), "sin x1"),
    "sinx2": (lambda x: np.sin(x[:, 1]), "sin x2"),
}
DEFAULT_FEATURES = ("x1", "x2")


def check_features(names) -> tuple[str, ...]:
    names = tuple(names)
    if not names:
        raise InputError("no_features", choices=", ".join(FEATURES))
    for name in names:
        if name not in FEATURES:
            raise UnknownNameError("unknown_feature", name=name, choices=", ".join(FEATURES))
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise InputError("feature_twice", name=twice)
    return names


def features(x, names=DEFAULT_FEATURES, line=None, source: str = "the points") -> np.ndarray:
    """The network's input: one column per chosen feature, in the order given.
    Finite points can make a feature that is not (x1² of 1e300): it is refused
    here, naming the point (by its file's `line` when given), since a network
    fed inf only ever reports NaN."""
    names = check_features(names)
    x = np.asarray(x, dtype=np.float64).reshape(-1, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        columns = np.column_stack([FEATURES[name][0](x) for name in names])
    bad = ~np.isfinite(columns)
    if bad.any():
        row, column = np.argwhere(bad)[0]
        value = f"{columns[row, column]}"
        label = FEATURES[names[column]][1]
        if line is None:
            raise InputError("feature_nonfinite_point", point=int(row) + 1, feature=label,
                             value=value)
        raise InputError("feature_nonfinite", source=source, line=int(line[row]),
                         feature=label, value=value)
    return columns
