"""The explorer's first screen loads only what it shows (issue 10): the side
screens, the help, the file dialogs, the diagram and plotext are imported when first
needed, so that `actlab` shows y sooner (bench/startup_bench.py).

This test process imported all of them long ago, so a fresh interpreter
starts the explorer as `actlab` does (through tui.cli), headless under Pilot,
and lists sys.modules when the first frame is written and once it is idle.
"""
import json
import subprocess
import sys

from tests.conftest import ROOT

# Prefixes of modules that the first screen does without.
LATER = ("tui.screens", "textual_fspicker", "plotext", "textual_plotext",
         "core.landscape", "core.experiments", "core.export",
         "core.diagram",  # the diagram's edges: the Explain line imports it in that view
         "tui.widgets.diagram",  # the diagram pane: when n first shows it
         "tui.widgets.input_image", "tui.widgets.half_blocks",  # x's picture: a square x only
         "tui.commands")  # the palette's commands: when it first opens

CODE = f"""
import asyncio, json, sys
import tui.cli
from tui.app import ActLabApp

def later():
    return sorted(m for m in sys.modules if m.startswith({LATER!r}))

async def main():
    app = ActLabApp()
    at_first_frame = []
    display = app._display

    def noting_display(*args, **kwargs):
        if not at_first_frame:
            at_first_frame.append(later())
        display(*args, **kwargs)

    app._display = noting_display
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plot = app.query_one("#plot")
        print(json.dumps({{"first_frame": at_first_frame[0], "idle": later(),
                           "plotted": plot._data is not None}}))

asyncio.run(main())
"""


def start_explorer() -> dict:
    result = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def test_the_first_frame_imports_no_side_screen_dialog_or_plotext_and_the_plot_follows():
    seen = start_explorer()
    assert seen["first_frame"] == []
    # Once idle the plot is drawn (plotext was imported for it, just after the
    # first frame); nothing else was imported: no key asked for it.
    assert seen["plotted"]
    assert any(name.startswith("plotext") for name in seen["idle"])
    assert [name for name in seen["idle"] if not name.startswith(("plotext", "textual_plotext"))] == []


