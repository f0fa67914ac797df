"""The explorer's one state object: what the network is, what x is, what is
selected, and the trace core computed from them.

Plain Python, no Textual: every change either succeeds whole (new network or
x, new trace) or raises core's ActlabError and leaves the state as it was,
so the panes never see a half-made change. The app turns the error into a
notification in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import core

X_STEP = 0.1  # one arrow press on a component of x
X_BIG_STEP = 1.0  # shift + arrow


def cycle(options: list[str], current: str, direction: int) -> str:
    """The option after (or before) `current`, wrapping around."""
    index = options.index(current) if current in options else -direction
    return options[(index + direction) % len(options)]


@dataclass
class ExplorerState:
    network: core.Network
    source: str = "book"
    x: np.ndarray = field(default=None)  # type: ignore[assignment]
    layer: int = 1  # the selected layer k, from 1: its function is plotted
    unit: int = 1  # the selected unit j of that layer, from 1
    component: int = 1  # the selected component i of x, from 1
    show_derivative: bool = True
    compare: str | None = None  # a second function drawn on the plot
    trace: core.Trace = field(init=False)
    version: int = field(init=False, default=0)  # grows with every change to network or x

    def __post_init__(self):
        self.x = core.check_x(self.network, self.network.default_x() if self.x is None else self.x)
        self.trace = core.forward(self.network, self.x)

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

    # --- changes: each recomputes the trace, or raises and changes nothing ---------
    def _apply(self, network: core.Network | None = None, x=None) -> None:
        network = self.network if network is None else network
        x = self.x if x is None else core.check_x(network, x)
        trace = core.forward(network, x)  # raises before anything is assigned
        self.network, self.x, self.trace = network, x, trace
        self.version += 1
        self.layer = min(self.layer, self.depth)
        self.unit = min(self.unit, self.network.layers[self.layer - 1].n_out)
        self.component = min(self.component, self.network.n_inputs)

    def set_x(self, i: int, value: float) -> None:
        x = np.array(self.x)
        x[i - 1] = value
        self._apply(x=x)

    def nudge_x(self, i: int, steps: float) -> None:
        # Rounded to the step's grid so that repeated nudges show 0.3, not
        # 0.30000000000000004.
        value = round(float(self.x[i - 1]) + steps * X_STEP, 10)
        self.set_x(i, value)

    def set_hidden_activation(self, name: str) -> None:
        self._apply(network=self.network.with_hidden_activation(name))

    def set_layer_activation(self, k: int, name: str) -> None:
        self._apply(network=self.network.with_activation(k, name))

    def set_output(self, name: str) -> None:
        self._apply(network=self.network.with_output(name))

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
        self.layer = max(1, min(k, self.depth))
        self.unit = max(1, min(j, self.network.layers[self.layer - 1].n_out))

    def select_component(self, i: int) -> None:
        self.component = max(1, min(i, self.network.n_inputs))

    def units(self) -> list[tuple[int, int]]:
        """Every (layer, unit) in screen order."""
        return [(k, j) for k, layer in enumerate(self.network.layers, start=1)
                for j in range(1, layer.n_out + 1)]

    def move_unit(self, delta: int) -> None:
        units = self.units()
        index = units.index((self.layer, self.unit))
        self.select_unit(*units[max(0, min(len(units) - 1, index + delta))])
