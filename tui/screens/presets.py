"""The preset picker: the book's networks by name."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

import core

from ..i18n import preset_description, t
from ..keys import key, localise
from ..dialog import AnsweredOnce


class PresetScreen(AnsweredOnce, ModalScreen[str | None]):
    """Dismisses with a preset name, or None."""
    CSS_PATH = "dialogs.tcss"

    BINDINGS = [key("escape,q", "dismiss(None)", "close", show=False)]

    def on_mount(self) -> None:
        localise(self)

    def compose(self) -> ComposeResult:
        options = OptionList(*[
            Option(f"{p.name:<6} {'-'.join(str(n) for n in p.build().sizes):<26} "
                   f"{preset_description(p.name)}", id=p.name)
            for p in core.PRESETS.values()], id="preset-list")
        options.border_title = t("presets.title")
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
