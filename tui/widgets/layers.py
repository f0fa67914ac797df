"""The layers pane: every layer's a_k and z_k per unit, its shape line, and a
symbol (not only a colour) for saturated and dead units."""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding

import core

from .. import format as fmt
from ..i18n import t
from ..state import ExplorerState
from .lines import LinesView


class LayersView(LinesView):
    BINDINGS = [
        Binding("up", "move(-1)", t("key.prev"), tooltip=t("tip.unit_prev"), show=False),
        Binding("down", "move(1)", t("key.next"), tooltip=t("tip.unit_next"), show=False),
        Binding("pageup", "move(-10)", t("key.page_up"), tooltip=t("tip.unit_page_up"),
                show=False),
        Binding("pagedown", "move(10)", t("key.page_down"), tooltip=t("tip.unit_page_down"),
                show=False),
        Binding("home", "move(-1000000)", t("key.first"), tooltip=t("tip.unit_first"),
                show=False),
        Binding("end", "move(1000000)", t("key.last"), tooltip=t("tip.unit_last"), show=False),
    ]
    COMPONENT_CLASSES = {"layers--cursor", "layers--header", "layers--saturated",
                         "layers--dead", "layers--dim"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None
        self._rows: list[tuple[int, int]] = []  # (k, 0) header, (k, -1) columns, (k, j) unit
        self._line_of: dict[tuple[int, int], int] = {}

    def on_mount(self) -> None:
        self.app.state_changed.subscribe(self, self.show)
        self.show(self.app.state)

    def show(self, state: ExplorerState) -> None:
        self._state = state
        key = (state.version, state.layer, state.unit, self.has_focus)
        if key == self._key:
            return  # nothing this pane shows has changed
        self._key = key
        sizes = tuple(state.network.sizes)
        if sizes != getattr(self, "_sizes", None):
            self._sizes = sizes
            self._rows = []
            for k, layer in enumerate(state.network.layers, start=1):
                self._rows += [(k, 0), (k, -1)] + [(k, j) for j in range(1, layer.n_out + 1)]
            self._line_of = {row: i for i, row in enumerate(self._rows)}
        # Flags for the whole network at once: one numpy call per layer.
        self._saturated = [state.trace.saturated(k) for k in range(1, state.depth + 1)]
        self._dead = [state.trace.dead(k) for k in range(1, state.depth + 1)]
        self.lines_changed()
        line = self._line_of[(state.layer, state.unit)]
        # Show the layer's header too when its first unit is selected.
        self.keep_visible(line - 2 if state.unit == 1 else line, line)

    def line_count(self) -> int:
        return len(self._rows)

    def make_line(self, index: int) -> Text:
        state, style = self._state, self.get_component_rich_style
        k, j = self._rows[index]
        layer = state.network.layers[k - 1]
        if j == 0:
            return Text(t("layers.header", k=k, function=core.get(layer.activation).label,
                          shape=fmt.shape_line(layer.n_in, layer.n_out, tight=True)),
                        style("layers--header"))
        if j == -1:
            z_name = "y" if k == state.depth else f"z{k}"
            return Text(f"  {t('layers.columns'):>4} {f'a{k}':>10} {z_name:>10}",
                        style("layers--dim"))
        a, z = state.trace.a[k - 1][j - 1], state.trace.z[k - 1][j - 1]
        selected = (k, j) == (state.layer, state.unit)
        line = Text(f"{'▸' if selected else ' '} {j:>4} {fmt.short(a):>10} {fmt.short(z):>10} ")
        if self._dead[k - 1][j - 1]:
            line.append(t("flag.dead"), style("layers--dead"))
        elif self._saturated[k - 1][j - 1]:
            line.append(t("flag.saturated"), style("layers--saturated"))
        if selected and self.has_focus:
            line.stylize(style("layers--cursor"))
        return line

    def text(self) -> str:
        """Every line as plain text, as the pane would show it (for tests and export)."""
        return "\n".join(self.make_line(i).plain for i in range(self.line_count()))

    def on_focus(self) -> None:
        self._key = None
        self.show(self._state)

    def on_blur(self) -> None:
        self._key = None
        self.show(self._state)

    def action_move(self, delta: int) -> None:
        units = self._state.units()
        index = units.index((self._state.layer, self._state.unit))
        k, j = units[max(0, min(len(units) - 1, index + delta))]
        self.app.select_unit(k, j)

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._rows) and self._rows[index][1] > 0:
            self.app.select_unit(*self._rows[index])
