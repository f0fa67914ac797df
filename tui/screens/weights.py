"""The weights editor: W_k and b_k of one layer as a grid (rows = inputs,
columns = units, b as the last row), and the network's shape."""
from __future__ import annotations

import numpy as np
from textual import events
from textual.app import ComposeResult
from textual.coordinate import Coordinate
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Static

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key, localise
from ..state import ExplorerState
from ..widgets.key_footer import KeyFooter
from ..widgets.number_editor import NumberEditor
from ..widgets.title_bar import TitleBar

class WeightGrid(DataTable):
    """A DataTable that keeps focus while a cell is typed: it hands every key
    to the screen's number editor (see widgets/number_editor.py)."""

    BINDINGS = [key("enter", "edit", "weights_edit", show=False)]
    replaced = False  # set when a new grid takes its place

    def action_edit(self) -> None:
        self.screen.start_editing("")

    def take_key_in_order(self, event: events.Key) -> bool:
        """The app's first stop for a key while this has focus (see
        ActLabApp._key_in_order): True when the cell's field took it."""
        return self.screen.take_key_in_order(event)

    def on_key(self, event: events.Key) -> None:
        if self.take_key_in_order(event):
            event.stop()
            event.prevent_default()

    def take_paste_in_order(self, event: events.Paste) -> None:
        self.screen.take_paste_in_order(event)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.take_paste_in_order(event)


