"""The output landscape: the winning class, y1 − y2 or y_k over the plane of
two inputs, the others held at x, with its colour key and ticks, and what
each unit of a hidden layer computes over the same plane."""
from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

import core
from core.landscape import View, check_ranges, default_view, landscape, value_scale, views

from .. import format as fmt
from ..i18n import t
from ..keys import key, localise
from ..state import ExplorerState
from ..widgets.colour_key import ColourKey
from ..widgets.heatmap import DIVERGING, VIRIDIS, HeatMap, class_palette, marker_cell
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar
from ..widgets.unit_maps import UnitMaps

STEPS = 101  # grid points per axis: 10,201 inputs in one forward call


class LandscapeScreen(Screen):
    CSS_PATH = "landscape.tcss"
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
        # Not in the footer: the info line offers it when x is off the map.
        key("x", "centre_on_x", "landscape_centre_x", show=False),
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
        self.view: View | None = None  # chosen by core on the first show
        self.hidden_layer = 1  # the hidden layer whose units get small maps

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="landscape-info", markup=False)
        with Horizontal(id="landscape-body"):
            yield HeatMap(axes=True, id="landscape-map")
            with Vertical(id="landscape-side"):
                yield ColourKey(id="landscape-key")
                yield UnitMaps(id="landscape-units")
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self.app.subscribe(self, self.show)

    async def recompose(self) -> None:
        """A language switch builds the widgets again, and on_mount does not
        run again: the maps and their key come back here."""
        await super().recompose()
        self.show(self.app.state)

    @property
    def state(self) -> ExplorerState:
        return self.app.state

    def show(self, state: ExplorerState) -> None:
        n = state.network.n_inputs
        if n < 2:  # also after an undo here took the network back to one input
            self.query_one("#landscape-info", Static).update(t("landscape.needs_two"))
            self.query_one("#landscape-body").display = False
            return
        self.query_one("#landscape-body").display = True
        if max(self.axes) > n:  # an undo or a load took away the input an axis was on
            self.axes = [1, 2]
        i, j = self.axes
        u_range = (self.centre[0] - self.half_width, self.centre[0] + self.half_width)
        v_range = (self.centre[1] - self.half_width, self.centre[1] + self.half_width)
        grid = landscape(state.network, state.x, i, j, u_range, v_range, steps=STEPS)
        point = (state.x[i - 1], state.x[j - 1])
        n_out = state.network.n_outputs
        if self.view not in views(n_out):  # the first show, or the outputs changed
            self.view = default_view(grid)
        values = grid.values(self.view)
        heat = self.query_one("#landscape-map", HeatMap)
        colour_key = self.query_one("#landscape-key", ColourKey)
        if self.view.kind == "winner":
            palette = class_palette(n_out)
            heat.show((values - 1) / (n_out - 1), palette, grid, point)  # class k: level k - 1
            colour_key.show_classes(palette, [f"y{k}" for k in range(1, n_out + 1)])
            shown = t("landscape.winner", n=n_out)
        else:
            scale = value_scale(values)
            palette = DIVERGING if scale.diverging else VIRIDIS
            heat.show(scale.fraction(values), palette, grid, point)
            difference = self.view.kind == "difference"
            note = t("landscape.difference_note") if difference else ""
            colour_key.show_scale(palette, scale, note)
            shown = (t("landscape.difference") if difference
                     else t("landscape.output", k=self.view.k))
        info = t("landscape.info", shown=shown, i=i, j=j)
        if marker_cell(grid, point, 1, 1) is None:  # no + on the map: say where x is
            info += t("landscape.x_off_view", i=i, j=j, u=fmt.in_text(point[0]),
                      v=fmt.in_text(point[1]))
            if self._drawable(np.array(point, dtype=np.float64), self.half_width):
                info += t("landscape.x_centre_hint")
        self.query_one("#landscape-info", Static).update(info)
        self._show_units(grid, state, point)

    def _show_units(self, grid, state: ExplorerState, point) -> None:
        hidden = state.depth - 1
        units = self.query_one("#landscape-units", UnitMaps)
        if hidden < 1:
            units.show_note(t("landscape.no_hidden"))
            return
        self.hidden_layer = max(1, min(self.hidden_layer, hidden))
        z = grid.layer(self.hidden_layer)
        scale = value_scale(z)  # one scale for the layer, so that its maps compare
        palette = DIVERGING if scale.diverging else VIRIDIS
        units.show(scale.fraction(z), palette, scale, grid, point, self.hidden_layer,
                   state.network.layers[self.hidden_layer - 1].activation)

    # --- keys ---------------------------------------------------------------------------
    @staticmethod
    def _drawable(centre: np.ndarray, half_width: float) -> bool:
        """Whether core would draw this view: far out (x near 1e15 and
        beyond) a narrow view has no width left in float64."""
        try:
            check_ranges(*((c - half_width, c + half_width) for c in centre))
        except core.ActlabError:
            return False
        return True

    def _set_view(self, centre: np.ndarray, half_width: float, refusal: str) -> None:
        """The new view if core can draw it; else one line and the view stays
        (a blank map said "could not be drawn" on every key after)."""
        if self.state.network.n_inputs < 2:
            return  # no map to move: the screen says it needs two inputs
        if not self._drawable(centre, half_width):
            self.app.report(refusal)
            return
        self.centre, self.half_width = centre, half_width
        self.app.redraw(self, self.show)

    def action_pan(self, du: int, dv: int) -> None:
        self._set_view(self.centre + np.array([du, dv]) * self.half_width * 0.2,
                       self.half_width, t("landscape.view_too_narrow"))

    def action_move_x(self, axis: int, steps: int) -> None:
        """Move x itself along an axis: the + and every map follow."""
        self.app.nudge_x(self.axes[axis], steps)

    def action_zoom(self, factor: float) -> None:
        self._set_view(self.centre, float(np.clip(self.half_width * factor, 1e-3, 1e6)),
                       t("landscape.view_too_narrow"))

    def action_reset(self) -> None:
        self.centre, self.half_width = np.zeros(2), 3.0
        self.app.redraw(self, self.show)

    def action_centre_on_x(self) -> None:
        """The view's centre at x (a point handed over from training is often
        outside the first view's −3…3), its range kept."""
        state, (i, j) = self.state, self.axes
        if state.network.n_inputs < 2:
            return  # no map to centre (and no x2): the screen says it needs two inputs
        centre = np.array([state.x[i - 1], state.x[j - 1]], dtype=np.float64)
        self._set_view(centre, self.half_width, t(
            "landscape.x_too_far", i=i, j=j, u=fmt.in_text(centre[0]), v=fmt.in_text(centre[1])))

    def action_next_output(self) -> None:
        choices = views(self.state.network.n_outputs)
        at = choices.index(self.view) if self.view in choices else -1
        self.view = choices[(at + 1) % len(choices)]
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
