"""The input pane: each component of x, selected by arrows, nudged or typed."""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from core import curves

from .. import format as fmt
from ..i18n import t
from ..keys import key
from ..state import X_BIG_STEP, X_STEP, ExplorerState
from .lines import LinesView
from .number_editor import NumberEditor


class ComponentList(LinesView):
    """x1 … xn, one per line, the selected one highlighted."""

    BINDINGS = [
        key("up", "select(-1)", "x_prev", show=False),
        key("down", "select(1)", "x_next", show=False),
        key("right", "nudge(1)", "x_up", show=False),
        key("left", "nudge(-1)", "x_down", show=False),
        key("shift+right", "nudge(10)", "x_up_big", show=False),
        key("shift+left", "nudge(-10)", "x_down_big", show=False),
        key("enter", "edit", "x_edit"),
    ]
    COMPONENT_CLASSES = {"component-list--cursor"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._x = ()
        self._cursor = 1
        self._version = None

    def on_mount(self) -> None:
        # The list subscribes itself rather than through its pane: it mounts
        # first, so it is told first, and its repaint joins the other panes'
        # in the same frame (bench/keystroke_bench.py: 24 ms to the last write,
        # against 52 ms when it was told last).
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        if (state.version, state.component) != (self._version, self._cursor):
            self._x, self._cursor, self._version = state.x, state.component, state.version
            self.lines_changed()
            self.keep_visible(state.component - 1)

    def line_count(self) -> int:
        return len(self._x)

    def make_line(self, index: int) -> Text:
        i = index + 1
        width = len(str(len(self._x))) + 1
        line = Text(f"{'▸' if i == self._cursor else ' '} {'x' + str(i):<{width}} "
                    f"{fmt.short(self._x[index]):>12}")
        if i == self._cursor and self.has_focus:
            line.stylize(self.get_component_rich_style("component-list--cursor"))
        return line

    def text(self) -> str:
        return "\n".join(self.make_line(i).plain for i in range(self.line_count()))

    def on_focus(self) -> None:
        self.lines_changed()

    def on_blur(self) -> None:
        self.lines_changed()

    def action_select(self, delta: int) -> None:
        self.app.select_component(self._cursor + delta)

    def action_nudge(self, steps: int) -> None:
        self.app.nudge_x(self._cursor, steps)

    def action_edit(self) -> None:
        self.query_ancestor(InputVector).start_editing("")

    def take_key_in_order(self, event: events.Key) -> bool:
        """The app's first stop for a key while this has focus (see
        ActLabApp._key_in_order): True when x_i's field took it."""
        pane = self.query_ancestor(InputVector)
        return pane.editor.take_key(event, start=pane.start_editing)

    def on_key(self, event: events.Key) -> None:
        # The list keeps focus while x_i is typed: every key of a burst comes
        # here, in order, and the editor takes it (see number_editor.py).
        if self.take_key_in_order(event):
            event.stop()
            event.prevent_default()

    def take_paste_in_order(self, event: events.Paste) -> None:
        pane = self.query_ancestor(InputVector)
        pane.editor.take_paste(event.text, start=pane.start_editing)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.take_paste_in_order(event)

    def on_click(self, event: events.Click) -> None:
        self.app.select_component(event.y + self.scroll_offset.y + 1)


class InputVector(Vertical):
    """The pane: the list, the field where x_i is typed, and a hint; x's
    picture beside the list when x is square.

    The field and the picture are mounted only when first needed: both are
    hidden at start-up, and styling and laying them out before the first
    screen was work for nothing shown (20,000 Python calls, a few ms). The
    field is made now, so that the keys of a burst go into its buffer, in
    order, while it mounts."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.editor = NumberEditor(id="x-edit")

    def compose(self) -> ComposeResult:
        with Horizontal(id="x-row"):
            yield ComponentList(id="x-list")
        yield Static(t("input.step", step=X_STEP, big=X_BIG_STEP), id="x-hint", markup=False)

    def on_mount(self) -> None:
        self.border_title = t("pane.input")
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        self._state = state
        if curves.image_side(len(state.x)) and not self.query("#image"):
            # Imported here: its 256 greys cost every start-up that draws no picture.
            from .input_image import InputImage

            self.query_one("#x-row").mount(InputImage(id="image"))  # it subscribes itself
        # Until the first change, the hint says where to begin; then which keys do what.
        hint = "input.start" if state.version == 0 else "input.step"
        if hint != getattr(self, "_hint", None):
            self._hint = hint
            self.query_one("#x-hint", Static).update(t(hint, step=X_STEP, big=X_BIG_STEP))

    def start_editing(self, first: str) -> None:
        i = self._state.component
        old = fmt.short(self._state.x[i - 1])
        if not self.editor.is_attached:
            self.mount(self.editor, before="#x-hint")
        self.editor.open(first, label=f"x{i}", placeholder=old,
                         apply=lambda value: self.app.set_x(i, value),
                         invalid=lambda text: t("input.invalid", text=text, i=i, value=old))
