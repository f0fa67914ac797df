"""core is pure numpy: importing it must not load any user-interface library.

A static look at core's imports is not enough (a dependency could import
Textual for it), so a fresh interpreter imports core and lists sys.modules.
"""
import subprocess
import sys

from tests.conftest import ROOT

UI_LIBRARIES = ("textual", "rich", "plotext", "textual_plotext")


def test_importing_core_loads_no_ui_library():
    code = ("import sys, core; core.forward(core.preset('book')); "
            "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    loaded = set(result.stdout.split())
    assert "numpy" in loaded  # the check can see imports at all
    assert loaded.isdisjoint(UI_LIBRARIES), loaded & set(UI_LIBRARIES)
