"""The help screen (F1 or ?): every key, listed from the bindings themselves
so that it can never fall behind them."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from ..keys import key, localise
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import t


def key_table(sections) -> Table:
    """One table for every section, so that the columns line up."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=True)
    table.add_column(no_wrap=True, min_width=12)
    table.add_column(ratio=1)
    for number, (title, bindings) in enumerate(sections):
        if number:
            table.add_row("", "")
        table.add_row(Text(title, style="italic"), "")
        for binding in bindings:
            keys = ", ".join(key.replace("question_mark", "?")
                             for key in binding.key.split(","))
            # Class bindings keep the language they were imported in: ask again.
            tip = t(f"tip.{binding.id}") if binding.id else binding.tooltip
            table.add_row(Text(keys, style="bold"), tip or binding.description)
    return table


class HelpScreen(ModalScreen):
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
