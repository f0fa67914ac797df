"""The gradient check (G, chapter 4 against chapter 5): for every parameter
array of the explorer's network, x and t, how far the numerical gradient
(central differences, h = 1e-4) is from backpropagation's, and core's causes
where the two differ. The check runs off the UI thread: a 784-input network
has tens of thousands of weights, two forward passes each, and closing the
screen ends it."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

import core

from .. import format as fmt
from ..i18n import t
from ..keys import key, localise
from ..widgets.key_footer import KeyFooter
from ..widgets.output import target_number
from ..widgets.title_bar import TitleBar


# Below this width the headings are the short ones: at 40x12 the long ones
# squeezed the array and shape columns out of the table.
NARROW = 60


def check_table(rows: list[core.CheckRow], shapes: list[tuple[int, ...]],
                narrow: bool = False) -> Table:
    short = "_short" if narrow else ""
    table = Table(box=None, padding=(0, 1 if narrow else 2, 0, 0), expand=True)
    table.add_column(t("check.array"), no_wrap=True)
    table.add_column(t("check.shape"), no_wrap=True)
    table.add_column(t("check.max_abs" + short), justify="right", no_wrap=True)
    table.add_column(t("check.max_rel" + short), justify="right", no_wrap=True)
    table.add_column("" if narrow else t("check.verdict"), ratio=1, overflow="fold")
    for row, shape in zip(rows, shapes):
        verdict = (Text(t("check.differs" + short) + (": " + " ".join(row.causes)
                                                       if row.causes else ""),
                        style="bold red") if row.large
                   else Text(t("check.agree" + short), style="green"))
        table.add_row(row.array, "×".join(str(n) for n in shape), fmt.number(row.max_abs, 3),
                      fmt.number(row.max_rel, 3), verdict)
    return table


def _first(texts, shown: int = 4) -> str:
    """The first few values of a vector, then …: a 784-value x or a
    10-value t took the screen's whole top at 40x12 (found by a tester)."""
    texts = list(texts)
    return ", ".join(texts[:shown]) + (", …" if len(texts) > shown else "")


class GradientCheckScreen(Screen):
    CSS_PATH = "gradient_check.tcss"
    BINDINGS = [key("escape,G", "app.pop_screen", "check_back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="check-info", markup=False)
        with VerticalScroll(id="check-body"):
            yield Static(t("check.computing"), id="check-table")
            yield Static(t("check.explain"), id="check-explain", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self._start()

    async def recompose(self) -> None:
        """A language switch builds the widgets again: the check comes back too."""
        await super().recompose()
        self._start()

    def _start(self) -> None:
        state = self.app.state
        loss = t(f"loss.{state.loss_kind}")
        self.query_one("#check-info", Static).update(t(
            "check.info", shape=state.shape(), loss=loss,
            t=_first(target_number(v) for v in state.target), x=_first(map(fmt.compact, state.x))))
        network = state.network
        self._shapes = [shape for layer in network.layers for shape in (layer.W.shape, layer.b.shape)]
        self._check(network, state.x, state.target, state.loss_kind)

    @work(thread=True, exclusive=True, group="gradient-check", exit_on_error=False)
    def _check(self, network: core.Network, x, target, loss: str) -> None:
        # Leaving the screen unmounts it and cancels this worker; the check
        # asks before every row, so G escape G escape leaves nothing running.
        worker = get_current_worker()
        try:
            rows = core.gradient_check(network, x, target, loss,
                                       stop=lambda: worker.is_cancelled)
        except core.Cancelled:
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[core.CheckRow]) -> None:
        self._rows = rows
        if self.is_attached:
            self.query_one("#check-table", Static).update(
                check_table(rows, self._shapes, narrow=self.size.width < NARROW))

    def on_resize(self) -> None:
        if getattr(self, "_rows", None) is not None:
            self._show(self._rows)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.query_one("#check-table", Static).update(t("check.failed"))
            self.app.report(event.worker.error)
