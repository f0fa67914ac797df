"""Editing the network, undo and redo, and files that never lose work."""
import json

import numpy as np
import pytest

import core
from tests.tui.helpers import shown_units
from tui.app import ActLabApp
from tui.screens.confirm import UnsavedChangesScreen
from tui.screens.presets import PresetScreen
from tui.screens.weights import WeightsScreen


def cell(app, row, column) -> str:
    from textual.coordinate import Coordinate
    return str(app.screen.grid.get_cell_at(Coordinate(row, column)))


async def test_typing_into_a_weight_cell_recomputes_at_once():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, WeightsScreen)
        assert cell(app, 0, 2) == "0.5000" and cell(app, 2, 0) == "0.1000"  # W1[1,3], b1[1]
        await pilot.press("right", "right", "2", ".", "5", "enter")
        await pilot.pause()
        assert app.state.network.layers[0].W[0, 2] == 2.5
        assert cell(app, 0, 2) == "2.5000"
        expected = core.forward(app.state.network, [1.0, 0.5])
        assert np.array_equal(app.state.trace.y, expected.y)
        await pilot.press("down", "down", "enter", *"-1", "enter")  # the bias row
        await pilot.pause()
        assert app.state.network.layers[0].b[2] == -1.0


async def test_invalid_cell_text_is_refused_inline_and_the_weight_kept():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "1", "x", "enter")
        editor = app.screen.query_one("#cell-edit")
        assert editor.display and "'1x' is not a number" in str(editor.render())
        assert app.state.network.layers[0].W[0, 0] == 0.1
        await pilot.press("escape")
        assert not editor.display


async def test_shape_keys_add_units_and_layers_with_a_seed_shown_on_screen():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "u")
        assert app.state.network.sizes == [2, 4, 2, 2]
        info = str(app.screen.query_one("#weights-info").render())
        assert "new weights: he, seed 0" in info and "W1 2×4 + b1" in info
        await pilot.press("s", "s", "i")
        before = app.state.network
        await pilot.press("L")
        assert app.state.network.sizes == [2, 4, 4, 2, 2] and app.state.seed == 2
        assert app.state.init == "normal"
        assert app.state.layer == 2  # the new layer is shown
        await pilot.press("right_square_bracket")
        assert app.state.layer == 3
        await pilot.press("left_square_bracket", "X")
        assert app.state.network.same_as(before)  # L then X: every weight as it was
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert app.state.network.sizes == [2, 3, 2, 2]
        await pilot.press("ctrl+y")
        assert app.state.network.sizes == [2, 4, 2, 2]
        await pilot.press("escape")
        assert not isinstance(app.screen, WeightsScreen)
        await pilot.pause()
        assert shown_units(app)[(1, 4)] == tuple(
            f"{v:.4f}" for v in (app.state.trace.a[0][3], app.state.trace.z[0][3]))


async def test_undo_and_redo_cover_x_functions_and_presets():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "h", "o")
        await pilot.press("p")
        assert isinstance(app.screen, PresetScreen)
        await pilot.press("down", "down", "down", "down", "enter")  # xor
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)  # x and functions changed
        await pilot.press("ctrl+d")  # discard: a chord, or the button's click
        await pilot.pause()
        assert app.state.network.sizes == [2, 2, 1] and app.source_label() == "preset xor"
        for _ in range(4):
            await pilot.press("ctrl+z")
        assert app.state.network.activations == ["sigmoid", "sigmoid", "identity"]
        assert app.state.x.tolist() == [1.0, 0.5]
        await pilot.press("ctrl+y")
        assert app.state.x.tolist() == [1.1, 0.5]


async def test_quitting_with_unsaved_changes_asks_first():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("escape")  # cancel
        await pilot.pause()
        assert app.is_running and app.state.x.tolist() == [1.1, 0.5]
        await pilot.press("q", "q", "q", "d", "d", "h")  # a burst: no letter discards
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, UnsavedChangesScreen)
        # nor the explorer's keys: → ⏎ once focused Discard and pressed it;
        # → now reaches Cancel (Discard takes no focus), and ⏎ cancels
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.is_running and app.screen is app.explorer and app.state.dirty
        await pilot.press("q")
        await pilot.pause()
        focus = []
        for press in ("right", "right", "tab", "tab"):
            await pilot.press(press)
            focus.append(app.screen.focused.id)
        assert focus == ["cancel", "save", "cancel", "save"]
        await pilot.press("enter")  # Save: an untitled network asks for a name
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("escape")  # the name dialog cancelled: nothing lost
        await pilot.pause()
        assert app.is_running and app.state.dirty
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#discard")  # Discard, by its button
        await pilot.pause()
        assert not app.is_running


