"""The training screen's settings as a list of rows, one selected: ↑↓ choose a
row, ←→ walk its values, enter types one. The rows, what each walks through
and how a typed value is read live here; the run itself is the screen's."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

import core
from core import datasets, playground, train

from .. import format as fmt
from ..i18n import function_label, t

# What the screen trains at the speed of its keys: the playground's own
# limits are 6 layers of 8; the command line takes more (tui/cli_train.py).
MAX_LAYERS, MAX_UNITS = 6, 32
FEATURE_SETS = [("x1", "x2"), ("x1sq", "x2sq"), ("x1", "x2", "x1sq", "x2sq"),
                ("x1", "x2", "x1x2"), ("sinx1", "sinx2"), tuple(datasets.FEATURES)]
LAYER_SETS = [(), (2,), (4,), (4, 2), (8,), (8, 8), (8, 8, 8), (8, 8, 8, 8, 8, 8)]
BATCHES = [1, 2, 5, 10, 20, 30, 50, 100]
NOISES = list(range(0, int(datasets.NOISE_MAX) + 1, 5))
SHARES = list(range(10, 91, 10))


MAX_SEED = 2**32 - 1  # numpy's seeds, as `actlab train --seed`


def _ranged(low: float, high: float, whole: bool = False):
    """A parser for a number typed in low..high (whole: an integer)."""
    def parse(text: str):
        value = fmt.parse_number(text)
        if not low <= value <= high or (whole and value != int(value)):
            raise ValueError(text)
        return int(value) if whole else value
    return parse


def _parts(text: str) -> list[str]:
    """Items typed with commas or spaces between, full-width ones (an IME's) too."""
    text = unicodedata.normalize("NFKC", text).replace("、", ",")
    return [part for part in text.replace(",", " ").split() if part]


def parse_layers(text: str, max_units: int = MAX_UNITS) -> tuple[int, ...]:
    """Hidden units per layer, "4,2"; "0" or "-" for no hidden layer."""
    text = ",".join(_parts(text))
    if text.strip(", ") in ("0", "-"):
        return ()
    units = tuple(_ranged(1, max_units, whole=True)(part)
                  for part in text.split(",") if part.strip())
    if not 1 <= len(units) <= MAX_LAYERS:
        raise ValueError(text)
    return units


def parse_features(text: str) -> tuple[str, ...]:
    """Feature names, "x1,x2,x1sq" (the command line's names) or as shown ("x1²")."""
    shown = {}
    for name, (_, label) in datasets.FEATURES.items():
        label = label.replace(" ", "").lower()
        # As shown (x1²) and as NFKC leaves it (x12): the text is normalised below.
        shown[label] = shown[unicodedata.normalize("NFKC", label)] = name
    # "sin x1" is one feature though it has a space: the spaces go first.
    text = unicodedata.normalize("NFKC", text).replace("、", ",").lower()
    text = text.replace("sin ", "sin")
    names = tuple(shown.get(part, part) for part in _parts(text))
    try:
        return datasets.check_features(names)
    except core.ActlabError:
        raise ValueError(text) from None


def feature_text(names) -> str:
    return ", ".join(datasets.FEATURES[name][1] for name in names)


def layers_text(layers) -> str:
    return ", ".join(map(str, layers)) if layers else "0"


@dataclass(frozen=True)
class Control:
    """One row: a Settings field, the values ←→ walk through (given the
    training points' count), how a value is shown and typed, and whether a
    change keeps the network (the learning rate does, playground PR #6)."""
    name: str
    options: Callable[[int], list] | None  # None: a whole number, ←→ add ∓1
    show: Callable[[object], str] = str
    parse: Callable[[str], object] | None = None
    keeps_network: bool = False
    example: str = ""
    invalid: str = ""  # the message key for a typo, when not train.invalid.<name>


CONTROLS = [
    Control("dataset", lambda n: list(datasets.DATASETS)),
    Control("noise", lambda n: NOISES, lambda v: f"{v:g} %", _ranged(0, datasets.NOISE_MAX),
            example="25"),
    Control("train_share", lambda n: SHARES, lambda v: f"{v:g} %",
            _ranged(datasets.SHARE_MIN, datasets.SHARE_MAX), example="70"),
    Control("features", lambda n: FEATURE_SETS, feature_text, parse_features,
            example="x1, x2, x1sq"),
    Control("layers", lambda n: LAYER_SETS, layers_text, parse_layers, example="4, 2"),
    Control("activation", lambda n: list(core.HIDDEN), function_label),
    Control("lr", lambda n: list(playground.LEARNING_RATES), lambda v: f"{v:g}",
            _ranged(1e-12, 1e6), keeps_network=True, example="0.03"),
    Control("optimizer", lambda n: list(train.OPTIMIZERS), keeps_network=True),
    Control("reg", lambda n: list(train.REGULARISATIONS), keeps_network=True),
    Control("reg_rate", lambda n: list(playground.REGULARISATION_RATES), lambda v: f"{v:g}",
            _ranged(0, 1e3), keeps_network=True, example="0.001"),
    Control("batch", lambda n: sorted({b for b in BATCHES if b < n} | {n}), str,
            None, keeps_network=True),
    Control("init", lambda n: list(train.INITS)),
    Control("seed", None, str, _ranged(0, MAX_SEED, whole=True),
            example="7"),
]
# batch is typed too, but its range depends on the points: the screen sets it.


def batch_parser(n: int):
    return _ranged(1, n, whole=True)


def walk(control: Control, value, direction: int, n_train: int):
    """The value ←→ gives: the next in the row's list, wrapping round (a
    typed value not in it goes to the list's first or last), or ±1 from 0."""
    if control.options is None:
        return max(0, min(MAX_SEED, value + direction))
    options = control.options(n_train)
    if value in options:
        return options[(options.index(value) + direction) % len(options)]
    # A typed value: the nearest listed one on that side, where they order.
    try:
        side = [o for o in options if (o - value) * direction > 0]
        return min(side, key=lambda o: abs(o - value)) if side else options[0 if direction > 0 else -1]
    except TypeError:
        return options[0 if direction > 0 else -1]


class TrainControls(Widget):
    """The rows, the selected one highlighted; the screen owns the keys."""

    DEFAULT_CSS = """
    TrainControls { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    TrainControls > .train-controls--selected { background: $accent 40%; text-style: bold; }
    TrainControls > .train-controls--name { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"train-controls--selected", "train-controls--name"}

    def __init__(self, controls: list[Control] = CONTROLS, **kwargs):
        super().__init__(**kwargs)
        self.controls = controls
        self.selected = 0
        self.settings = train.Settings()

    def show(self, settings: train.Settings, selected: int) -> None:
        self.settings, self.selected = settings, selected
        self.refresh(layout=True)

    def render(self) -> Text:
        names = [t(f"train.row.{control.name}") for control in self.controls]
        width = max(map(cell_len, names)) + 1
        text = Text(no_wrap=True, overflow="ellipsis")
        for k, (control, name) in enumerate(zip(self.controls, names)):
            value = getattr(self.settings, control.name)
            shown = control.show(value)
            if k:
                text.append("\n")
            line = Text(no_wrap=True)
            line.append(name + " " * (width - cell_len(name)),
                        self.get_component_rich_style("train-controls--name"))
            if k == self.selected:  # ←→ walk it; ⏎ where a value can be typed too
                typed = control.parse is not None or control.name == "batch"
                line.append(f"‹ {shown} ›" + (" ⏎" if typed else ""))
            else:
                line.append(f"  {shown}")
            if k == self.selected:
                line.stylize(self.get_component_rich_style("train-controls--selected"))
            text.append_text(line)
        return text
