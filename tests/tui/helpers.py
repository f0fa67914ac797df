"""Reading what the panes show, as a person reads the screen."""
from tui.app import ActLabApp
from tui.widgets.explain import ExplainLine
from tui.widgets.layers import LayersView
from tui.widgets.output import OutputView


def layers_text(app: ActLabApp) -> str:
    return app.query_one(LayersView).text()


def output_text(app: ActLabApp) -> str:
    return app.query_one(OutputView).render_text().plain


def explain_text(app: ActLabApp) -> str:
    return str(app.query_one(ExplainLine).render())


def shown_units(app: ActLabApp) -> dict[tuple[int, int], tuple[str, str]]:
    """(layer, unit) -> (a, z) as printed in the layers pane."""
    shown, k = {}, 0
    for line in layers_text(app).splitlines():
        words = line.replace("▸", " ").split()
        if line.startswith("layer"):
            k = int(words[1])
        elif words and words[0].isdigit():
            shown[(k, int(words[0]))] = (words[1], words[2])
    return shown


def widget_text(widget) -> str:
    """The lines a widget puts on the screen, as plain text."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def cell_text(widget, x: int, y: int) -> str:
    return widget.render_line(y).text[x]


def unit_lines(diagram) -> dict[tuple[int, int], list[str]]:
    """(column, unit) -> the diagram's text in that unit's cells, row by row,
    as read off the screen."""
    rows: dict[tuple[int, int], dict[int, str]] = {}
    for (x, y), unit in sorted(diagram.units_at.items()):
        rows.setdefault(unit, {}).setdefault(y, "")
        rows[unit][y] += cell_text(diagram, x, y)
    return {unit: [line.strip() for _, line in sorted(lines.items())]
            for unit, lines in rows.items()}
