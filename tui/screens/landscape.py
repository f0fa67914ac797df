"""The output landscape: y_k (or, with softmax, the winning class) over the
plane of two inputs, the others held at x, and what each unit of a hidden
layer computes over the same plane."""
from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from core import curves
from core.landscape import landscape

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key, localise
from ..state import ExplorerState
from ..widgets.heatmap import HeatMap

STEPS = 101  # grid points per axis: 10,201 inputs in one forward call
MAX_UNIT_MAPS = 12


class LandscapeScreen(Screen):
    BINDINGS = [
        key("escape,g", "app.pop_screen", "landscape_back"),
        key("left", "pan(-1, 0)", "landscape_pan_left", show=False),
        key("right", "pan(1, 0)", "landscape_pan_right", show=False),
        key("up", "pan(0, 1)", "landscape_pan_up", show=False),
        key("down", "pan(0, -1)", "landscape_pan_down", show=False),
        key("shift+right", "move_x(0, 1)", "landscape_x_right", show=False),
        key("shift+left", "move_x(0, -1)", "landscape_x_left", show=False),
        key("shift+up", "move_x(1, 1)", "landscape_x_up", show=False),
        key("shift+down", "move_x(1, -1)", "landscape_x_down", show=False),
        key("plus,equals_sign", "zoom(0.5)", "landscape_zoom_in", key_display="+"),
        key("minus", "zoom(2)", "landscape_zoom_out", key_display="-"),
        key("0", "reset", "landscape_reset"),
        key("o", "next_output", "landscape_output"),
        key("i", "next_axis(0)", "landscape_axis_u"),
        key("j", "next_axis(1)", "landscape_axis_v"),
        key("left_square_bracket", "layer(-1)", "landscape_prev_layer", key_display="["),
        key("right_square_bracket", "layer(1)", "landscape_next_layer", key_display="]"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.axes = [1, 2]  # inputs i and j, from 1
        self.centre = np.zeros(2)
        self.half_width = 3.0
        self.shown_output = 0  # 0: the winning class (softmax) or y1; k: y_k
        self.hidden_layer = 1  # the hidden layer whose units get small maps

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="landscape-info", markup=False)
        with Horizontal(id="landscape-body"):
            yield HeatMap(id="landscape-map")
            with Vertical(id="landscape-side"):
                yield Static("", id="landscape-units-title", markup=False)
                yield Grid(id="landscape-units")
        yield Footer()

    def on_mount(self) -> None:
        localise(self)
        state = self.app.state
        self.app.subscribe(self, self.show)

    @property
    def state(self) -> ExplorerState:
        return self.app.state

    def show(self, state: ExplorerState) -> None:
        n = state.network.n_inputs
        if n < 2:  # also after an undo here took the network back to one input
            self.query_one("#landscape-info", Static).update(t("landscape.needs_two"))
            self.query_one("#landscape-map", HeatMap).display = False
            return
        self.query_one("#landscape-map", HeatMap).display = True
        if max(self.axes) > n:  # an undo or a load took away the input an axis was on
            self.axes = [1, 2]
        i, j = self.axes
        u_range = (self.centre[0] - self.half_width, self.centre[0] + self.half_width)
        v_range = (self.centre[1] - self.half_width, self.centre[1] + self.half_width)
        grid = landscape(state.network, state.x, i, j, u_range, v_range, steps=STEPS)
        marker = ((state.x[j - 1] - v_range[0]) / (v_range[1] - v_range[0]),
                  (state.x[i - 1] - u_range[0]) / (u_range[1] - u_range[0]))
        output = state.network.activations[-1]
        n_out = state.network.n_outputs
        self.shown_output = min(self.shown_output, n_out)
        if self.shown_output == 0 and n_out > 1:
            values = (grid.winner() - 1) / (n_out - 1)  # one colour per class
            shown = t("landscape.winner", n=n_out)
        else:
            k = max(1, self.shown_output)
            y = grid.y[:, :, k - 1]
            low, high = curves.strip_range(output, y)
            values = (y - low) / ((high - low) or 1.0)
            shown = t("landscape.output", k=k, low=fmt.compact(low, 3), high=fmt.compact(high, 3))
        self.query_one("#landscape-map", HeatMap).show(values, marker)
        self.query_one("#landscape-info", Static).update(t(
            "landscape.info", shown=shown, i=i, j=j, u_low=fmt.compact(u_range[0], 2),
            u_high=fmt.compact(u_range[1], 2), v_low=fmt.compact(v_range[0], 2),
            v_high=fmt.compact(v_range[1], 2)))
        self._show_units(grid, state)

    def _show_units(self, grid, state: ExplorerState) -> None:
        hidden = state.depth - 1
        title = self.query_one("#landscape-units-title", Static)
        units = self.query_one("#landscape-units", Grid)
        if hidden < 1:
            title.update(t("landscape.no_hidden"))
            return
        self.hidden_layer = max(1, min(self.hidden_layer, hidden))
        name = state.network.layers[self.hidden_layer - 1].activation
        z = grid.layer(self.hidden_layer)
        count = min(z.shape[-1], MAX_UNIT_MAPS)
        title.update(t("landscape.units", k=self.hidden_layer, function=function_label(name),
                       shown=count, total=z.shape[-1]))
        maps = list(units.query(HeatMap))
        if len(maps) != count:
            units.remove_children()
            maps = [HeatMap(classes="unit-map") for _ in range(count)]
            units.mount_all(maps)
        low, high = curves.strip_range(name, z)
        for unit, heat in enumerate(maps):
            heat.show((z[:, :, unit] - low) / ((high - low) or 1.0))
            heat.border_title = f"z{self.hidden_layer}{fmt.subscript(unit + 1)}"

    # --- keys ---------------------------------------------------------------------------
    def action_pan(self, du: int, dv: int) -> None:
        self.centre = self.centre + np.array([du, dv]) * self.half_width * 0.2
        self.app.redraw(self, self.show)

    def action_move_x(self, axis: int, steps: int) -> None:
        """Move x itself along an axis: the ◆ and every map follow."""
        self.app.nudge_x(self.axes[axis], steps)

    def action_zoom(self, factor: float) -> None:
        self.half_width = float(np.clip(self.half_width * factor, 1e-3, 1e6))
        self.app.redraw(self, self.show)

    def action_reset(self) -> None:
        self.centre, self.half_width = np.zeros(2), 3.0
        self.app.redraw(self, self.show)

    def action_next_output(self) -> None:
        self.shown_output = (self.shown_output + 1) % (self.state.network.n_outputs + 1)
        self.app.redraw(self, self.show)

    def action_next_axis(self, which: int) -> None:
        n = self.state.network.n_inputs
        other = self.axes[1 - which]
        candidate = self.axes[which] % n + 1
        if candidate == other:
            candidate = candidate % n + 1
        self.axes[which] = candidate
        self.app.redraw(self, self.show)

    def action_layer(self, delta: int) -> None:
        self.hidden_layer += delta
        self.app.redraw(self, self.show)
