"""The explorer in Japanese reads as the book does (ゼロから作るDeep Learning)
and fits the terminal: no title or footer word is cut at 120x40."""
import re

import pytest
from rich.cells import cell_len
from textual.command import CommandInput
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

import core
from core import messages
from tests.tui.helpers import layers_text
from tui import i18n
from tui.app import ActLabApp
from tui.widgets.activation_plot import ActivationPlot
from tui.widgets.fitted_title import longest_fitting
from tui.widgets.function_plot import FunctionPlot
from tui.widgets.legend import legend_label
from tui.widgets.wide_plot import WidePlot

JAPANESE = "[\u3040-\u30ff\u4e00-\u9fff]"
TEXTS = [*i18n.JA.items(), *messages.JA.items()]


def screen_lines(app) -> list[str]:
    """What the terminal shows, line by line, as the compositor drew it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.fixture
def japanese():
    i18n.set_language("ja")


# --- the words ------------------------------------------------------------------------------
AVOIDED = {"landscape": "地形", "unit": "番号", "dead": "死", "hidden_unit": "隠れニューロン",
           "initialiser": "初期化方法"}


@pytest.mark.parametrize("word", AVOIDED.values(), ids=AVOIDED.keys())
def test_japanese_avoids_words_the_book_does_not_use(word):
    # 出力マップ (not 地形), ニューロン (not 番号), 不活性 (not 死), 重みの初期値
    assert [key for key, text in TEXTS if word in text] == []


def test_japanese_punctuation_is_full_width_and_parentheses_stand_apart():
    for key, text in TEXTS:
        assert "?" not in text, key  # ？ as in the rest of the Japanese
        # "(" is half-width here, so it keeps a space from Japanese, as everywhere else
        assert not re.search(JAPANESE + r"\(", text), key


def test_japanese_tips_are_polite_sentences():
    tips = {key: text for key, text in i18n.JA.items() if key.startswith("tip.")}
    assert len(tips) > 80
    assert [key for key, text in tips.items() if "ます" not in text or not text.endswith("。")] == []


def test_every_preset_is_described_in_japanese():
    assert set(i18n.PRESET_DESCRIPTIONS["ja"]) == set(core.PRESETS)


# --- the explorer ---------------------------------------------------------------------------
async def test_layers_pane_names_neurons_and_marks_inactive_relu_units(japanese):
    network = core.preset("book").with_x([-5.0, -5.0]).with_hidden_activation("relu")
    app = ActLabApp(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = layers_text(app)
        assert text.count("✕ 不活性") == 3  # a1 < 0 for all three units
        heading, row = text.splitlines()[1:3]
        assert heading.split() == ["ニューロン", "a1", "z1"]
        # the heading's a1 ends in the same cell as the unit's a1 value below it
        a1 = re.match(r"\S?\s+\d+\s+\S+", row).end()
        assert cell_len(heading[:heading.index("a1") + 2]) == cell_len(row[:a1])
        pane = app.query_one("#layers")
        assert "◐ 飽和  ✕ 不活性" in screen_lines(app)[pane.region.bottom - 1]  # its legend


async def test_activation_plot_legend_is_japanese_and_keeps_the_frame_straight(japanese):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plot = app.query_one(ActivationPlot)
        lines = plot.render().plain.splitlines()
        legend = "\n".join(lines)
        for word in ["h(x)", "ニューロン", "選択中"]:
            assert word in legend
        assert "units" not in legend and "selected" not in legend
        assert {cell_len(line) for line in lines} == {plot.size.width}


@pytest.mark.parametrize("label, straight", [(legend_label, True), (lambda text: text, False)])
def test_a_wide_legend_bends_plotexts_frame_unless_marked(label, straight):
    figure = WidePlot().plt
    figure.plotsize(30, 8)
    figure.plot([0, 1], [0, 1], label=label("ニューロン"))
    widths = {cell_len(line) for line in re.sub(r"\x1b\[[0-9;]*m", "", figure.build()).splitlines()}
    assert (widths == {30}) is straight


@pytest.mark.parametrize("size, title", [
    ((120, 40), "活性化関数 · 第1層 · シグモイド関数"),
    ((80, 24), "第1層 · シグモイド関数"),  # what matters, when the full title has no room
], ids=["120x40", "80x24"])
async def test_plot_title_keeps_the_function_name(japanese, size, title):
    app = ActLabApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        plot = app.query_one(ActivationPlot)
        assert plot.border_title == title
        assert title in screen_lines(app)[plot.region.y]


def test_the_longest_title_that_fits_is_chosen():
    titles = ("活性化関数 · 第1層", "第1層")  # 18 and 5 cells
    assert longest_fitting(titles, 24) == titles[0]  # 18 + the frame's 6
    assert longest_fitting(titles, 23) == titles[1]
    assert longest_fitting(titles, 3) == titles[1]  # nothing fits: the shortest


async def test_palette_search_prompt_is_japanese(japanese):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert app.screen.query_one(CommandInput).placeholder == "コマンドを検索…"


# --- every screen at 120x40 -----------------------------------------------------------------
SCREENS = {"explorer": (), "compare": ("c",), "landscape": ("g",), "experiment": ("e",),
           "gallery": ("v",), "digit": ("D",), "weights": ("w",), "presets": ("p",),
           "help": ("f1",)}


@pytest.mark.parametrize("keys", SCREENS.values(), ids=SCREENS.keys())
async def test_no_title_or_footer_word_is_cut_at_120x40(japanese, keys):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause(0.5)
        lines = screen_lines(app)
        titled = [w for w in app.screen.query("*")
                  if w.border_title and w.display and w.region.width
                  # an English name too long in English as well (12 cells for 10)
                  and w.id != "tile-hard_sigmoid"]
        for widget in titled:
            assert str(widget.border_title) in lines[widget.region.y], widget
        for key in app.screen.query(FooterKey):
            assert f"{key.key_display} {key.description}" in lines[-1], key.description


async def test_gallery_names_functions_as_the_book_does(japanese):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause(0.5)
        legend = app.screen.query_one("#compare-a", FunctionPlot).render().plain
        for label in ["ステップ関数", "ステップ関数の導関数", "シグモイド関数の導関数"]:
            assert label in legend
        assert "sigmoid" not in legend
        assert "単調、滑らか、飽和する" in "".join(screen_lines(app))


async def test_presets_are_described_in_japanese(japanese):
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause(0.3)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(prompts) == len(core.PRESETS)
        assert all(re.search(JAPANESE, prompt) for prompt in prompts)
        assert "パーセプトロン" in prompts[1] and "perceptron" not in " ".join(prompts)
