"""actlab serve: the explorer in a browser, one session per tab."""
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

aiohttp = pytest.importorskip("aiohttp")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


@pytest.fixture
def server():
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_port(port)
        yield port, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and every session it started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def read_session(port: int, wanted: bytes, timeout: float = 30.0) -> bytes:
    """Open a session as a browser tab does and collect what the app draws."""
    received = b""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/") as page:
            assert page.status == 200
            assert "actlab" in await page.text()
        async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=40") as ws:
            deadline = time.monotonic() + timeout
            while wanted not in received and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    received += message.data.encode()
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return received


def test_serve_shows_the_book_network_in_a_browser_session(server):
    port, process = server
    drawn = asyncio.run(read_session(port, b"0.6963"))
    assert b"0.3168" in drawn and b"0.6963" in drawn  # the book's y, as the explorer shows it
    assert process.poll() is None  # the server keeps serving after a tab closes


def test_serving_beyond_loopback_warns():
    result = subprocess.run([sys.executable, "-m", "tui", "serve", "--host", "0.0.0.0",
                             "--network", "missing.json"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert "warning: serving on 0.0.0.0: anyone who can reach this address" in result.stderr
    assert result.returncode == 2 and "cannot read missing.json" in result.stderr  # no server
