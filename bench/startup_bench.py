"""Launch to y on screen: `actlab` against a bare Textual app, in a real terminal.

    python bench/startup_bench.py [runs]

Each run starts the program in a new tmux session (a socket of the bench's
own, 120x40) and polls capture-pane every millisecond or so until a line
`y1 <number>` is on screen; the time counts from just before tmux is asked to
start it. The bare app imports numpy and Textual and shows that one line in a
Static. The two are interleaved, `runs` each (15 unless told), and the figure
is the ratio of the medians. Target (issue 10): <= 1.2.

For information the bench also prints when the whole of actlab's first
screen is there: the activation plot's dots and the footer's keys, which
Textual composes only after the first frame.

Bytecode is compiled first, as an install does: this machine sets
PYTHONDONTWRITEBYTECODE, which would charge every run a compile of tui and
core.
"""
from __future__ import annotations

import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOCKET = f"actlab-startup-bench-{os.getpid()}"
SIZE = (120, 40)
Y_LINE = re.compile(r"\by1 +-?[0-9]")
BRAILLE = re.compile("[\u2801-\u28ff]")  # a plotted dot (U+2800 is blank)
FOOTER = "^p palette"  # the footer's last key: Textual composes it after the first frame
TIMEOUT = 20.0
TARGET = 1.2

BARE_APP = '''\
import numpy as np
from textual.app import App
from textual.widgets import Static


class BareApp(App):
    def compose(self):
        y = np.exp([0.3, 0.7]) / np.exp([0.3, 0.7]).sum()
        yield Static(f"y1 {y[0]:>10.4f}")


BareApp().run()
'''


def tmux(*args: str, env: dict | None = None) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def time_to_screen(command: list[str], env: dict,
                   plot: bool = False) -> tuple[float, float | None]:
    """(seconds to y on screen, and with `plot` seconds to the whole screen:
    a plotted dot and the footer's keys too)."""
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", "run", "-x", str(SIZE[0]), "-y", str(SIZE[1]),
         " ".join(command), env=env)
    y_time = None
    try:
        while True:
            screen = tmux("capture-pane", "-p", "-t", "run")
            now = time.perf_counter() - start
            if y_time is None and Y_LINE.search(screen):
                y_time = now
            if y_time is not None and not plot:
                return y_time, None
            if y_time is not None and BRAILLE.search(screen) and FOOTER in screen:
                return y_time, now
            if now > TIMEOUT:
                raise RuntimeError(f"no y or no plot on screen after {TIMEOUT} s from "
                                   f"{command}:\n{screen}")
            time.sleep(0.001)
    finally:
        tmux("kill-session", "-t", "run")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    compileall.compile_dir(ROOT / "core", quiet=1)
    compileall.compile_dir(ROOT / "tui", quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    script = Path(sys.executable).with_name("actlab")
    actlab = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    with tempfile.TemporaryDirectory() as folder:
        bare_path = Path(folder) / "bare_app.py"
        bare_path.write_text(BARE_APP)
        bare = [sys.executable, str(bare_path)]
        # A session that holds the server, so that no run pays its start.
        tmux("new-session", "-d", "-s", "hold", "sleep 3600", env=env)
        try:
            for command in (bare, actlab):  # warm the file cache for both
                time_to_screen(command, env)
            bare_times, actlab_times, full_times = [], [], []
            for _ in range(runs):
                bare_times.append(time_to_screen(bare, env)[0])
                y_time, full_time = time_to_screen(actlab, env, plot=True)
                actlab_times.append(y_time)
                full_times.append(full_time)
        finally:
            subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    a, b = statistics.median(actlab_times), statistics.median(bare_times)
    value = a / b
    mark = "ok" if value <= TARGET else "OVER TARGET"
    print(f"launch to y on screen in tmux at {SIZE[0]}x{SIZE[1]}, median of {runs} "
          "interleaved runs; lower is better")
    print(f"{'`actlab` vs a bare Textual app (numpy, one Static)':<52} ratio {value:5.3f}"
          f"  (target <= {TARGET})  {mark}   [{a * 1e3:.0f} ms vs {b * 1e3:.0f} ms]")
    print(f"{'(actlab, whole screen: plot and footer too)':<52}"
          f"                                        [{statistics.median(full_times) * 1e3:.0f} ms]")


if __name__ == "__main__":
    main()
