"""The weights editor: W_k and b_k of one layer as a grid (rows = inputs,
columns = units, b as the last row), and the network's shape."""
from __future__ import annotations

import numpy as np
from textual import events, on
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key, localise
from ..state import ExplorerState

STARTS_A_NUMBER = set("0123456789-.")


class WeightGrid(DataTable):
    """A DataTable that starts editing when a number is typed."""

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in STARTS_A_NUMBER:
            event.stop()
            self.screen.start_editing(event.character)


class WeightsScreen(Screen):
    BINDINGS = [
        key("escape,w", "app.pop_screen", "weights_back"),
        key("enter", "edit", "weights_edit", show=False),
        key("left_square_bracket", "layer(-1)", "weights_prev_layer", key_display="["),
        key("right_square_bracket", "layer(1)", "weights_next_layer", key_display="]"),
        # Digits, '-' and '.' start typing a value, so shape keys are letters.
        key("u", "units(1)", "weights_add_unit"),
        key("U", "units(-1)", "weights_remove_unit", show=False),
        key("L", "insert_layer", "weights_insert_layer"),
        key("X", "remove_layer", "weights_remove_layer", show=False),
        key("n", "inputs(1)", "weights_add_input", show=False),
        key("N", "inputs(-1)", "weights_remove_input", show=False),
        key("i", "cycle_init", "weights_init"),
        key("s", "seed(1)", "weights_seed_up", show=False),
        key("S", "seed(-1)", "weights_seed_down", show=False),
        key("r", "randomise", "weights_randomise"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._layer_shown = None  # the Layer object the grid shows
        self._k = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="weights-info", markup=False)
        yield WeightGrid(id="grid", zebra_stripes=True, cursor_type="cell")
        yield Input(id="cell-edit", compact=True, select_on_focus=False)
        yield Static("", id="cell-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        localise(self)
        self.query_one("#cell-edit").display = False
        self.query_one("#cell-message").display = False
        self.app.state_changed.subscribe(self, self.show)
        self.show(self.app.state)
        self.query_one(WeightGrid).focus()

    @property
    def state(self) -> ExplorerState:
        return self.app.state

    # --- drawing -------------------------------------------------------------------
    def show(self, state: ExplorerState) -> None:
        k = state.layer
        layer = state.network.layers[k - 1]
        self.query_one("#weights-info", Static).update(t(
            "weights.info", k=k, depth=state.depth, n_in=layer.n_in, n_out=layer.n_out,
            function=function_label(layer.activation), init=state.init, seed=state.seed,
            shape=state.shape()))
        if layer is self._layer_shown:
            return
        grid = self.query_one(WeightGrid)
        old = self._layer_shown
        if old is not None and self._k == k and old.W.shape == layer.W.shape:
            self._update_changed_cells(grid, old, layer)
        else:
            self._rebuild(grid, layer, k)
        self._layer_shown, self._k = layer, k

    def _rebuild(self, grid: WeightGrid, layer, k: int) -> None:
        cursor = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_columns(*[f"{t('weights.unit')} {j}" for j in range(1, layer.n_out + 1)])
        values = np.vstack([layer.W, layer.b[None, :]])
        inputs = "x" if k == 1 else f"z{k - 1}"
        for i, row in enumerate(values):
            label = f"b{k}" if i == layer.n_in else f"{inputs}{fmt.subscript(i + 1)}"
            grid.add_row(*[fmt.short(v) for v in row], label=label, key=str(i))
        grid.cursor_coordinate = Coordinate(min(cursor.row, layer.n_in),
                                            min(cursor.column, layer.n_out - 1))

    def _update_changed_cells(self, grid: WeightGrid, old, new) -> None:
        before = np.vstack([old.W, old.b[None, :]])
        after = np.vstack([new.W, new.b[None, :]])
        for row, column in np.argwhere(before != after):
            grid.update_cell_at(Coordinate(int(row), int(column)), fmt.short(after[row, column]))

    # --- editing a cell ---------------------------------------------------------------
    def cell(self) -> tuple[int, int]:
        coordinate = self.query_one(WeightGrid).cursor_coordinate
        return coordinate.row, coordinate.column

    def action_edit(self) -> None:
        self.start_editing("")

    def start_editing(self, first: str) -> None:
        editor = self.query_one("#cell-edit", Input)
        row, column = self.cell()
        layer = self.state.network.layers[self.state.layer - 1]
        current = layer.b[column] if row == layer.n_in else layer.W[row, column]
        editor.placeholder = repr(float(current))
        editor.value = first
        editor.display = True
        editor.focus()
        editor.cursor_position = len(first)

    def _stop_editing(self) -> None:
        self.query_one("#cell-edit").display = False
        self._say("")
        self.query_one(WeightGrid).focus()

    def _say(self, message: str) -> None:
        line = self.query_one("#cell-message", Static)
        line.update(message)
        line.display = bool(message)

    @on(Input.Submitted, "#cell-edit")
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        row, column = self.cell()
        try:
            value = fmt.parse_number(event.value)
        except ValueError:
            self._say(t("weights.invalid", text=event.value))
            return
        self._stop_editing()
        k = self.state.layer
        self.app.change(lambda: self.state.set_weight(k, row, column, value))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#cell-edit").display:
            event.stop()
            self._stop_editing()

    # --- layers and shape ----------------------------------------------------------------
    def action_layer(self, delta: int) -> None:
        k = max(1, min(self.state.depth, self.state.layer + delta))
        self.app.change(lambda: self.state.select_unit(k, 1))

    def action_units(self, delta: int) -> None:
        k = self.state.layer
        n = self.state.network.layers[k - 1].n_out + delta
        self.app.change(lambda: self.state.set_units(k, n))

    def action_insert_layer(self) -> None:
        k = min(self.state.layer, self.state.depth - 1)
        n = self.state.network.layers[k].n_in if k else self.state.network.n_inputs
        self.app.change(lambda: self.state.insert_layer(k, n))

    def action_remove_layer(self) -> None:
        self.app.change(lambda: self.state.remove_layer(self.state.layer))

    def action_inputs(self, delta: int) -> None:
        self.app.change(lambda: self.state.set_inputs(self.state.network.n_inputs + delta))

    def action_cycle_init(self) -> None:
        self.app.change(self.state.cycle_init)

    def action_seed(self, delta: int) -> None:
        self.app.change(lambda: setattr(self.state, "seed", max(0, self.state.seed + delta)))

    def action_randomise(self) -> None:
        self.app.change(self.state.randomise)
