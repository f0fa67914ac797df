"""The training screen (issue 14): keys while it trains, and how fast it trains
while it draws.

    python bench/train_screen_bench.py

Headless under Textual's Pilot at 120x40, in one process and one run:

- keystroke latency: a key that moves the settings' selection (↓, a redraw of
  the settings), from the key to the first write to the terminal after the
  screen took it, while the screen trains, against the same key on the
  paused screen. Target: the median ratio <= 1.5.
- epochs per second: the screen playing (worker thread, redrawing 20 times
  a second) against core.train.epochs alone in a loop, over the same seconds,
  for the playground's defaults. Printed for information: the share of the
  machine the drawing leaves to training.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from core import train  # noqa: E402
from tui.app import ActLabApp  # noqa: E402

SIZE = (120, 40)
PRESSES = 30
SECONDS = 3.0


async def key_times(app, screen, presses: int) -> list[float]:
    """Key to screen: from posting the key to the first write to the terminal
    after the screen took it. (Pilot's pause waits for an idle app, which a
    screen redrawing 20 times a second never quite is: it measures the wait.)"""
    times = []
    written: list[float] = []
    display = app._display

    def noting_display(*args, **kwargs):
        display(*args, **kwargs)
        written.append(time.perf_counter())

    app._display = noting_display
    try:
        for k in range(presses):
            before = screen.selected
            written.clear()
            start = time.perf_counter()
            app.post_message(events.Key("down" if k % 2 == 0 else "up", None))
            while screen.selected == before:
                await asyncio.sleep(0.0002)
            taken = time.perf_counter()
            while not any(w >= taken for w in written):
                await asyncio.sleep(0.0002)
            times.append(min(w for w in written if w >= taken) - start)
            await asyncio.sleep(0.02)
    finally:
        app._display = display
    return times


async def screen_figures() -> tuple[list[float], list[float], float]:
    """(idle key times, training key times, epochs per second while drawing)."""
    app = ActLabApp()
    idle, busy = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.pause()
        screen = app.screen
        await key_times(app, screen, 5)  # warm up
        for _ in range(3):  # interleave, so that drift hits both alike
            idle += await key_times(app, screen, PRESSES // 3)
            await pilot.press("space")
            await asyncio.sleep(0.2)
            busy += await key_times(app, screen, PRESSES // 3)
            await pilot.press("space")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("r", "space")
        await asyncio.sleep(0.5)
        first, start = screen.epoch.epoch, time.perf_counter()
        await asyncio.sleep(SECONDS)
        rate = (screen.epoch.epoch - first) / (time.perf_counter() - start)
        await pilot.press("space")
    return idle, busy, rate


def core_rate() -> float:
    """core.train.epochs alone, for the same seconds."""
    run = train.prepare(train.Settings())
    epochs = run.epochs()
    next(epochs)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        next(epochs)
        count += 1
    return count / (time.perf_counter() - start)


async def main() -> None:
    print(f"training screen at {SIZE[0]}x{SIZE[1]}, playground defaults (circle, 2-4-2-1 tanh, "
          f"batch 10); lower is better for keys")
    idle, busy, screen_rate = await screen_figures()
    alone = core_rate()
    value = statistics.median(busy) / statistics.median(idle)
    mark = "ok" if value <= 1.5 else "OVER TARGET"
    ms = lambda values: statistics.median(values) * 1e3  # noqa: E731
    print(f"{'key while training vs key while paused':<52} ratio {value:5.2f}  (target <= 1.5)"
          f"  {mark}   [{ms(busy):.1f} ms vs {ms(idle):.1f} ms, median of {len(busy)}]")
    print(f"{'epochs/s while drawing vs core alone':<52} ratio {screen_rate / alone:5.2f}"
          f"  (for information)   [{screen_rate:.0f} vs {alone:.0f} epochs/s]")


if __name__ == "__main__":
    asyncio.run(main())
