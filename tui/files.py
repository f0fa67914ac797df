"""The app's file workflows: open, save, save as, export, x from a file.
Nothing the user made is lost: replacing unsaved work asks first, and every
failure leaves the current network as it was with one line saying why."""
from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from textual import work

import core

from . import format as fmt
from .i18n import t
from .dialog import AnsweredOnce

EXPORT_NAMES = {"markdown": "Markdown", "csv": "CSV", "json": "JSON"}


@functools.cache
def _save_as():
    """textual-fspicker's FileSave with the name field focused, so that ⏎
    saves under the name suggested: its directory list had the focus, and ⏎
    after ctrl+s opened the list's first entry, '..' (found by a tester)."""
    from textual.widgets import Input
    from textual_fspicker import FileSave

    class SaveAs(AnsweredOnce, FileSave):
        def on_mount(self) -> None:
            # After FileSave's own on_mount, which focuses the list.
            self.call_after_refresh(lambda: self.query_one(Input).focus())

    return SaveAs


@functools.cache
def open_dialog():
    """textual-fspicker's FileOpen, answered once and only while in front."""
    from textual_fspicker import FileOpen

    class OpenFile(AnsweredOnce, FileOpen):
        pass

    return OpenFile


def _filters(*kinds: tuple[str, tuple[str, ...]]):
    from textual_fspicker import Filters
    return Filters(*[(t(label), lambda p, s=suffixes: p.suffix.lower() in s)
                     for label, suffixes in kinds], (t("filter.all"), lambda p: True))