async def test_save_writes_the_file_atomically_and_clears_the_mark(tmp_path):
    path = core.save(core.preset("book"), tmp_path / "net.json")
    app = ActLabApp(core.load(path), source="net.json", path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")
        await pilot.pause()
        assert app.sub_title.startswith("net.json*")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.sub_title.startswith("net.json ·")
        saved = json.loads(path.read_text())
        assert saved["x"] == [1.1, 0.5] and saved["W1"] == [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running  # saved: nothing to ask


async def test_saving_when_the_disk_fails_keeps_the_mark_and_the_old_file(tmp_path, monkeypatch):
    from core import files
    path = core.save(core.preset("book"), tmp_path / "net.json")
    before = path.read_bytes()
    app = ActLabApp(core.load(path), source="net.json", path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")

        def fail(*args):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(files.os, "replace", fail)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before and app.state.dirty
        assert any("No space left" in n.message for n in app._notifications)


async def test_a_file_that_fails_to_load_leaves_the_network_untouched(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"W1": [[1, 2]], "b1": [0, 0], "W2": [[1], [2], [3]], "b2": [0]}')
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_file(bad)
        await pilot.pause()
        assert app.state.network.sizes == [2, 3, 2, 2]
        messages = [n.message for n in app._notifications]
        assert "bad.json: layer 2: W2 has 3 rows but layer 1 outputs 2 values" in messages
        good = core.save(core.preset("xor"), tmp_path / "xor.npz")
        app.open_file(good)
        await pilot.pause()
        assert app.state.network.sizes == [2, 2, 1] and not app.state.dirty
        assert app.sub_title.startswith("xor.npz ·")


async def test_copy_trace_puts_the_export_on_the_clipboard():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.copy_trace("csv")
        await pilot.pause()
        assert app.clipboard.splitlines()[0] == "layer,activation,unit,a,z"
        assert app.clipboard == core.export.trace_csv(app.state.trace)


async def test_input_fills_from_the_palette():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"input: ones")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.x.tolist() == [1.0, 1.0]


async def test_save_as_and_open_through_the_keyboard_dialogs(tmp_path, monkeypatch):
    from textual.widgets import Input
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "ctrl+s")  # no file yet: Save asks where
        await pilot.pause(0.3)
        name = app.screen.query_one(Input)
        assert name.value == "book.json"  # a name is offered
        assert app.focused is name  # and the focus is on it: ⏎ saves
        name.value = "mine.npz"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert (tmp_path / "mine.npz").exists() and not app.state.dirty
        assert core.load(tmp_path / "mine.npz").x.tolist() == [1.1, 0.5]
        core.save(core.preset("xor"), tmp_path / "xor.json")
        await pilot.press("ctrl+o")
        await pilot.pause(0.3)
        await pilot.press("tab")
        app.screen.query_one(Input).value = "xor.json"
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.state.network.sizes == [2, 2, 1] and app.state.source == "xor.json"


async def test_enter_edits_a_cell_in_place_and_a_burst_types_exactly_what_was_typed():
    from textual import events
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "down", "right", "enter")
        editor = app.screen.editor
        assert editor.display and editor.label == "W1₂₂"
        # The field is drawn at its cell, not at the bottom of the screen.
        grid = app.screen.grid
        assert abs(editor.region.y - grid.region.y) <= 4
        await pilot.press("escape")
        for text, expected in (("0.9", 0.9), ("1.75", 1.75), ("-0.1321", -0.1321)):
            for character in text:
                app.post_message(events.Key(character, character))
            app.post_message(events.Key("enter", "\r"))
            await pilot.pause()
            await pilot.pause()
            assert app.state.network.layers[0].W[1, 1] == expected
        # The whole value is shown, not cut to the column's first width.
        assert cell(app, 1, 1) == "-0.1321"


async def test_the_editor_shows_the_layers_a_z_and_y_after_every_edit():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", *"0.5", "enter")
        await pilot.pause()
        effect = str(app.screen.query_one("#weights-effect").render())
        trace = core.forward(app.state.network, [1.0, 0.5])
        assert trace.a[0][0] == 1.0 * 0.5 + 0.5 * 0.2 + 0.1  # W1₁₁ is now 0.5
        for value in (*trace.a[0], *trace.z[0], *trace.y):
            assert f"{value:.4f}" in effect


async def test_row_labels_stay_after_shape_keys():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        for keys in (("u",), ("U",), ("n",), ("N",), ("r",)):
            await pilot.press(*keys)
            await pilot.pause()
            grid = app.screen.grid
            text = "\n".join(grid.render_line(y).text for y in range(grid.size.height))
            assert "x₁" in text and "b1" in text, keys


