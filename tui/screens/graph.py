"""The computational graph (chapter 5), drawn as the book draws it: nodes
joined by arrows, each edge's forward value (順伝播) above it and its backward
gradient (逆伝播) below. Two graphs from core.graph: the selected unit of the
explorer's network (C) and the book's first example, the apples.

Layout, left to right then wrapped (one unit fits 80 columns):

    x[1]    ─ 1.0 ─╮                      each × node: two inputs, one product
              0.1   ×─ 0.1 ─╮              going right into the sum column
    W1[1,1] ─ 0.1 ─╯   0.1  │
              1.0           │
    b1[1]   ─ 0.1 ──────────┤              the last input joins the column
              0.1           │
     ╭──────────────────────╯
     │  forward   forward                  and the column turns into the sum
    (+)─ a1[1] ─▶(sigmoid)─ z1[1] ─▶(L)    node, the activation and the loss
       backward  backward
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

import core
from core import graph

from .. import format as fmt
from ..i18n import t
from ..keys import key, localise
from ..widgets.key_footer import KeyFooter
from ..widgets.output import target_number
from ..widgets.title_bar import TitleBar

# A 784-input unit would be 3,000 lines: the first inputs are drawn, the rest
# counted (the + node's a is still their whole sum).
MAX_INPUTS = 32
BACKWARD = "bold red"  # the book prints the backward pass in red


def value(number: float) -> str:
    return fmt.compact(number, 4)


def _edge(edge: graph.Edge, width: int) -> tuple[str, str, str]:
    """(above, the arrow with the edge's name, below), all `width` wide."""
    arrow = f" {edge.name} ─▶"
    width = max(width, len(arrow) + 2)
    return (value(edge.forward).center(width), arrow.rjust(width, "─"),
            value(edge.backward).center(width))


def _on_line(number: float, width: int) -> str:
    """A value written on its edge: ── 0.5 ──."""
    return f" {value(number)} ".center(width + 2, "─")


def draw(products: list[graph.Node], more: int, last: graph.Edge, join: graph.Node,
         chain: list[graph.Node], labels: dict[str, str] | None = None) -> Text:
    """× nodes into one column, `last` joining it, the column into the `join`
    node, then the chain of one-input nodes."""
    leaves = [edge for node in products for edge in node.inputs] + [last]
    edges = leaves + [node.output for node in products]
    lw = max(len(edge.name) for edge in leaves)
    V = max(len(value(n)) for edge in edges for n in (edge.forward, edge.backward))
    column = lw + 2 * V + 10  # where the products meet (see the module's picture)
    lines: list[Text] = []

    def line(*parts: tuple[str, str]) -> None:
        text = Text()
        for part, style in parts:
            text.append(part, style)
        lines.append(text)

    for n, node in enumerate(products):
        (x, w), p = node.inputs, node.output
        above = "│" if n else " "
        line((f"{x.name:<{lw}} ─{_on_line(x.forward, V)}─╮".ljust(column) + above, ""))
        line((" " * lw + "   ", ""), (f"{value(x.backward):^{V}}", BACKWARD),
             (f"  {graph.MUL}─{_on_line(p.forward, V)}─" + ("┤" if n else "╮"), ""))
        line((f"{w.name:<{lw}} ─{_on_line(w.forward, V)}─╯  ", ""),
             (f"{value(p.backward):^{V}}", BACKWARD), ("  │", ""))
        line((" " * lw + "   ", ""), (f"{value(w.backward):^{V}}", BACKWARD),
             (" " * (column - lw - 3 - V) + "│", ""))
    if more:
        line((t("graph.more", n=more).ljust(column) + "│", "dim"))
    head = f"{last.name:<{lw}} ─{_on_line(last.forward, V)}"
    line((head + "─" * (column - len(head)) + ("┤" if products else "╮"), ""))
    line((" " * lw + "   ", ""), (f"{value(last.backward):^{V}}", BACKWARD),
         (" " * (column - lw - 3 - V) + "│", ""))
    line((" ╭" + "─" * (column - 2) + "╯", ""))
    # the chain: join → chain[0] → chain[1] …, each node drawn after its input edge
    top, middle, bottom = [" │ "], [f"({join.op})"], ["   "]
    outputs = [join, *chain]
    for index, node in enumerate(outputs):
        above, arrow, below = _edge(node.output, V + 4)
        top.append(above)
        middle.append(arrow)
        bottom.append(below)
        if index + 1 < len(outputs):
            op = outputs[index + 1].op
            name = f"({(labels or {}).get(op, op)})"
            top.append(" " * len(name))
            middle.append(name)
            bottom.append(" " * len(name))
    line(("".join(top), ""))
    line(("".join(middle), ""))
    line(("".join(bottom), BACKWARD))
    return Text("\n").join(lines)


def draw_unit(unit: graph.UnitGraph) -> Text:
    *products, add, activation, loss = unit.nodes
    drawn = products[:MAX_INPUTS]
    # A hidden unit's loss node stands for the rest of the network as well.
    labels = {graph.LOSS: "… L"} if not unit.output else {}
    return draw(drawn, len(products) - len(drawn), add.inputs[-1], add, [activation, loss], labels)


def draw_apples(apples: graph.Graph) -> Text:
    first, second = apples.nodes
    return draw([first], 0, second.inputs[1], second, [])


class GraphScreen(Screen):
    """The selected unit's graph, with the learner's x, weights, t and loss."""
    CSS_PATH = "graph.tcss"
    BINDINGS = [key("escape,C", "app.pop_screen", "graph_back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="graph-info", markup=False)
        with VerticalScroll(id="graph-body"):
            yield Static("", id="graph-drawing")
            yield Static("", id="graph-explain", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self.sub_title = t("graph.title")
        self.show()

    async def recompose(self) -> None:
        await super().recompose()
        self.show()

    def show(self) -> None:
        state = self.app.state
        k, j = state.layer, state.unit
        try:
            unit = graph.unit_graph(state.network, state.trace, state.gradients(), k, j)
        except core.ActlabError as error:
            self.app.report(error)
            return
        self.query_one("#graph-info", Static).update(t(
            "graph.info", k=k, j=j, loss=t(f"loss.{state.loss_kind}"),
            t=", ".join(target_number(v) for v in state.target)))
        self.query_one("#graph-drawing", Static).update(draw_unit(unit))
        hidden = k < state.depth
        self.query_one("#graph-explain", Static).update(t(
            "graph.explain_hidden" if hidden else "graph.explain_output", k=k, j=j))


class AppleGraphScreen(Screen):
    """The book's first graph (figure 5-16, buy_apple.py)."""
    CSS_PATH = "graph.tcss"
    BINDINGS = [key("escape", "app.pop_screen", "graph_back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(t("graph.apple_info"), id="graph-info", markup=False)
        with VerticalScroll(id="graph-body"):
            yield Static(draw_apples(graph.apple_graph()), id="graph-drawing")
            yield Static(t("graph.apple_explain"), id="graph-explain", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        localise(self)
        self.sub_title = t("graph.title")