def test_the_actlab_command_starts_through_launch_and_collects_garbage_again_after_imports():
    # tui.launch holds collection off only while the modules are imported:
    # the command that then runs (here `presets`) collects as usual.
    code = ("import gc, sys, tui.launch; status = tui.launch.main(['presets']); "
            "print(gc.isenabled(), status)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.split()[-2:] == ["True", "0"]
    from importlib.metadata import entry_points

    (command,) = [e for e in entry_points(group="console_scripts") if e.name == "actlab"]
    assert command.value == "tui.launch:main"


def test_the_first_frame_parses_only_the_explorers_styles_and_a_side_screen_brings_its_own():
    # Tokenising CSS was the largest single cost before the first frame; each
    # side screen's rules live beside it (its CSS_PATH) and are read when it opens.
    code = """
import asyncio, json
import tui.cli
from tui.app import ActLabApp

def sources(app):
    return sorted(path.rsplit("/", 1)[-1] for path, _ in app.stylesheet.source
                  if path.endswith(".tcss"))

async def main():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        at_start = sources(app)
        await pilot.press("g")
        await pilot.pause()
        side = app.screen.query_one("#landscape-side")
        print(json.dumps({"start": at_start, "after": sources(app),
                          "min_width": side.styles.min_width.value}))

asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    seen = json.loads(result.stdout)
    assert seen["start"] == ["app.tcss"]
    assert seen["after"] == ["app.tcss", "landscape.tcss"]
    assert seen["min_width"] == 24  # landscape.tcss's rule reached the screen


def test_every_style_file_belongs_to_a_screen_that_names_it():
    # A .tcss file no CSS_PATH names would be silently ignored.
    import importlib
    import inspect

    named = set()
    for module in (ROOT / "tui" / "screens").glob("*.py"):
        loaded = importlib.import_module(f"tui.screens.{module.stem}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and getattr(cls, "CSS_PATH", None):
                named.add(cls.CSS_PATH)
    files = {path.name for path in (ROOT / "tui" / "screens").glob("*.tcss")}
    assert files == named


def test_imports_made_while_collection_waits_are_frozen_before_it_resumes():
    # Enabled again without freezing, the collector's next run walked every
    # object the imports made (15 ms after Textual's). Frozen first, the
    # count that starts a collection begins again from zero: the few objects
    # made after the block start none.
    code = """
import gc, json
from tui.launch import long_lived
frozen = gc.get_freeze_count()
runs = []
gc.callbacks.append(lambda phase, info: phase == "start" and runs.append(info["generation"]))
with long_lived():
    import tui.cli, textual.app
made_after = [[k] for k in range(100)]
print(json.dumps({"enabled": gc.isenabled(), "runs": runs,
                  "frozen": gc.get_freeze_count() - frozen}))
gc.disable()
with long_lived():
    import json.decoder
print(json.dumps({"enabled": gc.isenabled()}))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    after, nested = (json.loads(line) for line in result.stdout.splitlines())
    assert after["enabled"] is True
    assert after["frozen"] > 50_000  # numpy, core, tui.cli and Textual: some hundred thousand
    assert after["runs"] == []  # no collection ran once collection was on again
    assert nested["enabled"] is False  # a caller that had collection off keeps it off


async def test_the_screen_can_focus_only_x_of_its_own_accord():
    # In a terminal, Textual's auto focus ran while x's list was not mounted
    # yet and focused the layers table; on_mount then moved the focus to x.
    # Each move restyles the pane left and the pane entered (the layers
    # table with its six parts): two restyles before the first frame that
    # showed nothing. (Under Pilot on_mount comes first, so the order itself
    # is not seen here: what auto focus may pick is.)
    from tui.app import ActLabApp
    from tui.widgets.input_vector import ComponentList

    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen_stack[0]
        choices = [widget for widget in screen.query(screen.AUTO_FOCUS or app.AUTO_FOCUS)
                   if widget.focusable]
        assert [type(widget) for widget in choices] == [ComponentList]
        assert isinstance(app.focused, ComponentList)


def test_the_diagrams_styles_are_its_own_not_the_first_screens():
    # app.tcss is tokenised before every first frame; the diagram's 13 part
    # styles are read when a diagram is first made.
    from tui.widgets.diagram import NetworkDiagram

    assert "diagram--" not in (ROOT / "tui" / "app.tcss").read_text()
    rules = NetworkDiagram.DEFAULT_CSS
    assert all(f"NetworkDiagram > .{name} " in rules for name in NetworkDiagram.COMPONENT_CLASSES)



async def test_the_first_resume_does_not_style_every_widget_again(monkeypatch):
    # Every widget is styled as it mounts; Textual's first ScreenResume,
    # moments later, styled the whole explorer again before the first frame.
    from textual import events
    from textual.screen import Screen

    from tui.app import ActLabApp, ExplorerScreen

    resumes = []  # (screen, refresh_styles) as Screen's own handler gets them
    original = Screen._on_screen_resume

    def watched(screen, event):
        resumes.append((type(screen), event.refresh_styles))
        return original(screen, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", watched)
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert resumes == [(ExplorerScreen, False)]
        # Only the first: a later resume is left as Textual made it.
        later = events.ScreenResume()
        app.screen.on_screen_resume(later)
        assert later.refresh_styles is True


async def test_the_hidden_fields_and_xs_picture_are_mounted_only_when_first_needed():
    # x's field, the t/η field and x's picture are hidden on the first screen;
    # styling them was work before it for nothing shown. Each is mounted
    # when first needed, and a burst typed into x's field at once still gives
    # exactly what was typed (tests/tui/test_number_editor.py).
    from tests.tui.test_number_editor import burst
    from tui.app import ActLabApp

    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        explorer = app.screen_stack[0]
        assert [w.id for w in explorer.query("#x-edit, #learn-edit, #image")] == []
        burst(app, "0.25", then_enter=False)
        await pilot.pause()
        field = explorer.query_one("#x-edit")
        assert field.display and field.text() == "0.25" and "0.25" in str(field.render())
        await pilot.press("enter")
        assert app.state.x.tolist() == [0.25, 0.5] and not field.display
        await pilot.press("l", *"0.5")
        assert explorer.query_one("#learn-edit").display
        await pilot.press("enter")
        assert app.state.learning_rate == 0.5
        assert not explorer.query("#image")  # x still has two components
        app.change(lambda: app.state.set_inputs(16))  # now a 4×4 picture
        await pilot.pause()
        image = explorer.query_one("#image")
        assert image.display and image.render().plain.count("\n") == 1