class WeightsScreen(Screen):
    CSS_PATH = "weights.tcss"
    BINDINGS = [
        key("escape,w", "app.pop_screen", "weights_back"),
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
        self.grid: WeightGrid | None = None  # replaced whenever the shape changes
        self._layer_shown = None  # the Layer object the grid shows
        self._k = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="weights-info", markup=False)
        with Horizontal(id="weights-body"):
            yield Static("", id="weights-effect", markup=False)  # the grid mounts before it
        # Drawn over the grid, at the cell being typed (see _place_editor).
        yield NumberEditor(id="cell-edit")
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self.app.subscribe(self, self.show)

    @property
    def state(self) -> ExplorerState:
        return self.app.state

    @property
    def editor(self) -> NumberEditor:
        return self.query_one("#cell-edit", NumberEditor)

    # --- drawing -------------------------------------------------------------------
    def show(self, state: ExplorerState) -> None:
        k = state.layer
        layer = state.network.layers[k - 1]
        self.query_one("#weights-info", Static).update(t(
            "weights.info", k=k, depth=state.depth, n_in=layer.n_in, n_out=layer.n_out,
            function=function_label(layer.activation), init=state.init, seed=state.seed,
            shape=state.shape()))
        self._show_effect(state)
        if layer is self._layer_shown:
            return
        old = self._layer_shown
        if old is not None and self._k == k and old.W.shape == layer.W.shape:
            self._update_changed_cells(self.grid, old, layer)
        else:
            self._rebuild(layer, k)
        self._layer_shown, self._k = layer, k

    def _show_effect(self, state: ExplorerState) -> None:
        """What an edit does, beside the grid: this layer's a and z, and y."""
        k, trace = state.layer, state.trace
        last = k == state.depth
        z_name = "y" if last else f"z{k}"
        lines = [t("weights.effect", k=k),
                 f"{'':>4} {'a' + str(k):>10} {z_name:>10}"]
        for j, (a, z) in enumerate(zip(trace.a[k - 1], trace.z[k - 1]), start=1):
            lines.append(f"{j:>4} {fmt.short(a):>10} {fmt.short(z):>10}")
        if not last:
            lines += ["", "y"] + [f"{j:>4} {fmt.short(y):>10}"
                                  for j, y in enumerate(trace.y, start=1)]
        self.query_one("#weights-effect", Static).update("\n".join(lines))

    def _rebuild(self, layer, k: int) -> None:
        """A new grid for a new shape. Textual 8.2.8's DataTable.clear() leaves
        the row labels undrawn when a frame comes before the next idle (they
        vanished after u, U, N or r), so the old grid is replaced instead."""
        grid = self.grid
        cursor = grid.cursor_coordinate if grid else Coordinate(0, 0)
        fresh = WeightGrid(classes="grid", zebra_stripes=True, cursor_type="cell")
        fresh.add_columns(*[f"{t('weights.unit')} {j}" for j in range(1, layer.n_out + 1)])
        values = np.vstack([layer.W, layer.b[None, :]])
        inputs = "x" if k == 1 else f"z{k - 1}"
        for i, row in enumerate(values):
            label = f"b{k}" if i == layer.n_in else f"{inputs}{fmt.subscript(i + 1)}"
            fresh.add_row(*[fmt.short(v) for v in row], label=label)
        fresh.cursor_coordinate = Coordinate(min(cursor.row, layer.n_in),
                                             min(cursor.column, layer.n_out - 1))
        had_focus = grid is None or grid.has_focus
        if grid is not None:
            # Until the new grid has the focus, keys are the screen's to pass on
            # to it (ActLabApp._in_order_target): u → gave the old grid the →.
            grid.replaced = True
            grid.remove()
        self.grid = fresh
        self.query_one("#weights-body").mount(fresh, before=0)
        if had_focus:
            fresh.focus()

    def _update_changed_cells(self, grid: WeightGrid, old, new) -> None:
        before = np.vstack([old.W, old.b[None, :]])
        after = np.vstack([new.W, new.b[None, :]])
        for row, column in np.argwhere(before != after):
            grid.update_cell_at(Coordinate(int(row), int(column)),
                                fmt.short(after[row, column]), update_width=True)

    # --- editing a cell ---------------------------------------------------------------
    def take_key_in_order(self, event: events.Key) -> bool:
        """The grid's keys, also while a new grid waits for its focus."""
        return self.editor.take_key(event, start=self.start_editing)

    def take_paste_in_order(self, event: events.Paste) -> None:
        self.editor.take_paste(event.text, start=self.start_editing)

    def in_order_node(self):
        """Whose bindings a key the field did not take runs: the grid shown."""
        return self.grid

    def cell(self) -> tuple[int, int]:
        coordinate = self.grid.cursor_coordinate
        return coordinate.row, coordinate.column

    def start_editing(self, first: str) -> None:
        row, column = self.cell()
        k = self.state.layer
        layer = self.state.network.layers[k - 1]
        is_bias = row == layer.n_in
        current = layer.b[column] if is_bias else layer.W[row, column]
        name = f"b{k}{fmt.subscript(column + 1)}" if is_bias else \
            f"W{k}{fmt.subscript(row + 1)}{fmt.subscript(column + 1)}"
        self.editor.open(first, label=name, placeholder=fmt.short(current),
                         apply=lambda value: self.app.change(
                             lambda: self.state.set_weight(k, row, column, value)),
                         invalid=lambda text: t("weights.invalid", text=text))
        self._place_editor()

    def _place_editor(self) -> None:
        """Over the cell being typed, where the eye already is."""
        grid = self.grid
        cell = grid._get_cell_region(grid.cursor_coordinate)
        x = grid.content_region.x + cell.x - int(grid.scroll_x)
        y = grid.content_region.y + cell.y - int(grid.scroll_y)
        self.editor.styles.offset = (max(0, min(x, self.size.width - 30)),
                                     max(0, min(y, self.size.height - 3)))

    # --- layers and shape ----------------------------------------------------------------
    def action_layer(self, delta: int) -> None:
        k = max(1, min(self.state.depth, self.state.layer + delta))
        self.app.change(lambda: self.state.select_unit(k, 1))

    def action_units(self, delta: int) -> None:
        k = self.state.layer
        n = self.state.network.layers[k - 1].n_out + delta
        self.app.change(lambda: self.state.set_units(k, n))

    def action_insert_layer(self) -> None:
        # As wide as the layer before it, so the layer after keeps its weights;
        # the new layer is shown, so X removes it again.
        k = min(self.state.layer, self.state.depth - 1)
        n = self.state.network.layers[k].n_in
        self.app.change(lambda: (self.state.insert_layer(k, n),
                                 self.state.select_unit(k + 1, 1)))

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
