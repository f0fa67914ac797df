"""The app's side of `actlab serve`: Textual's web driver, held to bounds.

The server (tui/serve.py) already clamps sizes and refuses malformed messages;
this is the second line, in the app process itself, so that a session is
bounded even if a message reaches the app some other way.
"""
from __future__ import annotations

import os

from textual import events, messages
from textual.drivers.web_driver import WebDriver
from textual.geometry import Size

# A 4K screen at a 7-pixel font is about 550 x 150 cells. The app at 600 x 200
# holds about 67 MB (60 MB at 120 x 40); at 100000 x 100000 it grew past 13 GB.
MAX_COLUMNS = 600
MAX_ROWS = 200
# Input events the app may hold unprocessed. Past this the driver stops reading
# stdin, so a flood waits in the pipe and the socket instead of in the app's memory.
MAX_PENDING = 2000
CHECK_EVERY = 64  # events between two counts of the queues (a count visits every widget)


def clamp_size(width: object, height: object) -> tuple[int, int] | None:
    """(columns, rows) within 1..MAX, or None when either is not a whole number
    (a string, a float, NaN, true/false)."""
    if type(width) is not int or type(height) is not int:
        return None
    return min(max(width, 1), MAX_COLUMNS), min(max(height, 1), MAX_ROWS)


def _size_from_environment() -> tuple[int, int]:
    try:
        size = clamp_size(int(os.environ.get("COLUMNS", 80)), int(os.environ.get("ROWS", 24)))
    except ValueError:
        size = None
    return size or (80, 24)


class BoundedWebDriver(WebDriver):
    """WebDriver that clamps every size it is told and waits for the app to catch
    up with its input (textual-serve names it in TEXTUAL_DRIVER)."""

    def __init__(self, app, *, debug: bool = False, mouse: bool = True,
                 size: tuple[int, int] | None = None):
        super().__init__(app, debug=debug, mouse=mouse,
                         size=size or _size_from_environment())
        self._events_since_check = 0

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "resize":
            size = clamp_size(payload.get("width"), payload.get("height"))
            if size is None:
                return  # a size the app cannot lay out: keep the last good one
            self._wait_for_room()
            self._size = size
            self._app.post_message(events.Resize(Size(*size), Size(*size)))
            return
        super().on_meta(packet_type, payload)

    def process_message(self, message) -> None:
        self._wait_for_room()
        super().process_message(message)

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # stdin ended, not the app: the server is gone
            self._app.post_message(messages.ExitApp())

    def _wait_for_room(self) -> None:
        """Block the input thread while the app holds MAX_PENDING messages or more."""
        self._events_since_check += 1
        if self._events_since_check < CHECK_EVERY:
            return
        self._events_since_check = 0
        while self._pending() >= MAX_PENDING and not self.exit_event.wait(0.02):
            pass

    def _pending(self) -> int:
        """Messages waiting in the app's queue and its widgets' (a key is forwarded
        from the app to the focused widget, so the app's queue alone stays short)."""
        app = self._app
        try:
            nodes = list(app._registry)  # noqa: SLF001 (textual is pinned in pyproject)
        except RuntimeError:  # the main thread changed the set while we copied it
            return MAX_PENDING
        return app._message_queue.qsize() + sum(node._message_queue.qsize() for node in nodes)
