"""The layers pane: every layer's a_k and z_k per unit, its shape line, and a
symbol (not only a colour) for saturated and dead units; in the backward view
(b) each unit's δ = ∂L/∂a and ∂L/∂z beside them, as core.backward gave them."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events

from core import curves

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key
from ..state import ExplorerState
from .lines import LinesView


SUMMARY_FROM = 8  # layers with more units than this get a summary and a strip
SUMMARY, STRIP = -2, -3  # row kinds, beside 0 (header) and -1 (column names)
BLOCKS = "▁▂▃▄▅▆▇█"  # z from the bottom of its range to the top


class LayersView(LinesView):
    BINDINGS = [
        key("up", "move(-1)", "unit_prev", show=False),
        key("down", "move(1)", "unit_next", show=False),
        key("pageup", "move(-10)", "unit_page_up", show=False),
        key("pagedown", "move(10)", "unit_page_down", show=False),
        key("home", "move(-1000000)", "unit_first", show=False),
        key("end", "move(1000000)", "unit_last", show=False),
    ]
    COMPONENT_CLASSES = {"layers--cursor", "layers--header", "layers--saturated",
                         "layers--dead", "layers--dim", "layers--gradient"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None
        self._rows: list[tuple[int, int]] = []  # (k, 0) header, (k, -1) columns, (k, j) unit
        self._line_of: dict[tuple[int, int], int] = {}

    def on_mount(self) -> None:
        # Set here, not by the app: a language switch remounts the pane.
        self.border_title = t("pane.layers")
        self.border_subtitle = t("flag.saturated") + "  " + t("flag.dead")
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        self._state = state
        if state.left_view != "layers":
            return  # the diagram is shown instead; n draws this again when it returns
        key = (state.version, state.layer, state.unit, self.has_focus, state.show_backward)
        if key == self._key:
            return  # nothing this pane shows has changed
        self._key = key
        sizes = tuple(state.network.sizes)
        width = self.scrollable_content_region.width
        if (sizes, width) != getattr(self, "_shape_key", None):
            self._shape_key = (sizes, width)
            self._rows = []
            for k, layer in enumerate(state.network.layers, start=1):
                self._rows.append((k, 0))
                if layer.n_out > SUMMARY_FROM:
                    # A whole large layer at a glance: its summary, then a strip
                    # of one character per unit, wrapped to the pane's width.
                    lines = -(-layer.n_out // max(8, width - 2))
                    self._rows += [(k, SUMMARY)] + [(k, STRIP - i) for i in range(lines)]
                self._rows += [(k, -1)] + [(k, j) for j in range(1, layer.n_out + 1)]
            self._line_of = {row: i for i, row in enumerate(self._rows)}
        # Flags for the whole network at once: one numpy call per layer.
        self._saturated = [state.trace.saturated(k) for k in range(1, state.depth + 1)]
        self._dead = [state.trace.dead(k) for k in range(1, state.depth + 1)]
        self._gradients = state.gradients() if state.show_backward else None
        # Four columns of numbers in the backward view: at 80 terminal columns
        # they are 8 wide (-0.0139 and 12.5000 still fit), else 10.
        self._column = 10 if self._gradients is None else max(8, min(10, (width - 7) // 4 - 1))
        self.lines_changed()
        line = self._line_of[(state.layer, state.unit)]
        # Show the layer's header too when its first unit is selected: for
        # a large layer its summary and strip lines stand between them (the
        # pane once stayed mid-strip, its header out of reach; a tester).
        self.keep_visible(self._line_of[(state.layer, 0)] if state.unit == 1 else line, line)

    def line_count(self) -> int:
        return len(self._rows)

    def make_line(self, index: int) -> Text:
        state, style = self._state, self.get_component_rich_style
        k, j = self._rows[index]
        layer = state.network.layers[k - 1]
        if j == 0:
            return Text(t("layers.header", k=k, function=function_label(layer.activation),
                          shape=fmt.shape_line(layer.n_in, layer.n_out, tight=True)),
                        style("layers--header"))
        if j == SUMMARY:
            return self._summary_line(k)
        if j <= STRIP:
            return self._strip_line(k, STRIP - j)
        if j == -1:
            z_name = "y" if k == state.depth else f"z{k}"
            # The heading stands over the four-digit unit numbers; a longer one
            # (ニューロン) runs into the blank left part of the a column.
            heading = fmt.pad_cells(t("layers.columns"), 4)
            w = self._column
            a_width = w - (cell_len(heading) - 4)
            columns = f"  {heading} {f'a{k}':>{a_width}} {z_name:>{w}}"
            if self._gradients is not None:
                columns += f" {f'δ{k}':>{w}} {f'∂L/∂{z_name}':>{w}}"
            return Text(columns, style("layers--dim"))
        a, z = state.trace.a[k - 1][j - 1], state.trace.z[k - 1][j - 1]
        selected = (k, j) == (state.layer, state.unit)
        w = self._column
        line = Text(f"{'▸' if selected else ' '} {j:>4} {fmt.short(a):>{w}} {fmt.short(z):>{w}} ")
        if self._gradients is not None:
            delta = self._gradients.delta[k - 1][j - 1]
            dz = self._gradients.dz[k - 1][j - 1]
            line.append(f"{fmt.short(delta):>{w}} {fmt.short(dz):>{w}} ", style("layers--gradient"))
        if self._dead[k - 1][j - 1]:
            line.append(t("flag.dead"), style("layers--dead"))
        elif self._saturated[k - 1][j - 1]:
            line.append(t("flag.saturated"), style("layers--saturated"))
        if selected and self.has_focus:
            line.stylize(style("layers--cursor"))
        return line

    def _summary_line(self, k: int) -> Text:
        summary = self._state.trace.layer_summary(k)
        z_name = "y" if k == self._state.depth else f"z{k}"
        line = Text(t("layers.summary", k=k, z=z_name,
                      a_min=fmt.compact(summary.a_min, 2), a_mean=fmt.compact(summary.a_mean, 2),
                      a_max=fmt.compact(summary.a_max, 2), z_min=fmt.compact(summary.z_min, 2),
                      z_mean=fmt.compact(summary.z_mean, 2), z_max=fmt.compact(summary.z_max, 2)))
        style = self.get_component_rich_style
        if summary.saturated:
            line.append("  " + t("layers.summary_saturated", n=summary.saturated),
                        style("layers--saturated"))
        if summary.dead:
            line.append("  " + t("layers.summary_dead", n=summary.dead), style("layers--dead"))
        return line

    def _strip_line(self, k: int, part: int) -> Text:
        z = self._state.trace.z[k - 1]
        name = self._state.network.layers[k - 1].activation
        levels = curves.levels(z, *curves.strip_range(name, z), steps=len(BLOCKS))
        per_line = max(8, self.scrollable_content_region.width - 2)
        chunk = levels[part * per_line:(part + 1) * per_line]
        return Text("  " + "".join(BLOCKS[v] if v >= 0 else "?" for v in chunk),
                    self.get_component_rich_style("layers--dim"))

    def text(self) -> str:
        """Every line as plain text, as the pane would show it (for tests and export)."""
        return "\n".join(self.make_line(i).plain for i in range(self.line_count()))

    def on_resize(self) -> None:
        super().on_resize()
        self._key = None  # the strips wrap to the new width
        if hasattr(self, "_state"):
            self.app.redraw(self, self.show)

    def on_focus(self) -> None:
        self._key = None
        self.app.redraw(self, self.show)

    def on_blur(self) -> None:
        self._key = None
        self.app.redraw(self, self.show)

    def action_move(self, delta: int) -> None:
        units = self._state.units()
        index = units.index((self._state.layer, self._state.unit))
        k, j = units[max(0, min(len(units) - 1, index + delta))]
        self.app.select_unit(k, j)

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self._rows) and self._rows[index][1] > 0:
            self.app.select_unit(*self._rows[index])
