"""The `actlab` command's entry point (and `python -m tui`'s).

Importing numpy, Textual and actlab makes some hundred thousand objects that
live as long as the process, and the garbage collector walked them over and
over while they were made: about a sixth of the time to the first screen
(bench/startup_bench.py). Collection waits while the command line and core
import here, and again while the explorer imports Textual (tui.cli.cmd_app).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def long_lived():
    """No collection while the block imports, and everything tracked by its
    end frozen (its imports and what the process made before): no later
    collection walks those objects. Frozen before collection is allowed
    again, not after: the first allocation after gc.enable() starts a
    collection of everything made while it was off, 5 to 10 ms after core
    and 15 to 24 ms after Textual (measured with gc.callbacks)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    with long_lived():
        from .cli import main as cli_main
    return cli_main(argv)
