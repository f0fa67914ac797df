"""argparse's own refusals read in the learner's language, like actlab's."""
import re

import pytest

from tui import i18n
from tui.cli import main


@pytest.mark.parametrize("argv, english, japanese", [
    (["trace", "--bogus"], "unrecognized arguments: --bogus", "認識できない引数です: --bogus"),
    (["trace", "--preset"], "argument --preset: expected one argument",
     "引数 --preset: 値が 1 つ必要です"),
    (["trace", "--preset", "nope"], "invalid choice: 'nope'", "'nope' は選べません"),
])
def test_argparse_refusals_follow_the_language(capsys, monkeypatch, argv, english, japanese):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert english in err and err.count("\n") == 1
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("actlab: エラー: ") and japanese in err and err.count("\n") == 1
    assert english not in err


def test_every_argparse_text_has_its_english_msgid_as_its_english_value():
    keys = [key for key in i18n.EN if key.startswith("argparse:")]
    assert len(keys) >= 15
    assert all(i18n.EN[key] == key.removeprefix("argparse:") for key in keys)
    placeholders = re.compile(r"%(?:\(\w+\))?[rs]")  # argparse fills these in by %
    for key in keys:
        assert sorted(placeholders.findall(i18n.JA[key])) == sorted(placeholders.findall(key)), key
