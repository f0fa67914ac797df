"""ActLabApp: the explorer. It owns the one ExplorerState, changes it in one
place (change()), turns every error into one line in one place (report()),
and tells every pane about each change (subscribe()).

Side screens, the file dialogs and the help are imported when first shown,
so that the explorer appears sooner (bench/startup_bench.py)."""
from __future__ import annotations

import importlib
import weakref
from pathlib import Path
from typing import Callable

from textual import events, work
from textual.compose import compose
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.notifications import Notification
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

import core

from . import format as fmt
from .files import FileActions
from .i18n import function_label, set_language, t
from .images import ImageSets
from .keys import key, localise
from .state import ExplorerState
from .widgets.activation_plot import ActivationPlot
from .widgets.explain import ExplainLine
from .widgets.input_vector import ComponentList, InputVector
from .widgets.key_footer import KeyFooter
from .widgets.layers import LayersView
from .widgets.number_editor import NumberEditor
from .widgets.output import OutputView, target_number
from .widgets.title_bar import TitleBar

# name: (module under tui.screens, class); imported when first opened.
SCREENS = {"weights": ("weights", "WeightsScreen"), "landscape": ("landscape", "LandscapeScreen"),
           "experiment": ("experiment", "ExperimentScreen"),
           "gallery": ("gallery", "GalleryScreen"), "digit": ("digit", "DigitScreen"),
           "gradient_check": ("gradient_check", "GradientCheckScreen"),
           "graph": ("graph", "GraphScreen"), "graph_apple": ("graph", "AppleGraphScreen"),
           "train": ("train", "TrainScreen"), "evaluate": ("evaluate", "EvaluateScreen"),
           "image_train": ("image_train", "ImageTrainScreen")}
# A run lives on its screen: these are made once and kept (installed), so
# that leaving pauses the training and coming back finds it as it was.
KEPT_SCREENS = {"train", "image_train"}
# The explorer's own keys: over a side screen they would change the explorer
# hidden underneath, so there they neither run nor show in the footer.
EXPLORER_ACTIONS = {"cycle_hidden", "cycle_layer", "cycle_output", "toggle_derivative",
                    "cycle_compare", "open_screen", "presets", "toggle_view",
                    # learning (issue 13)
                    "edit_target", "toggle_backward", "gradient_step", "edit_learning_rate",
                    "cycle_loss", "gradient_check"}
# t and l open the learning field at once, as priority keys: the keys typed
# after them (a burst) then reach that field in order, never the pane with focus.
TYPING_ACTIONS = {"edit_target", "edit_learning_rate"}
ANNOUNCE_SECONDS = 2  # what a key did; saved/exported messages stay 3 s and are not replaced


def screen_class(name: str) -> type[Screen]:
    module, cls = SCREENS[name]
    return getattr(importlib.import_module(f".screens.{module}", __package__), cls)


def diagram_pane() -> Widget:
    """A new diagram pane (n), its module imported when first asked for."""
    from .widgets.diagram import DiagramPane

    return DiagramPane(id="diagram")


def palette_commands():
    """The palette's commands (tui/commands.py), imported when the palette
    first opens: the first screen does not need them."""
    from .commands import ActlabCommands

    return ActlabCommands


def one_line(error: BaseException) -> str:
    """An error as one line: its type when it has no words, never a newline,
    and no control character from a file name it quotes (shown escaped)."""
    text = fmt.shown_name(" ".join(str(error).split())) or type(error).__name__
    return text if isinstance(error, core.ActlabError) else f"{type(error).__name__}: {text}"


class HelpAsked(Message):
    """F1, on its way to the app by the road keys take (see action_help)."""


