"""The footer of every screen: Textual's Footer, rebuilt only when what it
shows changes.

Textual's Footer throws its keys away and composes them again on every
"bindings updated" signal, and each focus move, each refresh_bindings() and
the start itself send one. At start-up that rebuilt the explorer's eleven
keys five times, 20 to 50 ms each, so the footer appeared a third of a
second after the panes (bench/startup_bench.py, "whole screen"), and every
move of the focus rebuilt it again while keys waited. Here each signal still
asks for a look after the next refresh, as Footer does, but the keys are
rebuilt only if a key, its label or whether it is enabled differs from what
is shown: the looks after the first of a burst find nothing to do.

Every signal asks again, with no "already asked" flag: Textual keeps an
after-refresh callback on the screen in front, and a side screen closed
before it was idle (C C, G G) dropped it, which left such a flag set and
the footer frozen (a reviewer's find).
"""
from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple | None = None  # what the keys on screen were composed from

    def bindings_changed(self, screen: Screen) -> None:
        # As Footer.bindings_changed, but through _rebuild, which may find nothing to do.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple:
        """What compose() makes the keys from: every shown binding with its
        label, key display, tooltip and whether it is enabled now."""
        app = self.app
        return tuple(
            (binding.key, binding.action, binding.description, app.get_key_display(binding),
             enabled, tooltip, binding.group, binding.show)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING)

    async def _rebuild(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
