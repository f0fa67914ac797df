"""core is pure numpy: importing it must not load any user-interface library.

A static look at core's imports is not enough (a dependency could import
Textual for it), so a fresh interpreter imports each core module and lists
sys.modules. The modules are found, not listed, so a new one is covered
the day it is added. (The command-line paths: tests/cli/test_cli.py.)
"""
import pkgutil
import subprocess
import sys

import pytest

import core
from tests.conftest import ROOT

UI_LIBRARIES = {"textual", "rich", "plotext", "textual_plotext", "textual_serve",
                "textual_fspicker", "tui"}
CORE_MODULES = sorted(module.name for module in pkgutil.iter_modules(core.__path__))


def loaded_after(code: str) -> set[str]:
    """The top-level packages in sys.modules once `code` has run in a fresh
    interpreter."""
    code += "; import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return set(result.stdout.split())


def test_every_core_module_is_found():
    # The discovery itself can fail silently (a wrong path finds nothing).
    assert {"activations", "network", "forward", "files", "special"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_importing_a_core_module_loads_no_ui_library(module):
    loaded = loaded_after(f"import core.{module}")
    assert "numpy" in loaded  # the check can see imports at all
    assert loaded.isdisjoint(UI_LIBRARIES), loaded & UI_LIBRARIES


def test_a_forward_pass_loads_no_ui_library():
    # Imports made inside functions run only when called.
    loaded = loaded_after("import core; core.forward(core.preset('book'), grads=True); "
                          "core.get('gelu').fn(1.0)")
    assert loaded.isdisjoint(UI_LIBRARIES), loaded & UI_LIBRARIES
