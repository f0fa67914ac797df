"""The `actlab` command's entry point (and `python -m tui`'s).

Importing numpy, Textual and actlab makes some hundred thousand objects that
live as long as the process, and the garbage collector walked them over and
over while they were made: about a sixth of the time to the first screen
(bench/startup_bench.py). Collection waits while the command line and core
import here, and again while the explorer imports Textual (tui.cli.cmd_app),
which then freezes them all so that no later collection walks them again.
"""
from __future__ import annotations

import gc


def main(argv: list[str] | None = None) -> int:
    gc.disable()
    try:
        from .cli import main as cli_main
    finally:
        gc.enable()
    return cli_main(argv)
