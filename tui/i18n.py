"""Every string a person sees in the explorer, one catalogue per language.

A second language is a new table with the same keys (tests/tui/test_i18n.py
checks that the tables agree and that the app uses no key they lack).
Function names (ReLU, Sigmoid) and the book's symbols (a1, z1, W1, b1, y) are
the same in every language and come from core.
"""
from __future__ import annotations

EN: dict[str, str] = {
    # titles and panes
    "app.title": "actlab",
    "app.subtitle": "{source} · {shape}",
    "pane.plot": "Activation · layer {k} · {function}",
    "pane.plot.compare": "Activation · layer {k} · {function} vs {other}",
    "pane.input": "Input x",
    "pane.layers": "Layers",
    "pane.output": "Output y · {function}",
    "pane.explain": "Explain",
    # the plot
    "plot.function": "h(x)",
    "plot.derivative": "h'(x)",
    "plot.units": "units",
    "plot.selected": "selected",
    "plot.output_only": "{function} acts on the whole layer: each marker is (a_j, y_j)",
    # the input pane
    "input.step": "←/→ ±{step}  shift ±{big}  type to set",
    "input.invalid": "{text!r} is not a number; x{i} stays {value}",
    "input.nonfinite": "x{i} must be a finite number; it stays {value}",
    "input.editing": "x{i} = ",
    # the layers pane
    "layers.header": "layer {k}  {function}  {shape}",
    "layers.columns": "unit",
    "flag.saturated": "◐ sat",
    "flag.dead": "✕ dead",
    "layers.legend": "◐ sat: |h'(a)| < 0.01, learns slowly   ✕ dead: ReLU with a ≤ 0, learns nothing",
    # the output pane
    "output.argmax": "◀ argmax",
    "output.sum": "Σy = {total}",
    "output.nonfinite": "⚠ {names} hold nan or inf: {hint}",
    "output.hint.naive": "the naive softmax overflows once a value passes 709 (exp(710) = inf); "
                         "softmax subtracts the max first",
    "output.hint.other": "the values overflowed float64",
    # explain
    "explain.more": "… {n} more terms",
    # notifications
    "notify.function": "{target}: {function}",
    "notify.error": "{message}",
    # commands (palette) and bindings (footer, help)
    "cmd.hidden": "Hidden activation: {function}",
    "cmd.layer": "Layer {k} activation: {function}",
    "cmd.output": "Output: {function}",
    "cmd.compare": "Compare with: {function}",
    "cmd.compare_off": "Compare: off",
    "cmd.derivative": "Show derivative h'(x): on/off",
    "cmd.help": "Help: keys and commands",
    "cmd.quit": "Quit actlab",
    "cmd.select_layer": "Select layer {k}",
    "help.hidden": "Set every hidden layer's activation to {function}.",
    "help.layer": "Set layer {k}'s function to {function}.",
    "help.output": "Set the last layer's function to {function}.",
    "help.compare": "Draw {function} over the selected layer's activation.",
    "help.compare_off": "Stop drawing a second function.",
    "help.derivative": "Draw the derivative on the same axes.",
    "help.help": "List every key and command.",
    "help.quit": "Leave actlab.",
    "help.select_layer": "Plot layer {k} and select its first unit.",
    "key.hidden_next": "Hidden act.",
    "key.hidden_prev": "Hidden act. back",
    "key.layer_next": "Layer act.",
    "key.output_next": "Output",
    "key.derivative": "h'(x)",
    "key.compare": "Compare",
    "key.help": "Help",
    "key.quit": "Quit",
    "key.palette": "Commands",
    "key.nudge_up": "x +step",
    "key.nudge_down": "x −step",
    "key.nudge_up_big": "x +10 steps",
    "key.nudge_down_big": "x −10 steps",
    "key.prev": "Previous",
    "key.next": "Next",
    "key.edit": "Type a value",
    "key.close": "Close",
    "tip.hidden_next": "Cycle every hidden layer's activation forward.",
    "tip.hidden_prev": "Cycle every hidden layer's activation backward.",
    "tip.layer_next": "Cycle the selected layer's function.",
    "tip.output_next": "Cycle the output function: identity, sigmoid, softmax, softmax_naive.",
    "tip.derivative": "Show or hide h'(x) on the activation plot.",
    "tip.compare": "Overlay a second function on the plot (step, sigmoid, ...).",
    "tip.help": "Every key and command.",
    "tip.quit": "Leave actlab.",
    "tip.nudge_up": "Raise the selected component of x by one step (0.1).",
    "tip.nudge_down": "Lower the selected component of x by one step (0.1).",
    "tip.nudge_up_big": "Raise the selected component of x by ten steps (1.0).",
    "tip.nudge_down_big": "Lower the selected component of x by ten steps (1.0).",
    "tip.select_prev": "Select the previous component of x.",
    "tip.select_next": "Select the next component of x.",
    "tip.unit_prev": "Select the unit above; its layer is plotted.",
    "tip.unit_next": "Select the unit below; its layer is plotted.",
    "tip.unit_page_up": "Ten units up.",
    "tip.unit_page_down": "Ten units down.",
    "tip.unit_first": "The first unit of the first layer.",
    "tip.unit_last": "The last unit of the output layer.",
    "key.page_up": "Page up",
    "key.page_down": "Page down",
    "key.first": "First",
    "key.last": "Last",
    "tip.edit": "Type a new value for the selected component.",
    # help screen
    "help.title": "actlab · keys and commands",
    "help.global": "Everywhere",
    "help.input": "Input x pane",
    "help.layers": "Layers pane",
    "help.palette": "Every action is also in the command palette (ctrl+p): type part of its "
                    "name, e.g. “relu” for “Hidden activation: ReLU”.",
    "help.close": "Press escape, q or F1 to close.",
    "help.focus": "tab / shift+tab move between panes.",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": EN}

_language = "en"


def set_language(language: str) -> None:
    global _language
    if language not in CATALOGUES:
        raise KeyError(f"no catalogue for {language!r}; there are: {', '.join(CATALOGUES)}")
    _language = language


def language() -> str:
    return _language


def t(key: str, **values) -> str:
    """The current language's text for `key`, with {placeholders} filled in."""
    text = CATALOGUES[_language].get(key) or EN[key]
    return text.format(**values) if values else text
