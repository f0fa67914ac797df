"""Every string the explorer shows comes from a catalogue, in English and Japanese."""
import ast
import re
from pathlib import Path

import pytest

import core
from tests.tui.helpers import layers_text, output_text, widget_text
from tui import i18n
from tui.app import ActLabApp
from tui.cli import _choose_language, app_parser

TUI = Path(i18n.__file__).parent


def footer_text(app) -> str:
    return " ".join(widget_text(key) for key in app.screen.query("FooterKey"))
KEY_USE = re.compile(r"""\b(?:t|t_en|later)\(\s*["']([a-z_.]+)["']""")
BINDING_USE = re.compile(r"""\bkey\(\s*["'][^"']+["'],\s*["'][^"']*["'],\s*["']([a-z_]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for path in TUI.rglob("*.py"):
        text = path.read_text()
        keys |= set(KEY_USE.findall(text))
        for name in BINDING_USE.findall(text):
            keys |= {f"key.{name}", f"tip.{name}"}
    return keys


def test_every_key_the_code_uses_is_in_every_catalogue():
    used = used_keys()
    assert len(used) > 150  # the patterns do find the calls and the bindings
    for language, catalogue in i18n.CATALOGUES.items():
        missing = used - set(catalogue)
        assert not missing, f"{language} lacks {sorted(missing)}"


def test_catalogues_have_the_same_keys_and_placeholders():
    assert set(i18n.CATALOGUES) == {"en", "ja"}
    for language, catalogue in i18n.CATALOGUES.items():
        assert set(catalogue) == set(i18n.EN), language
        for key, text in catalogue.items():
            assert set(re.findall(r"{(\w+)", text)) == set(re.findall(r"{(\w+)", i18n.EN[key])), key


def test_japanese_uses_the_books_terms():
    ja = " ".join(i18n.JA.values()) + " ".join(i18n.FUNCTION_NAMES["ja"].values())
    for term in ["活性化関数", "ステップ関数", "シグモイド関数", "恒等関数", "ソフトマックス関数",
                 "勾配消失", "重み", "バイアス", "入力", "出力", "層"]:
        assert term in ja, term


# Calls and attributes through which text reaches the screen.
SHOWN_BY_CALL = {"notify", "Static", "Button", "Label", "update", "Option", "SystemCommand"}
SHOWN_BY_ATTRIBUTE = {"border_title", "border_subtitle", "title", "sub_title", "placeholder"}
NOT_ON_SCREEN = {"cli.py", "format.py", "i18n.py"}  # command line, numbers, the catalogue


def has_words(node: ast.AST) -> bool:
    """A string literal (or f-string part) with two letters in a row: words, not symbols."""
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return any(isinstance(p, ast.Constant) and isinstance(p.value, str)
               and re.search(r"[A-Za-z]{2}|[\u3040-\u30ff\u4e00-\u9fff]", p.value)
               for p in parts)


def test_no_text_reaches_the_screen_without_the_catalogue():
    offences = []
    for path in TUI.rglob("*.py"):
        if path.name in NOT_ON_SCREEN:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in SHOWN_BY_CALL and any(has_words(a) for a in node.args):
                    offences.append(f"{path.name}:{node.lineno} {name}(...)")
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if (isinstance(target, ast.Attribute) and target.attr in SHOWN_BY_ATTRIBUTE
                            and has_words(node.value)):
                        offences.append(f"{path.name}:{node.lineno} .{target.attr} =")
    assert not offences, offences


def test_the_check_above_would_catch_a_literal(tmp_path):
    tree = ast.parse('self.notify("Saved the file")\nw.border_title = "Layers"')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert has_words(calls[0].args[0])
    assert has_words(tree.body[1].value)


@pytest.mark.parametrize("environ, expected", [
    ({}, "en"),
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
    ({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, "en"),  # LC_ALL decides when set
    ({"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "C"}, "ja"),
    ({"LC_ALL": "", "LANG": "ja_JP"}, "ja"),  # set but empty counts as unset
])
def test_language_from_the_environment(environ, expected):
    assert i18n.language_from_environment(environ) == expected


def test_lang_option_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    _choose_language(app_parser().parse_args(["--lang", "en"]))
    assert i18n.language() == "en"
    _choose_language(app_parser().parse_args([]))
    assert i18n.language() == "ja"


def test_unknown_language_is_refused():
    with pytest.raises(KeyError, match="no catalogue for 'xx'"):
        i18n.set_language("xx")


async def test_the_app_in_japanese_uses_the_books_names():
    i18n.set_language("ja")
    app = ActLabApp(core.preset("book").with_output("softmax"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert layers_text(app).splitlines()[0].startswith("第1層  シグモイド関数")
        assert app.query_one("#output").border_title == "出力 y · ソフトマックス関数"
        assert "◀ 最大" in output_text(app)
        await pilot.pause()
        footer = footer_text(app)
        assert "h 活性化関数" in footer and "終了" in footer


async def test_switching_language_live_from_the_palette():
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")
        await pilot.press("ctrl+p", *"language")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert i18n.language() == "ja"
        assert app.state.x.tolist() == [1.1, 0.5]  # the work is kept
        assert app.query_one("#input").border_title == "入力 x"
        assert "活性化関数" in footer_text(app)
        await pilot.press("h")  # keys still work after the panes were rebuilt
        assert app.state.network.activations[0] == "tanh"


async def test_palette_search_finds_commands_in_both_languages():
    from textual.command import CommandList
    i18n.set_language("ja")
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        for query, expected in [("relu", "隠れ層の活性化関数: ReLU関数"),
                                ("hidden activation: sigmoid", "隠れ層の活性化関数: シグモイド関数"),
                                ("出力層の関数: ソフトマックス", "出力層の関数: ソフトマックス関数")]:
            await pilot.press("ctrl+p", *query)
            await pilot.pause(0.5)
            options = app.screen.query_one(CommandList)
            titles = [str(options.get_option_at_index(i).prompt)
                      for i in range(options.option_count)]
            assert any(expected in title for title in titles), (query, titles[:3])
            await pilot.press("escape")
            await pilot.pause()


@pytest.mark.parametrize("key, probe", [
    ("e", lambda s: str(s.query_one("#experiment-info").render()).startswith("シグモイド関数")
     and s.query("HistogramView").first().border_title == "第1層"
     and s.query("HistogramView").first()._histogram is not None),
    ("v", lambda s: "値域 (0, 1)" in str(s.query_one("#gallery-detail").render())
     and s.query_one("#tile-step").border_title),
    ("g", lambda s: "平面上" in str(s.query_one("#landscape-info").render())),
])
async def test_a_side_screen_switched_to_japanese_keeps_its_titles_and_numbers(key, probe):
    from tui.app import ActLabApp
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.switch_language("ja")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert probe(app.screen)


async def test_the_palette_finds_japanese_by_its_english_name():
    from textual.command import CommandList
    app = ActLabApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"japanese")
        await pilot.pause(0.5)
        assert app.screen.query_one(CommandList).option_count >= 1
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert i18n.language() == "ja"
    i18n.set_language("en")
