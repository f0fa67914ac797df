"""The command palette: every action by a name of one pattern, offering only
what applies to the screen in front ("Select layer 2" over the explorer, not
over the landscape)."""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterator, NamedTuple

from textual import on, work
from textual.css.query import NoMatches
from textual.command import (CommandInput, CommandList, CommandPalette, DiscoveryHit, Hit, Hits,
                             Provider)
from textual.widgets import Button, Input, OptionList

import core

from . import format as fmt
from .i18n import LANGUAGE_NAMES, function_label, language, preset_description, t, t_en
from .dialog import AnsweredOnce

# What the palette takes: a name is a few words, and Textual's Input redraws
# the whole value on each key (5,000 pasted characters took 35 s).
QUERY_LIMIT = 100
ENGLISH_NAMES = {"en": "English", "ja": "Japanese"}  # LANGUAGE_NAMES, for a search in English


class Command(NamedTuple):
    title: str
    help: str
    run: Callable[[], object]


def labels(values: dict, lang: str | None = None) -> dict:
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


def command(title_key: str, help_key: str, run, **values) -> Command:
    """Titled in the current language and, when that is not English, in
    English too, so that "relu" or "softmax" find a command either way."""
    title = t(title_key, **labels(values))
    if language() != "en":
        title += f"  ({t_en(title_key, **labels(values, 'en'))})"
    return Command(title, t(help_key, **labels(values)), run)


def commands(app, on_explorer: bool) -> Iterator[Command]:
    """Every command that applies now: the explorer's own only over the explorer."""
    state = app.state

    def change(mutate, announce=None):
        return lambda: app.change(mutate, announce)

    if on_explorer:
        for name in core.HIDDEN:
            yield command("cmd.hidden", "help.hidden",
                          change(partial(state.set_hidden_activation, name)), function=name)
        for name in core.OUTPUTS:
            yield command("cmd.output", "help.output",
                          change(partial(state.set_output, name)), function=name)
        for k in range(1, state.depth + 1):
            for name in core.OUTPUTS if k == state.depth else core.HIDDEN:
                yield command("cmd.layer", "help.layer",
                              change(partial(state.set_layer_activation, k, name)),
                              k=k, function=name)
            yield command("cmd.select_layer", "help.select_layer",
                          change(partial(state.select_unit, k, 1)), k=k)
        for name in core.HIDDEN:
            yield command("cmd.compare", "help.compare",
                          change(partial(setattr, state, "compare", name)), function=name)
        yield command("cmd.compare_off", "help.compare_off",
                      change(partial(setattr, state, "compare", None)))
        yield command("cmd.derivative", "help.derivative", app.action_toggle_derivative)
        view = "layers" if state.left_view == "diagram" else "diagram"
        yield command(f"cmd.view_{view}", f"help.view_{view}", app.action_toggle_view)
        # learning (issue 13)
        yield command("cmd.backward", "help.backward", app.action_toggle_backward)
        yield command("cmd.step", "help.step", app.action_gradient_step,
                      lr=fmt.compact(state.learning_rate, 6))
        yield command("cmd.target", "help.target", app.action_edit_target)
        yield command("cmd.learning_rate", "help.learning_rate", app.action_edit_learning_rate)
        for kind in core.LOSSES:
            yield command("cmd.loss", "help.loss", change(partial(state.set_loss, kind)),
                          loss=t(f"loss.{kind}"))
        yield command("cmd.randomise", "help.randomise", change(state.randomise),
                      init=state.init, seed=state.seed)
        for kind in ("zeros", "ones", "uniform"):
            yield command("cmd.x_fill", "help.x_fill", change(partial(state.fill_x, kind)),
                          kind=("fill." + kind, state.seed))
        yield command("cmd.x_file", "help.x_file", app.load_x_file)
        for kind, name in app.EXPORT_NAMES.items():
            yield command("cmd.export", "help.export", partial(app.export_trace, kind),
                          format=name)
            yield command("cmd.copy", "help.copy", partial(app.copy_trace, kind),
                          format=name)
    yield command("cmd.undo", "help.undo", app.action_undo)
    yield command("cmd.redo", "help.redo", app.action_redo)
    yield command("cmd.open", "help.open", app.action_open)
    yield command("cmd.save", "help.save", app.action_save)
    yield command("cmd.save_as", "help.save_as", app.action_save_as)
    for name in app.SIDE_SCREENS:
        yield command(f"cmd.{name}", f"help.{name}", partial(app.action_open_screen, name))
    yield command("cmd.presets", "help.presets", app.action_presets)
    for p in core.PRESETS.values():
        yield command("cmd.preset", "help.preset", partial(app.load_preset, p.name),
                      name=p.name, description=preset_description(p.name))
    for code, name in LANGUAGE_NAMES.items():
        if code != language():
            # "Japanese" finds 日本語 too: the name in English beside its own.
            english = ENGLISH_NAMES[code]
            shown = name if name == english else f"{name} ({english})"
            yield command("cmd.language", "help.language",
                          partial(app.call_later, app.switch_language, code), language=shown)
    yield command("cmd.help", "help.help", app.action_help)


class ActlabCommands(Provider):
    """The palette's source of actlab's commands, built afresh each time it
    opens, from the screen it was opened over."""

    def _commands(self) -> list[Command]:
        return list(commands(self.app, on_explorer=self.screen is self.app.screen_stack[0]))

    async def discover(self) -> Hits:
        for c in self._commands():
            yield DiscoveryHit(c.title, c.run, help=c.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query[:QUERY_LIMIT])
        for c in self._commands():
            score = matcher.match(c.title)
            if score > 0:
                yield Hit(score, matcher.highlight(c.title), c.run, text=c.title, help=c.help)


class ActlabPalette(AnsweredOnce, CommandPalette):
    """Textual's palette, made safe against keys that arrive faster than it
    closes: a second enter dismissed it twice (ScreenStackError), and PageUp
    before the list filled raised KeyError."""

    def __init__(self, **kwargs):
        # The footer's "^p palette" keeps Textual's ASCII label: when the footer
        # overflows, the keys beneath that docked key cut its line at their
        # edges, and a Japanese label loses the character a cut falls in.
        super().__init__(placeholder=t("palette.placeholder"), **kwargs)

    def on_mount(self) -> None:
        self.query_one(CommandInput).max_length = QUERY_LIMIT

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _once(self, event) -> None:
        # Runs before the palette's own handlers: once it is closing, a
        # second enter neither dismisses it again nor runs the command twice;
        # an enter that arrives once a dialog came in front (ctrl+q, fast) runs
        # nothing: Textual's palette runs its command even when its dismissal
        # is dropped (AnsweredOnce), so the command ran unseen behind it.
        if self._answered or self.app.screen is not self:
            event.stop()
            event.prevent_default()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # A letter typed in the same burst as the escape that closes the
        # palette starts a search of a palette whose list is already gone:
        # NoMatches in its worker ended the app. Nobody waits for that search.
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)
        except NoMatches:
            if self.is_attached and not self._answered:
                raise

    def _action_command_list(self, action: str) -> None:
        command_list = self.query_one(CommandList)
        if not command_list.option_count:
            return
        # Paging needs the list laid out; before that its options have no lines.
        if "page" in action and (command_list.highlighted or 0) not in command_list._index_to_line:
            return
        super()._action_command_list(action)
