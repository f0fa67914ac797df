"""A scrolling list of lines drawn with Textual's line API: only the lines on
screen are formatted and rendered, so a 784-component x or a layer of 100
units costs no more per keystroke than the book's 2-3-2-2 network."""
from __future__ import annotations

from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LinesView(ScrollView, can_focus=True):
    """Subclasses say how many lines there are and how to draw line i."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._strips: dict[tuple[int, int], Strip] = {}  # (line, width) -> strip

    # --- what a subclass provides ---------------------------------------------
    def line_count(self) -> int:
        raise NotImplementedError

    def make_line(self, index: int) -> Text:
        raise NotImplementedError

    # --- drawing -----------------------------------------------------------------------
    def lines_changed(self) -> None:
        """Forget drawn lines; resize the virtual canvas if the count changed."""
        self._strips.clear()
        height = self.line_count()
        if self.virtual_size.height != height:
            self.virtual_size = Size(0, height)
        self.refresh()

    def on_resize(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(0, self.line_count())  # never wider than the pane

    def render_lines(self, crop: Region) -> list[Strip]:
        # The pane's style and width once per frame: each is a walk up the
        # tree (rich_style blends every ancestor's background), and asking
        # three times a line was half of this pane's first frame.
        self._frame = self._looks()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _looks(self) -> tuple:
        """(style, width, first line shown): the scrollbar takes the rest of the width."""
        return self.rich_style, self.scrollable_content_region.width, self.scroll_offset.y

    def render_line(self, y: int) -> Strip:
        # Outside a frame (a test, text export) it asks afresh.
        style, width, top = getattr(self, "_frame", None) or self._looks()
        index = y + top
        if index >= self.line_count():
            return Strip.blank(width, style)
        key = (index, width)
        strip = self._strips.get(key)
        if strip is None:
            text = self.make_line(index)
            text.no_wrap = True
            text.overflow = "ellipsis"
            text.truncate(width, overflow="ellipsis")
            segments = list(text.render(self.app.console, end=""))
            strip = Strip(segments).apply_style(style).extend_cell_length(width, style)
            self._strips[key] = strip
        return strip.crop(0, width)

    def keep_visible(self, first: int, last: int | None = None) -> None:
        """Scroll so that lines first..last are on screen."""
        last = first if last is None else last
        self.scroll_to_region(Region(0, first, 1, last - first + 1), animate=False,
                              immediate=True)

