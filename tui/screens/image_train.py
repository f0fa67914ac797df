"""The book's digits for real (issue 15): TwoLayerNet trained on the image set
(`actlab --data PATH`, else the usual places) as chapters 4 and 5 train it,
live. It is the training screen with image rows and image panes: the same
worker, play, pause, one epoch, reset and save (tui/screens/train.py), the
same core.train loop (the book's random batches, an epoch of n/batch steps,
a run of N steps), and instead of the playground's map: the train and test
accuracy per epoch, each step's batch loss, and W1's columns of chosen units
as 28×28 pictures that change as it learns.

x hands the epoch's network to the explorer with a test image as x; M hands
it to the evaluate screen. A run's first figures (epoch 0) are the loss and
accuracy over all 70,000 images, a second or more: the app's worker reads
the images and makes the first run before this screen opens (first_run),
and each new run's epoch 0 is made in a worker here (_first), so no key
waits for either."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.worker import get_current_worker
from textual.widgets import Static

import core
from core import train
from core.landscape import nice_ticks

from .. import format as fmt
from ..i18n import function_label, t
from ..keys import key
from ..widgets.colour_key import SWATCH
from ..widgets.half_blocks import picture
from ..widgets.heatmap import DIVERGING
from ..widgets.input_image import GreyPicture
from ..widgets.key_footer import KeyFooter
from ..widgets.legend import legend_label
from ..widgets.number_editor import NumberEditor
from ..widgets.title_bar import TitleBar
from ..widgets.train_controls import Control, TrainControls, _ranged, layers_text, parse_layers
from ..widgets.wide_plot import WidePlot
from .train import CHART_POINTS, TrainScreen

MAX_UNITS = 1000  # per hidden layer: a 784-1000-10 network still trains at a few epochs a minute
PICTURES = 2  # W1 columns drawn at once; [ ] page through the units

IMAGE_CONTROLS = [
    Control("layers", lambda n: [(20,), (50,), (100,), (50, 50), (100, 50)], layers_text,
            lambda text: parse_layers(text, MAX_UNITS), example="50",
            invalid="train.invalid.image_layers"),
    Control("activation", lambda n: list(core.HIDDEN), function_label),
    Control("lr", lambda n: [0.001, 0.01, 0.03, 0.1, 0.3, 1.0], lambda v: f"{v:g}",
            _ranged(1e-12, 1e6), keeps_network=True, example="0.1"),
    Control("optimizer", lambda n: list(train.OPTIMIZERS), keeps_network=True),
    Control("batch", lambda n: sorted({b for b in (1, 10, 32, 50, 100, 200, 1000) if b < n} | {n}),
            str, None, keeps_network=True),
    Control("init", lambda n: ["normal", "xavier", "he"]),
    Control("std", lambda n: [0.001, 0.01, 0.1, 1.0], lambda v: f"{v:g}", _ranged(0, 10),
            example="0.01"),
    Control("iters", lambda n: [1000, 2000, 5000, 10_000, 20_000, 50_000],
            lambda v: f"{v:,}", _ranged(1, 10_000_000, whole=True), keeps_network=True,
            example="10000"),
    Control("seed", None, str, _ranged(0, 2**32 - 1, whole=True), example="7"),
]


def book_settings(images) -> train.Settings:
    return train.Settings(dataset=train.IMAGES, data=images.source, **train.BOOK)


def first_run(images) -> tuple:
    """(run, iterator, epoch 0) of the book's settings: made in the app's
    worker thread that read the images, handed to the screen it opens."""
    run = train.prepare(book_settings(images), images)
    iterator = run.epochs()
    return run, iterator, next(iterator)


def picture_key() -> Text:
    """A W1 picture's colours: the ones −largest, 0 and +largest get (the
    picture's title says what largest is)."""
    low, zero, high = (DIVERGING.colours[level]
                       for level in DIVERGING.levels(np.array([0.0, 0.5, 1.0])))
    return Text.assemble((SWATCH, Style(color=low)), " −  ", (SWATCH, Style(color=zero)), " 0  ",
                         (SWATCH, Style(color=high)), " +")


