"""The exceptions core raises. Each message is one line a learner can act on;
the command line and the app show it as it is."""


class ActlabError(ValueError):
    """Base of every error core reports to a person."""


class UnknownNameError(ActlabError):
    """An activation, output function or preset name that does not exist."""


class NetworkError(ActlabError):
    """A network whose shapes, values or functions do not fit together."""


class InputError(ActlabError):
    """An input vector x that does not fit the network."""


class FileFormatError(ActlabError):
    """A file that cannot be read as a network, or cannot be written."""
