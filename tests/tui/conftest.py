import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """A blinking cursor makes screenshots differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise():
    """The language is the app's global setting: every test starts and ends in English."""
    from tui import i18n
    i18n.set_language("en")
    yield
    i18n.set_language("en")