async def test_insert_then_remove_a_layer_gives_the_book_network_back_and_nothing_to_save():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        book = core.preset("book")
        await pilot.press("w", "L")
        assert app.state.network.sizes == [2, 3, 3, 2, 2] and app.state.dirty
        await pilot.press("X")
        assert app.state.network.same_as(book) and not app.state.dirty
        assert "*" not in app.sub_title


async def test_a_preset_just_loaded_from_the_picker_has_nothing_to_save():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("down", "enter")  # "and"
        await pilot.pause()
        assert app.state.network.sizes == [2, 1] and not app.state.dirty
        assert "*" not in app.sub_title


def keys_of(text):
    """(key, character) pairs as a terminal sends them; `]` `↓` `→` `⏎` are those keys."""
    named = {"]": ("right_square_bracket", "]"), "↓": ("down", None), "→": ("right", None),
             "⏎": ("enter", "\r"), "[": ("left_square_bracket", "[")}
    return [named.get(c, (c, c)) for c in text]


@pytest.mark.parametrize("where, setup, burst", [
    ("diagram", ["n"], "0.9⏎]0.7⏎"),
    ("x", [], "2⏎↓3⏎"),
    ("weights", ["w"], "0.9⏎→0.7⏎"),
    ("weights layer", ["w"], "0.9⏎]0.7⏎"),
])
async def test_a_key_that_moves_the_selection_acts_before_the_number_typed_after_it(
        where, setup, burst):
    # ] ↓ → reached their action only after bubbling up to the app, while the
    # number after them had already opened the field for the old place: both
    # numbers went into one weight (or x1), the first lost.
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*setup)
        await pilot.pause()
        before = app.state.network
        send_burst(app, keys_of(burst))
        await pilot.pause()
        await pilot.pause()
        W1, W2 = (layer.W for layer in app.state.network.layers[:2])
        if where == "x":
            assert app.state.x.tolist() == [2.0, 3.0]
            return
        expected1 = before.layers[0].W.copy()
        expected1[0, 0] = 0.9
        expected2 = before.layers[1].W.copy()
        if where == "diagram":
            expected1[1, 0] = 0.7  # ] : the next edge into a1₁, from x₂
        elif where == "weights":
            expected1[0, 1] = 0.7  # → : the next column, W1₁₂
        else:
            expected2[0, 0] = 0.7  # ] : the next layer's first weight
        assert np.array_equal(W1, expected1) and np.array_equal(W2, expected2)


def send_events(app, events_):
    for event in events_:
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize("setup", [[], ["n"], ["w"]], ids=["x", "diagram", "weights"])
async def test_a_paste_keeps_its_place_among_the_keys_of_a_burst(setup):
    # paste "0." then 5⏎ set 5.0 and left "0." in an open field
    from textual import events
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*setup)
        await pilot.pause()
        send_events(app, [events.Paste("0."), events.Key("5", "5"), events.Key("enter", "\r")])
        await pilot.pause()
        await pilot.pause()
        value = app.state.x[0] if not setup else app.state.network.layers[0].W[0, 0]
        assert value == 0.5


@pytest.mark.parametrize("move, cell", [("right", (0, 1)), ("down", (1, 0))])
async def test_a_move_right_after_a_new_grid_reaches_the_new_grid(move, cell):
    # u replaces the grid; the → after it went to the old one, still focused
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        send_burst(app, [("u", "u"), (move, None), ("0", "0"), (".", "."), ("5", "5"),
                         ("enter", "\r")])
        await pilot.pause()
        await pilot.pause()
        W1 = app.state.network.layers[0].W
        assert W1.shape == (2, 4) and W1[cell] == 0.5


async def test_a_burst_of_one_refusal_shows_it_once():
    from tests.tui.test_learning import send_burst
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        send_burst(app, [("U", "U")] * 6)  # 3 units, then three refusals
        await pilot.pause()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1, errors


