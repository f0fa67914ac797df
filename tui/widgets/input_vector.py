"""The input pane: each component of x, selected by arrows, nudged or typed."""
from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, Static

from .. import format as fmt
from ..i18n import t
from ..messages import NudgeX, SelectComponent, SetX
from ..state import X_BIG_STEP, X_STEP, ExplorerState

STARTS_A_NUMBER = set("0123456789-+.")


class ComponentList(Widget, can_focus=True):
    """x1 … xn, one per line, the selected one highlighted."""

    BINDINGS = [
        Binding("up", "select(-1)", t("key.prev"), show=False),
        Binding("down", "select(1)", t("key.next"), show=False),
        Binding("right", "nudge(1)", t("key.nudge_up"), tooltip=t("tip.nudge"), show=False,
                id="x-up"),
        Binding("left", "nudge(-1)", t("key.nudge_down"), tooltip=t("tip.nudge"), show=False,
                id="x-down"),
        Binding("shift+right", "nudge(10)", t("key.nudge_up_big"), show=False, id="x-up-big"),
        Binding("shift+left", "nudge(-10)", t("key.nudge_down_big"), show=False,
                id="x-down-big"),
        Binding("enter", "edit", t("key.edit"), tooltip=t("tip.edit"), id="x-edit"),
    ]
    COMPONENT_CLASSES = {"component-list--cursor"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._rows: list[str] = []
        self._cursor = 1

    def show(self, x, component: int) -> None:
        rows = [fmt.short(v) for v in x]
        if rows != self._rows or component != self._cursor:
            self._rows, self._cursor = rows, component
            self.refresh(layout=True)
            self.call_after_refresh(self._keep_cursor_visible)

    def _keep_cursor_visible(self) -> None:
        # The list is the only child of its scroll container, at y = 0.
        if isinstance(self.parent, VerticalScroll):
            self.parent.scroll_to_region(Region(0, self._cursor - 1, 1, 1), animate=False)

    def get_content_height(self, container, viewport, width) -> int:
        return max(1, len(self._rows))

    def render(self) -> Text:
        text = Text()
        cursor_style = self.get_component_rich_style("component-list--cursor")
        width = max(len(str(len(self._rows))) + 1, 3)
        for i, value in enumerate(self._rows, start=1):
            line = Text(f"{'▸' if i == self._cursor else ' '} {'x' + str(i):<{width}} {value:>12}")
            if i == self._cursor and self.has_focus:
                line.stylize(cursor_style)
            text.append_text(line)
            if i < len(self._rows):
                text.append("\n")
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_select(self, delta: int) -> None:
        self.post_message(SelectComponent(self._cursor + delta))

    def action_nudge(self, steps: int) -> None:
        self.post_message(NudgeX(self._cursor, steps))

    def action_edit(self) -> None:
        self.query_ancestor(InputVector).start_editing("")

    def on_key(self, event: events.Key) -> None:
        # Typing a digit or sign starts editing with that character.
        if event.character and event.character in STARTS_A_NUMBER:
            event.stop()
            self.query_ancestor(InputVector).start_editing(event.character)

    def on_click(self, event: events.Click) -> None:
        self.post_message(SelectComponent(event.y + 1))


class InputVector(Vertical):
    """The pane: the list, a line to type a value, and an inline message."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="x-scroll", can_focus=False):
            yield ComponentList(id="x-list")
        yield Input(id="x-edit", compact=True)
        yield Static("", id="x-message", markup=False)
        yield Static(t("input.step", step=X_STEP, big=X_BIG_STEP), id="x-hint", markup=False)

    def on_mount(self) -> None:
        self.border_title = t("pane.input")
        self.query_one("#x-edit").display = False
        self.app.state_changed.subscribe(self, self.show)
        self.show(self.app.state)

    def show(self, state: ExplorerState) -> None:
        self._state = state
        self.query_one(ComponentList).show(state.x, state.component)

    def start_editing(self, first: str) -> None:
        editor = self.query_one("#x-edit", Input)
        i = self._state.component
        editor.display = True
        editor.value = first
        editor.placeholder = f"x{i}"
        editor.border_title = t("input.editing", i=i)
        editor.focus()
        editor.cursor_position = len(first)

    def stop_editing(self) -> None:
        editor = self.query_one("#x-edit", Input)
        editor.display = False
        self.query_one(ComponentList).focus()

    @on(Input.Submitted, "#x-edit")
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        i = self._state.component
        old = fmt.short(self._state.x[i - 1])
        try:
            value = fmt.parse_number(event.value)
        except ValueError:
            self.say(t("input.invalid", text=event.value, i=i, value=old))
            return
        self.say("")
        self.stop_editing()
        self.post_message(SetX(i, value))

    def say(self, message: str) -> None:
        line = self.query_one("#x-message", Static)
        line.update(message)
        line.display = bool(message)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#x-edit").display:
            event.stop()
            self.say("")
            self.stop_editing()
