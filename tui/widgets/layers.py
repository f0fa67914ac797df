"""The layers pane: every layer's a_k and z_k per unit, its shape line, and a
symbol (not only a colour) for saturated and dead units."""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget

from .. import format as fmt
from ..i18n import t
from ..messages import SelectUnit
from ..state import ExplorerState


class LayersView(Widget, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1)", t("key.prev"), show=False),
        Binding("down", "move(1)", t("key.next"), show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
    ]
    COMPONENT_CLASSES = {"layers--cursor", "layers--header", "layers--saturated",
                         "layers--dead", "layers--dim"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None
        self._lines: list[Text] = []
        self._line_of: dict[tuple[int, int], int] = {}  # (k, j) -> line
        self._selected = (1, 1)

    def on_mount(self) -> None:
        self.app.state_changed.subscribe(self, self.show)
        self.show(self.app.state)

    def show(self, state: ExplorerState) -> None:
        self._state = state
        key = (state.version, state.layer, state.unit, self.has_focus)
        if key == self._key:
            return  # nothing this pane shows has changed
        self._key = key
        self._selected = (state.layer, state.unit)
        self._build(state)
        self.refresh(layout=True)
        self.call_after_refresh(self._keep_cursor_visible)

    def _build(self, state: ExplorerState) -> None:
        trace, network = state.trace, state.network
        style = self.get_component_rich_style
        lines, line_of = [], {}
        for k, layer in enumerate(network.layers, start=1):
            function = state.network.layers[k - 1].activation
            header = Text(t("layers.header", k=k, function=fmt_function(function),
                            shape=fmt.shape_line(layer.n_in, layer.n_out, tight=True)))
            header.stylize(style("layers--header"))
            lines.append(header)
            z_name = "y" if k == trace.depth else f"z{k}"
            columns = Text(f"  {t('layers.columns'):>4} {f'a{k}':>10} {z_name:>10}")
            columns.stylize(style("layers--dim"))
            lines.append(columns)
            saturated, dead = trace.saturated(k), trace.dead(k)
            for j in range(1, layer.n_out + 1):
                a, z = trace.a[k - 1][j - 1], trace.z[k - 1][j - 1]
                selected = (k, j) == self._selected
                line = Text(f"{'▸' if selected else ' '} {j:>4} {fmt.short(a):>10} "
                            f"{fmt.short(z):>10} ")
                if dead[j - 1]:
                    line.append(t("flag.dead"), style("layers--dead"))
                elif saturated[j - 1]:
                    line.append(t("flag.saturated"), style("layers--saturated"))
                if selected and self.has_focus:
                    line.stylize(style("layers--cursor"))
                line_of[(k, j)] = len(lines)
                lines.append(line)
        self._lines, self._line_of = lines, line_of

    def _keep_cursor_visible(self) -> None:
        line = self._line_of.get(self._selected, 0)
        if isinstance(self.parent, VerticalScroll):
            # Show the layer's header too when its first unit is selected.
            top = line - 2 if self._selected[1] == 1 else line
            self.parent.scroll_to_region(Region(0, top, 1, line - top + 1), animate=False)

    def get_content_height(self, container, viewport, width) -> int:
        return max(1, len(self._lines))

    def render(self) -> Text:
        return Text("\n").join(self._lines)

    def on_focus(self) -> None:
        self._key = None
        self.show(self._state)

    def on_blur(self) -> None:
        self._key = None
        self.show(self._state)

    def action_move(self, delta: int) -> None:
        units = self._state.units()
        index = units.index(self._selected)
        k, j = units[max(0, min(len(units) - 1, index + delta))]
        self.post_message(SelectUnit(k, j))

    def on_click(self, event: events.Click) -> None:
        for unit, line in self._line_of.items():
            if line == event.y:
                self.post_message(SelectUnit(*unit))


def fmt_function(name: str) -> str:
    import core
    return core.get(name).label