async def test_quit_cancelled_over_a_save_dialog_leaves_the_save_to_finish(tmp_path, monkeypatch):
    # ctrl+s on an untitled network asks for a name; ctrl+q over that dialog
    # asks about quitting; cancelling must leave the name dialog working
    # (the quit's worker once cancelled the save's, and the file was never written).
    from textual.widgets import Input
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "ctrl+s")
        await pilot.pause(0.3)
        await pilot.press("ctrl+q")
        await pilot.pause(0.3)
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("ctrl+q", "q")  # asked once is enough
        await pilot.pause(0.3)
        assert sum(isinstance(s, UnsavedChangesScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause(0.3)
        app.screen.query_one(Input).value = "mine.json"
        await pilot.press("enter")  # the name field has the focus
        await pilot.pause(0.5)
        assert (tmp_path / "mine.json").exists() and not app.state.dirty and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running  # saved: nothing to ask


async def test_save_from_the_quit_question_that_cannot_write_keeps_the_app_and_the_change(
        tmp_path):
    # The file's folder went away after it was opened (a drive unplugged,
    # another program): Save from the quit question is refused in one line,
    # and nothing quits or is lost.
    import shutil

    folder = tmp_path / "gone"
    folder.mkdir()
    path = core.save(core.preset("book"), folder / "net.json")
    app = ActLabApp(core.load(path), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")
        await pilot.pause()
        shutil.rmtree(folder)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("s")
        await pilot.pause(0.3)
        assert app.is_running and app.screen is app.explorer
        assert app.state.dirty and app.state.x.tolist() == [1.1, 0.5]
        refused = [n.message for n in app._notifications if n.severity == "error"]
        assert len(refused) == 1 and "net.json" in refused[0] and "\n" not in refused[0]
        assert not folder.exists()  # nothing was written anywhere else in its place
        await pilot.press("q")  # asked again: the change is still unsaved
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChangesScreen)


async def test_enter_in_the_save_dialog_saves_under_the_suggested_name(tmp_path, monkeypatch):
    # The name field has the focus: ⏎ right after ctrl+s saves (the folder
    # list had it, and ⏎ opened '..' instead).
    monkeypatch.chdir(tmp_path)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "ctrl+s")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        saved = list(tmp_path.glob("*.json"))
        assert len(saved) == 1 and not app.state.dirty
        assert core.load(saved[0]).same_as(app.state.network)


@pytest.mark.parametrize("opens", ["p", "q", "ctrl+o", "ctrl+s", "f1", "ctrl+p"])
async def test_a_dialogs_answer_that_arrives_once_another_screen_is_in_front_is_dropped(opens):
    """⏎ on the preset list then F1, fast: the help came in front before the
    list's choice arrived, which then closed the help (Textual's dismiss pops
    whatever is on top) and spent the picker's answer, so the next escape
    ended the app (random keys, seed 119). The answer is dropped, the
    question stays, and it is answered again."""
    from textual.screen import ModalScreen
    from tui.commands import ActlabPalette
    from tui.screens.help import HelpScreen
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        if opens == "q":
            await pilot.press("right")  # unsaved: quitting asks
        await pilot.press(opens)  # the presets, the quit question, open, save as, help, palette
        await pilot.pause(0.3)
        dialog = app.screen
        assert isinstance(dialog, ModalScreen), dialog
        front = (ActlabPalette(id="--command-palette") if opens == "f1"
                 else HelpScreen(app.key_sections()))
        app.push_screen(front)
        await pilot.pause()
        dialog.dismiss(None)  # the late answer
        await pilot.pause()
        assert app.screen is front and dialog in app.screen_stack
        await pilot.press("escape")  # the screen in front closes
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")  # the question answered again: cancel
        await pilot.pause(0.3)
        assert app.screen is app.explorer and app.is_running
        assert app.state.x.tolist() == ([1.1, 0.5] if opens == "q" else [1.0, 0.5])


async def test_a_palette_enter_that_arrives_once_a_dialog_is_in_front_runs_nothing():
    # Textual's palette runs its command even when its dismissal is dropped:
    # the command ran unseen behind the quit question, then again on enter.
    from textual.command import CommandInput
    from textual.widgets import Input
    from tui.commands import ActlabPalette
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")  # unsaved: quitting asks
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, ActlabPalette)
        await pilot.press(*"derivative")
        await pilot.pause(0.5)
        before = app.state.show_derivative
        app.action_quit()  # ctrl+q, a priority key, lands first
        typed = palette.query_one(CommandInput)
        typed.post_message(Input.Submitted(typed, typed.value))  # the enter, late
        await pilot.pause(0.3)
        assert isinstance(app.screen, UnsavedChangesScreen) and palette in app.screen_stack
        assert app.state.show_derivative == before
        await pilot.press("escape")  # no quit: the palette is in front again
        await pilot.pause(0.3)
        assert app.screen is palette
        await pilot.press("enter")  # now it runs, once
        await pilot.pause(0.3)
        assert app.state.show_derivative != before and app.screen is app.explorer


async def test_a_dialog_whose_worker_was_cancelled_behind_another_screen_goes_when_back_in_front():
    from tui.screens.help import HelpScreen
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")  # a new network: Save as…
        await pilot.pause(0.3)
        first = app.screen
        app.push_screen(HelpScreen(app.key_sections()))
        await pilot.pause()
        app.action_open()  # ctrl+o meanwhile: one file action at a time
        await pilot.pause(0.3)
        assert first in app.screen_stack  # behind the help, it cannot go yet
        await pilot.press("escape")  # the open dialog
        await pilot.pause(0.3)
        await pilot.press("escape")  # the help: the first dialog is in front and goes
        await pilot.pause(0.3)
        assert app.screen is app.explorer and first not in app.screen_stack
