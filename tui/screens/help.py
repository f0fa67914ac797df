"""The help screen (F1 or ?): every key, listed from the bindings themselves
so that it can never fall behind them."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import t


def key_table(title: str, bindings) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None,
                  padding=(0, 2, 0, 0), expand=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for binding in bindings:
        keys = ", ".join(key.replace("question_mark", "?") for key in binding.key.split(","))
        table.add_row(Text(keys, style="bold"), binding.tooltip or binding.description)
    return table


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", t("key.close"))]

    def __init__(self, sections: list[tuple[str, list[Binding]]]):
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = t("help.title")
            for title, bindings in self.sections:
                yield Static(key_table(title, bindings))
            yield Static(t("help.focus"), markup=False)
            yield Static(t("help.palette"), markup=False)
            yield Static(t("layers.legend"), markup=False)
            yield Static(t("help.close"), markup=False, classes="dim")
