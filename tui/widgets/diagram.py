"""The network diagram: x, each layer's units and y in columns, a bias unit
"1" under every column but y, and every weight as an edge whose line tells
its sign (solid +, dashed −) and its strength (light, heavy, block) without
colour. Which units and edges, and their classes, come from core.diagram;
this module only places glyphs.

Arrows move between units, [ and ] through the selected unit's incoming
edges and its bias, and typing a number sets the selected weight (one undo
step, through the one number editor)."""
from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from core import diagram as dg

from .. import format as fmt
from ..i18n import t
from ..keys import key
from ..state import ExplorerState
from .number_editor import NumberEditor

# sign -> the glyph of each strength (weak, medium, strong), lying and
# upright: solid for +, broken for −, heavier for stronger, so that sign and
# strength read without colour (NO_COLOR) too.
GLYPHS = {1: "─━▬", -1: "╌╍▭", 0: "···"}
UPRIGHT = {1: "│┃▮", -1: "╎╏▯", 0: "···"}
SIGN_CLASS = {1: "diagram--positive", -1: "diagram--negative", 0: "diagram--zero"}
VALUE_WIDTH = 6  # a unit's number: 0.574, -0.132, 12.5, 1e+04
MIN_GAP = 5  # cells between two columns: 3 of edges and a blank at each end


def value_text(value: float, width: int = VALUE_WIDTH) -> str:
    """The shortest honest form that fits: fewer decimals first, then scientific."""
    for digits in (3, 2, 1, 0):
        text = fmt.number(value, digits)
        if len(text) <= width and "e" not in text:
            return text
    return f"{value:.0e}"


