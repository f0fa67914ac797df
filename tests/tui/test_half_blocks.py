"""The one half-block painter behind x's picture, the digit canvas and the
landscape's heatmaps."""
import numpy as np

from tui.widgets.half_blocks import GREYS, MARKER, Palette, line, picture
from tui.widgets.heatmap import VIRIDIS


def test_two_rows_per_line_and_an_odd_last_row_over_black():
    levels = GREYS.levels(np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]))
    text = picture(levels, GREYS)
    assert text.plain == "▀▀\n▀▀"
    first, second = line(levels, 0, GREYS), line(levels, 1, GREYS)
    assert [s.style.color.triplet for s in first] == [(0, 0, 0), (255, 255, 255)]
    assert [s.style.bgcolor.triplet for s in first] == [(255, 255, 255), (0, 0, 0)]
    assert second[0].style.bgcolor.triplet == (0, 0, 0)  # no fourth row: black below


def test_runs_of_one_colour_share_a_segment_and_the_marker_sits_alone():
    levels = np.zeros((2, 6), dtype=int)
    assert [s.text for s in line(levels, 0, VIRIDIS)] == ["▀" * 6]
    marked = line(levels, 0, VIRIDIS, mark_column=2)
    assert [s.text for s in marked] == ["▀▀", MARKER, "▀▀▀"]
    assert picture(levels, VIRIDIS, mark=(0, 2)).plain == "▀▀" + MARKER + "▀▀▀"


def test_palette_levels_clip_and_treat_nan_as_the_lowest():
    palette = Palette(GREYS.colours[:5])
    assert palette.levels(np.array([-1.0, 0.0, 0.5, 1.0, 2.0, np.nan])).tolist() == \
        [0, 0, 2, 4, 4, 0]
    assert palette.style(1, 2) is palette.style(1, 2)  # made once
