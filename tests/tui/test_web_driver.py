"""The app's side of actlab serve: the web driver clamps sizes and waits for the
app to catch up (the server side is tests/cli/test_serve_hostile.py)."""
import math
import threading
from types import SimpleNamespace

import pytest

from textual import events
from tui.web_driver import (CHECK_EVERY, MAX_COLUMNS, MAX_PENDING, MAX_ROWS,
                            BoundedWebDriver, clamp_size)


@pytest.mark.parametrize("width, height, size", [
    (120, 40, (120, 40)),
    (100000, 100000, (MAX_COLUMNS, MAX_ROWS)),
    (10**400, 40, (MAX_COLUMNS, 40)),
    (-5, 0, (1, 1)),
    ("abc", 40, None), (100.5, 40, None), (math.nan, 40, None), (120, math.inf, None),
    (True, 40, None), (None, 40, None),
])
def test_sizes_are_clamped_and_non_integers_refused(width, height, size):
    assert clamp_size(width, height) == size


class Queue:
    """A message queue whose size is read from a script, one value per look."""

    def __init__(self, sizes):
        self.sizes = list(sizes)
        self.looks = 0

    def qsize(self):
        self.looks += 1
        return self.sizes.pop(0) if self.sizes else 0


def driver_for(app) -> BoundedWebDriver:
    """The driver's own logic without its stdin and stdout (WebDriver.__init__
    registers the real stdin with a selector)."""
    driver = BoundedWebDriver.__new__(BoundedWebDriver)
    driver._app = app
    driver.exit_event = threading.Event()
    driver._events_since_check = 0
    return driver


def test_the_driver_waits_while_the_app_is_behind():
    queue = Queue([MAX_PENDING, MAX_PENDING + 5, MAX_PENDING - 1])
    driver = driver_for(SimpleNamespace(_registry=[], _message_queue=queue))
    for _ in range(CHECK_EVERY - 1):
        driver._wait_for_room()
    assert queue.looks == 0  # counting visits every widget: only every CHECK_EVERY events
    driver._wait_for_room()
    assert queue.looks == 3  # waited through two full counts, went on at MAX_PENDING - 1


def test_the_driver_counts_the_widgets_queues_too():
    app = SimpleNamespace(_message_queue=Queue([0, 0]),
                          _registry=[SimpleNamespace(_message_queue=Queue([MAX_PENDING]))])
    driver = driver_for(app)
    driver._events_since_check = CHECK_EVERY - 1
    driver._wait_for_room()
    assert app._message_queue.looks == 2  # the focused widget's backlog held it once


def test_the_app_side_clamps_a_resize_too():
    posted = []
    driver = driver_for(SimpleNamespace(_registry=[], _message_queue=Queue([]),
                                        post_message=posted.append))
    driver.on_meta("resize", {"width": 100000, "height": 100000})
    driver.on_meta("resize", {"width": "abc", "height": 40})
    driver.on_meta("resize", {"height": 40})
    assert [(event.size.width, event.size.height) for event in posted] == [(MAX_COLUMNS, MAX_ROWS)]
    assert isinstance(posted[0], events.Resize) and driver._size == (MAX_COLUMNS, MAX_ROWS)