class NetworkDiagram(Widget, can_focus=True):
    BINDINGS = [
        key("up", "unit(-1)", "diagram_up", show=False),
        key("down", "unit(1)", "diagram_down", show=False),
        key("pageup", "unit(-10)", "diagram_page_up", show=False),
        key("pagedown", "unit(10)", "diagram_page_down", show=False),
        key("left", "layer(-1)", "diagram_left", show=False),
        key("right", "layer(1)", "diagram_right", show=False),
        key("right_square_bracket", "edge(1)", "diagram_next_edge", key_display="]"),
        key("left_square_bracket", "edge(-1)", "diagram_prev_edge", key_display="["),
        key("enter", "edit", "diagram_edit"),
    ]
    COMPONENT_CLASSES = {"diagram--positive", "diagram--negative", "diagram--zero",
                         "diagram--other", "diagram--incoming", "diagram--edge-cursor",
                         "diagram--unit", "diagram--unit-cursor", "diagram--bias",
                         "diagram--heading", "diagram--saturated", "diagram--dead",
                         "diagram--note"}
    # Here, not in app.tcss: parsed when the diagram is first made (n, or the
    # training screen), not by every start-up (bench/startup_bench.py).
    DEFAULT_CSS = """
    NetworkDiagram > .diagram--positive { color: $primary; }
    NetworkDiagram > .diagram--negative { color: $warning; }
    NetworkDiagram > .diagram--zero { color: $text-muted; }
    /* Edges into other units step back; those into the selected unit stand out. */
    NetworkDiagram > .diagram--other { text-style: dim; }
    NetworkDiagram > .diagram--incoming { text-style: bold; }
    NetworkDiagram > .diagram--edge-cursor { text-style: bold reverse; }  /* in its sign's colour */
    NetworkDiagram > .diagram--unit { }
    NetworkDiagram > .diagram--unit-cursor { background: $accent 30%; text-style: bold reverse; }
    NetworkDiagram > .diagram--bias { text-style: bold; color: $secondary; }
    NetworkDiagram > .diagram--heading { text-style: bold; color: $primary; }
    NetworkDiagram > .diagram--saturated { color: $warning; }
    NetworkDiagram > .diagram--dead { color: $error; }
    NetworkDiagram > .diagram--note { color: $text-muted; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._key = None
        self._edges_key = None
        self._strips: list[Strip] = []
        self._row_strips: dict[tuple, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._styles_theme = None
        self.columns: list[dg.Column] = []
        self.edges: list[dg.Edge] = []
        self.owner: dict[tuple[int, int], int] = {}  # (x, y) -> index into edges
        self.units_at: dict[tuple[int, int], tuple[int, int]] = {}  # (x, y) -> (column, unit)
        self.scale = 1.0

    follows_explorer = True  # DiagramOf, below, draws another network

    def on_mount(self) -> None:
        if self.follows_explorer:
            self.app.subscribe(self, self.show)

    def _redraw(self) -> None:
        """Again, as it is: the explorer's state through the app's guard, or
        the network it was given."""
        if not hasattr(self, "_state"):
            return
        if self.follows_explorer:
            self.app.redraw(self, self.show)
        else:
            self.show(self._state)

    # --- what is drawn -------------------------------------------------------------
    def show(self, state: ExplorerState) -> None:
        self._state = state
        if state.left_view != "diagram" or not self.size.area:
            return  # hidden: drawn when shown (the app redraws on the toggle)
        backward = getattr(state, "show_backward", False)
        key = (state.version, state.layer, state.unit, state.edge, self.size, self.has_focus,
               backward)
        if key == self._key:
            return
        self._key = key
        self._lay_out(state)
        self.refresh()

    def _lay_out(self, state: ExplorerState) -> None:
        width, height = self.size
        notes = self._notes_room(height)
        room = max(1, height - 1 - notes)  # a heading row, then the units, then the notes
        k, j = state.layer, state.unit
        keep = {k: j}
        if state.edge <= state.network.layers[k - 1].n_in:
            keep[k - 1] = state.edge  # the selected edge's input unit is shown too
        columns = dg.columns(state.network, room, keep)
        step = dg.pitch(columns, room)
        # The backward view: ∂L/∂W and ∂L/∂b on the edges, δ and ∂L/∂z beside
        # (or, with room for four lines a unit, under) a and z.
        gradients = state.gradients() if getattr(state, "show_backward", False) else None
        lines = 1 if step == 1 else 2
        if gradients is not None and step >= 4 and all(
                dg.entry_rows(column, room, step, 4)[-1] + 4 <= room for column in columns):
            lines = 4
        labels = [self._labels(state, c, column, step, gradients, lines)
                  for c, column in enumerate(columns)]
        widths = [max(cell_len(text) for lines in column for text in lines) for column in labels]
        shown = dg.visible_columns(widths, width, (k - 1, k), MIN_GAP)
        lefts, gap = self._lefts([widths[c] for c in shown], width)
        rows = [dg.entry_rows(column, room, step, lines) for column in columns]

        # Networks are immutable: the same object means the same weights. It is
        # held in _drawn, so its id cannot pass to another network meanwhile.
        # Where the columns stand too: a value whose text grows (9.9 to 10.0)
        # moves the columns after it, and the edges must meet them there.
        # Gradients change with t and the loss too: then every version counts.
        edges_key = (id(state.network), k, j, state.edge, width, room, tuple(columns), shown,
                     tuple(lefts), tuple(widths), gradients is not None and state.version)
        if edges_key != self._edges_key:  # weights, layout or selection: the edges again
            self._edges_key, self._drawn = edges_key, state.network
            self._draw_edges(state, columns, rows, shown, lefts, widths, step, 1 + room,
                             gradients)
        grid = [list(row) for row in self._edge_grid]
        self.units_at = {}
        style = self._style
        for place, c in enumerate(shown):
            left = lefts[place]
            heading = "x" if c == 0 else ("y" if c == state.depth else f"z{c}")
            self._put(grid, 0, left, heading.center(widths[c]), style("diagram--heading"))
            for entry, top, lines in zip(columns[c].entries, rows[c], labels[c]):
                selected = c == k and entry == j
                source = c == k - 1 and (entry == state.edge or
                                         (entry == dg.BIAS and state.edge > state.network
                                          .layers[k - 1].n_in))
                name = ("diagram--unit-cursor" if selected else
                        "diagram--bias" if entry == dg.BIAS else "diagram--unit")
                for offset, text in enumerate(lines):
                    cell_style = style(name) + (self._mark("diagram--incoming") if source
                                                else Style())  # one object per line
                    self._put(grid, 1 + top + offset, left, text.ljust(widths[c]), cell_style,
                              flagged=(c, entry))
                    if entry > 0:
                        for x in range(left, left + widths[c]):
                            self.units_at[(x, 1 + top + offset)] = (c, entry)
        base = self._style("")
        self._strips = [self._strip(row, base) for row in grid]
        for line in self._notes(state, columns, shown, notes, gradients):
            text = Text(line, no_wrap=True, overflow="ellipsis")
            text.truncate(width, overflow="ellipsis")
            self._strips.append(Strip(list(text.render(self.app.console, end="")))
                                .apply_style(base + style("diagram--note"))
                                .extend_cell_length(width, base))
        self._strips = self._strips[:height]

    def _strip(self, row: list[tuple[str, Style]], base: Style) -> Strip:
        """One row of cells as a strip: a run of cells that share one style
        object is one segment (comparing styles cell by cell cost 10 ms a key).
        A row drawn before (only edges, or values that did not change) is reused."""
        key = (base, tuple(row))
        strip = self._row_strips.get(key)
        if strip is not None:
            return strip
        if len(self._row_strips) > 4 * len(self._edge_grid):
            self._row_strips.clear()
        segments, start = [], 0
        for x in range(1, len(row) + 1):
            if x == len(row) or row[x][1] is not row[start][1]:
                text = "".join(char for char, _ in row[start:x])
                segments.append(Segment(text, base + row[start][1]))
                start = x
        strip = self._row_strips[key] = Strip(segments)
        return strip

    def _style(self, name: str) -> Style:
        """A component class's style ("" the widget's own), looked up once per
        theme: each lookup walks the CSS (5 ms a key when done per line)."""
        if self._styles_theme != self.app.theme:
            self._styles, self._styles_theme = {}, self.app.theme
        if name not in self._styles:
            self._styles[name] = (self.rich_style if not name
                                  else self.get_component_rich_style(name))
        return self._styles[name]

    def _mark(self, name: str) -> Style:
        """Only the text style of a component class (bold, dim, reverse): its
        colour, which every component style carries, would hide the edge's sign."""
        s = self._style(name)
        return Style(bold=s.bold, dim=s.dim, reverse=s.reverse, italic=s.italic)

    def _put(self, grid, y: int, x: int, text: str, style: Style, flagged=None) -> None:
        if not 0 <= y < len(grid):
            return
        row = grid[y]
        for offset, char in enumerate(text):
            if 0 <= x + offset < len(row):
                cell = style
                if char in "◐✕" and flagged is not None:
                    cell = style + self._style(
                        "diagram--saturated" if char == "◐" else "diagram--dead")
                row[x + offset] = (char, cell)

    @staticmethod
    def _notes_room(height: int) -> int:
        return 3 if height >= 12 else 2 if height >= 8 else 1 if height >= 4 else 0

    @staticmethod
    def _lefts(widths: list[int], width: int) -> tuple[list[int], int]:
        spare = width - sum(widths)
        gap = spare // (len(widths) - 1) if len(widths) > 1 else 0
        lefts, x = [], 0
        for w in widths:
            lefts.append(x)
            x += w + gap
        return lefts, gap

    def _labels(self, state: ExplorerState, c: int, column: dg.Column, step: int,
                gradients=None, lines: int = 2) -> list[list[str]]:
        """Each entry's lines: x_i; a and z (y) of a unit, on two rows when
        there is room, else z alone; "1" for the bias; "…" where units are left
        out. With gradients (the backward view), δ = ∂L/∂a and ∂L/∂z: after a
        and z when there are four rows, else instead of them."""
        trace, result = state.trace, []
        if c > 0:  # flags for the whole layer at once: one numpy call each
            dead, saturated = trace.dead(c), trace.saturated(c)
        # In a summarised column each unit says which it is: 1 2 3 … 782 783 784.
        digits = len(str(column.units)) if column.summarised else 0
        z_name = "y" if c == state.depth else "z"
        for entry in column.entries:
            if entry == dg.BIAS:
                result.append(["1"])
            elif entry == dg.ELIDED:
                result.append(["…"])
            elif c == 0:
                number = f"{entry:>{digits}} " if digits else ""
                result.append([number + value_text(trace.x[entry - 1])])
            else:
                a, z = trace.a[c - 1][entry - 1], trace.z[c - 1][entry - 1]
                flag = "✕" if dead[entry - 1] else "◐" if saturated[entry - 1] else " "
                number = f"{entry:>{digits}} " if digits else ""
                pad = " " * len(number)
                if gradients is None:
                    pairs = [("a", a), (z_name, z)] if step > 1 else [("", z)]
                else:
                    delta = gradients.delta[c - 1][entry - 1]
                    dz = gradients.dz[c - 1][entry - 1]
                    pairs = ([("a ", a), (f"{z_name} ", z), ("δ ", delta), (f"∂{z_name}", dz)]
                             if lines == 4 else [("δ ", delta), (f"∂{z_name}", dz)]
                             if step > 1 else [("δ", delta)])
                texts = [f"{name} {value_text(value)}" if name else value_text(value)
                         for name, value in pairs]
                texts[0] = number + texts[0]
                texts[1:] = [pad + text for text in texts[1:]]
                # The flag ends the line the edges leave from (z, or ∂L/∂z).
                texts[min(1, len(texts) - 1)] += flag
                result.append(texts)
        return result

    def _draw_edges(self, state, columns, rows, shown, lefts, widths, step, height,
                    gradients=None) -> None:
        """Every edge between shown columns into a grid of cells; later edges
        cover earlier ones, so the selected unit's edges, and its selected
        edge last, are never hidden, and stronger edges cover weaker ones."""
        width = self.size.width
        k, j = state.layer, state.unit
        arrays = None if gradients is None else list(zip(gradients.dW, gradients.db))
        self.scale = dg.scale(state.network, arrays)
        self.edges = dg.edges(state.network, columns, self.scale, arrays)
        n_in = state.network.layers[k - 1].n_in
        chosen = dg.BIAS if state.edge > n_in else state.edge

        def rank(index: int):
            e = self.edges[index]
            into = (e.k, e.j) == (k, j)
            return (into, into and e.i == chosen, e.strength, abs(e.weight))

        style, mark = self._style, self._mark
        blank = (" ", Style())
        grid = [[blank] * width for _ in range(height)]
        self.owner = {}
        place = {c: n for n, c in enumerate(shown)}
        entry_row = [{entry: top for entry, top in zip(column.entries, rows[c])}
                     for c, column in enumerate(columns)]
        for index in sorted(range(len(self.edges)), key=rank):
            e = self.edges[index]
            if e.k - 1 not in place or e.k not in place:
                continue
            left = lefts[place[e.k - 1]] + widths[e.k - 1]
            right = lefts[place[e.k]]
            # From the source's value (x, z, or the bias "1") to the target's a.
            source = entry_row[e.k - 1][e.i] + (1 if step > 1 and e.k > 1 and e.i > 0 else 0)
            target = entry_row[e.k][e.j]
            into = (e.k, e.j) == (k, j)
            # Every edge keeps its sign's colour (blue +, orange −); the
            # selected one is marked by the cursor's style, not a colour of
            # its own: the cursor's orange read as a negative weight.
            cell_style = style(SIGN_CLASS[e.sign]) + (
                mark("diagram--edge-cursor") if into and e.i == chosen
                else mark("diagram--incoming") if into else mark("diagram--other"))
            lying, upright = GLYPHS[e.sign][e.strength], UPRIGHT[e.sign][e.strength]
            for x, y, up in dg.edge_cells(left + 1, right - 1, 1 + source, 1 + target):
                if 0 <= y < height:
                    grid[y][x] = (upright if up else lying, cell_style)
                    self.owner[(x, y)] = index
        self._edge_grid = grid

    def _notes(self, state: ExplorerState, columns, shown, room: int,
               gradients=None) -> list[str]:
        """The selected edge (with its ∂L/∂w in the backward view), the scale,
        and what was left out."""
        k, j = state.layer, state.unit
        layer = state.network.layers[k - 1]
        i = state.edge
        weight = layer.b[j - 1] if i > layer.n_in else layer.W[i - 1, j - 1]
        inputs = "x" if k == 1 else f"z{k - 1}"
        source = "1" if i > layer.n_in else f"{inputs}{fmt.subscript(i)}"
        target = f"a{k}{fmt.subscript(j)}"
        name = dg.weight_name(k, i, j, layer.n_in)
        if gradients is None:
            lines = [t("diagram.edge", name=name, value=fmt.in_text(weight), source=source,
                       target=target)]
        else:
            gradient = (gradients.db[k - 1][j - 1] if i > layer.n_in
                        else gradients.dW[k - 1][i - 1, j - 1])
            lines = [t("diagram.edge_backward", name=name, gradient=fmt.in_text(gradient),
                       symbol="b" if i > layer.n_in else "W", value=fmt.in_text(weight),
                       source=source, target=target)]
        weak, medium = dg.thresholds(self.scale)
        lines.append(t("diagram.scale" if gradients is None else "diagram.scale_backward", weak_glyphs=GLYPHS[1][0] + GLYPHS[-1][0],
                       medium_glyphs=GLYPHS[1][1] + GLYPHS[-1][1],
                       strong_glyphs=GLYPHS[1][2] + GLYPHS[-1][2],
                       weak=f"{weak:.3g}", medium=f"{medium:.3g}", scale=f"{self.scale:.3g}"))
        summarised = [f"{'x' if c == 0 else 'y' if c == state.depth else f'z{c}'} "
                      f"{len(col.shown)}/{col.units}"
                      for c, col in enumerate(columns) if col.summarised]
        if len(shown) < len(columns):
            # ← → reach the others in the explorer; a diagram only shown has no keys.
            lines.append(t("diagram.some_layers" if self.follows_explorer
                           else "diagram.some_layers_shown", first=shown.start,
                           last=shown.stop - 1,
                           depth=state.depth))
        elif summarised:
            lines.append(t("diagram.summarised", columns=", ".join(summarised)))
        elif self.follows_explorer:  # keys that edit: not on a diagram only shown
            lines.append(t("diagram.hint"))
        if room < 3:
            lines = lines[:1] + lines[2:] if room == 2 and (summarised or len(shown) <
                                                             len(columns)) else lines
        return lines[:room]

    def render_line(self, y: int) -> Strip:
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def text(self) -> str:
        """Every line as plain text, as the pane shows it (for tests and the README)."""
        return "\n".join(strip.text for strip in self._strips)

    def on_resize(self) -> None:
        self._key = None
        self._redraw()

    def on_focus(self) -> None:
        self._key = None
        self._redraw()

    on_blur = on_focus

    # --- keys and the mouse --------------------------------------------------------
    def action_unit(self, delta: int) -> None:
        state = self._state
        self.app.select_unit(state.layer, state.unit + delta)

    def action_layer(self, delta: int) -> None:
        state = self._state
        self.app.select_unit(state.layer + delta, state.unit)

    def action_edge(self, delta: int) -> None:
        self.app.change(lambda: self._state.cycle_edge(delta))

    def action_edit(self) -> None:
        self.query_ancestor(DiagramPane).start_editing("")

    def take_key_in_order(self, event: events.Key) -> bool:
        """The app's first stop for a key while this has focus (see
        ActLabApp._key_in_order): True when the weight's field took it."""
        pane = self.query_ancestor(DiagramPane)
        return pane.editor.take_key(event, start=pane.start_editing)

    def on_key(self, event: events.Key) -> None:
        # Focus stays here while a weight is typed: every key of a burst
        # reaches the editor in order (see number_editor.py).
        if self.take_key_in_order(event):
            event.stop()
            event.prevent_default()

    def take_paste_in_order(self, event: events.Paste) -> None:
        pane = self.query_ancestor(DiagramPane)
        pane.editor.take_paste(event.text, start=pane.start_editing)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.take_paste_in_order(event)

    def on_click(self, event: events.Click) -> None:
        """A unit selects it; an edge selects it and the unit it feeds."""
        if not self.follows_explorer:
            return
        place = (event.x, event.y)
        if place in self.units_at:
            c, unit = self.units_at[place]
            if c > 0:
                self.app.select_unit(c, unit)
        elif place in self.owner:
            e = self.edges[self.owner[place]]
            i = e.i if e.i != dg.BIAS else self._state.network.layers[e.k - 1].n_in + 1
            self.app.change(lambda: (self._state.select_unit(e.k, e.j),
                                     self._state.select_edge(i)))


