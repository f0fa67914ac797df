"""actlab serve against hostile browser tabs: each one stays bounded, the server
keeps serving the others, and a closed tab leaves no app process behind."""
import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.cli.test_serve import free_port, wait_for_port
from tests.conftest import ROOT

aiohttp = pytest.importorskip("aiohttp")

from tui.serve import parse_message  # noqa: E402 (imports aiohttp)
from tui.web_driver import MAX_ROWS  # noqa: E402

BOOK_Y = b"0.6963"  # the book's y[1], drawn once the explorer is up
CURSOR_TO = re.compile(rb"\x1b\[(\d+);\d+H")  # Textual draws each row after "go to row;col"
WAIT = 60.0  # a bound on waiting for an event, not a measure of speed


@pytest.fixture
def start_server():
    """start_server(*options) -> (port, server process); all are ended afterwards."""
    started = []

    def start(*options: str):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(port),
                                    *options], cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        started.append(process)
        wait_for_port(port)
        return port, process

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGKILL)  # the server and any session it left
        process.wait()


def sessions_of(server_pid: int) -> list[int]:
    """Every live process below the server (its apps, and anything they started)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [server_pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def the_app(server_pid: int) -> int:
    """The pid of the one app process that runs the explorer."""
    for pid in sessions_of(server_pid):
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            if file.read().split(b"\0")[1:3] == [b"-m", b"tui"]:
                return pid
    raise AssertionError(f"no app process below the server: {sessions_of(server_pid)}")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0  # a zombie has no VmRSS line


def wait_for_no_sessions(server_pid: int) -> list[int]:
    """Poll until no process is left below the server, or WAIT passes; the rest."""
    deadline = time.monotonic() + WAIT
    while (left := sessions_of(server_pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


class Tab:
    """One browser tab's websocket, as textual-serve's page opens it."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.drawn = b""

    async def read_until(self, done, on_wait=lambda: None) -> bytes:
        """Collect what the app draws until done(drawn) holds, the socket closes
        or WAIT passes; on_wait() runs between reads (it may fail the test)."""
        self.drawn = b""
        deadline = time.monotonic() + WAIT
        while not done(self.drawn) and time.monotonic() < deadline:
            on_wait()
            try:
                message = await self.websocket.receive(timeout=0.5)
            except asyncio.TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.drawn += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                break  # closed
        return self.drawn


def last_row(drawn: bytes) -> int:
    return max((int(row) for row in CURSOR_TO.findall(drawn)), default=0)


async def open_tab(session, port: int, width: int = 120, height: int = 40) -> Tab:
    websocket = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width={width}"
                                         f"&height={height}")
    tab = Tab(websocket)
    await tab.read_until(lambda drawn: BOOK_Y in drawn)
    assert BOOK_Y in tab.drawn, "the explorer did not come up"
    return tab


async def a_fresh_tab_is_served(port: int) -> bool:
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, port)
        await tab.websocket.close()
    return True


def test_a_huge_resize_is_clamped_and_the_app_stays_small(start_server):
    port, server = start_server()

    async def attack():
        async with aiohttp.ClientSession() as session:
            tab = await open_tab(session, port)
            app = the_app(server.pid)
            before = rss_mb(app)
            peak = [before]

            def watch_memory():
                peak[0] = max(peak[0], rss_mb(app))
                assert peak[0] < 2 * before, f"the app grew from {before:.0f} to {peak[0]:.0f} MB"

            await tab.websocket.send_json(["resize", {"width": 100000, "height": 100000}])
            drawn = await tab.read_until(lambda d: BOOK_Y in d and last_row(d) == MAX_ROWS,
                                         watch_memory)
            watch_memory()
            await tab.websocket.close()
            return drawn

    drawn = asyncio.run(attack())
    assert last_row(drawn) == MAX_ROWS and BOOK_Y in drawn  # redrawn, 200 rows tall
    assert wait_for_no_sessions(server.pid) == []
    assert asyncio.run(a_fresh_tab_is_served(port))


HOSTILE = [
    "not json", "[", "{}", "[]", "[1]", '"stdin"', '["resize"]', '["resize", 5]',
    '["resize", {"width": "abc", "height": 40}]',
    '["resize", {"width": 100.5, "height": 40}]',
    '["resize", {"width": NaN, "height": Infinity}]',
    '["resize", {"width": true, "height": 40}]',
    '["resize", {"width": null}]',
    '["resize", {"width": ' + "9" * 5000 + ', "height": 40}]',  # past int's digit limit
    "[" * 30_000 + "]" * 30_000,  # deeper than the JSON parser recurses
    '["stdin", 5]', '["stdin", null]', '["stdin", "\\ud800"]', '["no such type", {}]',
    '["ping"]',
]