class StateListeners:
    """Who hears of each change: a node and its method, both held weakly, so a
    closed screen is freed and stops listening (Textual's Signal kept every
    closed gallery alive, recomputing on each key). A listener that raises
    shows one line; the others still hear."""

    def __init__(self, on_failure: Callable[[object, Exception], None]):
        self._listeners: list[tuple[weakref.ref, weakref.WeakMethod]] = []
        self._on_failure = on_failure

    def add(self, node, method) -> None:
        self._listeners.append((weakref.ref(node), weakref.WeakMethod(method)))

    def __len__(self) -> int:
        return sum(1 for node, _ in self._listeners if self._alive(node()))

    @staticmethod
    def _alive(node) -> bool:
        return node is not None and node.is_attached and node.is_running and not node._pruning

    def publish(self, state: ExplorerState) -> None:
        kept = []
        for node_ref, method_ref in self._listeners:
            node, method = node_ref(), method_ref()
            if method is None or not self._alive(node):
                continue
            kept.append((node_ref, method_ref))
            self.call(node, method, state)
        self._listeners = kept

    def call(self, node, method, state: ExplorerState) -> None:
        try:
            method(state)
        except Exception as error:  # a pane's bug must not end the app or the other panes
            self._on_failure(node, error)


class ExplorerScreen(Screen):
    """The screen the explorer's panes live on (the first on the stack).
    Its auto focus may pick x's list only. By default Textual picks the first
    focusable widget mounted, in a terminal the layers table, and on_mount
    then moved the focus to x: that styled the table and its six parts twice
    more before the first frame, for nothing shown."""
    AUTO_FOCUS = "#x-list"
    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # The first resume comes as the app starts, just after every widget
        # was styled as it mounted, and Textual styled all of them again: a
        # fifth of the time from the end of the imports to the first frame
        # (bench/startup_bench.py). Handlers run subclass first, so Screen's
        # own handler sees the flag. Later resumes (a side screen closed)
        # restyle as Textual decides.
        if not self._resumed:
            event.refresh_styles = False
        self._resumed = True


