"""actlab's numeric core: pure numpy, no user interface.

Everything the app and the command line show is computed here, so it can be
tested, scripted and trusted on its own. Nothing here imports Textual, Rich
or plotext (tests/core/test_import_hygiene.py proves it).
"""
from .activations import ACTIVATIONS, HIDDEN, OUTPUTS, Activation, get
from . import curves, digits
from .backward import (CheckRow, Gradients, backward, gradient_check, gradient_step,
                       learning_rate, numerical_gradient)
from .errors import (ActlabError, Cancelled, FileFormatError, InputError, NetworkError,
                     UnknownNameError)
from .files import (atomic_write, dumps_json, from_dict, load, load_batch, load_vector,
                    loads_json, save, to_dict)
from .losses import LOSSES, cross_entropy_error, loss, sum_squared_error, target
from .forward import LayerSummary, Trace, UnitExplanation, explain_unit, forward
from .network import (INITIALISERS, MAX_PARAMETERS, Layer, Network, check_x, collapsed,
                      random_network, randomised, with_inputs, with_layer_inserted,
                      with_units, without_layer)
from .presets import PRESETS, preset

# Imported on first use (core.landscape, core.experiments, core.export): the
# explorer's first frame needs none of them, and `actlab` waits for every module
# imported before it (bench/startup_bench.py).
_LATER = ("experiments", "export", "landscape")


def __getattr__(name: str):
    if name in _LATER:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "curves", "digits", "experiments", "export", "landscape",
    "CheckRow", "Gradients", "backward", "gradient_check", "gradient_step", "learning_rate",
    "numerical_gradient",
    "LOSSES", "cross_entropy_error", "loss", "sum_squared_error", "target",
    "ACTIVATIONS", "HIDDEN", "OUTPUTS", "Activation", "get",
    "ActlabError", "Cancelled", "FileFormatError", "InputError", "NetworkError",
    "UnknownNameError",
    "atomic_write", "dumps_json", "from_dict", "load", "load_batch", "load_vector", "loads_json",
    "save", "to_dict",
    "LayerSummary", "Trace", "UnitExplanation", "explain_unit", "forward",
    "INITIALISERS", "MAX_PARAMETERS", "Layer", "Network", "check_x", "collapsed", "random_network",
    "randomised", "with_inputs", "with_layer_inserted", "with_units", "without_layer",
    "PRESETS", "preset",
]
