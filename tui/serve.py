"""The server side of `actlab serve`: textual-serve, with every session bounded.

textual-serve starts one app process per browser tab and relays the tab's
messages to it as they come. Left as it is, one message can ruin a machine: a
resize to 100000 x 100000 grows the app past 13 GB, a width of "abc" kills the
session with a traceback, and a tab that closes while its app is busy (200 KB
of keys queued) leaves the app running with no one to see it. Here

- each message is checked before it is relayed: sizes are clamped, anything
  malformed is dropped, one message is at most MAX_MESSAGE bytes (a larger one
  closes that socket);
- a session's app is a process of its own (no shell in between) and is ended
  when its socket closes: asked to quit, then killed after STOP_GRACE seconds;
- the server never waits on an app while it reads a tab's socket (so a close is
  always seen); input an app is MAX_BACKLOG bytes behind on is dropped;
- at most `max_sessions` apps run at once; one more tab is told so and closed.

The app side (tui/web_driver.py) clamps again and stops reading its input while
it holds MAX_PENDING unprocessed events, so a flood never lands in its memory.
"""
from __future__ import annotations

import asyncio
import json
import logging
import sys

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .i18n import t
from .web_driver import MAX_COLUMNS, MAX_ROWS, clamp_size

log = logging.getLogger("textual-serve")

MAX_MESSAGE = 64 * 1024  # a key, a paste of 784 pixel values, a resize: all far below
MAX_BACKLOG = 64 * 1024  # bytes written to an app that it has not read yet (past the pipe's own)
STOP_GRACE = 2.0  # seconds a closed session's app has to quit before it is killed
DRIVER = "tui.web_driver:BoundedWebDriver"  # the app side (TEXTUAL_DRIVER)


def parse_message(text: str) -> tuple[str, object] | None:
    """A browser message ["type", payload?] as (type, payload), or None for
    anything else (not JSON, nested too deep, not a list, no type)."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):  # ValueError includes a 5000-digit number
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


class SessionService(AppService):
    """One tab's app: started without a shell, with the bounded web driver, and
    ended for certain when the tab goes."""

    def __init__(self, argv: list[str], **kwargs):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = DRIVER
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24):
        # A shell would sit between the server and the app (dash does not exec the
        # command), so ending "the process" would end the shell and leave the app.
        self._process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width, height))
        self._stdin = self._process.stdin
        return self._process

    async def send_bytes(self, data: bytes) -> bool:
        return self._send(self.encode_packet(b"D", data))

    async def send_meta(self, data: dict) -> bool:
        return self._send(self.encode_packet(b"M", json.dumps(data).encode("utf-8")))

    def _send(self, packet: bytes) -> bool:
        """Write to the app without waiting for it; drop the packet when the app is
        MAX_BACKLOG behind. Waiting would stop the server reading this tab's socket,
        so a frozen app's tab could close unnoticed and its app would never end."""
        transport = self.stdin.transport
        if transport.is_closing() or transport.get_write_buffer_size() > MAX_BACKLOG:
            return False
        self.stdin.write(packet)
        return True

    async def stop(self) -> None:
        process = self._process
        if process is None:
            return  # never started
        # textual-serve's stop() says "quit" and reads the app's output to its end;
        # the app has STOP_GRACE to obey, then it is killed, which ends that output.
        stopping = asyncio.create_task(super().stop())
        try:
            await asyncio.wait_for(process.wait(), STOP_GRACE)
        except asyncio.TimeoutError:  # busy with queued input, or blocked writing
            process.kill()
            await process.wait()  # reaped: no zombie either
        await stopping  # the output ends with the process


class BoundedServer(Server):
    """textual-serve's Server with each message checked and each session bounded."""

    def __init__(self, argv: list[str], *, max_sessions: int, **kwargs):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.max_sessions = max_sessions
        self.sessions = 0

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await websocket.prepare(request)  # a request that is no websocket is aiohttp's 400
        if self.sessions >= self.max_sessions:
            refusal = t("cli.serve_full", sessions=self.max_sessions)
            log.warning(refusal)
            await websocket.send_bytes(f"actlab: {refusal}\r\n".encode())  # hidden by the "Session ended" overlay
            await websocket.close(code=1013, message=b"too many sessions")  # try again later
            return websocket
        self.sessions += 1
        app_service: SessionService | None = None
        try:
            width, height = _initial_size(request)
            app_service = SessionService(
                self.argv, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
                debug=self.debug)
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one session's failure is logged; the server serves on
            log.exception(error)
        finally:
            try:
                if app_service is not None:
                    await app_service.stop()
            finally:
                self.sessions -= 1
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue  # the browser sends text only; binary frames are noise
            parsed = parse_message(message.data)
            if parsed is None:
                continue
            kind, payload = parsed
            if kind == "stdin" and isinstance(payload, str):
                # A lone surrogate ("\ud800") is valid JSON but not UTF-8.
                await app_service.send_bytes(payload.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(payload, dict):
                size = clamp_size(payload.get("width"), payload.get("height"))
                if size is not None:
                    await app_service.set_terminal_size(*size)
            elif kind == "ping":
                await websocket.send_json(["pong", payload])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


def _initial_size(request: web.Request) -> tuple[int, int]:
    """The size the tab asks for in ?width=&height=, clamped; 80 x 24 if not a number."""
    try:
        size = clamp_size(int(request.query.get("width", "80")),
                          int(request.query.get("height", "24")))
    except ValueError:
        size = None
    return size or (80, 24)


def serve(app_args: list[str], *, host: str, port: int, max_sessions: int) -> None:
    argv = [sys.executable, "-m", "tui", *app_args]
    BoundedServer(argv, max_sessions=max_sessions, host=host, port=port,
                  title="actlab").serve()


__all__ = ["BoundedServer", "MAX_COLUMNS", "MAX_MESSAGE", "MAX_ROWS", "SessionService",
           "parse_message", "serve"]
