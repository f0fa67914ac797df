"""The explain line: the selected unit's arithmetic with the actual numbers,
a1₃ = 1.0×0.5 + 0.5×0.6 + 0.3 = 1.1 → z1₃ = σ(1.1) = 0.7503."""
from __future__ import annotations

from textual.widgets import Static

import core

from .. import format as fmt
from ..i18n import t
from ..state import ExplorerState

MAX_TERMS = 4  # beyond this (784 inputs) the sum is shortened
SYMBOLS = {"sigmoid": "σ", "identity": "id", "step": "step"}


def explain_text(unit: core.UnitExplanation, depth: int) -> str:
    k, sub = unit.layer, fmt.subscript(unit.unit)
    terms = [f"{fmt.compact(x)}×{fmt.compact(w)}" for x, w in
             zip(unit.inputs[:MAX_TERMS], unit.weights[:MAX_TERMS])]
    if len(unit.inputs) > MAX_TERMS:
        terms.append(t("explain.more", n=len(unit.inputs) - MAX_TERMS))
    bias = (f"− {fmt.compact(-unit.bias)}" if unit.bias < 0 else f"+ {fmt.compact(unit.bias)}")
    a_side = f"a{k}{sub} = {' + '.join(terms)} {bias} = {fmt.compact(unit.a)}"
    z_name = f"y{sub}" if k == depth else f"z{k}{sub}"
    function = core.get(unit.activation)
    if function.output_only:
        h = f"{function.name}(a{k}){sub}"
    else:
        h = f"{SYMBOLS.get(function.name, function.name)}({fmt.compact(unit.a)})"
    return f"{a_side} → {z_name} = {h} = {fmt.compact(unit.z)}"


class ExplainLine(Static):
    def on_mount(self) -> None:
        self.border_title = t("pane.explain")
        self._key = None
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        key = (state.version, state.layer, state.unit)
        if key != self._key:
            self._key = key
            # One line, always (see app.tcss): no screen layout is needed.
            self.update(explain_text(state.explain(), state.depth), layout=False)