class FileActions:
    """Mixed into ActLabApp: it provides state, change(), report() and the
    screens. The dialogs (textual-fspicker) are imported when first used."""

    EXPORT_NAMES = EXPORT_NAMES

    async def ask(self, dialog):
        """push_screen_wait, and the dialog goes with its worker. File actions
        run one at a time (a newer one cancels the older's worker), and a
        cancelled worker's dialog stayed, answering nobody: ctrl+s, then
        ctrl+q and Save left a Save as… beneath that closed and wrote nothing."""
        try:
            return await self.push_screen_wait(dialog)
        except asyncio.CancelledError:
            dialog.withdraw()
            raise

    async def _may_replace(self, doing: str) -> bool:
        """True when the current network may be replaced: saved, or the user says so."""
        from .screens.confirm import UnsavedChangesScreen

        if not self.state.dirty:
            return True
        choice = await self.ask(UnsavedChangesScreen(self.source_label(), doing))
        if choice == "save":
            return await self._save(ask=False)
        return choice == "discard"

    async def _ask_path(self, title: str, default: str, location: Path | None = None,
                        filters=None) -> Path | None:
        """A name to write to; an existing file is replaced only if the user says so."""
        from .screens.confirm import ReplaceFileScreen

        path = await self.ask(_save_as()(
            location=location or Path.cwd(), title=title, default_file=default,
            filters=filters))
        if path is not None and Path(path).exists():
            if not await self.ask(ReplaceFileScreen(fmt.shown_name(Path(path).name))):
                return None
        return None if path is None else Path(path)

    async def _save(self, ask: bool) -> bool:
        path = self.state.path
        if ask or path is None or path.suffix.lower() not in core.files.SAVE_FORMATS:
            default = (path.stem if path else
                       (self.state.preset or self.state.source or "network").replace(" ", "-")
                       ) + ".json"
            path = await self._ask_path(
                t("dialog.save"), default, path.parent if path else None,
                _filters(("filter.saveable", (".json", ".npz"))))
            if path is None:
                return False
        try:
            core.save(self.state.network_to_save(), path)
        except core.ActlabError as exc:
            self.report(exc)
            return False
        self.state.mark_saved(Path(path))
        self._update_titles()
        self.notify(t("notify.saved", path=fmt.shown_name(path)), timeout=3, markup=False)
        return True

    @work(exclusive=True, group="files", exit_on_error=False)
    async def action_save(self) -> None:
        await self._save(ask=False)

    @work(exclusive=True, group="files", exit_on_error=False)
    async def action_save_as(self) -> None:
        await self._save(ask=True)

    @work(exclusive=True, group="files", exit_on_error=False)
    async def action_open(self) -> None:
        if not await self._may_replace(t("doing.open")):
            return
        location = self.state.path.parent if self.state.path else Path.cwd()
        path = await self.ask(open_dialog()(
            location=location, title=t("dialog.open"),
            filters=_filters(("filter.networks", (".json", ".npz", ".pkl")))))
        if path is not None:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Load a network file; on failure the current network stays, and the
        message names what is wrong in the file."""
        try:
            network = core.load(path)
        except core.ActlabError as exc:
            self.report(exc)
            return
        self.change(lambda: self.state.replace_network(network, path.name, path, saved=True),
                    lambda _: t("notify.opened", name=fmt.shown_name(path.name),
                                shape=self.state.shape()))

    @work(exclusive=True, group="files", exit_on_error=False)
    async def action_presets(self) -> None:
        from .screens.presets import PresetScreen

        name = await self.ask(PresetScreen())
        if name is not None:
            await self._load_preset(name)

    async def _load_preset(self, name: str) -> None:
        if await self._may_replace(t("doing.preset")):
            # A preset just loaded is as its definition says: nothing to save yet.
            self.change(lambda: self.state.replace_network(core.preset(name), name,
                                                           saved=True, preset=name))

    @work(exclusive=True, group="files", exit_on_error=False)
    async def load_preset(self, name: str) -> None:
        await self._load_preset(name)

    _asking_quit = False  # a quit question is up: another q or ctrl+q asks nothing more
    _quit_held: list = []  # the runs the quit questions paused (never changed in place)

    def action_quit(self) -> None:
        """Quit, asking first about each unsaved thing in turn: the explorer's
        network, then each training run with epochs not saved (ctrl+s on its
        screen). Not a worker: each question is on the stack before the next
        key is read, so the rest of a burst (q then n n n on the training
        screen) goes to it, not to the screen behind it."""
        if self._asking_quit:
            return
        self._quit_passed = set()  # what the user chose to discard
        # Playing runs wait while they are asked about; Cancel plays them on.
        self._quit_held = [run for run in self.training_runs() if run.hold_for_question()]
        self._quit_next()

    def _quit_next(self) -> None:
        from .screens.confirm import UnsavedChangesScreen

        if self.state.dirty and "explorer" not in self._quit_passed:
            what, name, save = "explorer", self.source_label(), self._save_then_quit
            question = "confirm.question"
        else:
            runs = [run for run in self.training_runs()
                    if run.unsaved and id(run) not in self._quit_passed]
            if not runs:
                self.exit()
                return
            run = runs[0]
            what, name, question = id(run), run.run_label(), "confirm.run_question"
            save = lambda: run.action_save(then=self._quit_next,  # noqa: E731
                                           given_up=self._quit_given_up)
        self._asking_quit = True
        self.push_screen(UnsavedChangesScreen(name, t("doing.quit"), question),
                         lambda choice: self._quit_answered(what, save, choice))

    def _quit_answered(self, what, save, choice: str | None) -> None:
        # Cancel leaves everything as it was: a Save as… dialog open under
        # the question (ctrl+s, then ctrl+q) keeps its worker and its name,
        # and the runs the question paused play on.
        self._asking_quit = False
        if choice == "discard":
            self._quit_passed.add(what)
            self._quit_next()
        elif choice == "save":
            save()
        else:
            self._quit_given_up()

    def _quit_given_up(self) -> None:
        """No quit after all (Cancel, or Save's file dialog cancelled or its
        write refused): the runs that were playing play on."""
        for run in self._quit_held:
            # On the stack, not only attached: a kept screen left meanwhile
            # (a palette command, then ctrl+q, fast) stays paused, as leaving does.
            if not run.playing and run in self.screen_stack:
                run.action_play()
        self._quit_held = []

    @work(group="quit", exit_on_error=False)  # not "files": it would cancel a dialog's worker
    async def _save_then_quit(self) -> None:
        if await self._save(ask=False):
            self._quit_next()
        else:
            self._quit_given_up()

    @work(exclusive=True, group="files", exit_on_error=False)
    async def save_trained(self, network: core.Network, training: dict, default: str,
                           saved=None, given_up=None) -> None:
        """The training screen's network, with how it was trained, in a file
        of the user's choosing; the explorer's network is left as it is.
        saved() is called once it is written, given_up() if it is not (the
        dialog cancelled, the write refused)."""
        path = await self._ask_path(t("dialog.save_trained"), default, None,
                                    _filters(("filter.saveable", (".json", ".npz"))))
        if path is None:
            if given_up is not None:
                given_up()
            return
        try:
            core.save(network, path, training=training)
        except core.ActlabError as exc:
            self.report(exc)
            if given_up is not None:
                given_up()
            return
        self.notify(t("notify.saved", path=fmt.shown_name(path)), timeout=3, markup=False)
        if saved is not None:
            saved()

    @work(exclusive=True, group="files", exit_on_error=False)
    async def export_trace(self, kind: str) -> None:
        render, suffix = core.export.EXPORTS[kind]
        path = await self._ask_path(t("dialog.export"), f"trace{suffix}")
        if path is None:
            return
        try:
            core.atomic_write(path, render(self.state.trace).encode())
        except core.ActlabError as exc:
            self.report(exc)
            return
        self.notify(t("notify.exported", path=fmt.shown_name(path)), timeout=3, markup=False)

    def copy_trace(self, kind: str) -> None:
        render, _ = core.export.EXPORTS[kind]
        self.copy_to_clipboard(render(self.state.trace))
        self.notify(t("notify.copied", format=EXPORT_NAMES[kind]), timeout=3, markup=False)

    @work(exclusive=True, group="files", exit_on_error=False)
    async def load_x_file(self) -> None:
        path = await self.ask(open_dialog()(
            title=t("dialog.open_x"),
            filters=_filters(("filter.vectors", (".npy", ".csv", ".json", ".txt")))))
        if path is not None:
            # An undoable edit like any other: the network is kept, x can be undone.
            self.change(lambda: self.state.load_x(Path(path)),
                        lambda _: t("notify.x_loaded", name=fmt.shown_name(Path(path).name)))
