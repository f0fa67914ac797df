"""The exceptions core raises. Each carries a message key and its values
(core/messages.py); the text is one line a learner can act on, made in the
current language when it is shown."""
from __future__ import annotations

from . import messages


class ActlabError(ValueError):
    """Base of every error core reports to a person."""

    def __init__(self, message_key: str, /, **values):
        super().__init__(message_key)
        self.key, self.values = message_key, values

    def __str__(self) -> str:
        return messages.render(self.key, self.values)


class UnknownNameError(ActlabError):
    """An activation, output function or preset name that does not exist."""


class NetworkError(ActlabError):
    """A network whose shapes, values or functions do not fit together."""


class InputError(ActlabError):
    """An input vector x that does not fit the network."""


class FileFormatError(ActlabError):
    """A file that cannot be read as a network, or cannot be written."""


class Cancelled(Exception):
    """Long work ended because its caller asked (a screen closed while it
    ran): not an error, nothing to tell the learner."""
