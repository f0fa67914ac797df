"""The title line (tui/widgets/title_bar.py) looks as Textual's Header did,
cell for cell, and does what its icon did: a click opens the palette."""
import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.widgets import Header

from tui import i18n
from tui.app import ActLabApp
from tui.widgets.title_bar import ICON_WIDTH, TitleBar


def top_line(app) -> list[tuple[str, str | None, str | None]]:
    """The screen's first row, a cell at a time: (character, its colour and
    its bold, italic, underline and reverse if it shows any, background).
    Equal looks, whatever the segments."""
    strip = app.screen._compositor.render_strips()[0]
    cells = []
    for segment in strip:
        style = segment.style
        for character in segment.text:
            ink = None
            if character != " ":
                ink = (str(style.color.triplet) if style.color else None,
                       bool(style.bold), bool(style.italic), bool(style.underline),
                       bool(style.reverse))
            background = str(style.bgcolor.triplet) if style.bgcolor else None
            cells.append((character, ink, background))
    return cells


class HeaderApp(App):
    """Textual's own Header, with the same title, theme and size: the reference."""

    def __init__(self, title: str, sub_title: str, theme: str):
        super().__init__()
        self._titles = (title, sub_title)
        self._theme = theme

    def compose(self):
        yield Header()

    def on_mount(self):
        self.theme = self._theme
        self.title, self.sub_title = self._titles


@pytest.mark.parametrize("width", [120, 80, 41, 24])
async def test_the_title_line_is_textuals_header_cell_for_cell(width):
    app = ActLabApp()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        ours = top_line(app)
        titles = (app.title, app.sub_title, app.theme)
    reference = HeaderApp(*titles)
    async with reference.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        assert top_line(reference) == ours
    text = "".join(cell[0] for cell in ours)
    assert text.startswith(" ⭘ ")
    if width >= 80:
        assert "actlab — preset book · 2-3-2-2" in text
    elif width == 41:
        assert text.rstrip().endswith("…")  # cut where it does not fit, and it says so


async def test_the_title_follows_the_app_and_the_screen():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        app.sub_title = "something else"
        await pilot.pause()
        assert "actlab — something else" in bar.render_line(0).text
        app.screen.title = "a screen's own"
        await pilot.pause()
        assert "a screen's own — something else" in bar.render_line(0).text


async def test_a_click_on_the_icon_opens_the_palette_and_on_the_title_does_not():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click(TitleBar, offset=(60, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


@pytest.mark.parametrize("language, tip", [("en", "Open the command palette (ctrl+p)"),
                                           ("ja", "コマンドパレットを開く (ctrl+p)")])
async def test_the_icon_lights_up_and_names_itself_under_the_mouse(language, tip):
    i18n.set_language(language)
    try:
        app = ActLabApp()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            bar = app.screen.query_one(TitleBar)
            plain = top_line(app)[1]
            await pilot.hover(TitleBar, offset=(1, 0))
            await pilot.pause()
            lit = top_line(app)[1]
            assert bar.tooltip == tip
            assert lit[0] == plain[0] == "⭘" and lit[2] != plain[2]  # its background
            lit_icon = top_line(app)[:ICON_WIDTH]
            titles = (app.title, app.sub_title, app.theme)
            await pilot.hover(TitleBar, offset=(40, 0))
            await pilot.pause()
            assert bar.tooltip is None and top_line(app)[1] == plain
        reference = HeaderApp(*titles)
        async with reference.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.hover(Header, offset=(1, 0))
            await pilot.pause()
            assert top_line(reference)[:ICON_WIDTH] == lit_icon  # HeaderIcon:hover's colour
    finally:
        i18n.set_language("en")


async def test_without_a_palette_the_icon_offers_nothing():
    app = ActLabApp()
    app.ENABLE_COMMAND_PALETTE = False
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plain = top_line(app)
        await pilot.hover(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert app.screen.query_one(TitleBar).tooltip is None and top_line(app) == plain
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)


async def test_a_file_name_with_a_newline_or_an_escape_stays_on_the_title_line(tmp_path):
    # A file may be named anything but / and NUL: the title showed "a" and
    # dropped the rest at the newline; an ESC would have reached the terminal.
    import core

    path = core.save(core.preset("book"), tmp_path / "a\nb\x1b[2Jc.json")
    app = ActLabApp(core.load(path), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        line = "".join(cell[0] for cell in top_line(app))
        assert "a\\nb\\x1b[2Jc.json · 2-3-2-2" in line
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = [n.message for n in app._notifications if "a\\nb" in n.message]
        assert saved and "\n" not in saved[0] and "\x1b" not in saved[0]


async def test_an_error_that_quotes_a_hostile_file_name_is_one_line_with_no_escape_code(
        tmp_path):
    # core's message quotes the path as it is; the one line shows it escaped.
    from tui.app import one_line
    import core

    path = tmp_path / "x\x1b[2J\ny.json"
    path.write_text("{ not json")
    with pytest.raises(core.ActlabError) as refused:
        core.load(path)
    line = one_line(refused.value)
    assert "x\\x1b[2J y.json" in line and "\x1b" not in line and "\n" not in line


@pytest.mark.parametrize("width", [120, 80, 40])
async def test_the_title_line_is_made_as_wide_as_the_screen_with_nothing_to_cut(width):
    # Content.center padded the right by the whole room: the line came out
    # 30 cells too wide, and cutting it back cost the first frame rich's
    # first cell-table lookups. Cell for cell, it looks as it did
    # (test_the_title_line_is_textuals_header_cell_for_cell).
    app = ActLabApp()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        assert app.query_one(TitleBar).render().cell_length == width
