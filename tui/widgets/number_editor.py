"""The one number editor: every field where a number is typed (x_i, a weight,
the experiment's std, the gallery's vector) uses it.

Why not a focused Input: moving focus is deferred in Textual, so in a burst of
keys (a paste without bracketed paste, an IME commit, a backlog over SSH) the
characters after the first still reach the widget that had focus, and each one
restarted the field with itself (`0.25` became 5). Here the widget that owns
the field keeps focus and hands every key to the editor while it is open, so
the keys arrive in one queue, in order, and a burst gives exactly what was
typed.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from rich.text import Text
from textual import events
from textual.widget import Widget

from .. import format as fmt
from ..i18n import t

MAX_LENGTH = 80  # longer than any float's repr, with room for a short vector


def starts_number(character: str | None) -> bool:
    """Digits, a sign or a point start typing a number; full-width ones from a
    Japanese input method too."""
    if not character:
        return False
    return unicodedata.normalize("NFKC", character) in set("0123456789+-.−")


@dataclass
class LineBuffer:
    """The text being typed and where the cursor is: plain data, tested alone."""
    text: str = ""
    cursor: int = 0
    limit: int = MAX_LENGTH
    overflowed: bool = field(default=False)  # the last insert was cut at the limit

    def insert(self, text: str) -> None:
        text = "".join(c for c in text if c.isprintable())
        room = self.limit - len(self.text)
        self.overflowed = len(text) > room
        text = text[:max(0, room)]
        self.text = self.text[:self.cursor] + text + self.text[self.cursor:]
        self.cursor += len(text)

    def backspace(self) -> None:
        if self.cursor:
            self.text = self.text[:self.cursor - 1] + self.text[self.cursor:]
            self.cursor -= 1

    def delete(self) -> None:
        self.text = self.text[:self.cursor] + self.text[self.cursor + 1:]

    def move(self, to: int) -> None:
        self.cursor = max(0, min(len(self.text), to))


# Editing keys, as Textual names them; everything else is swallowed while the
# editor is open so that no binding of the screen underneath fires mid-number.
MOVES = {
    "left": lambda b: b.move(b.cursor - 1), "right": lambda b: b.move(b.cursor + 1),
    "home": lambda b: b.move(0), "ctrl+a": lambda b: b.move(0),
    "end": lambda b: b.move(len(b.text)), "ctrl+e": lambda b: b.move(len(b.text)),
    "backspace": LineBuffer.backspace, "ctrl+h": LineBuffer.backspace,
    "delete": LineBuffer.delete, "ctrl+d": LineBuffer.delete,
    "ctrl+u": lambda b: (setattr(b, "text", b.text[b.cursor:]), b.move(0)),
}


# ⏎, and the line feed a terminal hands over for it when ⏎ was typed before
# the app took the terminal over (at launch, over a slow link): Textual reads
# that as ctrl+j, and the number typed with it stayed in the field, unapplied.
ENTER = ("enter", "ctrl+j")


class NumberEditor(Widget):
    """A one-line field with a message line under it. Its owner (the widget
    with focus) calls `take_key` and `take_paste` first from its own handlers;
    `open` says what is being edited and what to do with the value.

    An owner may make it and mount it only when first opened (x's and the
    learning field are hidden at start-up, and each widget mounted costs the
    first frame): the buffer, `open` and `take_key` work before it is mounted."""

    DEFAULT_CSS = """
    NumberEditor { height: auto; display: none; }
    NumberEditor > .number-editor--cursor { text-style: reverse; }
    NumberEditor > .number-editor--message { color: $error; }
    NumberEditor > .number-editor--placeholder { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"number-editor--cursor", "number-editor--message",
                         "number-editor--placeholder"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.buffer = LineBuffer()
        self.label = ""
        self.placeholder = ""
        self.message = ""
        self._parse: Callable[[str], object] = fmt.parse_number
        self._apply: Callable[[object], None] = lambda value: None
        self._invalid: Callable[[str], str] = lambda text: text
        self._cut = False
        # Open or not, kept here: before the widget is mounted its display
        # reads "block" whatever its CSS says.
        self._open = False

    @property
    def active(self) -> bool:
        return self._open

    def open(self, first: str, *, label: str, placeholder: str,
             apply: Callable[[object], None], invalid: Callable[[str], str],
             parse: Callable[[str], object] = fmt.parse_number,
             limit: int = MAX_LENGTH) -> None:
        """Start editing with `first` typed; `apply` gets the parsed value on
        enter; text that does not parse keeps the field open with invalid(text)."""
        self.buffer = LineBuffer(limit=limit)
        self._cut = False  # some of what was typed did not fit: enter refuses until cleared
        self.buffer.insert(first)
        self.label, self.placeholder, self.message = label, placeholder, ""
        self._parse, self._apply, self._invalid = parse, apply, invalid
        self._open = self.display = True
        self.refresh(layout=True)

    def close(self) -> None:
        self._open = self.display = False
        self.message = ""

    def say(self, message: str) -> None:
        self.message = message
        self.refresh(layout=True)

    def submit(self) -> None:
        text = self.buffer.text
        if not text.strip():  # enter on an untouched field keeps the value, quietly
            self.close()
            return
        if self._cut:  # the rest of a long paste was not typed: this is not what was meant
            self.say(t("edit.too_long", limit=self.buffer.limit))
            return
        try:
            value = self._parse(text)
        except ValueError:
            self.say(self._invalid(text))
            return
        self.close()
        self._apply(value)

    # --- keys, handed over by the owner ------------------------------------------------
    def take_key(self, event: events.Key, start: Callable[[str], None] | None = None) -> bool:
        """True when the key belongs to the editor (the owner then stops it).
        While closed, a character that starts a number calls start(character)."""
        if not self.active:
            if start is not None and starts_number(event.character):
                start(event.character)
                return True
            return False
        if event.key in ENTER:
            self.submit()
        elif event.key == "escape":
            self.close()
        elif event.key in MOVES:
            MOVES[event.key](self.buffer)
            if len(self.buffer.text) < self.buffer.limit:
                self._cut = False  # shortened by hand: what is there now is what is meant
        elif event.character and event.is_printable:
            self._insert(event.character)
        self.refresh(layout=True)
        return True

    def take_paste(self, text: str, start: Callable[[str], None]) -> None:
        """A bracketed paste: its first line is typed; a line break after it is enter."""
        first, newline, _ = text.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
        if not self.active:
            start("")
        self._insert(first)
        if newline:
            self.submit()
        self.refresh(layout=True)

    def _insert(self, text: str) -> None:
        self.buffer.insert(text)
        if self.buffer.overflowed:
            self._cut = True
            self.say(t("edit.too_long", limit=self.buffer.limit))

    # --- drawing -----------------------------------------------------------------------
    def render(self) -> Text:
        b = self.buffer
        line = Text(f"{self.label} › ", no_wrap=True, overflow="ellipsis")
        if b.text:
            line.append(b.text[:b.cursor])
            line.append(b.text[b.cursor:b.cursor + 1] or " ",
                        self.get_component_rich_style("number-editor--cursor"))
            line.append(b.text[b.cursor + 1:])
        else:
            line.append(" ", self.get_component_rich_style("number-editor--cursor"))
            line.append(self.placeholder,
                        self.get_component_rich_style("number-editor--placeholder"))
        if self.message:
            line.append("\n")
            line.append(self.message, self.get_component_rich_style("number-editor--message"))
        return line

    def text(self) -> str:
        """What the field holds, for tests and the owner."""
        return self.buffer.text


class TypesNumbers:
    """Mixed into a screen that takes no focus and has one NumberEditor as
    `self.editor` (the experiment's std, the gallery's vector): the screen
    gets every key, and while the field is open the editor takes them all,
    in order, a burst included. A paste opens the field through start_typing()."""

    def start_typing(self) -> None:
        raise NotImplementedError

    def on_key(self, event: events.Key) -> None:
        if self.editor.take_key(event):
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.editor.take_paste(event.text, start=lambda first: self.start_typing())
