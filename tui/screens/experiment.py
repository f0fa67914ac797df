"""The book's weight-initialisation experiment (chapter 6), rerun on every
change: one histogram per layer, side by side."""
from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

import core
from core.experiments import check_size, init_experiment

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key, localise
from ..state import cycle
from ..widgets.histogram import HistogramView

INITS = [("normal", 1.0), ("normal", 0.01), ("xavier", 1.0), ("he", 1.0)]  # t types any std
WIDTHS = [10, 25, 50, 100, 200, 500]
SAMPLES = [100, 1000, 10000]
MAX_LAYERS = 10
# Ten times the book's run (about 70 ms for sigmoid): beyond, typing would lag.
# `actlab init-experiment` takes up to core's own limit.
SCREEN_VALUES = 5_000_000
HISTOGRAM_WIDTH = 16  # the narrowest histogram whose labels fit (with border and padding)


@dataclass
class Settings:
    activation: str = "sigmoid"
    init: str = "normal"
    std: float = 1.0
    seed: int = 0
    samples: int = 1000
    layers: int = 5
    width: int = 100


class ExperimentScreen(Screen):
    BINDINGS = [
        key("escape,e", "app.pop_screen", "experiment_back"),
        key("a", "activation(1)", "experiment_activation"),
        key("A", "activation(-1)", "experiment_activation_back", show=False),
        key("i", "next_init", "experiment_init"),
        key("t", "type_std", "experiment_std"),
        key("s", "seed(1)", "experiment_seed_up"),
        key("S", "seed(-1)", "experiment_seed_down", show=False),
        key("l", "layers(1)", "experiment_layers_up"),
        key("L", "layers(-1)", "experiment_layers_down", show=False),
        key("w", "width(1)", "experiment_width_up"),
        key("W", "width(-1)", "experiment_width_down", show=False),
        key("n", "samples(1)", "experiment_samples_up"),
        key("N", "samples(-1)", "experiment_samples_down", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Kept in one record: Screen already has attributes called layers and width.
        self.settings = Settings()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="experiment-info", markup=False)
        with Grid(id="experiment-layers"):
            for k in range(1, self.settings.layers + 1):
                yield HistogramView(id=f"histogram-{k}", classes="histogram")
        # Disabled while hidden, so that it never takes the screen's keys.
        yield Input(id="std-edit", compact=True, select_on_focus=False, disabled=True)
        yield Static("", id="std-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        localise(self)
        self.query_one("#std-edit").display = False
        self.query_one("#std-message").display = False
        self._title_histograms()
        self.run()

    def _title_histograms(self) -> None:
        for k, view in enumerate(self.query(HistogramView), start=1):
            view.border_title = t("experiment.layer", k=k)
        self._arrange()

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        """As many histograms side by side as the width holds, in rows if need be
        (ten layers at 80 columns: two rows of five)."""
        layers = self.settings.layers
        rows = -(-layers // max(1, self.size.width // HISTOGRAM_WIDTH))  # ceiling division
        # Rows as even as can be: 10 layers in 2 rows of 5, not 7 and 3.
        self.query_one("#experiment-layers").styles.grid_size_columns = -(-layers // rows)

    def run(self) -> None:
        """Rerun the experiment with the current settings (a few ms: one batch)."""
        s = self.settings
        layers = init_experiment(s.activation, s.init, s.std, s.samples, s.layers, s.width,
                                 s.seed)
        for view, histogram in zip(self.query(HistogramView), layers):
            view.show(histogram)
        self.query_one("#experiment-info", Static).update(t(
            "experiment.info", function=function_label(s.activation), init=self._init_name(),
            samples=s.samples, layers=s.layers, width=s.width, seed=s.seed))

    def _init_name(self) -> str:
        s = self.settings
        return f"std {fmt.compact(s.std, 4)}" if s.init == "normal" else s.init

    def action_activation(self, direction: int) -> None:
        self.settings.activation = cycle(core.HIDDEN, self.settings.activation, direction)
        self.run()

    def action_next_init(self) -> None:
        s = self.settings
        current = (s.init, s.std if s.init == "normal" else 1.0)
        s.init, s.std = cycle(INITS, current, 1)
        self.run()

    def action_seed(self, delta: int) -> None:
        self.settings.seed = max(0, self.settings.seed + delta)
        self.run()

    def _resize(self, **sizes) -> bool:
        """Take new samples/layers/width if the run stays small enough to follow
        the keys; else say why and keep the last settings."""
        candidate = replace(self.settings, **sizes)
        try:
            check_size(candidate.samples, candidate.layers, candidate.width, SCREEN_VALUES)
        except core.ActlabError as exc:
            self.notify(t("notify.error", message=str(exc)), severity="error")
            return False
        self.settings = candidate
        return True

    async def action_layers(self, delta: int) -> None:
        layers = max(1, min(MAX_LAYERS, self.settings.layers + delta))
        if layers == self.settings.layers or not self._resize(layers=layers):
            return
        row = self.query_one("#experiment-layers")
        await row.remove_children()
        await row.mount_all([HistogramView(id=f"histogram-{k}", classes="histogram")
                             for k in range(1, layers + 1)])
        self._title_histograms()
        self.run()

    def action_width(self, direction: int) -> None:
        if self._resize(width=cycle(WIDTHS, self.settings.width, direction)):
            self.run()

    def action_samples(self, direction: int) -> None:
        if self._resize(samples=cycle(SAMPLES, self.settings.samples, direction)):
            self.run()

    def action_type_std(self) -> None:
        editor = self.query_one("#std-edit", Input)
        editor.placeholder = t("experiment.std_prompt")
        editor.value = ""
        editor.display, editor.disabled = True, False
        editor.focus()

    @on(Input.Submitted, "#std-edit")
    def set_std(self, event: Input.Submitted) -> None:
        event.stop()
        message = self.query_one("#std-message", Static)
        try:
            std = fmt.parse_number(event.value)
            if std <= 0:
                raise ValueError(event.value)
        except ValueError:
            message.update(t("experiment.std_invalid", text=event.value))
            message.display = True
            return
        message.display = False
        self._hide_editor()
        self.settings.init, self.settings.std = "normal", std
        self.run()

    def on_key(self, event) -> None:
        if event.key == "escape" and self.query_one("#std-edit").display:
            event.stop()
            self.query_one("#std-message").display = False
            self._hide_editor()

    def _hide_editor(self) -> None:
        editor = self.query_one("#std-edit", Input)
        editor.display, editor.disabled = False, True
