"""The explain line: the selected unit's arithmetic with the actual numbers,
a1₃ = 1.0×0.5 + 0.5×0.6 + 0.3 = 1.1 → z1₃ = σ(1.1) = 0.7503."""
from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

import core

from .. import format as fmt
from ..i18n import t
from ..state import ExplorerState

MAX_TERMS = 4  # beyond this (784 inputs) the sum is shortened
SYMBOLS = {"sigmoid": "σ", "identity": "id", "step": "step"}


def _signed(value: float) -> tuple[str, str]:
    """(operator, magnitude): a negative term is written `− 0.1321×…`, never `+ -0.1321×…`."""
    return ("−", fmt.compact(-value)) if value < 0 else ("+", fmt.compact(value))


def _factor(value: float) -> str:
    """A second factor in brackets when negative: 0.5×(−0.3)."""
    return f"(−{fmt.compact(-value)})" if value < 0 else fmt.compact(value)


def explain_text(unit: core.UnitExplanation, depth: int, width: int | None = None) -> str:
    """The unit's arithmetic; within `width` cells, fewer terms are written
    before anything else is dropped, so the result always shows."""
    for terms in range(min(MAX_TERMS, len(unit.inputs)), -1, -1):
        text = _explain(unit, depth, terms)
        if width is None or cell_len(text) <= width:
            return text
    return _explain(unit, depth, None)  # a = its value only; narrower still, CSS cuts


def _explain(unit: core.UnitExplanation, depth: int, shown: int | None) -> str:
    k, sub = unit.layer, fmt.subscript(unit.unit)
    z_name = f"y{sub}" if k == depth else f"z{k}{sub}"
    function = core.get(unit.activation)
    if function.output_only:
        h = f"{function.name}(a{k}){sub}"
    else:
        h = f"{SYMBOLS.get(function.name, function.name)}({fmt.compact(unit.a)})"
    z_side = f"{z_name} = {h} = {fmt.compact(unit.z)}"
    if shown is None:
        return f"a{k}{sub} = {fmt.compact(unit.a)} → {z_side}"
    parts = []
    for x, w in zip(unit.inputs[:shown], unit.weights[:shown]):
        sign, magnitude = _signed(x)
        parts.append((sign, f"{magnitude}×{_factor(w)}"))
    if len(unit.inputs) > shown:
        parts.append(("+", t("explain.more", n=len(unit.inputs) - shown)))
    parts.append(_signed(unit.bias))
    first_sign, first = parts[0]
    sum_text = ("−" if first_sign == "−" else "") + first
    sum_text += "".join(f" {sign} {term}" for sign, term in parts[1:])
    return f"a{k}{sub} = {sum_text} = {fmt.compact(unit.a)} → {z_side}"


class ExplainLine(Static):
    def on_mount(self) -> None:
        self.border_title = t("pane.explain")
        self._key = None
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        width = self.content_size.width or None
        key = (state.version, state.layer, state.unit, width)
        if key != self._key:
            self._key = key
            # One line, always (see app.tcss): no screen layout is needed.
            self.update(explain_text(state.explain(), state.depth, width), layout=False)

    def on_resize(self) -> None:
        self.app.redraw(self, self.show)
