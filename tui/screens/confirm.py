"""Asks before unsaved work would be lost: save, discard or cancel."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..i18n import t
from ..keys import key, localise
from ..dialog import AnsweredOnce


class UnsavedChangesScreen(AnsweredOnce, ModalScreen[str | None]):
    """Dismisses with "save", "discard" or None (cancel)."""
    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        # No plain key discards: a burst (q q q d d from the explorer, where d
        # shows h'; q → ⏎, where → moved the focus onto Discard) must not
        # throw work away. Discard is its button's click, or ctrl+d, a chord
        # no burst of the explorer's keys makes; the button takes no focus.
        key("s", "choose('save')", "confirm_save", show=False),
        key("ctrl+d", "choose('discard')", "confirm_discard", show=False),
        key("escape,c", "choose(None)", "confirm_cancel", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, name: str, doing: str, question: str = "confirm.question"):
        """question: the catalogue key; a training run has epochs, not changes."""
        super().__init__()
        self.file_name, self.doing, self.question = name, doing, question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = t("confirm.title")
            yield Static(t(self.question, name=self.file_name, doing=self.doing),
                         markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(t("confirm.save"), id="save", variant="primary")
                discard = Button(t("confirm.discard"), id="discard", variant="error")
                discard.can_focus = False  # ← → and tab pass it by: see BINDINGS
                yield discard
                yield Button(t("confirm.cancel"), id="cancel")

    def on_mount(self) -> None:
        localise(self)
        self.query_one("#save").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


class ReplaceFileScreen(AnsweredOnce, ModalScreen[bool]):
    """Asks before Save as… or an export writes over a file that exists."""
    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        key("r", "choose(True)", "confirm_replace", show=False),
        key("escape,c", "choose(False)", "confirm_cancel", show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, name: str):
        super().__init__()
        self.file_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body") as body:
            body.border_title = t("confirm.replace_title")
            yield Static(t("confirm.replace_question", name=self.file_name), markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(t("confirm.replace"), id="replace", variant="warning")
                yield Button(t("confirm.cancel"), id="cancel", variant="primary")

    def on_mount(self) -> None:
        localise(self)
        self.query_one("#cancel").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "replace")

    def action_choose(self, choice: bool) -> None:
        self.dismiss(choice)
