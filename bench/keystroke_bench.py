"""Keystroke to repainted screen: the explorer against a bare Textual app.

    python bench/keystroke_bench.py

Both run headless under Textual's Pilot in the same process and the same run.
Each sample is one key press that changes x1, then Pilot's pause until the app
is idle (the issue's measure: press + pause). The figure is the ratio of the
median times.

Pilot's pause ends on a 20 ms idle-detection grid, so the bench also prints,
for information, the median time from the press to the last screen update the
app wrote (App._display is wrapped to note when it writes).
Targets: <= 1.3 on the book network, <= 1.6 with the book's 784-50-100-10
sample network (issue 3), <= 1.6 with the landscape shown (issue 6); with
the network diagram shown (n, issue 12), <= 1.3 on the book network and
<= 1.6 on the sample network; <= 1.3 with the backward view shown (issue 13:
every δ recomputed on each key), in the layers table and in the diagram.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App  # noqa: E402
from textual.widgets import Static  # noqa: E402

import core  # noqa: E402
from tui.app import ActLabApp  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "book" / "sample_weight.pkl"
SIZE = (120, 40)
PRESSES = 60


class BareApp(App):
    """The least a Textual app can do per key: update one Static."""

    def compose(self):
        yield Static("x1 = 0", id="value")

    def on_key(self, event) -> None:
        self.value = getattr(self, "value", 0.0) + 0.1
        self.query_one("#value", Static).update(f"x1 = {self.value:.4f}")


async def key_times(app: App, key: str, presses: int,
                    setup: tuple[str, ...] = ()) -> tuple[list[float], list[float]]:
    """(press + pause times, press-to-last-write times) for each press."""
    times, writes = [], []
    written = [0.0]
    display = app._display

    def noting_display(*args, **kwargs):
        display(*args, **kwargs)
        written[0] = time.perf_counter()

    app._display = noting_display
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*setup)
        await pilot.pause()
        for _ in range(5):  # warm up caches and first layouts
            await pilot.press(key)
            await pilot.pause()
        for _ in range(presses):
            start = time.perf_counter()
            written[0] = start
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - start)
            if written[0] == start:
                raise RuntimeError(f"{type(app).__name__} wrote nothing after {key!r}")
            writes.append(written[0] - start)
    return times, writes


async def ratio(make_app, label: str, target: float, key: str = "right",
                setup: tuple[str, ...] = ()) -> None:
    full, bare, full_write, bare_write = [], [], [], []
    for _ in range(3):  # interleave so that drift hits both alike
        times, writes = await key_times(BareApp(), "right", PRESSES // 3)
        bare += times
        bare_write += writes
        times, writes = await key_times(make_app(), key, PRESSES // 3, setup)
        full += times
        full_write += writes
    value = statistics.median(full) / statistics.median(bare)
    mark = "ok" if value <= target else "OVER TARGET"
    ms = lambda values: statistics.median(values) * 1e3  # noqa: E731
    print(f"{label:<52} ratio {value:5.2f}  (target <= {target})  {mark}"
          f"   [{ms(full):.1f} ms vs {ms(bare):.1f} ms; last write after "
          f"{ms(full_write):.1f} ms vs {ms(bare_write):.1f} ms]")


async def main() -> None:
    print(f"keystroke to repaint at {SIZE[0]}x{SIZE[1]}, median of {PRESSES}; lower is better")
    await ratio(lambda: ActLabApp(), "book network: nudge x1 vs bare app", 1.3)
    await ratio(lambda: ActLabApp(), "book network, backward view shown: nudge x1 vs bare app",
                1.3, setup=("b",))
    await ratio(lambda: ActLabApp(), "book network, landscape shown: move x1 vs bare app",
                1.6, key="shift+right", setup=("g",))
    # n shows the diagram and focuses it; shift+tab takes the focus back to x.
    diagram = ("n", "shift+tab")
    await ratio(lambda: ActLabApp(), "book network, diagram shown: nudge x1 vs bare app",
                1.3, setup=diagram)
    # The backward diagram draws its edges again on every key (∂L/∂W moves
    # with x, the weights do not): the issue 13 target holds for it too.
    await ratio(lambda: ActLabApp(), "book network, backward diagram: nudge x1 vs bare app",
                1.3, setup=("n", "b", "shift+tab"))
    if SAMPLE.exists():
        network = core.load(SAMPLE)
        await ratio(lambda: ActLabApp(network, source="sample_weight.pkl"),
                    "784-50-100-10 sample network: nudge x1 vs bare app", 1.6)
        await ratio(lambda: ActLabApp(network, source="sample_weight.pkl"),
                    "sample network, diagram shown: nudge x1 vs bare app", 1.6,
                    setup=diagram)
    else:
        print(f"(skipped the sample network: {SAMPLE} is absent)")


if __name__ == "__main__":
    asyncio.run(main())
