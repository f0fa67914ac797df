"""Every string the explorer shows comes from the catalogue."""
import re
from pathlib import Path

import pytest

from tui import i18n

TUI = Path(i18n.__file__).parent
KEY_USE = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for path in TUI.rglob("*.py"):
        keys |= set(KEY_USE.findall(path.read_text()))
    return keys


def test_every_key_the_code_uses_is_in_every_catalogue():
    used = used_keys()
    assert len(used) > 40  # the pattern does find the calls
    for language, catalogue in i18n.CATALOGUES.items():
        missing = used - set(catalogue)
        assert not missing, f"{language} lacks {sorted(missing)}"


def test_catalogues_have_the_same_keys_and_placeholders():
    for language, catalogue in i18n.CATALOGUES.items():
        assert set(catalogue) == set(i18n.EN), language
        for key, text in catalogue.items():
            assert set(re.findall(r"{(\w+)", text)) == set(re.findall(r"{(\w+)", i18n.EN[key]))


def test_unknown_language_is_refused():
    with pytest.raises(KeyError, match="no catalogue for 'xx'"):
        i18n.set_language("xx")
