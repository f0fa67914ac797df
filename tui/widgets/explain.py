"""The explain line: the selected unit's arithmetic with the actual numbers,
a1₃ = 1.0×0.5 + 0.5×0.6 + 0.3 = 1.1 → z1₃ = σ(1.1) = 0.7503."""
from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

import core
from core import diagram

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


def edge_text(unit: core.UnitExplanation, i: int, n_in: int) -> str:
    """The selected edge's part in its unit's sum (the diagram's view):
    W2[3,1]: 0.7503×0.3 = 0.2251 of a2₁ = 0.5."""
    term = diagram.edge_term(unit, i)
    return t("explain.edge", name=diagram.weight_name(unit.layer, i, unit.unit, n_in),
             input=fmt.compact(term.input), weight=_factor(term.weight),
             term=fmt.compact(term.value), target=f"a{unit.layer}{fmt.subscript(unit.unit)}",
             a=fmt.compact(unit.a))


class ExplainLine(Static):
    def on_mount(self) -> None:
        self.border_title = t("pane.explain")
        self._key = None
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        width = self.content_size.width or None
        on_edge = state.left_view == "diagram"
        key = (state.version, state.layer, state.unit, width, on_edge and state.edge)
        if key != self._key:
            self._key = key
            unit = state.explain()
            text = ""
            if on_edge:  # the diagram's selected edge first, then the whole sum
                text = edge_text(unit, state.edge, state.network.layers[state.layer - 1].n_in)
                text += "   "
            rest = None if width is None else max(1, width - cell_len(text))
            # One line, always (see app.tcss): no screen layout is needed.
            self.update(text + explain_text(unit, state.depth, rest), layout=False)

    def on_resize(self) -> None:
        self.app.redraw(self, self.show)
