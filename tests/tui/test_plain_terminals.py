"""NO_COLOR and monochrome terminals: every state shown by colour has a symbol
or a word too, and every screen renders."""
import core
from tests.tui.helpers import layers_text, output_text
from tui.app import ActLabApp
from tui.screens.confirm import UnsavedChangesScreen
from tui.screens.digit import DigitScreen
from tui.screens.experiment import ExperimentScreen
from tui.screens.gallery import GalleryScreen
from tui.screens.landscape import LandscapeScreen
from tui.screens.help import HelpScreen
from tui.screens.presets import PresetScreen
from tui.screens.weights import WeightsScreen


async def test_every_screen_renders_with_no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    network = core.preset("book").with_x([-5.0, -5.0]).with_hidden_activation("relu")
    app = ActLabApp(network.with_output("softmax"))
    assert app.no_color  # Textual read NO_COLOR and draws in monochrome
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "✕ dead" in layers_text(app)  # a symbol and a word, not only red
        assert "◀ argmax" in output_text(app)
        screens = [("w", WeightsScreen), ("escape", None), ("f1", HelpScreen),
                   ("escape", None), ("p", PresetScreen), ("escape", None),
                   ("g", LandscapeScreen), ("escape", None), ("e", ExperimentScreen),
                   ("escape", None), ("v", GalleryScreen), ("escape", None),
                   ("D", DigitScreen), ("escape", None),
                   ("right", None), ("q", UnsavedChangesScreen)]
        for key, screen in screens:
            await pilot.press(key)
            await pilot.pause()
            if screen is not None:
                assert isinstance(app.screen, screen)
                svg = app.export_screenshot()
                assert "<svg" in svg
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
