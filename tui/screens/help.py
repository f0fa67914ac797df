"""The help screen (F1 or ?): every key, listed from the bindings themselves
so that it can never fall behind them."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.keys import key_to_character

from ..keys import key, localise
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import t
from ..dialog import AnsweredOnce


# Names Textual gives keys that are not what a learner presses or reads.
SHOWN = {"plus": "+", "space": "space", "f1": "F1", "escape": "esc"}


def key_name(name: str) -> str:
    """What is printed on the key: '[' for left_square_bracket, not its name."""
    if name in SHOWN:
        return SHOWN[name]
    character = key_to_character(name)
    return character if character and character.isprintable() else name


def key_table(sections) -> Table:
    """One table for every section, so that the columns line up."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
    table.add_column(no_wrap=True, min_width=12)
    # fold: Japanese has no spaces to wrap at, and an ellipsis would hide the tip
    table.add_column(ratio=1, overflow="fold")
    for number, (title, bindings) in enumerate(sections):
        if number:
            table.add_row("", "")
        table.add_row(Text(title, style="italic"), "")
        for binding in bindings:
            keys = ", ".join(key_name(name) for name in binding.key.split(","))
            # Class bindings keep the language they were imported in: ask again.
            tip = t(f"tip.{binding.id}") if binding.id else binding.tooltip
            table.add_row(Text(keys, style="bold"), tip or binding.description)
    return table


class HelpScreen(AnsweredOnce, ModalScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = [key("escape,q,f1,question_mark", "dismiss", "close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]):
        super().__init__()
        self.sections = sections

    def on_mount(self) -> None:
        localise(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = t("help.title")
            yield Static(key_table(self.sections))
            yield Static(t("help.focus"), markup=False)
            yield Static(t("help.palette"), markup=False)
            yield Static(t("layers.legend"), markup=False)
            yield Static(t("help.close"), markup=False, classes="dim")
