"""What a keystroke costs on screen: one frame, and no layout pass unless
the output pane's text changed its height (issue 10's keystroke benchmark).
Counted in frames written, never in time."""
import core
from tests.tui.helpers import output_text
from tui.app import ActLabApp
from tui.widgets.output import OutputView


def digits_network() -> core.Network:
    """The shape of the book's sample network, seeded: ten outputs do not
    fit the output pane at 80x24."""
    return core.random_network([784, 50, 100, 10], ["sigmoid", "sigmoid", "softmax"], seed=3)


def count_frames(app: ActLabApp) -> list[int]:
    frames = [0]
    display = app._display

    def counting(*args, **kwargs):
        frames[0] += 1
        return display(*args, **kwargs)

    app._display = counting
    return frames


async def nudge_frames(app: ActLabApp, size, presses: int = 4) -> list[int]:
    frames = count_frames(app)
    written = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("right")  # plotext imported and the first plot built
        await pilot.pause()
        for _ in range(presses):
            frames[0] = 0
            await pilot.press("right")
            await pilot.pause()
            written.append(frames[0])
    return written


async def test_a_nudge_of_x_repaints_the_screen_once():
    # The output pane set its "more lines" subtitle after every frame, and
    # setting a border title repaints even when it is unchanged: a second
    # frame per key, 30 ms after the first.
    assert await nudge_frames(ActLabApp(), (120, 40)) == [1, 1, 1, 1]
    assert await nudge_frames(ActLabApp(digits_network(), source="digits"), (80, 24)) == [1] * 4


async def test_the_output_pane_lays_out_again_only_when_its_height_can_change(monkeypatch):
    from textual.widgets import Static

    layouts = []
    update = Static.update

    def noting(self, content="", *, layout=True):
        if self.id == "output-text":
            layouts.append(layout)
        update(self, content, layout=layout)

    monkeypatch.setattr(Static, "update", noting)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        layouts.clear()
        await pilot.press("right")  # x1 1.0 -> 1.1: the same lines, no wider
        await pilot.pause()
        assert layouts == [False]
        layouts.clear()
        await pilot.press("o")  # identity -> sigmoid: the same lines
        await pilot.pause()
        assert layouts == [False]
        layouts.clear()
        await pilot.press("o")  # -> softmax: a Σy line more
        await pilot.pause()
        assert layouts[0] is True
        lines = output_text(app).count("\n") + 1
        assert app.query_one(OutputView).query_one("#output-text").size.height == lines


async def test_the_output_pane_says_how_many_lines_are_out_of_view():
    app = ActLabApp(digits_network(), source="digits")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(OutputView)
        hidden = output_text(app).count("\n") + 1 - pane.scrollable_content_region.height
        assert hidden > 0
        assert pane.border_subtitle == f"↓ {hidden} more lines: scroll"
        await pilot.press("right")
        await pilot.pause()
        assert pane.border_subtitle == f"↓ {hidden} more lines: scroll"
        await pilot.resize_terminal(120, 60)
        await pilot.pause()
        lines, seen = output_text(app).count("\n") + 1, pane.scrollable_content_region.height
        assert seen >= lines  # all of y in view: nothing to say
        assert pane.border_subtitle == ""


async def test_a_lines_pane_works_out_its_style_once_a_frame_not_per_line(monkeypatch):
    # rich_style blends the background of every ancestor; the layers pane
    # asked for it up to three times a line, half its share of the first frame.
    from textual.geometry import Region
    from textual.widget import Widget

    from tui.widgets.layers import LayersView

    app = ActLabApp(digits_network())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(LayersView)
        asked = [0]
        rich_style = Widget.rich_style

        def counted(widget):
            if widget is pane:
                asked[0] += 1
            return rich_style.fget(widget)

        monkeypatch.setattr(Widget, "rich_style", property(counted))
        pane._strips.clear()
        pane._styles_cache.clear()
        lines = pane.render_lines(Region(0, 0, pane.outer_size.width, pane.outer_size.height))
        assert len(lines) == pane.outer_size.height > 15
        assert asked[0] == 1
        for y in range(3):  # inside the pane's border, the lines asked for one at a time
            alone = pane.render_line(y).text.rstrip()
            assert alone and alone in lines[1 + y].text
