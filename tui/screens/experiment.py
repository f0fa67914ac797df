"""The book's weight-initialisation experiment (chapter 6), rerun on every
change: one histogram per layer, side by side. Runs compute off the UI
thread; a newer setting stops the older run, and only the newest is shown."""
from __future__ import annotations

from dataclasses import dataclass, replace

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

import core
from core.experiments import MAX_STD, LayerHistogram, check_size, init_experiment

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key, localise
from ..state import cycle
from ..widgets.histogram import HistogramView
from ..widgets.key_footer import KeyFooter
from ..widgets.number_editor import NumberEditor, TypesNumbers
from ..widgets.title_bar import TitleBar

INITS = [("normal", 1.0), ("normal", 0.01), ("xavier", 1.0), ("he", 1.0)]  # t types any std
WIDTHS = [10, 25, 50, 100, 200, 500]
SAMPLES = [100, 1000, 10000]
MAX_LAYERS = 10
# Runs go off the UI thread, so keys are answered whatever the size; these
# bound how long the histograms lag behind the keys. Values bound memory
# (every layer's z is kept), multiply-adds bound time: ten times the book's
# run, 10,000 × 5 × 100, is 5 million values and 500 million multiply-adds
# (about 0.2 s here). `actlab init-experiment` takes up to core's own limit.
SCREEN_VALUES = 5_000_000
SCREEN_MULTIPLY_ADDS = 500_000_000
BUSY_AFTER = 0.15  # seconds: a run faster than this never flashes "computing"
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


class ExperimentScreen(TypesNumbers, Screen):
    CSS_PATH = "experiment.tcss"
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
        self._requested = 0  # the newest run asked for; older results are dropped
        self._shown = 0  # the run whose histograms are on screen
        self._busy_timer = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="experiment-info", markup=False)
        with Grid(id="experiment-layers"):
            for k in range(1, self.settings.layers + 1):
                yield HistogramView(id=f"histogram-{k}", classes="histogram")
        yield NumberEditor(id="std-edit")
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self._title_histograms()
        self.run()

    async def recompose(self) -> None:
        """A language switch builds the widgets again, and on_mount does not
        run again: the titles and the histograms come back here."""
        await super().recompose()
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
        """Rerun the experiment with the current settings, off the UI thread.
        The histograms keep the last result until the new one is ready."""
        self._requested += 1
        settings = replace(self.settings)  # a copy: keys change self.settings meanwhile
        self._show_info(settings, busy=False)
        if self._busy_timer is not None:
            self._busy_timer.stop()
        run = self._requested
        self._busy_timer = self.set_timer(BUSY_AFTER, lambda: self._show_busy(settings, run))
        self._compute(settings, run)

    def _show_busy(self, settings: Settings, run: int) -> None:
        # A timer's callback may already be on its way when the result lands
        # and stops it: say "computing" only while this very run is pending.
        if run == self._requested and self._shown != run:
            self._show_info(settings, busy=True)

    @work(thread=True, exclusive=True, group="experiment", exit_on_error=False)
    def _compute(self, settings: Settings, run: int) -> None:
        # exclusive: a newer run cancels this worker, and core stops at its
        # next block of samples instead of finishing work nobody will see.
        worker = get_current_worker()
        s = settings
        layers = init_experiment(s.activation, s.init, s.std, s.samples, s.layers, s.width,
                                 s.seed, stop=lambda: worker.is_cancelled)
        if layers is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._show, settings, run, layers)

    def _show(self, settings: Settings, run: int, layers: list[LayerHistogram]) -> None:
        if run != self._requested or not self.is_attached:  # newer settings, or closed
            return
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        self._shown = run
        for view, histogram in zip(self.query(HistogramView), layers):
            view.show(histogram)
        self._show_info(settings, busy=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A worker's state reaches the node that ran it, not the app: a run
        # that raised says so in one line, and "computing…" ends with it.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self._requested += 1  # no late timer says "computing" for it
            self._show_info(self.settings, busy=False)
            self.app.report(event.worker.error)

    def _show_info(self, s: Settings, busy: bool) -> None:
        info = t("experiment.info", function=function_label(s.activation),
                 init=self._init_name(s), samples=s.samples, layers=s.layers, width=s.width,
                 seed=s.seed)
        if busy:
            info += t("experiment.computing")
        self.query_one("#experiment-info", Static).update(info)

    @staticmethod
    def _init_name(s: Settings) -> str:
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
            check_size(candidate.samples, candidate.layers, candidate.width, SCREEN_VALUES,
                       SCREEN_MULTIPLY_ADDS)
        except core.ActlabError as exc:
            self.app.report(exc)
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

    # --- the standard deviation, typed in the one number editor ----------------------
    @property
    def editor(self) -> NumberEditor:
        return self.query_one("#std-edit", NumberEditor)

    def action_type_std(self) -> None:
        self.editor.open("", label="std", placeholder=t("experiment.std_prompt"),
                         parse=positive_number, apply=self._set_std,
                         invalid=lambda text: t("experiment.std_invalid", text=text,
                                                init=self._init_name(self.settings)))

    def _set_std(self, std: float) -> None:
        self.settings.init, self.settings.std = "normal", std
        self.run()

    def start_typing(self) -> None:
        self.action_type_std()


def positive_number(text: str) -> float:
    """A std the experiment takes: above 0, at most core's MAX_STD (as the
    command line's --init std:S)."""
    std = fmt.parse_number(text)
    if not 0 < std <= MAX_STD:
        raise ValueError(text)
    return std
