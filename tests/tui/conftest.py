import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """A blinking cursor makes screenshots differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def scratch_directory(tmp_path, monkeypatch):
    """A crash rescue or a save with a relative name lands here, not in the project."""
    monkeypatch.chdir(tmp_path)