class ActLabApp(FileActions, App):
    CSS_PATH = "app.tcss"
    TITLE = "actlab"
    COMMANDS = {palette_commands}
    SIDE_SCREENS = SCREENS
    BINDINGS = [
        # F1 first and with priority: the footer lists priority keys first, so
        # help is in view at 80 columns too, and it opens even mid-number.
        key("f1", "help", "help", key_display="F1", priority=True),
        key("h", "cycle_hidden(1)", "hidden_next"),
        key("H", "cycle_hidden(-1)", "hidden_prev", show=False),
        key("f", "cycle_layer", "layer_next"),
        key("o", "cycle_output", "output_next"),
        key("d", "toggle_derivative", "derivative"),
        key("c", "cycle_compare", "compare"),
        key("n", "toggle_view", "view", show=False),
        # learning (issue 13): t, the backward view, one step, its rate, the loss, the check
        # Not in the footer: at 120 columns the Japanese footer has no room left.
        key("b", "toggle_backward", "backward", show=False),
        key("s", "gradient_step", "gradient_step", show=False),
        key("t", "edit_target", "target", show=False, priority=True),
        key("l", "edit_learning_rate", "learning_rate", show=False, priority=True),
        key("E", "cycle_loss", "loss", show=False),
        key("G", "gradient_check", "gradient_check", show=False),
        key("C", "open_screen('graph')", "graph", show=False),
        key("w", "open_screen('weights')", "weights"),
        key("g", "open_screen('landscape')", "landscape"),
        key("e", "open_screen('experiment')", "experiment", show=False),
        key("v", "open_screen('gallery')", "gallery", show=False),
        key("D", "open_screen('digit')", "digit", show=False),
        key("T", "open_screen('train')", "train", show=False),
        key("M", "open_screen('evaluate')", "evaluate", show=False),
        key("I", "open_screen('image_train')", "image_train", show=False),
        key("p", "presets", "presets", show=False),
        key("ctrl+z", "undo", "undo", show=False),
        key("ctrl+y", "redo", "redo", show=False),
        key("ctrl+o", "open", "open", show=False),
        key("ctrl+s", "save", "save", show=False),
        key("question_mark", "help", "help", show=False),
        # ctrl+q quits from anywhere; q not while typing a number in a field.
        key("ctrl+q", "quit", "quit", priority=True),
        key("q", "quit", "quit", show=False),
    ]
    # Narrow or short terminals drop the panes that need room (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall"), (32, "-roomy")]

    def __init__(self, network: core.Network | None = None, source: str | None = None,
                 path: Path | None = None, preset: str | None = None,
                 data: str | None = None):
        super().__init__()
        self.image_sets = ImageSets(data)  # `actlab --data PATH`: what M and I read
        if network is None:
            network, preset = core.preset(preset or "book"), preset or "book"
        self.state = ExplorerState(network, source=source or "", preset=preset,
                                   path=None if path is None else Path(path))
        self.listeners = StateListeners(self._pane_failed)

    def get_default_screen(self) -> Screen:
        return ExplorerScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield InputVector(id="input")
                yield LayersView(id="layers")
                if self.state.left_view == "diagram":  # else made when n first shows it
                    yield diagram_pane()
            with Vertical(id="right"):
                yield ActivationPlot(id="plot")
                yield OutputView(id="output")
        yield ExplainLine(id="explain", markup=False)
        yield KeyFooter()  # t and η's field goes above it when first opened (learning_field)

    def on_mount(self) -> None:
        localise(self)
        self._localise_explorer()
        self._show_left_view()
        # Done already (AUTO_FOCUS) unless x's list was not there when the
        # screen looked for it.
        self.query_one(ComponentList).focus()

    def _show_left_view(self) -> None:
        """The left pane's view as the state says: the layers table or the
        diagram. Display is set here, at once, not by a CSS class (styled on
        the next refresh), so that focus can move to the shown one at once."""
        diagram = self.state.left_view == "diagram"
        explorer = self.explorer
        explorer.query_one("#main").set_class(diagram, "-diagram")  # the pane's width
        explorer.query_one(LayersView).display = not diagram
        for pane in explorer.query("#diagram"):
            pane.display = diagram

    async def _diagram_canvas(self):
        """The diagram, mounted (hidden) the first time n asks for it: its
        pane and its 13 styled parts cost the first screen of every start
        about a tenth of its time (bench/startup_bench.py), for a view many
        never open."""
        left = self.explorer.query_one("#left")
        if not left.query("#diagram"):
            await left.mount(diagram_pane())
        return left.query_one("#diagram-canvas")

    def _localise_explorer(self) -> None:
        localise(self.screen_stack[0])
        self.refresh_bindings()
        self._update_titles()

    def _update_titles(self) -> None:
        mark = "*" if self.state.dirty else ""
        self.title = t("app.title")
        self.sub_title = t("app.subtitle", source=self.source_label() + mark,
                           shape=self.state.shape())

    def training_runs(self) -> list:
        """The training screens kept with their runs (T and I), opened or not."""
        return [self.get_screen(name) for name in sorted(KEPT_SCREENS)
                if self.is_screen_installed(name)]

    def source_label(self) -> str:
        """Where the network came from, in the current language."""
        state = self.state
        if state.path is not None:
            return fmt.shown_name(state.path.name)
        if state.preset is not None:
            return t("app.preset", name=state.preset)
        return fmt.shown_name(state.source) or t("app.untitled")

    @property
    def explorer(self) -> Screen:
        """The screen the panes live on, whatever is shown above it."""
        return self.screen_stack[0]

    # --- the one place where the state changes ------------------------------------
    def change(self, mutate: Callable[[], object], announce: Callable[[object], str] | None = None):
        """Run one state change; a core error becomes one line and the state
        stays as it was. Every pane then hears of the new state."""
        try:
            result = mutate()
        except core.ActlabError as exc:
            self.report(exc)
            return None
        if announce is not None:
            self.announce(announce(result))
        self.listeners.publish(self.state)
        self._update_titles()
        return result

    def announce(self, message: str) -> None:
        """What a key just did, in the header row. A newer announcement replaces
        the one still shown: s s s (or h held down) stacked a column of them
        over the panes. Errors (report) stay until they time out."""
        for shown in list(self._notifications):
            if shown.severity == "information" and shown.timeout <= ANNOUNCE_SECONDS:
                self._unnotify(shown, refresh=False)
        self._notify_now(message, "information", ANNOUNCE_SECONDS)

    def subscribe(self, node, method: Callable[[ExplorerState], object]) -> None:
        """`node` hears of every change through `method` while it is mounted,
        and of the state now: a pane that fails to draw, first time or later,
        shows one line instead of ending the app."""
        self.listeners.add(node, method)
        self.listeners.call(node, method, self.state)

    def redraw(self, node, method: Callable[[ExplorerState], object]) -> None:
        """A pane drawing again of its own accord (resize, focus, a view key),
        through the same guard as a change."""
        self.listeners.call(node, method, self.state)

    # --- the one place where errors become what the user sees ------------------------
    def report(self, error: BaseException | str) -> None:
        """One line, in the current language, with the state left as it was."""
        if isinstance(error, core.ActlabError):
            message = t("notify.error", message=one_line(error))
        elif isinstance(error, str):
            message = error
        else:
            message = t("notify.failed", error=one_line(error))
        if any(shown.message == message for shown in self._notifications):
            return  # the same refusal is still on screen: a held key does not stack copies
        self._notify_now(message, "error", 6)

    def _notify_now(self, message: str, severity: str, timeout: float) -> None:
        """Added now, not through the message queue as App.notify does: in a
        burst of keys none of the others was there yet when the next came, so
        announcements were not replaced and refusals not recognised as shown,
        and their toasts stacked (six U: four copies of one refusal)."""
        self._notifications.add(Notification(message, "", severity, timeout, markup=False))
        self._refresh_notifications()

    def _pane_failed(self, node, error: Exception) -> None:
        self.log.error(f"{node!r} failed to show the state", error)
        self.report(t("notify.pane_failed", pane=type(node).__name__, error=one_line(error)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # File workers run with exit_on_error=False: what one raises is a line.
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report(event.worker.error)

    async def on_event(self, event: events.Event) -> None:
        # Keys still queued while the app closes (key repeat, a burst) arrive
        # after the last screen has gone, where Textual's binding lookup
        # raises ScreenStackError: nobody is there to answer them.
        if isinstance(event, events.Key) and not self.screen_stack:
            return
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded \
                and self._learning_field_takes(event):
            return
        if isinstance(event, events.Key) and not event.is_forwarded \
                and await self._key_in_order(event):
            return
        if isinstance(event, events.Paste) and not event.is_forwarded \
                and self._paste_in_order(event):
            return
        await super().on_event(event)

    def _in_order_target(self):
        """Who takes keys and pastes in order: the focused pane, or, between a
        widget's removal and its successor's focus (the weights grid is
        replaced on ], u, r, …), the screen, which speaks for it."""
        target = self.focused
        if target is None and self.screen is self.explorer:
            # Nothing has the focus yet: a key typed as the explorer starts,
            # before its auto focus, or just after a language switch. x's list
            # is where the focus goes: it takes the key, and the focus now, so
            # that its bindings act too (the digits of a burst were lost).
            for target in self.explorer.query(ComponentList):
                self.explorer.set_focus(target, scroll_visible=False)
                return target
        if target is None or not target.is_attached or \
                getattr(target, "replaced", False):
            target = self.screen
        return target

    def _paste_in_order(self, event: events.Paste) -> bool:
        """A paste into those panes, as it arrives: in a burst the keys after
        it acted first (paste '0.' then 5⏎ set 5.0)."""
        take = getattr(self._in_order_target(), "take_paste_in_order", None)
        if take is None:
            return False
        take(event)
        return True

    async def _key_in_order(self, event: events.Key) -> bool:
        """A key for a pane where numbers are typed (x, the diagram, the
        weights grid), dealt with here, as it arrives: its field, else its
        binding. Textual hands a key to the focused widget, which starts a
        number at once, while a binding waits until the key has bubbled back
        up to the app, so in a burst `] 0.7 enter` the 0 opened the field for
        the old edge before ] had moved on, and 0.7 overwrote the weight typed
        before it. Here every key acts before the next one is looked at."""
        target = self._in_order_target()
        take = getattr(target, "take_key_in_order", None)
        if take is None:
            return False
        if await self._check_bindings(event.key, priority=True):
            return True
        if take(event):
            return True
        node = getattr(target, "in_order_node", lambda: None)()
        if node is None or node is self.focused:
            return await self._check_bindings(event.key)
        # The focus has not reached node yet: its bindings, as the chain from it.
        for each in node.ancestors_with_self:
            for binding in each._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.run_action(binding.action, each):
                    return True
        return False

    def _learning_field_takes(self, event: events.Key | events.Paste) -> bool:
        """While t or η is typed, every key but the priority ones (F1, ctrl+q)
        goes to that field, in the order it arrived, whichever pane has focus."""
        if self.screen is not self.explorer:
            return False
        editor = self.learning_field()
        if editor is None or not editor.active:
            return False
        if isinstance(event, events.Paste):
            editor.take_paste(event.text, start=lambda first: None)
            return True
        if event.key in ("f1", "ctrl+q"):
            return False
        return editor.take_key(event)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's last resort: a handler raised outside every guard, and the
        widget it ran in has stopped. Before the app ends: keep the user's
        network in a file, and say so in one line (no traceback), exit status 1."""
        saved = self._rescue()
        if self._exception is None:  # Pilot tests re-raise it
            self._exception = error
            self._exception_event.set()
        self._return_code = 1
        self.log.error("unrecoverable", error)
        lines = [t("crash.line", error=one_line(error))]
        if saved is not None:
            lines.append(t("crash.saved", path=fmt.shown_name(saved)))
        self._exit_renderables.extend(lines)
        self._close_messages_no_wait()

    def _rescue(self) -> Path | None:
        """The unsaved network (with x) written beside its file, or in the
        working folder, or the temporary one; None when nothing was unsaved."""
        import tempfile
        import time

        if not self.state.dirty:
            return None
        stem = self.state.path.stem if self.state.path else "untitled"
        name = f"{stem}.recovered-{time.strftime('%Y%m%d-%H%M%S')}.json"
        folders = [self.state.path.parent] if self.state.path else []
        for folder in folders + [Path.cwd(), Path(tempfile.gettempdir())]:
            try:
                core.save(self.state.network_to_save(), folder / name)
                return folder / name
            except (core.ActlabError, OSError):
                continue
        return None

    # --- what panes ask for --------------------------------------------------------
    def nudge_x(self, component: int, steps: float) -> None:
        self.change(lambda: self.state.nudge_x(component, steps))

    def set_x(self, component: int, value: float) -> None:
        self.change(lambda: self.state.set_x(component, value))

    def select_component(self, component: int) -> None:
        self.change(lambda: self.state.select_component(component))

    def select_unit(self, layer: int, unit: int) -> None:
        self.change(lambda: self.state.select_unit(layer, unit))

    # --- actions (keys and palette) -------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The explorer's keys work, and show in the footer, only over the explorer;
        t and l are letters like any other while a number is being typed."""
        if action in EXPLORER_ACTIONS and self.screen is not self.explorer:
            return False
        if action in TYPING_ACTIONS and any(
                editor.active for editor in self.explorer.query(NumberEditor)):
            return False
        return True

    def action_cycle_hidden(self, direction: int) -> None:
        self.change(lambda: self.state.cycle_hidden(direction),
                    lambda name: t("cmd.hidden", function=function_label(name)))

    def action_cycle_layer(self) -> None:
        k = self.state.layer
        self.change(lambda: self.state.cycle_layer(),
                    lambda name: t("cmd.layer", k=k, function=function_label(name)))

    def action_cycle_output(self) -> None:
        self.change(lambda: self.state.cycle_output(),
                    lambda name: t("cmd.output", function=function_label(name)))

    def action_toggle_derivative(self) -> None:
        self.change(lambda: setattr(self.state, "show_derivative",
                                    not self.state.show_derivative))

    def action_cycle_compare(self) -> None:
        self.change(lambda: self.state.cycle_compare(),
                    lambda name: t("cmd.compare", function=function_label(name))
                    if name else t("cmd.compare_off"))

    async def action_toggle_view(self) -> None:
        """n: the layers table or the diagram in the left pane; the one shown
        takes the focus if the other had it, so its keys work at once. The
        keys after n wait while the diagram is first mounted."""
        layers, canvas = self.query_one(LayersView), await self._diagram_canvas()
        had_focus = self.focused in (layers, canvas)
        self.change(self.state.toggle_view)
        self._show_left_view()
        shown = canvas if self.state.left_view == "diagram" else layers
        # Focus moves now, not later (Widget.focus waits for the queue): the
        # keys of a burst after n already belong to the pane it shows.
        if shown is canvas or had_focus:
            self.explorer.set_focus(shown)
        self.call_after_refresh(self.redraw, shown, shown.show)

    # --- learning (issue 13) ---------------------------------------------------------------
    def learning_field(self, make: bool = False) -> NumberEditor | None:
        """Where t and η are typed, under the panes at every size (the output
        pane may not show); None until t or η is first typed (and after a
        language switch): hidden until then, it was styled before every
        first screen for nothing. `make` mounts it when it is not there."""
        explorer = self.explorer
        for field in explorer.query("#learn-edit").results(NumberEditor):
            return field
        if not make:
            return None
        field = NumberEditor(id="learn-edit")
        explorer.mount(field, before=explorer.query_one(KeyFooter))
        return field

    def action_edit_target(self) -> None:
        """A class to pick for a softmax output (t cycles it); else t typed as a vector."""
        state = self.state
        if state.output.startswith("softmax"):
            self.change(state.cycle_target, lambda j: t("notify.target_class", j=j))
            return
        now = ", ".join(target_number(v) for v in state.target)
        self.learning_field(make=True).open(
            "", label="t", placeholder=now, parse=fmt.parse_vector,
            apply=lambda values: self.change(lambda: state.set_target(values)),
            invalid=lambda text: t("learn.target_invalid", text=text, n=state.network.n_outputs,
                                   now=now))

    def action_edit_learning_rate(self) -> None:
        state = self.state
        now = fmt.compact(state.learning_rate, 6)
        self.learning_field(make=True).open(
            "", label="η", placeholder=now,
            apply=lambda value: self.change(lambda: state.set_learning_rate(value)),
            invalid=lambda text: t("learn.rate_invalid", text=text, now=now))

    def action_toggle_backward(self) -> None:
        def toggle():
            self.state.show_backward = not self.state.show_backward
            self.explorer.set_class(self.state.show_backward, "-backward")
        self.change(toggle)

    def action_gradient_step(self) -> None:
        lr = self.state.learning_rate
        self.change(self.state.gradient_step,
                    lambda loss: t("notify.step", lr=fmt.compact(lr, 6), loss=fmt.short(loss)))

    def action_cycle_loss(self) -> None:
        self.change(self.state.cycle_loss, lambda kind: t(f"loss.{kind}"))

    def action_gradient_check(self) -> None:
        self.action_open_screen("gradient_check")

    def action_undo(self) -> None:
        self.change(self.state.undo, lambda what: t("notify.undo", what=what) if what
                    else t("notify.nothing_to_undo"))

    def action_redo(self) -> None:
        self.change(self.state.redo, lambda what: t("notify.redo", what=what) if what
                    else t("notify.nothing_to_redo"))

    def action_open_screen(self, name: str) -> None:
        """One side screen at a time above the explorer: opening another
        replaces it, so escape always leads straight back."""
        cls = screen_class(name)
        if isinstance(self.screen, cls):
            return
        if isinstance(self.screen, ModalScreen):
            return  # a dialog or the help is asking something: it answers first
        if name == "image_train" and not self.is_screen_installed(name):
            self._read_images_then_open()  # 60,000 images: a second, off the UI thread
            return
        if name in KEPT_SCREENS:
            if not self.is_screen_installed(name):
                self.install_screen(cls(), name)
            screen = self.get_screen(name)
        else:
            screen = cls()
        if self.screen is self.explorer:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    @work(thread=True, exclusive=True, group="read-images", exit_on_error=False)
    def _read_images_then_open(self) -> None:
        """I: the 60,000 images and the first run's epoch 0 (figures over
        70,000 images), a second or more, here; then the screen opens, if
        the learner is still where I was pressed (else it says I is ready)."""
        from .screens.image_train import ImageTrainScreen, first_run
        origin = self.screen
        self.call_from_thread(self.announce, t("images.reading", path=fmt.shown_name(
            self.image_sets.path or t("images.usual_places"))))
        try:
            ready = first_run(self.image_sets.get(train=True))
        except core.ActlabError as error:
            self.call_from_thread(self.report, error)
            return

        def open_it() -> None:
            if self.is_screen_installed("image_train"):
                return  # opened meanwhile
            if self.screen is not origin:  # T, a dialog...: not taken away from it
                self.announce(t("images.ready"))
                return
            self.install_screen(ImageTrainScreen(ready), "image_train")
            self.action_open_screen("image_train")
        self.call_from_thread(open_it)

    def action_command_palette(self) -> None:
        from .commands import ActlabPalette

        if self.use_command_palette and not ActlabPalette.is_open(self):
            self.push_screen(ActlabPalette(id="--command-palette"))

    @classmethod
    def key_sections(cls) -> list:
        """(title, bindings) for every place keys work: the help screen and
        `actlab --help` both list these, so neither can fall behind."""
        from .widgets.diagram import NetworkDiagram

        sections = [(t("help.global"), list(cls.BINDINGS)),
                    (t("help.input"), list(ComponentList.BINDINGS)),
                    (t("help.layers"), list(LayersView.BINDINGS)),
                    (t("help.diagram"), list(NetworkDiagram.BINDINGS))]
        for name in SCREENS:
            screen = screen_class(name)
            bindings = list(screen.BINDINGS)
            if name == "weights":
                from .screens.weights import WeightGrid
                bindings = list(WeightGrid.BINDINGS) + bindings
            sections.append((t(f"help.{name}_screen"), bindings))
        return sections

    def action_help(self) -> None:
        # F1 is a priority key (it opens even mid-number), so it runs as it
        # arrives, while the keys typed just before it are still on their way
        # to the focused pane; they then met the help screen and were lost.
        # The help opens after them: its request takes the road they took,
        # from the focused widget up, one queue after another.
        self._in_order_target().post_message(HelpAsked())

    def on_help_asked(self, message: HelpAsked) -> None:
        from .screens.help import HelpScreen

        message.stop()
        if isinstance(self.screen, HelpScreen):
            return
        if isinstance(self.screen, CommandPalette):
            # The palette lists every command itself; and the keys before F1
            # may be its enter, on its way, which would then be dropped
            # (AnsweredOnce) and leave the palette under the help.
            return
        sections = self.key_sections()
        # Over a side screen, its own keys come first: they are the ones that work there.
        names = [None, None, None, None, *SCREENS]  # the sections' order in key_sections
        for index, name in enumerate(names):
            if name is not None and isinstance(self.screen, screen_class(name)):
                sections.insert(0, sections.pop(index))
                break
        self.push_screen(HelpScreen(sections))

    # --- language ------------------------------------------------------------------------
    async def switch_language(self, code: str) -> None:
        """Every label, message and command in another language, without restarting."""
        set_language(code)
        localise(self)
        # The explorer is the default screen, composed by the app itself, so
        # App.recompose would rebuild whichever screen is on top instead.
        explorer = self.explorer
        # The pane that had focus keeps it (the diagram lost it to x, and the
        # next number typed set x instead of the weight).
        had_focus = explorer.focused.id if explorer.focused is not None else None
        # A number half typed (x, a weight in the diagram, t or η) is typed
        # again once the panes are remade: the switch closed its field and lost it.
        half_typed = [(field.id, field.parent.id, field.label, field.text())
                      for field in explorer.query(NumberEditor) if field.active]
        async with explorer.batch():
            await explorer.query("*").exclude(".-textual-system").remove()
            await explorer.mount_all(compose(self))  # panes set their titles as they mount
        if self.screen is not self.explorer:
            await self.screen.recompose()
            localise(self.screen)
        self._localise_explorer()
        self._show_left_view()
        again = explorer.query(f"#{had_focus}") if had_focus else None
        target = again.first() if again else explorer.query_one(ComponentList)
        # Now, not as Widget.focus does after the queue: the keys of a burst
        # typed meanwhile go to the pane that had the focus.
        explorer.set_focus(target, scroll_visible=False)
        for field, owner, label, text in half_typed:
            if field != "learn-edit":  # x's pane or the diagram's: each opens its own
                for pane in explorer.query(f"#{owner}"):
                    pane.start_editing(text)
                continue
            if label == "t":
                self.action_edit_target()
            else:
                self.action_edit_learning_rate()
            self.learning_field().take_paste(text, start=lambda first: None)
        self.announce(t("notify.language"))
