"""The top line of every screen: ⭘, which opens the command palette, and the
screen's title, centred, as Textual's Header draws them.

One widget instead of Header's four (icon, title, clock space, and itself):
each widget mounted before the first frame is styled, started and laid out,
and Header's four cost the explorer's first screen about as much as the
layers pane (bench/startup_bench.py). A click on the title no longer makes
the line three rows tall; nothing was shown in them.
"""
from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

from ..i18n import t

ICON = "⭘"
ICON_WIDTH = 8  # Header's: the icon, its padding and room to hit it
RIGHT_WIDTH = 10  # Header's clock space, kept so that the title sits where it did
ICON_HOVER = "on $foreground 10%"  # HeaderIcon:hover


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._over_icon = False

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitle, init=False)
            self.watch(owner, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        # Not refresh itself: a watcher with one or two parameters gets the
        # values, and refresh would take them for regions.
        self.refresh()

    def heading(self) -> Content:
        """The screen's title and subtitle (the app's where the screen has
        none), formatted by the app, as Header does."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        room = max(0, self.size.width - ICON_WIDTH - RIGHT_WIDTH)
        heading = self.heading()
        if heading.cell_length > room:
            heading = heading.truncate(room, ellipsis=True)
        icon = Content(f" {ICON}".ljust(ICON_WIDTH))
        if self._over_icon:
            icon = icon.stylize(ICON_HOVER)
        # Centred by hand: Content.center pads the right by the whole room
        # (Textual 8.2), and cutting the line back to the screen's width
        # was the first frame's only truncation (rich loads its cell tables for it).
        left = (room - heading.cell_length) // 2
        heading = heading.pad(left, room - heading.cell_length - left)
        return Content.assemble(icon, heading, " " * RIGHT_WIDTH)

    def _set_over_icon(self, over: bool) -> None:
        over = over and self.app.ENABLE_COMMAND_PALETTE  # no palette: nothing to offer
        if over != self._over_icon:
            self._over_icon = over
            self.tooltip = t("title_bar.palette") if over else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_over_icon(event.x < ICON_WIDTH)

    def on_leave(self) -> None:
        self._set_over_icon(False)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
