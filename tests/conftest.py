import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLE_WEIGHT = SHARED_DATA / "book" / "sample_weight.pkl"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test starts in English, whatever the machine's locale, and ends so:
    the language is a process-wide setting of the app and of core's messages."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    from core import messages
    messages.set_language("en")
    yield
    messages.set_language("en")
    import sys
    if "tui.i18n" in sys.modules:
        sys.modules["tui.i18n"].set_language("en")


@pytest.fixture
def sample_weight_path() -> Path:
    """The book's trained 784-50-100-10 network, kept outside the project."""
    if not SAMPLE_WEIGHT.exists():
        pytest.skip(f"the book's sample_weight.pkl is not at {SAMPLE_WEIGHT} "
                    "(it lives in the team's shared/data, not in this repository)")
    return SAMPLE_WEIGHT


# CI runs the same examples every time (a red CI should mean a real change);
# locally hypothesis keeps exploring new ones.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