@pytest.mark.parametrize("text, parsed", [
    ('["stdin", "j"]', ("stdin", "j")), ('["blur"]', ("blur", None)),
    ('["resize", {"width": 1}]', ("resize", {"width": 1})), ('["resize"]', ("resize", None)),
    ("not json", None), ("[", None), ("{}", None), ("[]", None), ("[1]", None),
    ('"stdin"', None), ("[" * 30_000 + "]" * 30_000, None),
    ('["resize", {"width": ' + "9" * 5000 + "}]", None),
])
def test_a_message_is_a_type_and_a_payload_or_nothing(text, parsed):
    assert parse_message(text) == parsed


def test_malformed_messages_are_dropped_and_the_session_carries_on(start_server):
    port, server = start_server()

    async def attack():
        async with aiohttp.ClientSession() as session:
            tab = await open_tab(session, port)
            for text in HOSTILE:
                await tab.websocket.send_str(text)
            await tab.websocket.send_bytes(b"\x00\xff" * 1000)  # a binary frame
            # Whole numbers are clamped, not dropped: -5 x 0 is laid out as 1 x 1.
            await tab.websocket.send_json(["resize", {"width": -5, "height": 0}])
            await tab.websocket.send_json(["resize", {"width": 100, "height": 50}])
            after = await tab.read_until(lambda d: BOOK_Y in d and last_row(d) == 50)
            await tab.websocket.close()
            return after

    after = asyncio.run(attack())
    # Still alive after all that, and following a good size (rows 41-50 are new).
    assert last_row(after) == 50 and BOOK_Y in after
    assert wait_for_no_sessions(server.pid) == []
    assert asyncio.run(a_fresh_tab_is_served(port))


def test_a_tab_closed_while_its_app_is_busy_leaves_no_process(start_server):
    port, server = start_server()

    async def attack():
        async with aiohttp.ClientSession() as session:
            tab = await open_tab(session, port)
            app = the_app(server.pid)
            for _ in range(50):  # 200 KB of keys in one burst, as a paste would come
                await tab.websocket.send_json(["stdin", "j" * 4000])
            await tab.websocket.close()
            return app

    app = asyncio.run(attack())
    assert wait_for_no_sessions(server.pid) == []
    assert not os.path.exists(f"/proc/{app}")  # ended and reaped
    assert asyncio.run(a_fresh_tab_is_served(port))


def test_a_frozen_app_flooded_with_keys_is_killed_when_its_tab_closes(start_server):
    port, server = start_server()

    async def freeze_and_close():
        async with aiohttp.ClientSession() as session:
            tab = await open_tab(session, port)
            app = the_app(server.pid)
            os.kill(app, signal.SIGSTOP)  # as an app stuck in a loop: it reads nothing
            for _ in range(50):  # 200 KB: more than its stdin pipe and the server hold
                await tab.websocket.send_json(["stdin", "j" * 4000])
            await tab.websocket.close()
            return app

    app = asyncio.run(freeze_and_close())
    assert wait_for_no_sessions(server.pid) == []
    assert not os.path.exists(f"/proc/{app}")
    assert asyncio.run(a_fresh_tab_is_served(port))


def test_a_huge_message_closes_only_its_own_socket(start_server):
    port, server = start_server()

    async def attack():
        async with aiohttp.ClientSession() as session:
            bystander = await open_tab(session, port)
            tab = await open_tab(session, port)
            await tab.websocket.send_str(json.dumps(["stdin", "j" * 200_000]))
            await tab.read_until(lambda drawn: False)  # until the server closes it
            assert tab.websocket.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
            await bystander.websocket.send_json(["resize", {"width": 100, "height": 50}])
            after = await bystander.read_until(lambda d: BOOK_Y in d and last_row(d) == 50)
            await bystander.websocket.close()
            return after

    after = asyncio.run(attack())
    assert last_row(after) == 50 and BOOK_Y in after  # the other tab is still served
    assert wait_for_no_sessions(server.pid) == []


UPGRADE = ("GET /ws?width=120&height=40 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")


def test_tabs_beyond_max_sessions_are_told_and_closed(start_server):
    port, server = start_server("--max-sessions", "2")
    # Tabs that vanish during the handshake (mid-request, or just after it) must
    # give their place back, or two of them would lock everyone out.
    for cut in (10, len(UPGRADE) - 2, len(UPGRADE)):
        with socket.create_connection(("127.0.0.1", port)) as raw:
            raw.sendall(UPGRADE[:cut].encode())
    assert wait_for_no_sessions(server.pid) == []

    async def attack():
        async with aiohttp.ClientSession() as session:
            tabs = [await open_tab(session, port) for _ in range(2)]
            extra = Tab(await session.ws_connect(f"http://127.0.0.1:{port}/ws"))
            refusal = await extra.read_until(lambda drawn: False)  # until it is closed
            running = len(sessions_of(server.pid))
            for tab in tabs:
                await tab.websocket.close()
            return refusal, extra.websocket.close_code, running

    refusal, code, running = asyncio.run(attack())
    assert b"actlab: the server is full (--max-sessions 2); close another tab" in refusal
    assert code == aiohttp.WSCloseCode.TRY_AGAIN_LATER and running == 2
    assert wait_for_no_sessions(server.pid) == []
    assert asyncio.run(a_fresh_tab_is_served(port))  # a closed tab frees its place
