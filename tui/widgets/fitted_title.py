"""A border title that gives way to a shorter form when the pane is narrow.

Textual cuts a title that does not fit at its end, which is where the
function's name stands ("活性化関数 · 第1層 · シグモイ…"). A pane that
knows a shorter form shows the longest form that fits, so what matters
survives on a small terminal.
"""
from __future__ import annotations

from rich.cells import cell_len

# A border title loses two corners, two rules and two blanks to the frame.
FRAME = 6


def longest_fitting(titles: tuple[str, ...], width: int) -> str:
    """The first of `titles` (longest first) that fits a pane `width` cells wide."""
    room = width - FRAME
    return next((title for title in titles if cell_len(title) <= room), titles[-1])


class FittedTitle:
    """Mixed into a widget: fit_title(full, shorter, ...) instead of border_title = full."""

    _titles: tuple[str, ...] = ()

    def fit_title(self, *titles: str) -> None:
        self._titles = titles
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._titles:
            self.border_title = longest_fitting(self._titles, self.outer_size.width)
