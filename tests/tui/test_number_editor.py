"""The one number editor: a burst of keys gives exactly what was typed, in
every field where a number is typed."""
import pytest
from textual import events

from tui.app import ActLabApp
from tui.widgets.number_editor import LineBuffer, starts_number


def burst(app, text: str, then_enter: bool = True) -> None:
    """Keys as a terminal delivers a paste without bracketed paste, or a
    backlog over SSH: all queued at once, before the app handles the first."""
    for character in text:
        app.post_message(events.Key(character, character))
    if then_enter:
        app.post_message(events.Key("enter", "\r"))


@pytest.mark.parametrize("text, value", [("0.25", 0.25), ("1.75", 1.75), ("-3e-2", -0.03),
                                         ("０．５", 0.5), ("12345.5", 12345.5)])
async def test_a_burst_of_keys_sets_x_to_exactly_what_was_typed(text, value):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, text)
        await pilot.pause()
        await pilot.pause()
        assert app.state.x.tolist() == [value, 0.5]
        assert not app.query_one("#x-edit").display


async def test_a_bracketed_paste_types_its_first_line_and_a_line_break_applies_it():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#x-list").post_message(events.Paste("0.75"))
        await pilot.pause()
        assert app.query_one("#x-edit").text() == "0.75"
        await pilot.press("enter")
        assert app.state.x.tolist() == [0.75, 0.5]
        app.query_one("#x-list").post_message(events.Paste("2.5\nrest is ignored"))
        await pilot.pause()
        assert app.state.x.tolist() == [2.5, 0.5]


async def test_while_a_number_is_typed_no_key_of_the_screen_fires():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "h", "w", "q", "tab", "ctrl+z", "down")
        # Letters are typed (1e5 needs its e); no binding fired underneath.
        assert app.query_one("#x-edit").text() == "1hwq"
        assert app.focused is app.query_one("#x-list") and app.state.component == 1
        await pilot.press("backspace", "backspace", "backspace", "left", "2", "enter")
        assert app.state.x.tolist() == [21.0, 0.5]
        assert app.state.network.activations[0] == "sigmoid"
        assert app.screen is app.screen_stack[0]


def test_the_line_buffer_edits_at_its_cursor_and_keeps_to_its_limit():
    b = LineBuffer(limit=5)
    b.insert("123")
    b.move(1)
    b.insert("x")
    assert (b.text, b.cursor) == ("1x23", 2)
    b.backspace()
    b.delete()
    assert (b.text, b.cursor) == ("13", 1)
    b.insert("4567")
    assert b.text == "14563" and b.overflowed
    b.insert("\n\t")  # not printable: nothing typed
    assert b.text == "14563"


def test_one_set_of_characters_starts_a_number_everywhere():
    assert all(starts_number(c) for c in "0123456789-+.−０９－．")
    assert not any(starts_number(c) for c in ("a", "e", " ", "", None, "enter"))


async def test_enter_on_an_untouched_field_keeps_the_value_quietly():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")
        editor = app.query_one("#x-edit")
        assert not editor.display and editor.message == ""
        assert app.state.x.tolist() == [1.0, 0.5] and not app.state.dirty


async def test_a_paste_longer_than_the_field_is_refused_not_cut_into_another_number():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#x-list").post_message(events.Paste("1" * 85 + "e-80"))
        await pilot.pause()
        await pilot.press("enter")
        editor = app.query_one("#x-edit")
        assert editor.display and "at most 80 characters" in editor.message
        assert app.state.x.tolist() == [1.0, 0.5]  # not 1.11e+79
        await pilot.press("ctrl+u", *"2.5", "enter")  # cleared by hand: typing works again
        assert app.state.x.tolist() == [2.5, 0.5]


@pytest.mark.parametrize("text", ["1e999", "-1e400"])
async def test_a_number_too_big_for_float64_is_refused_in_place(text):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, text, then_enter=True)
        await pilot.pause()
        await pilot.pause()
        assert app.state.x.tolist() == [1.0, 0.5]
        assert app.query_one("#x-edit").display  # the field stays, saying why


async def test_a_burst_typed_while_a_language_switch_lands_still_sets_x():
    # The switch gave the focus back through Widget.focus, after the queue:
    # the burst came with nothing focused, and its digits were lost (the ⏎
    # opened an empty field). A reviewer's find.
    from tui import i18n

    app = ActLabApp()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.call_later(app.switch_language, "ja")
            burst(app, "0.5")
            await pilot.pause()
            await pilot.pause()
            assert app.state.x.tolist() == [0.5, 0.5]
            assert not app.query_one("#x-edit").display
    finally:
        i18n.set_language("en")


async def test_keys_that_come_before_anything_has_the_focus_go_to_x():
    # As at start-up, before the explorer's auto focus: x's list takes them
    # and the focus, so that a number and an arrow both act.
    from tui.widgets.input_vector import ComponentList

    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.set_focus(None)
        burst(app, "2.5")
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("right", None))
        await pilot.pause()
        await pilot.pause()
        assert app.state.x.tolist() == [2.5, 0.6]
        assert isinstance(app.focused, ComponentList)


@pytest.mark.parametrize("keys, field, value", [
    (("0", ".", "7"), "#x-edit", lambda app: app.state.x[0] == 0.7),
    (("l", "0", ".", "2"), "#learn-edit", lambda app: app.state.learning_rate == 0.2),
    (("t", "1", ",", " ", "0"), "#learn-edit", lambda app: app.state.target.tolist() == [1, 0]),
    (("n", "0", ".", "9"), "#diagram-edit",  # the diagram's W1₁₁
     lambda app: app.state.network.layers[0].W[0, 0] == 0.9),
])
async def test_a_number_half_typed_when_the_language_changes_is_still_there(keys, field, value):
    # The switch remakes the panes: the open field closed, and what was
    # typed in it was lost.
    from tui import i18n

    app = ActLabApp()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*keys)
            typed = app.screen.query_one(field).text()
            await app.switch_language("ja")
            await pilot.pause()
            shown = app.screen.query_one(field)
            assert shown.active and shown.text() == typed
            await pilot.press("enter")
            assert value(app) and not shown.active
    finally:
        i18n.set_language("en")


async def test_xs_field_is_on_screen_in_a_40x12_terminal():
    # The x pane has room for two lines there: the field fell below them,
    # and the number was typed unseen.
    app = ActLabApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("0", ".", "3")
        await pilot.pause()
        field, pane = app.query_one("#x-edit"), app.query_one("#input")
        assert field.region.height >= 1
        assert pane.content_region.contains_region(field.region)
        await pilot.press("enter")
        assert app.state.x.tolist() == [0.3, 0.5]


async def test_a_line_feed_after_a_number_applies_it_as_enter_does():
    # ⏎ typed before the app took the terminal over (at launch, over a slow
    # link) arrives as a line feed, which Textual names ctrl+j: the number
    # stayed in the field, unapplied.
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "0.25", then_enter=False)
        app.post_message(events.Key("ctrl+j", "\n"))
        await pilot.pause()
        await pilot.pause()
        assert app.state.x.tolist() == [0.25, 0.5]
        assert not app.query_one("#x-edit").display
