"""The one progress bar of the command line: `actlab evaluate` and `actlab train`."""
from __future__ import annotations

import sys
from typing import Callable


class Progress:
    """A line on stderr redrawn in place at each whole percent (not once per
    step: --batch 1 is 10,000 batches), drawn only when stderr is a terminal.
    close() ends the line: kept (a newline) or cleared, as the command wants."""

    WIDTH = 30

    def __init__(self, total: int, stream=None, keep: bool = False):
        self.total, self.stream, self.keep = max(total, 1), stream or sys.stderr, keep
        self.shown = self.stream.isatty() and total > 0
        self.drawn = -1  # the percent last drawn

    def draw(self, done: int, line: Callable[[str], str]) -> None:
        """line(bar) is the text to show; called only when it is redrawn."""
        percent = 100 * done // self.total
        if not self.shown or percent == self.drawn:
            return
        self.drawn = percent
        filled = self.WIDTH * done // self.total
        self.stream.write("\r" + line("█" * filled + "·" * (self.WIDTH - filled)))
        self.stream.flush()

    def close(self) -> None:
        if self.shown and self.drawn >= 0:
            self.stream.write("\n" if self.keep else "\r\x1b[K")
            self.stream.flush()
