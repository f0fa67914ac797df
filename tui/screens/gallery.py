"""Every activation as a small plot with its derivative, formula and flags;
two of them compared large; why hidden layers must be non-linear; and why
softmax subtracts the max."""
from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

import core

from .. import format as fmt
from ..i18n import function_label, short_function_label, t
from ..keys import key, localise
from ..state import ExplorerState
from ..widgets.function_plot import FunctionPlot
from ..widgets.key_footer import KeyFooter
from ..widgets.number_editor import NumberEditor, TypesNumbers
from ..widgets.title_bar import TitleBar

FLAGS = ("zero_centred", "monotonic", "smooth", "saturating")
VECTOR_LENGTH = 400  # characters: some 40 numbers, more than a screen line shows


class GalleryScreen(TypesNumbers, Screen):
    CSS_PATH = "gallery.tcss"
    BINDINGS = [
        key("escape,v", "app.pop_screen", "gallery_back"),
        key("left", "move(-1)", "gallery_left", show=False),
        key("right", "move(1)", "gallery_right", show=False),
        key("up", "move_row(-1)", "gallery_up", show=False),
        key("down", "move_row(1)", "gallery_down", show=False),
        key("enter", "pick", "gallery_pick"),
        key("s", "side_by_side", "gallery_side_by_side"),
        key("n", "edit_softmax", "gallery_softmax"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.names = list(core.HIDDEN)
        self.cursor = self.names.index("sigmoid")
        self.compared = ["step", "sigmoid"]  # the book's figure 3-8
        self.side_by_side = False
        self.vector = np.array([1010.0, 1000.0, 990.0])  # the book's overflow example

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="gallery-body"):
            with Grid(id="gallery-tiles"):
                for name in self.names:
                    yield FunctionPlot((name,), id=f"tile-{name}", classes="tile")
            with Vertical(id="gallery-side"):
                yield Static("", id="gallery-detail", markup=False)
                with Horizontal(id="gallery-compare"):
                    yield FunctionPlot(legend=True, id="compare-a")
                    yield FunctionPlot(legend=True, id="compare-b")
        yield Static("", id="gallery-linear", markup=False)
        yield Static("", id="gallery-softmax", markup=False)
        yield NumberEditor(id="softmax-edit")
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self._title_tiles()
        self.app.subscribe(self, self._show_linear)
        self._show()

    async def recompose(self) -> None:
        """A language switch builds the widgets again, and on_mount does not
        run again: the titles and the panels come back here."""
        await super().recompose()
        self._title_tiles()
        self._show()

    def _title_tiles(self) -> None:
        for name in self.names:
            self.query_one(f"#tile-{name}", FunctionPlot).border_title = short_function_label(name)

    # --- drawing -----------------------------------------------------------------------
    def _show(self) -> None:
        for index, name in enumerate(self.names):
            tile = self.query_one(f"#tile-{name}", FunctionPlot)
            tile.set_class(index == self.cursor, "-cursor")
            tile.set_class(name in self.compared, "-picked")
        name = self.names[self.cursor]
        function = core.get(name)
        flags = t("flag.separator").join(t(f"flag.{flag}") for flag in FLAGS
                                         if getattr(function, flag))
        self.query_one("#gallery-detail", Static).update(t(
            "gallery.detail", function=function_label(name), formula=function.formula,
            range=fmt.interval(function), flags=flags or "—"))
        a, b = self.query_one("#compare-a", FunctionPlot), self.query_one("#compare-b")
        if self.side_by_side:
            a.show((self.compared[0],))
            b.show((self.compared[1],))
        else:
            a.show(tuple(self.compared))
        b.display = self.side_by_side
        first, second = self.compared
        a.fit_title(t("gallery.compare", a=function_label(first), b=function_label(second)),
                    t("gallery.compare", a=short_function_label(first),
                      b=short_function_label(second)))
        self._show_linear()
        self._show_softmax()

    def _show_linear(self, state: ExplorerState | None = None) -> None:
        state = self.app.state
        linear = state.network.with_hidden_activation("identity")
        single = core.collapsed(linear)
        y_network = core.forward(linear, state.x).y
        y_single = core.forward(single, state.x).y
        self.query_one("#gallery-linear", Static).update(t(
            "gallery.linear", W=fmt.matrix(single.layers[0].W, 3),
            b=fmt.vector(single.layers[0].b, 3), y_network=fmt.vector(y_network, 4),
            y_single=fmt.vector(y_single, 4), shape=state.shape()))

    def _show_softmax(self) -> None:
        naive = core.get("softmax_naive").fn(self.vector)
        stable = core.get("softmax").fn(self.vector)
        self.query_one("#gallery-softmax", Static).update(t(
            "gallery.softmax", a=fmt.vector(self.vector, 1), naive=fmt.vector(naive, 4),
            stable=fmt.vector(stable, 4)))

    # --- keys ----------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.names) - 1, self.cursor + delta))
        self._show()
        self.query_one(f"#tile-{self.names[self.cursor]}").scroll_visible(animate=False)

    def action_move_row(self, direction: int) -> None:
        # The stylesheet decides how many tiles make a row (5 wide, 3 narrower).
        columns = self.query_one("#gallery-tiles").styles.grid_size_columns
        self.action_move(direction * columns)

    def action_pick(self) -> None:
        """The highlighted function replaces the older of the two compared."""
        name = self.names[self.cursor]
        if name not in self.compared:
            self.compared = [self.compared[1], name]
        self._show()

    def action_side_by_side(self) -> None:
        self.side_by_side = not self.side_by_side
        self._show()

    # --- the softmax vector, typed in the one number editor --------------------------
    @property
    def editor(self) -> NumberEditor:
        return self.query_one("#softmax-edit", NumberEditor)

    def action_edit_softmax(self, prefill: bool = True) -> None:
        """Open the field holding the vector now (a paste starts it empty)."""
        text = ", ".join(fmt.compact(v, 4) for v in self.vector) if prefill else ""
        self.editor.open(text, label="a",
                         placeholder="1010, 1000, 990", parse=fmt.parse_vector,
                         apply=self._set_vector, limit=VECTOR_LENGTH,
                         invalid=lambda text: t("gallery.softmax_invalid", text=text))

    def _set_vector(self, values: list[float]) -> None:
        self.vector = np.array(values)
        self._show_softmax()

    def start_typing(self) -> None:  # a paste starts the field empty
        self.action_edit_softmax(prefill=False)
