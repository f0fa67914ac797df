"""The footer of every screen: Textual's Footer, rebuilt only when what it
shows changes.

Textual's Footer throws its keys away and composes them again on every
"bindings updated" signal, and each focus move, each refresh_bindings() and
the start itself send one. At start-up that rebuilt the explorer's eleven
keys five times, about 40 ms each, so the footer appeared a third of a
second after the panes (bench/startup_bench.py, "whole screen"), and every
move of the focus rebuilt it again while keys waited. Here a burst of
signals asks for one rebuild after the next refresh, and the rebuild happens
only if a key, its label or whether it is enabled differs from what is shown.
"""
from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_asked = False
    _shown: tuple | None = None  # what the keys on screen were composed from

    def bindings_changed(self, screen: Screen) -> None:
        # As Footer.bindings_changed, with the signals of a burst made one.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_asked:
            self._rebuild_asked = True
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
        self._rebuild_asked = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
