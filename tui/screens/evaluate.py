"""Chapter 3.6 on screen (issue 15): the explorer's network over the test set
in batches of 100, its accuracy, the confusion matrix with each class's
share right, and the images it got wrong, each with its true and predicted
label and the softmax bars; enter makes the image shown the explorer's x.

Reading the set and evaluating run in a worker thread (a second on 10,000
images), so keys are answered meanwhile; every number is core.evaluate's
or core.forward's. The network is the explorer's: when it changes (a file,
a trained one handed over), the screen evaluates again when shown."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

import core
from core import evaluate

from .. import format as fmt
from ..i18n import t
from ..keys import key, localise
from ..widgets.input_image import GreyPicture, half_blocks
from ..widgets.key_footer import KeyFooter
from ..widgets.title_bar import TitleBar

PAGE = 10  # images a page key moves


class EvaluateScreen(Screen):
    CSS_PATH = "evaluate.tcss"
    BINDINGS = [
        key("escape", "app.pop_screen", "eval_back"),
        key("left", "move(-1)", "eval_prev", show=False),
        key("right", "move(1)", "eval_next", show=False),
        key("pageup", f"move(-{PAGE})", "eval_page_up", show=False),
        key("pagedown", f"move({PAGE})", "eval_page_down", show=False),
        key("home", "move(-1000000)", "eval_first", show=False),
        key("end", "move(1000000)", "eval_last", show=False),
        key("up", "cycle_class(-1)", "eval_class_up", show=False),
        key("down", "cycle_class(1)", "eval_class_down", show=False),
        key("a", "toggle_all", "eval_all"),
        key("c", "toggle_view", "eval_view"),
        key("enter", "use_as_x", "eval_use"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: evaluate.Evaluation | None = None
        self.images = None  # the test set read (core.data.DataSet)
        self.evaluated = None  # the network result is of
        self.wrong_only = True  # a shows every image instead
        self.label: int | None = None  # ↑↓: only images of this true label
        self.position = 0  # in the list shown
        self.failed: str | None = None  # one line: no data, a network that does not fit
        self.progress = ""  # the worker's reading and evaluating line
        self.view = "gallery"  # where only one of the two fits: c shows the other

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="eval-info", markup=False)
        with Horizontal(id="eval-body"):
            yield Static("", id="eval-confusion", markup=False)
            with Horizontal(id="eval-gallery"):
                yield GreyPicture("", id="eval-picture")
                yield Static("", id="eval-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self.app.subscribe(self, self.show_network)

    async def recompose(self) -> None:
        """A language switch builds the widgets again: the figures come back."""
        await super().recompose()
        self.show_all()

    def on_resize(self) -> None:
        self.show_all()
        self.call_after_refresh(self._show_gallery)  # the bars as wide as the pane now is

    # --- the evaluation ---------------------------------------------------------------
    def show_network(self, state) -> None:
        """The explorer's network changed (or the screen just opened)."""
        if state.network is not self.evaluated:
            self.evaluated, self.result, self.failed = state.network, None, None
            self._evaluate(state.network)
        self.show_all()

    @work(thread=True, exclusive=True, group="evaluate", exit_on_error=False)
    def _evaluate(self, network: core.Network) -> None:
        worker = get_current_worker()
        try:
            self._progress(t("eval.reading", path=fmt.shown_name(self.app.image_sets.where())))
            images = self.app.image_sets.get()
            if network.n_inputs != images.x_test.shape[1]:
                self.app.call_from_thread(self._finished, network, None, None, t(
                    "eval.needs_inputs", n=network.n_inputs, pixels=images.x_test.shape[1]))
                return

            def progress(done: int, total: int) -> None:
                if worker.is_cancelled:
                    raise core.Cancelled()
                if done == total or done % 2000 == 0:
                    self._progress(t("eval.running", done=f"{done:,}", total=f"{total:,}"))

            result = evaluate.evaluate(network, images.x_test, images.t_test,
                                       evaluate.BATCH_SIZE, progress)
        except core.Cancelled:
            return
        except core.ActlabError as error:
            if not worker.is_cancelled:
                from ..app import one_line  # the app's one line for every error
                self.app.call_from_thread(self._finished, network, None, None,
                                          t("notify.error", message=one_line(error)))
            return
        if not worker.is_cancelled:
            try:
                self.app.call_from_thread(self._finished, network, images, result, None)
            except Exception as error:  # a drawing bug: one line, never a silent blank
                self.app.call_from_thread(self.app.report, error)

    def _progress(self, line: str) -> None:
        def show():
            self.progress = line
            self._show_info()
        self.app.call_from_thread(show)

    def _finished(self, network, images, result, failed) -> None:
        if network is not self.evaluated:
            return  # a newer network is being evaluated
        self.images, self.result, self.failed, self.progress = images, result, failed, ""
        self.position = 0
        self.show_all()
        self.call_after_refresh(self._show_gallery)  # the bars as wide as the laid-out pane

    # --- what is browsed --------------------------------------------------------------
    def shown(self) -> np.ndarray:
        """Indices into the test set that ←→ walk: the wrong ones (or all),
        of the label chosen with ↑↓ (or every label)."""
        result = self.result
        if result is None:
            return np.zeros(0, dtype=np.int64)
        keep = result.predicted != result.t if self.wrong_only else np.ones(result.count, bool)
        if self.label is not None:
            keep &= result.t == self.label
        return np.flatnonzero(keep)

    def action_move(self, step: int) -> None:
        count = len(self.shown())
        if count:
            self.position = int(np.clip(self.position + step, 0, count - 1))
        self._show_gallery()

    def action_cycle_class(self, step: int) -> None:
        if self.result is None:
            return
        choices = [None, *range(self.result.confusion.shape[0])]
        self.label = choices[(choices.index(self.label) + step) % len(choices)]
        self.position = 0
        self.show_all()

    def action_toggle_all(self) -> None:
        current = self._current()
        self.wrong_only = not self.wrong_only
        shown = self.shown()
        # The image in view stays in view when it is in the new list.
        where = np.flatnonzero(shown == current) if current is not None else []
        self.position = int(where[0]) if len(where) else 0
        self.show_all()

    def action_toggle_view(self) -> None:
        self.view = "confusion" if self.view == "gallery" else "gallery"
        self.show_all()

    def _current(self) -> int | None:
        shown = self.shown()
        return int(shown[self.position]) if len(shown) else None

    def action_use_as_x(self) -> None:
        """The image shown becomes the explorer's x, its label the target t."""
        i = self._current()
        if i is None:
            self.app.report(t("eval.nothing_to_use"))
            return
        x, label = self.images.x_test[i], int(self.images.t_test[i])
        state = self.app.state
        def use() -> np.ndarray:
            used = state.use_image(x, label, t("eval.undo", i=i + 1))
            if state.output == "softmax" and state.loss_kind != "cross_entropy":
                state.set_loss("cross_entropy")  # the book's loss for a label: δ is then b's
            return used

        if self.app.change(use) is None:
            return
        self.app.pop_screen()
        self.app.announce(t("eval.used", i=i + 1, label=self._label_name(label)))

    # --- drawing ----------------------------------------------------------------------
    def _label_name(self, label: int) -> str:
        names = self.images.class_names if self.images is not None else None
        return f"{label} {names[label]}" if names and label < len(names) else str(label)

    def show_all(self) -> None:
        if not self.is_mounted:
            return
        wide = self.size.width >= 110
        self.set_class(not wide and self.view == "confusion", "-confusion")
        self.set_class(not wide and self.view == "gallery", "-gallery")
        self._show_info()
        self._show_confusion()
        self._show_gallery()

    def _show_info(self) -> None:
        if not self.is_mounted:
            return
        info = self.query_one("#eval-info", Static)
        info.set_class(bool(self.failed), "-failed")
        if self.failed:
            info.update(self.failed)
        elif self.result is None:
            info.update(self.progress or t("eval.waiting"))
        else:
            r = self.result
            source = fmt.shown_name(Path(self.images.source).name)
            info.update(Text(t("eval.info", source=source, count=f"{r.count:,}",
                               accuracy=f"{r.accuracy:.4f}", correct=f"{r.correct:,}",
                               wrong=f"{r.count - r.correct:,}", batch=evaluate.BATCH_SIZE),
                             no_wrap=True, overflow="ellipsis"))

    def _show_confusion(self) -> None:
        pane = self.query_one("#eval-confusion", Static)
        pane.border_title = t("eval.confusion_title")
        if self.result is None:
            pane.update("")
            return
        confusion, per_class = self.result.confusion, self.result.per_class
        width = max(3, len(str(int(confusion.max(initial=0))))) + 1
        text = Text(no_wrap=True)
        text.append(f"{t('eval.true_pred'):<3} ", "dim")
        text.append("".join(f"{j:>{width}}" for j in range(len(confusion))), "dim")
        text.append("  " + fmt.pad_cells(t("eval.right"), 6) + "\n", "dim")  # 正解率 is 6 cells
        for i, row in enumerate(confusion):
            style = "reverse" if self.label == i else ""
            text.append(f"{i:>3} ", style or "dim")
            for j, count in enumerate(row):
                cell = f"{int(count):>{width}}"
                text.append(cell, "bold" if i == j else ("" if count else "dim"))
            share = per_class[i]
            text.append("  " + (f"{share:6.1%}" if np.isfinite(share) else f"{'-':>6}") + "\n",
                        style)
        names = self.images.class_names if self.images is not None else None
        if names:  # what each label means, in lines no wider than the table
            table = 4 + width * len(confusion) + 8
            line = ""
            for k, name in enumerate(names):
                item = f"{k} {name}"
                if line and cell_len(line) + 2 + cell_len(item) > table:
                    text.append("\n" + line, "dim")
                    line = item
                else:
                    line = f"{line}  {item}" if line else item
            text.append("\n" + line, "dim")
        pane.update(text)

    def _show_gallery(self) -> None:
        picture = self.query_one("#eval-picture", GreyPicture)
        detail = self.query_one("#eval-detail", Static)
        shown, i = self.shown(), self._current()
        what = t("eval.wrong" if self.wrong_only else "eval.all")
        of_label = "" if self.label is None else t("eval.of_label", label=self._label_name(self.label))
        where = t("eval.where", what=what, of=of_label, n=self.position + 1 if len(shown) else 0,
                  count=f"{len(shown):,}")
        picture.border_title = f"{self.position + 1 if len(shown) else 0}/{len(shown):,}"
        if i is None:
            picture.update("")
            detail.update("" if self.result is None else where + "\n" + t("eval.none_shown"))
            return
        images = self.images
        side = images.shape
        picture.update(half_blocks(images.x_test[i].reshape(side)))
        network = self.evaluated
        if network.activations[-1] != "softmax":
            network = network.with_output("softmax")
        y = core.forward(network, images.x_test[i]).y
        true, predicted = int(images.t_test[i]), int(self.result.predicted[i])
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(where + "\n")
        text.append(t("eval.image", i=f"{i + 1:,}") + "\n", "dim")
        text.append(t("eval.true", label=self._label_name(true)) + "\n")
        text.append(t("eval.predicted", label=self._label_name(predicted)) + "\n",
                    "bold" if true == predicted else "bold red")
        text.append("\n" + t("eval.softmax") + "\n", "dim")
        bar_cells = max(4, detail.content_size.width - 13)
        for k, p in enumerate(y):
            mark = "◀" if k == predicted else ("✓" if k == true else " ")
            bar = "█" * int(round(float(p) * bar_cells))
            text.append(f"{k:>2} {float(p):.4f} ")  # a probability: four places, always
            text.append(f"{bar:<{bar_cells}}", "green" if k == true else "")
            text.append(f" {mark}\n")
        detail.update(text)
