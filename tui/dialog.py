"""What every dialog shares: it is answered once, and only while in front."""
from __future__ import annotations

from textual.await_complete import AwaitComplete


class AnsweredOnce:
    """Mixed into a ModalScreen (before it). Textual's dismiss pops whatever
    screen is on top: an answer that arrives once another screen is in front
    (⏎ on the preset list then F1, fast: the help opened before the list's
    choice came) closed that screen instead and spent the dialog's answer, and
    the next escape ended the app. Such an answer is dropped: the dialog
    stays, and is answered again. _answered tells the palette's guards that
    it is closing (a dismissed dialog is never in front again)."""
    _answered = False
    _withdrawn = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self._answered or self.app.screen is not self:
            return AwaitComplete()
        self._answered = True
        return super().dismiss(result)

    def withdraw(self) -> None:
        """Nobody waits for the answer any more (its worker was cancelled): it
        goes now, or as soon as it is in front again."""
        self._withdrawn = True
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self._withdrawn:
            self.dismiss(None)
