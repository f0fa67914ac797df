"""The explorer's one state object: what the network is, what x is, what is
selected, and the trace core computed from them.

Plain Python, no Textual: every change either succeeds whole (new network or
x, new trace) or raises core's ActlabError and leaves the state as it was,
so the panes never see a half-made change. The app turns the error into a
notification in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import core
from core import chain, digits, losses

from . import format as fmt
from .i18n import LaterFunction, later

X_STEP = 0.1  # one arrow press on a component of x
X_BIG_STEP = 1.0  # shift + arrow
UNDO_LIMIT = 200  # networks are immutable, so each step holds references, not copies
DEFAULT_LEARNING_RATE = 0.1


def default_target(trace: core.Trace) -> np.ndarray:
    """t before the learner sets one: y's largest class, one-hot (for the
    book network t = [0, 1], the issue's worked example)."""
    return losses.target(int(np.nanargmax(trace.y)) if np.isfinite(trace.y).any() else 0,
                         len(trace.y))


def loss_fits(kind: str, network: core.Network) -> bool:
    try:
        losses.check_loss(kind, network.activations[-1])
    except core.ActlabError:
        return False
    return True


def cycle(options: list, current, direction: int):
    """The option after (or before) `current`, wrapping around."""
    index = options.index(current) if current in options else -direction
    return options[(index + direction) % len(options)]


