"""The explain line: the selected unit's arithmetic with the actual numbers,
a1₃ = 1.0×0.5 + 0.5×0.6 + 0.3 = 1.1 → z1₃ = σ(1.1) = 0.7503; in the backward
view the chain rule for its δ, δ2₁ = σ'(a2₁) × (W3[1,1]·δ3₁ + W3[1,2]·δ3₂) = …,
with the terms core.chain took from core.backward."""
from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

import core
from core import chain

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
    from core import diagram  # the diagram's view only: the first frame does without it

    term = diagram.edge_term(unit, i)
    return t("explain.edge", name=diagram.weight_name(unit.layer, i, unit.unit, n_in),
             input=fmt.compact(term.input), weight=_factor(term.weight),
             term=fmt.compact(term.value), target=f"a{unit.layer}{fmt.subscript(unit.unit)}",
             a=fmt.compact(unit.a))


def vector_text(values, shown: int | None = None) -> str:
    """[0.3168, −0.3037]; beyond `shown` values the rest is counted."""
    values = list(values)
    parts = [fmt.in_text(v) for v in values[:shown]]
    if shown is not None and len(values) > shown:
        parts.append(t("explain.more", n=len(values) - shown))
    return "[" + ", ".join(parts) + "]"


def _derivative_name(delta: chain.DeltaExplanation) -> str:
    sub = fmt.subscript(delta.unit)
    return f"{SYMBOLS.get(delta.activation, delta.activation)}'(a{delta.layer}{sub})"


def _products(weights, deltas, shown: int) -> str:
    """0.1×0.3168 + 0.3×(−0.3037): the sum δ·Wᵀ for one unit, term by term."""
    parts = []
    for w, d in zip(weights[:shown], deltas[:shown]):
        sign, magnitude = _signed(w)
        parts.append((sign, f"{magnitude}×{_factor(d)}"))
    if len(weights) > shown:
        parts.append(("+", t("explain.more", n=len(weights) - shown)))
    first_sign, first = parts[0]
    return ("−" if first_sign == "−" else "") + first + \
        "".join(f" {sign} {term}" for sign, term in parts[1:])


def _delta_forms(delta: chain.DeltaExplanation, depth: int):
    """The δ line from the fullest form to the shortest, for delta_text to fit."""
    k, j, sub = delta.layer, delta.unit, fmt.subscript(delta.unit)
    name, result = f"δ{k}{sub}", fmt.in_text(delta.delta)
    if delta.rule == chain.HIDDEN:
        n, h = len(delta.weights), _derivative_name(delta)
        symbols = " + ".join(f"W{k + 1}[{j},{m}]·δ{k + 1}{fmt.subscript(m)}"
                             for m in range(1, n + 1))
        for shown in range(min(MAX_TERMS, n), 0, -1):
            written = symbols if n <= shown else f"Σₘ W{k + 1}[{j},m]·δ{k + 1}ₘ"
            yield (f"{name} = {h} × ({written}) = {fmt.compact(delta.derivative)} × "
                   f"({_products(delta.weights, delta.next_deltas, shown)}) = {result}")
        yield (f"{name} = {h} × ∂L/∂z{k}{sub} = {fmt.compact(delta.derivative)} × "
               f"{_factor(delta.dz)} = {result}")
    elif delta.rule == chain.DIFFERENCE:
        for shown in range(len(delta.deltas), 0, -1):
            yield f"δ{k} = y − t = {vector_text(delta.deltas, shown)}"
    elif delta.rule == chain.ELEMENTWISE:
        yield (f"{name} = ∂L/∂y{sub} × {_derivative_name(delta)} = {fmt.compact(delta.dz)} × "
               f"{_factor(delta.derivative)} = {result}")
    else:  # chain.SOFTMAX: its Jacobian-vector product
        yield (f"{name} = y{sub} × (∂L/∂y{sub} − Σ ∂L/∂y·y) = {fmt.compact(delta.y)} × "
               f"({fmt.in_text(delta.dz)} − {_factor(delta.dot)}) = {result}")
    yield f"{name} = {result}"


def delta_text(delta: chain.DeltaExplanation, depth: int, width: int | None = None) -> str:
    """The chain rule for one unit's δ; within `width` cells, fewer terms are
    written before the symbols go, and the result always shows."""
    forms = list(_delta_forms(delta, depth))
    for text in forms:
        if width is None or cell_len(text) <= width:
            return text
    return forms[-1]


def weight_text(weight: chain.WeightExplanation) -> str:
    """∂L/∂W2[1,1] = z1₁ × δ2₁ = 0.5744 × (−0.0139) = −0.0080."""
    k, i, j = weight.layer, weight.row, weight.column
    source = f"x{fmt.subscript(i)}" if k == 1 else f"z{k - 1}{fmt.subscript(i)}"
    return (f"∂L/∂W{k}[{i},{j}] = {source} × δ{k}{fmt.subscript(j)} = "
            f"{fmt.compact(weight.input)} × {_factor(weight.delta)} = {fmt.in_text(weight.value)}")


def bias_gradient_text(k: int, j: int, delta: float) -> str:
    """∂L/∂b2[1] = δ2₁ = −0.0139: a bias's input is the unit "1"."""
    sub = fmt.subscript(j)
    return f"∂L/∂b{k}[{j}] = δ{k}{sub} = {fmt.in_text(delta)}"


class ExplainLine(Static):
    def on_mount(self) -> None:
        self.border_title = t("pane.explain")
        self._key = None
        self.app.subscribe(self, self.show)

    def show(self, state: ExplorerState) -> None:
        width = self.content_size.width or None
        on_edge = state.left_view == "diagram"
        key = (state.version, state.layer, state.unit, width, on_edge and state.edge,
               state.show_backward)
        if key != self._key:
            self._key = key
            self.border_title = t("pane.explain_backward" if state.show_backward
                                  else "pane.explain")
            text = ""
            if on_edge:  # the diagram's selected edge first, then the whole unit
                text = self._edge_text(state) + "   "
            rest = None if width is None else max(1, width - cell_len(text))
            if state.show_backward:
                delta = state.explain_delta()
                unit = delta_text(delta, state.depth, rest)
                if on_edge and self._on_bias(state) and unit == delta_text(delta, state.depth, 1):
                    unit = ""  # ∂L/∂b = δ = … said it already: no bare δ = … after it
                text = (text + unit).rstrip()
            else:
                text += explain_text(state.explain(), state.depth, rest)
            # One line, always (see app.tcss): no screen layout is needed.
            self.update(text, layout=False)

    @staticmethod
    def _on_bias(state: ExplorerState) -> bool:
        """The selected edge is its unit's bias (the diagram's "1", or past the inputs)."""
        from core import diagram

        return state.edge == diagram.BIAS or \
            state.edge > state.network.layers[state.layer - 1].n_in

    @staticmethod
    def _edge_text(state: ExplorerState) -> str:
        """The selected edge: its term in the sum, or in the backward view its ∂L/∂W."""
        k, j, i = state.layer, state.unit, state.edge
        n_in = state.network.layers[k - 1].n_in
        if not state.show_backward:
            return edge_text(state.explain(), i, n_in)
        gradients = state.gradients()
        if ExplainLine._on_bias(state):
            return bias_gradient_text(k, j, float(gradients.db[k - 1][j - 1]))
        return weight_text(chain.explain_weight(state.trace, gradients, k, i, j))

    def on_resize(self) -> None:
        self.app.redraw(self, self.show)
