"""ActLabApp: the explorer. It owns the one ExplorerState, changes it in one
place (change()), turns core's errors into notifications, and tells every
pane about each change through the state_changed signal."""
from __future__ import annotations

from typing import Callable, Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.signal import Signal
from textual.widgets import Footer, Header

import core

from .i18n import t
from .screens.help import HelpScreen
from .state import ExplorerState
from .widgets.activation_plot import ActivationPlot
from .widgets.explain import ExplainLine
from .widgets.input_vector import ComponentList, InputVector
from .widgets.layers import LayersView
from .widgets.output import OutputView


class ActLabApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "actlab"
    BINDINGS = [
        Binding("h", "cycle_hidden(1)", t("key.hidden_next"), tooltip=t("tip.hidden_next"),
                id="hidden-next"),
        Binding("H", "cycle_hidden(-1)", t("key.hidden_prev"), tooltip=t("tip.hidden_prev"),
                show=False, id="hidden-prev"),
        Binding("f", "cycle_layer", t("key.layer_next"), tooltip=t("tip.layer_next"),
                id="layer-next"),
        Binding("o", "cycle_output", t("key.output_next"), tooltip=t("tip.output_next"),
                id="output-next"),
        Binding("d", "toggle_derivative", t("key.derivative"), tooltip=t("tip.derivative"),
                id="derivative"),
        Binding("c", "cycle_compare", t("key.compare"), tooltip=t("tip.compare"),
                id="compare"),
        Binding("f1,question_mark", "help", t("key.help"), tooltip=t("tip.help"), id="help",
                key_display="F1"),
        # ctrl+q quits from anywhere; q not while typing a number in a field.
        Binding("ctrl+q", "quit", t("key.quit"), tooltip=t("tip.quit"), id="quit",
                priority=True),
        Binding("q", "quit", t("key.quit"), tooltip=t("tip.quit"), show=False, id="quit-q"),
    ]
    # Narrow or short terminals drop the panes that need room (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(self, network: core.Network | None = None, source: str = "book"):
        super().__init__()
        self.state = ExplorerState(network or core.preset("book"), source=source)
        self.state_changed: Signal[ExplorerState] = Signal(self, "state-changed")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield InputVector(id="input")
                yield LayersView(id="layers")
            with Vertical(id="right"):
                yield ActivationPlot(id="plot")
                yield OutputView(id="output", markup=False)
        yield ExplainLine(id="explain", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        layers = self.query_one(LayersView)
        layers.border_title = t("pane.layers")
        layers.border_subtitle = t("flag.saturated") + "  " + t("flag.dead")
        self._update_titles()
        self.query_one(ComponentList).focus()

    def _update_titles(self) -> None:
        self.sub_title = t("app.subtitle", source=self.state.source, shape=self.state.shape())

    # --- the one place where the state changes ------------------------------------
    def change(self, mutate: Callable[[], object], announce: Callable[[object], str] | None = None):
        """Run one state change; a core error becomes a notification and the
        state stays as it was. Every pane then hears of the new state."""
        try:
            result = mutate()
        except core.ActlabError as exc:
            self.notify(t("notify.error", message=str(exc)), severity="error")
            return None
        if announce is not None:
            self.notify(announce(result), timeout=2)
        self.state_changed.publish(self.state)
        return result

    # --- what panes ask for ------------------------------------------------------------
    # Run after the asking pane's key handler has returned: a pane repaints only
    # once its own queue is idle, so a change made inside its handler would reach
    # the screen a frame or two after the other panes (measured: 45 ms vs 3 ms).
    def nudge_x(self, component: int, steps: float) -> None:
        self.call_later(self.change, lambda: self.state.nudge_x(component, steps))

    def set_x(self, component: int, value: float) -> None:
        self.call_later(self.change, lambda: self.state.set_x(component, value))

    def select_component(self, component: int) -> None:
        self.call_later(self.change, lambda: self.state.select_component(component))

    def select_unit(self, layer: int, unit: int) -> None:
        self.call_later(self.change, lambda: self.state.select_unit(layer, unit))

    # --- actions (keys and palette) -------------------------------------------------------
    def action_cycle_hidden(self, direction: int) -> None:
        self.change(lambda: self.state.cycle_hidden(direction),
                    lambda name: t("cmd.hidden", function=core.get(name).label))

    def action_cycle_layer(self) -> None:
        k = self.state.layer
        self.change(lambda: self.state.cycle_layer(),
                    lambda name: t("cmd.layer", k=k, function=core.get(name).label))

    def action_cycle_output(self) -> None:
        self.change(lambda: self.state.cycle_output(),
                    lambda name: t("cmd.output", function=core.get(name).label))

    def action_toggle_derivative(self) -> None:
        self.change(lambda: setattr(self.state, "show_derivative",
                                    not self.state.show_derivative))

    def action_cycle_compare(self) -> None:
        self.change(lambda: self.state.cycle_compare(),
                    lambda name: t("cmd.compare", function=core.get(name).label)
                    if name else t("cmd.compare_off"))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen([
            (t("help.global"), [b for b in self.BINDINGS]),
            (t("help.input"), [b for b in ComponentList.BINDINGS]),
            (t("help.layers"), [b for b in LayersView.BINDINGS]),
        ]))

    # --- the command palette: every action, named by one pattern ---------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        state = self.state

        def run(mutate, announce=None):
            return lambda: self.change(mutate, announce)

        for name in core.HIDDEN:
            label = core.get(name).label
            yield SystemCommand(t("cmd.hidden", function=label), t("help.hidden", function=label),
                                run(lambda n=name: state.set_hidden_activation(n)))
        for name in core.OUTPUTS:
            label = core.get(name).label
            yield SystemCommand(t("cmd.output", function=label), t("help.output", function=label),
                                run(lambda n=name: state.set_output(n)))
        for k in range(1, state.depth + 1):
            options = core.OUTPUTS if k == state.depth else core.HIDDEN
            for name in options:
                label = core.get(name).label
                yield SystemCommand(t("cmd.layer", k=k, function=label),
                                    t("help.layer", k=k, function=label),
                                    run(lambda k=k, n=name: state.set_layer_activation(k, n)))
            yield SystemCommand(t("cmd.select_layer", k=k), t("help.select_layer", k=k),
                                run(lambda k=k: state.select_unit(k, 1)))
        for name in core.HIDDEN:
            label = core.get(name).label
            yield SystemCommand(t("cmd.compare", function=label), t("help.compare", function=label),
                                run(lambda n=name: setattr(state, "compare", n)))
        yield SystemCommand(t("cmd.compare_off"), t("help.compare_off"),
                            run(lambda: setattr(state, "compare", None)))
        yield SystemCommand(t("cmd.derivative"), t("help.derivative"),
                            self.action_toggle_derivative)
        yield SystemCommand(t("cmd.help"), t("help.help"), self.action_help)