@dataclass
class ExplorerState:
    network: core.Network
    source: str = ""  # a file's name, or what else it came from; see preset
    preset: str | None = None  # the preset it came from, named in the current language
    x: np.ndarray = field(default=None)  # type: ignore[assignment]
    layer: int = 1  # the selected layer k, from 1: its function is plotted
    unit: int = 1  # the selected unit j of that layer, from 1
    component: int = 1  # the selected component i of x, from 1
    show_derivative: bool = True
    compare: str | None = None  # a second function drawn on the plot
    path: Path | None = None  # the file the network was opened from or saved to
    init: str = "he"  # how new weights are drawn (shape changes, randomise)
    std: float = 0.01  # the standard deviation for init = "normal"
    seed: int = 0  # shown on screen: the same seed gives the same weights
    # The digit screen's 28×28 sheet. Kept here because a closed screen is
    # freed; not part of the network or x, so undo, save and another network
    # leave it alone (it is the learner's picture, whatever reads it).
    drawing: np.ndarray = field(init=False,
                                default_factory=lambda: np.zeros((digits.SIDE, digits.SIDE)))
    # --- the network diagram (tui/widgets/diagram.py) ----------------------------
    # Which view the left pane shows, and which incoming edge of the selected
    # unit (layer, unit) the diagram has selected: row i of W_k from 1, and
    # n_in + 1 for the bias b_k, as the weights editor's last row. A view, not
    # the network: undo, save and another network leave the view alone.
    left_view: str = "layers"  # or "diagram"
    edge: int = 1
    trace: core.Trace = field(init=False)
    version: int = field(init=False, default=0)  # grows with every change to network, x or t
    # --- learning (issue 13): the target t, the loss and the backward view -------
    # t is the learner's goal for y, not the network's: network files keep no
    # t, so a new t never marks the state dirty; undo keeps it with each step
    # (a step undone comes back with the t it was taken for).
    target: np.ndarray = field(init=False, default=None)  # type: ignore[assignment]
    loss_kind: str = "sse"  # one of core.losses.LOSSES
    learning_rate: float = DEFAULT_LEARNING_RATE  # η of one gradient step (s)
    show_backward: bool = False  # the layers pane shows δ and ∂L/∂z, Explain the chain rule

    def __post_init__(self):
        self.x = core.check_x(self.network, self.network.default_x() if self.x is None else self.x)
        self.trace = core.forward(self.network, self.x)
        self.target = default_target(self.trace)
        self._undo: list[tuple[core.Network, np.ndarray, str, np.ndarray]] = []
        self._redo: list[tuple[core.Network, np.ndarray, str, np.ndarray]] = []
        self._saved = (self.network, self.x)
        self._learning = None  # (key, gradients) of the last backward pass asked for

    # --- derived ----------------------------------------------------------------
    @property
    def depth(self) -> int:
        return len(self.network.layers)

    @property
    def function(self) -> core.Activation:
        """The selected layer's function."""
        return core.get(self.network.layers[self.layer - 1].activation)

    @property
    def hidden_activation(self) -> str | None:
        """The hidden layers' function when they share one, else None."""
        names = set(self.network.activations[:-1])
        return names.pop() if len(names) == 1 else None

    @property
    def output(self) -> str:
        return self.network.activations[-1]

    def shape(self) -> str:
        return "-".join(str(n) for n in self.network.sizes)

    def explain(self) -> core.UnitExplanation:
        return core.explain_unit(self.network, self.trace, self.layer, self.unit)

    @property
    def dirty(self) -> bool:
        """Unsaved changes: the network or x differs from what was opened or saved."""
        network, x = self._saved
        return not (self.network.same_as(network) and
                    (self.x is x or np.array_equal(self.x, x)))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # --- changes: each recomputes the trace, or raises and changes nothing ---------
    def _apply(self, network: core.Network | None = None, x=None, label: object = "",
               record: bool = True, target=None) -> None:
        network = self.network if network is None else network
        x = self.x if x is None else core.check_x(network, x)
        trace = core.forward(network, x)  # raises before anything is assigned
        if target is not None:
            target = losses.target(target, network.n_outputs)
        elif len(self.target) == network.n_outputs:
            target = self.target  # the learner's t stays while it fits y
        else:
            target = default_target(trace)
        if record:
            self._undo = (self._undo + [(self.network, self.x, label, self.target)])[-UNDO_LIMIT:]
            self._redo = []
        on_bias = self.edge == self.edges_in()
        self.network, self.x, self.trace, self.target = network, x, trace, target
        if not loss_fits(self.loss_kind, network):
            self.loss_kind = "sse"  # cross-entropy needs probabilities: the output left them
        self.version += 1
        self.layer = min(self.layer, self.depth)
        self.unit = min(self.unit, self.network.layers[self.layer - 1].n_out)
        self.component = min(self.component, self.network.n_inputs)
        self._keep_edge(on_bias)

    # --- undo, redo, files -----------------------------------------------------------
    def undo(self) -> str:
        """Go back one change; returns what it was, in the current language
        (empty when there is none)."""
        if not self._undo:
            return ""
        network, x, label, target = self._undo.pop()
        self._redo.append((self.network, self.x, label, self.target))
        self._apply(network, x, record=False, target=target)
        return str(label)  # in the language of now, which may not be the edit's

    def redo(self) -> str:
        if not self._redo:
            return ""
        network, x, label, target = self._redo.pop()
        self._undo.append((self.network, self.x, label, self.target))
        self._apply(network, x, record=False, target=target)
        return str(label)

    def replace_network(self, network: core.Network, source: str, path: Path | None = None,
                        saved: bool = False, preset: str | None = None) -> None:
        """Another network (a file, a preset), undoable like any edit."""
        x = network.default_x()
        self._apply(network, x, label=fmt.shown_name(source))  # "undone: NAME", on one line
        self.source, self.path, self.preset = source, path, preset
        self.select_unit(1, 1)
        self.select_component(1)
        if saved:
            self._saved = (self.network, self.x)

    def mark_saved(self, path: Path) -> None:
        self.path, self.source, self.preset = path, path.name, None
        self._saved = (self.network, self.x)

    def network_to_save(self) -> core.Network:
        """The network with the current x stored in it, as a file keeps it."""
        return self.network.with_x(self.x)

    # --- edits -----------------------------------------------------------------------
    def _check_component(self, i: int) -> None:
        # A screen may still name an input that a shape change removed.
        if not 1 <= i <= self.network.n_inputs:
            raise core.InputError("x_component", i=i, n=self.network.n_inputs)

    def set_x(self, i: int, value: float) -> None:
        self._check_component(i)
        x = np.array(self.x)
        x[i - 1] = value
        self._apply(x=x, label=f"x{i}")

    def fill_x(self, kind: str) -> None:
        """x all zeros, all ones, or uniform in [0, 1) from the seed."""
        n = self.network.n_inputs
        fills = {"zeros": lambda: np.zeros(n), "ones": lambda: np.ones(n),
                 "uniform": lambda: np.random.default_rng(self.seed).uniform(0.0, 1.0, n)}
        kind_said = later(f"fill.{kind}", seed=self.seed)
        self._apply(x=fills[kind](), label=later("undo.x_fill", kind=kind_said))

    def load_x(self, path: Path) -> None:
        self._apply(x=core.load_vector(path, self.network.n_inputs),
                    label=later("undo.x_file", name=fmt.shown_name(path.name)))

    def use_drawing(self) -> np.ndarray:
        """x becomes the drawing as the network reads it (centred as MNIST
        digits are, 784 values): one undo step. Returns the new x."""
        if self.network.n_inputs != digits.SIDE * digits.SIDE:
            raise core.InputError("drawing_inputs", n=self.network.n_inputs)
        self._apply(x=digits.digit_input(self.drawing), label=later("undo.x_drawing"))
        return self.x

    def use_image(self, x: np.ndarray, label: int, what: str) -> np.ndarray:
        """x becomes an image of a data set (its pixels as the network reads
        them), t its label: one undo step, named `what`."""
        if self.network.n_inputs != len(x):
            raise core.InputError("evaluate_inputs", pixels=len(x), n=self.network.n_inputs)
        self._apply(x=np.asarray(x, dtype=np.float64), label=what,
                    target=label if label < self.network.n_outputs else None)
        return self.x

    def set_weight(self, k: int, row: int, column: int, value: float) -> None:
        """W_k[row, column] (from 0); row n_in is the bias b_k[column]."""
        self._apply(self.network.with_weight(k, row, column, value),
                    label=f"W{k}" if row < self.network.layers[k - 1].n_in else f"b{k}")

    def _initialiser(self) -> dict:
        return dict(init=self.init, std=self.std, seed=self.seed)

    def set_units(self, k: int, n: int) -> None:
        self._apply(core.with_units(self.network, k, n, **self._initialiser()),
                    label=later("undo.units", k=k, n=n))

    def insert_layer(self, k: int, n: int) -> None:
        self._apply(core.with_layer_inserted(self.network, k, n, **self._initialiser()),
                    label=later("undo.layer_inserted", k=k + 1))

    def remove_layer(self, k: int) -> None:
        self._apply(core.without_layer(self.network, k, **self._initialiser()),
                    label=later("undo.layer_removed", k=k))

    def set_inputs(self, n: int) -> None:
        network = core.with_inputs(self.network.with_x(self.x), n, **self._initialiser())
        self._apply(network, network.x, label=later("undo.inputs", n=n))

    def randomise(self) -> None:
        self._apply(core.randomised(self.network, **self._initialiser()),
                    label=later("undo.randomise", init=self.init, seed=self.seed))

    def cycle_init(self) -> str:
        self.init = cycle(list(core.INITIALISERS), self.init, 1)
        return self.init

    def nudge_x(self, i: int, steps: float) -> None:
        # Rounded to the step's grid so that repeated nudges show 0.3, not
        # 0.30000000000000004.
        self._check_component(i)
        value = round(float(self.x[i - 1]) + steps * X_STEP, 10)
        self.set_x(i, value)

    def set_hidden_activation(self, name: str) -> None:
        self._apply(network=self.network.with_hidden_activation(name),
                    label=later("undo.activation", function=LaterFunction(name)))

    def set_layer_activation(self, k: int, name: str) -> None:
        self._apply(network=self.network.with_activation(k, name),
                    label=later("undo.layer_activation", k=k, function=LaterFunction(name)))

    def set_output(self, name: str) -> None:
        self._apply(network=self.network.with_output(name),
                    label=later("undo.output", function=LaterFunction(name)))

    def cycle_hidden(self, direction: int = 1) -> str:
        current = self.hidden_activation or self.network.activations[0]
        name = cycle(core.HIDDEN, current, direction)
        self.set_hidden_activation(name)
        return name

    def cycle_layer(self, direction: int = 1) -> str:
        options = core.OUTPUTS if self.layer == self.depth else core.HIDDEN
        name = cycle(options, self.function.name, direction)
        self.set_layer_activation(self.layer, name)
        return name

    def cycle_output(self, direction: int = 1) -> str:
        name = cycle(core.OUTPUTS, self.output, direction)
        self.set_output(name)
        return name

    def cycle_compare(self) -> str | None:
        options = [None] + core.HIDDEN
        index = options.index(self.compare)
        self.compare = options[(index + 1) % len(options)]
        return self.compare

    # --- selection ---------------------------------------------------------------------
    def select_unit(self, k: int, j: int) -> None:
        on_bias = self.edge == self.edges_in()
        self.layer = max(1, min(k, self.depth))
        self.unit = max(1, min(j, self.network.layers[self.layer - 1].n_out))
        self._keep_edge(on_bias)

    def _keep_edge(self, on_bias: bool) -> None:
        """The same edge in the newly selected unit: the bias stays the bias
        (its number is n_in + 1, which changes with the layer), an input edge
        stays that input where the unit has it."""
        self.edge = self.edges_in() if on_bias else min(self.edge, self.edges_in())

    # --- the diagram's view and edge -------------------------------------------------
    def toggle_view(self) -> str:
        self.left_view = "layers" if self.left_view == "diagram" else "diagram"
        return self.left_view

    def edges_in(self) -> int:
        """How many edges enter the selected unit: one per input, and its bias."""
        return self.network.layers[self.layer - 1].n_in + 1

    def select_edge(self, i: int) -> None:
        self.edge = max(1, min(i, self.edges_in()))

    def cycle_edge(self, delta: int) -> None:
        """The next (or previous) edge into the selected unit, the bias after the last input."""
        self.edge = (self.edge - 1 + delta) % self.edges_in() + 1

    def select_component(self, i: int) -> None:
        self.component = max(1, min(i, self.network.n_inputs))

    # --- learning: t, the loss, the backward pass and one step ----------------------------
    def gradients(self) -> core.Gradients:
        """core.backward of the current pass, t and loss, computed once per change."""
        key = (self.version, self.loss_kind)
        if self._learning is None or self._learning[0] != key:
            self._learning = (key, core.backward(self.network, self.trace, self.target,
                                                      self.loss_kind))
        return self._learning[1]

    def explain_loss(self) -> chain.LossExplanation:
        return chain.explain_loss(self.trace, self.target, self.loss_kind)

    def explain_delta(self) -> chain.DeltaExplanation:
        return chain.explain_delta(self.network, self.trace, self.target, self.gradients(),
                                   self.loss_kind, self.layer, self.unit)

    @property
    def target_label(self) -> int | None:
        """t's class j (from 1) when t is one-hot."""
        return chain.one_hot_label(self.target)

    def set_target(self, t) -> None:
        """t as typed (a vector of n outputs); undoable, and never dirty."""
        self._apply(target=np.asarray(t, dtype=np.float64), label=later("undo.target"))

    def cycle_target(self, direction: int = 1) -> int:
        """The next class as t (one-hot), for a softmax output; returns it (from 1)."""
        n = self.network.n_outputs
        current = self.target_label or (int(np.argmax(self.target)) + 1)
        label = (current - 1 + direction) % n
        self._apply(target=label, label=later("undo.target_class", j=label + 1))
        return label + 1

    def set_loss(self, kind: str) -> str:
        """sse or cross-entropy; refused (core's message) where y is no probability."""
        losses.check_loss(kind, self.output)
        self.loss_kind = kind
        self.version += 1
        return kind

    def cycle_loss(self) -> str:
        return self.set_loss(cycle(list(losses.LOSSES), self.loss_kind, 1))

    def set_learning_rate(self, lr: float) -> None:
        self.learning_rate = core.learning_rate(lr)  # core's one check and message

    def gradient_step(self) -> float:
        """W ← W − η·∂L/∂W for every layer: one undo step. Returns the new loss."""
        network = core.gradient_step(self.network, self.gradients(), self.learning_rate)
        self._apply(network, label=later("undo.step", lr=f"{self.learning_rate:g}"))
        return self.gradients().loss

    def units(self) -> list[tuple[int, int]]:
        """Every (layer, unit) in screen order."""
        return [(k, j) for k, layer in enumerate(self.network.layers, start=1)
                for j in range(1, layer.n_out + 1)]