class ImageTrainScreen(TrainScreen, inherit_bindings=False):
    CSS_PATH = "image_train.tcss"
    CONTROLS = IMAGE_CONTROLS
    # The training screen's run and row keys; not its map, point and diagram
    # keys, which mean nothing here. Nothing here takes focus (the screen gets
    # every key), so no tab either.
    BINDINGS = [b for b in TrainScreen.BINDINGS if b.id in (
        "train_back", "train_play", "train_step", "train_reset", "train_up", "train_down",
        "train_left", "train_right", "train_type", "train_save")] + [
        key("x", "to_explorer", "images_explorer"),
        key("M", "to_evaluate", "images_evaluate"),
        key("left_square_bracket", "units(-1)", "images_units_back", key_display="[",
            show=False),
        key("right_square_bracket", "units(1)", "images_units_on", key_display="]",
            show=False),
        key("w", "toggle_pictures", "images_pictures", show=False),
    ]

    def __init__(self, ready=None) -> None:
        self.images = self.app.image_sets.get(train=True)  # read by the app before this opens
        self.first_unit = 0  # the first of the units whose W1 column is drawn
        self.preparing: train.Settings | None = None  # a run whose epoch 0 a worker makes
        self._new_weights = False  # whether that run has new weights (else: carried on)
        self._step_rate = (time.monotonic(), 0)  # (when, step) the steps/s count from
        super().__init__(book_settings(self.images), ready)

    def _first(self, settings: train.Settings, iterator, then, failed=None) -> bool:
        """Epoch 0 in a worker: the rows show the new settings at once (the
        next ← → walks on from them), the run follows when it is ready. A
        newer change makes the older one's result stale; a refusal is one
        line and the rows go back to the run's settings."""
        self.preparing = settings
        self._epoch_zero(settings, iterator, then, failed)
        self._show_info()
        return True

    @work(thread=True, exclusive=True, group="epoch-zero", exit_on_error=False)
    def _epoch_zero(self, settings, iterator, then, failed) -> None:
        worker = get_current_worker()
        try:
            first = next(iterator)
        except core.ActlabError as error:
            self.app.call_from_thread(self._zero_failed, worker, error, failed)
            return
        self.app.call_from_thread(self._zero_done, worker, settings, then, first)

    def _zero_done(self, worker, settings, then, first) -> None:
        if worker.is_cancelled or self.preparing is not settings:
            return  # a newer change is on its way
        self.preparing = None
        then(first)
        self._show_all()

    def _zero_failed(self, worker, error, failed) -> None:
        if worker.is_cancelled:
            return
        self.preparing = None
        if failed is not None:
            failed()
        self.app.report(error)
        self._show_all()

    @property
    def shown_settings(self) -> train.Settings:
        return self.preparing or self.settings

    def _restart(self, settings: train.Settings) -> bool:
        self._new_weights = True
        return super()._restart(settings)

    def _carry_on(self, settings: train.Settings) -> bool:
        # New weights on their way: a new rate applies to them, not to the old network.
        if self.preparing is not None and self._new_weights:
            return super()._restart(settings)
        self._new_weights = False
        return super()._carry_on(settings)

    def _prepare(self, settings: train.Settings) -> train.Run:
        return train.prepare(settings, self.images)

    # --- the screen ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="train-info", markup=False)
        with Horizontal(id="train-body"):
            with Vertical(id="train-left"):
                yield TrainControls(self.CONTROLS, id="train-controls")
                yield Static("", id="train-figures", markup=False)
            with Vertical(id="images-charts"):
                yield WidePlot(id="images-accuracy")
                yield WidePlot(id="images-loss")
            with Vertical(id="images-pictures"):
                for k in range(PICTURES):
                    yield GreyPicture("", id=f"images-w{k}", classes="images-picture")
        yield NumberEditor(id="train-edit")
        yield KeyFooter(compact=True)

    def _show_info(self) -> None:
        s, epoch = self.settings, self.epoch
        done = s.iters is not None and epoch.iteration >= s.iters
        status = t("images.done") if done else (t("train.playing") if self.playing
                                                 else t("train.paused"))
        if self.preparing is not None:
            status = t("images.preparing")
        rate = ""
        since, first_step = self._step_rate
        now = time.monotonic()
        if not self.playing or epoch.iteration < first_step:
            self._step_rate = (now, epoch.iteration)  # counted again from the next play
        elif epoch.iteration > first_step and now > since:
            # Over the whole play, not a second: an epoch of 600 steps takes about one.
            rate = t("images.rate", rate=f"{(epoch.iteration - first_step) / (now - since):,.0f}")
        shape = "-".join(map(str, epoch.network.sizes))
        self.sub_title = t("train.subtitle", dataset=self.data_name, shape=shape)
        self.query_one("#train-info", Static).update(Text(t(
            "images.info", status=status, epoch=epoch.epoch, step=f"{epoch.iteration:,}",
            total=f"{s.iters:,}" if s.iters else "∞", rate=rate,
            source=self.data_name, shape=shape,
            activation=function_label(s.activation)), no_wrap=True, overflow="ellipsis"))

    def _show_epoch(self, chart: bool, detail: bool = True) -> None:
        epoch = self.epoch
        self._show_figures(epoch)
        if detail:
            self._drawn_detail = time.monotonic()
            self._show_pictures(epoch)
        if chart:
            self._drawn_chart = time.monotonic()
            self._show_chart()

    def _show_figures(self, epoch: train.Epoch) -> None:
        """Loss and accuracy on both sets, the accuracies to four places as
        the book prints them ("train acc, test acc | 0.9352, 0.9348")."""
        def four(value):
            return "—" if value is None or not np.isfinite(value) else f"{value:.4f}"

        rows = [(t("train.figures.loss"), four(epoch.train_loss), four(epoch.test_loss)),
                (t("train.figures.accuracy"), four(epoch.train_accuracy),
                 four(epoch.test_accuracy))]
        first = max(cell_len(name) for name, _, _ in rows) + 1
        lines = [" " * first + fmt.pad_cells(t("train.train"), 8) + fmt.pad_cells(t("train.test"), 9)]
        lines += [name + " " * (first - cell_len(name)) + fmt.pad_cells(a, 8) + fmt.pad_cells(b, 9)
                  for name, a, b in rows]
        self.query_one("#train-figures", Static).update(
            Text("\n".join(lines), no_wrap=True, overflow="ellipsis"))

    def _show_pictures(self, epoch: train.Epoch) -> None:
        """W1[:, j] of the units shown, each as a picture of the image's shape:
        blue where a bright pixel raises a1_j, orange where it lowers it, on a
        scale of that unit's own largest |w| (said in its title, and its
        colours' key in its bottom border)."""
        pane = self.query_one("#images-pictures")
        if not pane.display:
            return
        W1 = epoch.network.layers[0].W
        units = W1.shape[1]
        self.first_unit = max(0, min(self.first_unit, units - 1))
        for k in range(PICTURES):
            box = self.query_one(f"#images-w{k}", GreyPicture)
            j = self.first_unit + k
            box.display = j < units
            if j >= units:
                continue
            w = W1[:, j]
            largest = float(np.max(np.abs(w))) if w.size else 0.0
            scaled = 0.5 + 0.5 * (w / largest if largest > 0 else w)
            box.border_title = t("images.picture", j=j + 1, units=units,
                                 largest=fmt.short(largest))
            box.border_subtitle = picture_key()
            box.update(picture(DIVERGING.levels(scaled.reshape(self.images.shape)), DIVERGING))

    def _show_chart(self) -> None:
        history = self.history
        accuracy = self.query_one("#images-accuracy", WidePlot)
        plt = accuracy.plt
        plt.clear_data()
        plt.clear_figure()
        epochs = history.epochs
        if len(epochs) > 1:
            for name, label in (("train_accuracy", t("train.train")),
                                ("test_accuracy", t("train.test"))):
                values = history.figures[name]
                kept = [(e, v) for e, v in zip(epochs, values) if np.isfinite(v)]
                plt.plot([e for e, _ in kept], [v for _, v in kept], marker="braille",
                         label=legend_label(label))
            low = min(min(v for v in history.figures[n] if np.isfinite(v))
                      for n in ("train_accuracy", "test_accuracy"))
            plt.ylim(max(0.0, low - 0.05), 1.0)
            ticks = nice_ticks(epochs[0], epochs[-1], 4)
            whole = [v for v in ticks.values if float(v).is_integer()]
            plt.xticks(whole, [f"{v:.0f}" for v in whole])
        plt.title(t("images.accuracy_chart"))
        accuracy.refresh()

        loss = self.query_one("#images-loss", WidePlot)
        plt = loss.plt
        plt.clear_data()
        plt.clear_figure()
        values, stride = history.step_losses, history.step_stride
        if values:
            every = max(1, len(values) // (2 * CHART_POINTS))
            kept = [(k * stride + stride, v) for k, v in enumerate(values)
                    if k % every == 0 and np.isfinite(v)]
            plt.plot([s for s, _ in kept], [min(v, 1e6) for _, v in kept], marker="braille")
            ticks = nice_ticks(kept[0][0], kept[-1][0], 4) if kept else None
            if ticks is not None:  # steps are counted: no 1.50
                whole = [v for v in ticks.values if float(v).is_integer()]
                plt.xticks(whole, [f"{v:,.0f}" for v in whole])
        plt.title(t("images.loss_chart"))
        loss.refresh()

    # --- keys ------------------------------------------------------------------------
    def action_units(self, step: int) -> None:
        units = self.epoch.network.layers[0].W.shape[1]
        self.first_unit = int(np.clip(self.first_unit + step * PICTURES, 0,
                                      max(0, units - PICTURES)))
        self._show_pictures(self.epoch)

    def action_toggle_pictures(self) -> None:
        self.toggle_class("-pictures")
        self.call_after_refresh(self._show_all)

    @property
    def data_name(self) -> str:
        """The image set's folder or file name (fashion-mnist), not "images",
        escaped as every file name shown is."""
        return fmt.shown_name(Path(self.images.source).name)

    def _hand_over(self) -> int:
        """This epoch's network to the explorer with test image 1 as x and its
        label as t (one undo step); returns the epoch handed."""
        self.playing = False
        epoch, images = self.epoch, self.images
        x = images.x_test[0].astype(np.float64)
        # One-hot by hand: np.eye(n) of a set whose labels reach 65,535 would be 34 GB.
        target = np.zeros(epoch.network.n_outputs)
        if int(images.t_test[0]) < len(target):
            target[int(images.t_test[0])] = 1.0
        state = self.app.state
        source = t("train.source", dataset=self.data_name, epoch=epoch.epoch)

        def hand_over():
            state.replace_network(epoch.network.with_x(x), source=source)
            state.set_target(target)
            if state.loss_kind != "cross_entropy":
                state.set_loss("cross_entropy")
            return epoch

        return self.app.change(hand_over)

    def action_to_explorer(self) -> None:
        epoch = self._hand_over()
        if epoch is None:
            return
        self.app.pop_screen()
        self.app.announce(t("images.handed", epoch=epoch.epoch, step=f"{epoch.iteration:,}"))

    def action_to_evaluate(self) -> None:
        if self._hand_over() is None:
            return
        self.app.action_open_screen("evaluate")  # in this screen's place: escape, the explorer
