"""ActLabApp: the explorer. It owns the one ExplorerState, changes it in one
place (change()), turns core's errors into notifications, and tells every
pane about each change through the state_changed signal."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.signal import Signal
from textual.widgets import Footer, Header

import core
from core import export

from .i18n import LANGUAGE_NAMES, function_label, language, set_language, t, t_en
from .keys import key, localise
from .screens.confirm import UnsavedChangesScreen
from .screens.digit import DigitScreen
from .screens.experiment import ExperimentScreen
from .screens.gallery import GalleryScreen
from .screens.help import HelpScreen
from .screens.landscape import LandscapeScreen
from .screens.presets import PresetScreen
from .screens.weights import WeightsScreen
from .state import ExplorerState
from .widgets.activation_plot import ActivationPlot
from .widgets.explain import ExplainLine
from .widgets.input_vector import ComponentList, InputVector
from .widgets.layers import LayersView
from .widgets.output import OutputView


EXPORT_NAMES = {"markdown": "Markdown", "csv": "CSV", "json": "JSON"}
SCREENS = {"weights": WeightsScreen, "landscape": LandscapeScreen,
           "experiment": ExperimentScreen, "gallery": GalleryScreen, "digit": DigitScreen}


class ActLabApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "actlab"
    BINDINGS = [
        key("h", "cycle_hidden(1)", "hidden_next"),
        key("H", "cycle_hidden(-1)", "hidden_prev", show=False),
        key("f", "cycle_layer", "layer_next"),
        key("o", "cycle_output", "output_next"),
        key("d", "toggle_derivative", "derivative"),
        key("c", "cycle_compare", "compare"),
        key("w", "open_screen('weights')", "weights"),
        key("g", "open_screen('landscape')", "landscape"),
        key("e", "open_screen('experiment')", "experiment", show=False),
        key("v", "open_screen('gallery')", "gallery", show=False),
        key("D", "open_screen('digit')", "digit", show=False),
        key("p", "presets", "presets", show=False),
        key("ctrl+z", "undo", "undo", show=False),
        key("ctrl+y", "redo", "redo", show=False),
        key("ctrl+o", "open", "open", show=False),
        key("ctrl+s", "save", "save", show=False),
        key("f1,question_mark", "help", "help", key_display="F1"),
        # ctrl+q quits from anywhere; q not while typing a number in a field.
        key("ctrl+q", "quit", "quit", priority=True),
        key("q", "quit", "quit", show=False),
    ]
    # Narrow or short terminals drop the panes that need room (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall"), (32, "-roomy")]

    def __init__(self, network: core.Network | None = None, source: str | None = None,
                 path: Path | None = None):
        super().__init__()
        source = source or (t("app.preset", name="book") if network is None
                            else t("app.untitled"))
        self.state = ExplorerState(network or core.preset("book"), source=source,
                                   path=None if path is None else Path(path))
        self.state_changed: Signal[ExplorerState] = Signal(self, "state-changed")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield InputVector(id="input")
                yield LayersView(id="layers")
            with Vertical(id="right"):
                yield ActivationPlot(id="plot")
                yield OutputView(id="output", markup=False)
        yield ExplainLine(id="explain", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        localise(self)
        localise(self.screen)
        self.refresh_bindings()
        layers = self.query_one(LayersView)
        layers.border_title = t("pane.layers")
        layers.border_subtitle = t("flag.saturated") + "  " + t("flag.dead")
        self._update_titles()
        self.query_one(ComponentList).focus()

    def _update_titles(self) -> None:
        mark = "*" if self.state.dirty else ""
        self.sub_title = t("app.subtitle", source=self.state.source + mark,
                           shape=self.state.shape())

    # --- the one place where the state changes ------------------------------------
    def change(self, mutate: Callable[[], object], announce: Callable[[object], str] | None = None):
        """Run one state change; a core error becomes a notification and the
        state stays as it was. Every pane then hears of the new state."""
        try:
            result = mutate()
        except core.ActlabError as exc:
            self.notify(t("notify.error", message=str(exc)), severity="error")
            return None
        if announce is not None:
            self.notify(announce(result), timeout=2)
        self.state_changed.publish(self.state)
        self._update_titles()
        return result

    # --- what panes ask for --------------------------------------------------------
    def nudge_x(self, component: int, steps: float) -> None:
        self.change(lambda: self.state.nudge_x(component, steps))

    def set_x(self, component: int, value: float) -> None:
        self.change(lambda: self.state.set_x(component, value))

    def select_component(self, component: int) -> None:
        self.change(lambda: self.state.select_component(component))

    def select_unit(self, layer: int, unit: int) -> None:
        self.change(lambda: self.state.select_unit(layer, unit))

    # --- actions (keys and palette) -------------------------------------------------------
    def action_cycle_hidden(self, direction: int) -> None:
        self.change(lambda: self.state.cycle_hidden(direction),
                    lambda name: t("cmd.hidden", function=function_label(name)))

    def action_cycle_layer(self) -> None:
        k = self.state.layer
        self.change(lambda: self.state.cycle_layer(),
                    lambda name: t("cmd.layer", k=k, function=function_label(name)))

    def action_cycle_output(self) -> None:
        self.change(lambda: self.state.cycle_output(),
                    lambda name: t("cmd.output", function=function_label(name)))

    def action_toggle_derivative(self) -> None:
        self.change(lambda: setattr(self.state, "show_derivative",
                                    not self.state.show_derivative))

    def action_cycle_compare(self) -> None:
        self.change(lambda: self.state.cycle_compare(),
                    lambda name: t("cmd.compare", function=function_label(name))
                    if name else t("cmd.compare_off"))

    def action_undo(self) -> None:
        self.change(self.state.undo, lambda what: t("notify.undo", what=what) if what
                    else t("notify.nothing_to_undo"))

    def action_redo(self) -> None:
        self.change(self.state.redo, lambda what: t("notify.redo", what=what) if what
                    else t("notify.nothing_to_redo"))

    def action_open_screen(self, name: str) -> None:
        """Show one of the screens beside the explorer, unless it is showing."""
        screen = SCREENS[name]
        if not isinstance(self.screen, screen):
            self.push_screen(screen())

    # --- files: nothing the user made is lost ----------------------------------------------
    async def _may_replace(self, doing: str) -> bool:
        """True when the current network may be replaced: saved, or the user says so."""
        if not self.state.dirty:
            return True
        choice = await self.push_screen_wait(UnsavedChangesScreen(self.state.source, doing))
        if choice == "save":
            return await self._save(ask=False)
        return choice == "discard"

    async def _save(self, ask: bool) -> bool:
        from textual_fspicker import FileSave, Filters

        path = self.state.path
        if ask or path is None or path.suffix.lower() not in core.files.SAVE_FORMATS:
            default = (path.stem if path else self.state.source.replace(" ", "-")) + ".json"
            path = await self.push_screen_wait(FileSave(
                location=path.parent if path else Path.cwd(), title=t("dialog.save"),
                default_file=default, filters=Filters(
                    (t("filter.saveable"), lambda p: p.suffix.lower() in (".json", ".npz")),
                    (t("filter.all"), lambda p: True))))
            if path is None:
                return False
        try:
            core.save(self.state.network_to_save(), path)
        except core.ActlabError as exc:
            self.notify(t("notify.error", message=str(exc)), severity="error")
            return False
        self.state.mark_saved(Path(path))
        self._update_titles()
        self.notify(t("notify.saved", path=path), timeout=3)
        return True

    @work(exclusive=True, group="files")
    async def action_save(self) -> None:
        await self._save(ask=False)

    @work(exclusive=True, group="files")
    async def action_save_as(self) -> None:
        await self._save(ask=True)

    @work(exclusive=True, group="files")
    async def action_open(self) -> None:
        from textual_fspicker import FileOpen, Filters

        if not await self._may_replace(t("doing.open")):
            return
        location = self.state.path.parent if self.state.path else Path.cwd()
        path = await self.push_screen_wait(FileOpen(location=location, title=t("dialog.open"),
                                                    filters=Filters(
            (t("filter.networks"), lambda p: p.suffix.lower() in (".json", ".npz", ".pkl")),
            (t("filter.all"), lambda p: True))))
        if path is not None:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Load a network file; on failure the current network stays, and the
        notification names what is wrong in the file."""
        try:
            network = core.load(path)
        except core.ActlabError as exc:
            self.notify(t("notify.error", message=str(exc)), severity="error")
            return
        self.change(lambda: self.state.replace_network(network, path.name, path, saved=True),
                    lambda _: t("notify.opened", name=path.name, shape=self.state.shape()))

    @work(exclusive=True, group="files")
    async def action_presets(self) -> None:
        name = await self.push_screen_wait(PresetScreen())
        if name is not None:
            await self._load_preset(name)

    async def _load_preset(self, name: str) -> None:
        if await self._may_replace(t("doing.preset")):
            # A preset just loaded is as its definition says: nothing to save yet.
            self.change(lambda: self.state.replace_network(core.preset(name),
                                                           t("app.preset", name=name),
                                                           saved=True))

    @work(exclusive=True, group="files")
    async def load_preset(self, name: str) -> None:
        await self._load_preset(name)

    @work(exclusive=True, group="files")
    async def action_quit(self) -> None:
        if await self._may_replace(t("doing.quit")):
            self.exit()

    @work(exclusive=True, group="files")
    async def export_trace(self, kind: str) -> None:
        from textual_fspicker import FileSave

        render, suffix = export.EXPORTS[kind]
        path = await self.push_screen_wait(FileSave(title=t("dialog.export"),
                                                    default_file=f"trace{suffix}"))
        if path is None:
            return
        try:
            core.atomic_write(path, render(self.state.trace).encode())
        except core.ActlabError as exc:
            self.notify(t("notify.error", message=str(exc)), severity="error")
            return
        self.notify(t("notify.exported", path=path), timeout=3)

    def copy_trace(self, kind: str) -> None:
        render, _ = export.EXPORTS[kind]
        self.copy_to_clipboard(render(self.state.trace))
        self.notify(t("notify.copied", format=EXPORT_NAMES[kind]), timeout=3)

    @work(exclusive=True, group="files")
    async def load_x_file(self) -> None:
        from textual_fspicker import FileOpen, Filters

        path = await self.push_screen_wait(FileOpen(title=t("dialog.open_x"), filters=Filters(
            (t("filter.vectors"), lambda p: p.suffix.lower() in (".npy", ".csv", ".json", ".txt")),
            (t("filter.all"), lambda p: True))))
        if path is not None:
            self.change(lambda: self.state.load_x(Path(path)),
                        lambda _: t("notify.x_loaded", name=Path(path).name))

    @classmethod
    def key_sections(cls) -> list:
        """(title, bindings) for every place keys work: the help screen and
        `actlab --help` both list these, so neither can fall behind."""
        return [
            (t("help.global"), [b for b in cls.BINDINGS]),
            (t("help.input"), [b for b in ComponentList.BINDINGS]),
            (t("help.layers"), [b for b in LayersView.BINDINGS]),
            (t("help.weights_screen"), [b for b in WeightsScreen.BINDINGS]),
            (t("help.landscape_screen"), [b for b in LandscapeScreen.BINDINGS]),
            (t("help.experiment_screen"), [b for b in ExperimentScreen.BINDINGS]),
            (t("help.gallery_screen"), [b for b in GalleryScreen.BINDINGS]),
            (t("help.digit_screen"), [b for b in DigitScreen.BINDINGS]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections()))

    # --- the command palette: every action, named by one pattern ---------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        state = self.state

        def command(title_key: str, help_key: str, callback, **values) -> SystemCommand:
            """Titled in the current language and, when that is not English, in
            English too, so that "relu" or "softmax" find a command either way."""
            title = t(title_key, **self._labels(values))
            if language() != "en":
                title += f"  ({t_en(title_key, **self._labels(values, 'en'))})"
            return SystemCommand(title, t(help_key, **self._labels(values)), callback)

        def run(mutate, announce=None):
            return lambda: self.change(mutate, announce)

        for name in core.HIDDEN:
            yield command("cmd.hidden", "help.hidden",
                          run(lambda n=name: state.set_hidden_activation(n)), function=name)
        for name in core.OUTPUTS:
            yield command("cmd.output", "help.output",
                          run(lambda n=name: state.set_output(n)), function=name)
        for k in range(1, state.depth + 1):
            for name in core.OUTPUTS if k == state.depth else core.HIDDEN:
                yield command("cmd.layer", "help.layer",
                              run(lambda k=k, n=name: state.set_layer_activation(k, n)),
                              k=k, function=name)
            yield command("cmd.select_layer", "help.select_layer",
                          run(lambda k=k: state.select_unit(k, 1)), k=k)
        for name in core.HIDDEN:
            yield command("cmd.compare", "help.compare",
                          run(lambda n=name: setattr(state, "compare", n)), function=name)
        yield command("cmd.compare_off", "help.compare_off",
                      run(lambda: setattr(state, "compare", None)))
        yield command("cmd.derivative", "help.derivative", self.action_toggle_derivative)
        yield command("cmd.undo", "help.undo", self.action_undo)
        yield command("cmd.redo", "help.redo", self.action_redo)
        yield command("cmd.open", "help.open", self.action_open)
        yield command("cmd.save", "help.save", self.action_save)
        yield command("cmd.save_as", "help.save_as", self.action_save_as)
        for name in SCREENS:
            yield command(f"cmd.{name}", f"help.{name}", lambda n=name: self.action_open_screen(n))
        yield command("cmd.presets", "help.presets", self.action_presets)
        for p in core.PRESETS.values():
            yield command("cmd.preset", "help.preset", lambda n=p.name: self.load_preset(n),
                          name=p.name, description=p.description)
        yield command("cmd.randomise", "help.randomise", run(state.randomise),
                      init=state.init, seed=state.seed)
        for kind in ("zeros", "ones", "uniform"):
            yield command("cmd.x_fill", "help.x_fill", run(lambda k=kind: state.fill_x(k)),
                          kind=("fill." + kind, state.seed))
        yield command("cmd.x_file", "help.x_file", self.load_x_file)
        for kind, name in EXPORT_NAMES.items():
            yield command("cmd.export", "help.export", lambda k=kind: self.export_trace(k),
                          format=name)
            yield command("cmd.copy", "help.copy", lambda k=kind: self.copy_trace(k),
                          format=name)
        for code, name in LANGUAGE_NAMES.items():
            if code != language():
                yield command("cmd.language", "help.language",
                              lambda c=code: self.call_later(self.switch_language, c),
                              language=name)
        yield command("cmd.help", "help.help", self.action_help)

    @staticmethod
    def _labels(values: dict, lang: str | None = None) -> dict:
        """Placeholders as shown: function names by the book, fills by the catalogue."""
        shown = {}
        for name, value in values.items():
            if name == "function":
                value = function_label(value, lang)
            elif name == "kind":
                key_name, seed = value
                value = t_en(key_name, seed=seed) if lang == "en" else t(key_name, seed=seed)
            shown[name] = value
        return shown

    # --- language ------------------------------------------------------------------------
    async def switch_language(self, code: str) -> None:
        """Every label, message and command in another language, without restarting."""
        set_language(code)
        localise(self)
        await self.recompose()  # panes set their titles as they mount
        localise(self.screen)
        self._update_titles()
        self.query_one(ComponentList).focus()
        self.refresh_bindings()
        self.notify(t("notify.language"), timeout=2)