class DiagramPane(Vertical):
    """The pane: the diagram, and the field where the selected weight is typed."""

    def compose(self) -> ComposeResult:
        yield NetworkDiagram(id="diagram-canvas")
        yield NumberEditor(id="diagram-edit")

    def on_mount(self) -> None:
        self.border_title = t("pane.diagram")

    @property
    def editor(self) -> NumberEditor:
        return self.query_one("#diagram-edit", NumberEditor)

    def start_editing(self, first: str) -> None:
        state = self.app.state
        k, i, j = state.layer, state.edge, state.unit
        layer = state.network.layers[k - 1]
        current = layer.b[j - 1] if i > layer.n_in else layer.W[i - 1, j - 1]
        self.editor.open(first, label=dg.weight_name(k, i, j, layer.n_in),
                         placeholder=fmt.short(current),
                         apply=lambda value: self.app.change(
                             lambda: state.set_weight(k, i - 1, j - 1, value)),
                         invalid=lambda text: t("weights.invalid", text=text))


class ShownNetwork:
    """What NetworkDiagram reads of a state, for a network that is not the
    explorer's (the training screen's epoch at one point): its unit 1 of the
    last layer selected, and a version that grows with each network shown."""

    left_view = "diagram"
    show_backward = False  # weights on its edges, never gradients

    def __init__(self, network, x, version: int):
        from core import forward

        self.network, self.trace, self.version = network, forward(network, x), version
        self.layer, self.unit, self.edge = len(network.layers), 1, 1

    @property
    def depth(self) -> int:
        return len(self.network.layers)


class DiagramOf(NetworkDiagram, can_focus=False):
    """A diagram that is shown, not edited: it draws what show() is given
    (a ShownNetwork), hears nothing of the explorer, and a click leaves the
    explorer's network alone."""

    follows_explorer = False

