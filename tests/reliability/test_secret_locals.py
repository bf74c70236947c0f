"""No local variable of a transport's frame holds the API key when an exception leaves
it: error trackers (Sentry and the like) record every frame's locals by default.

Real failures on every adapter (a cut-off answer, a timeout, a refused connection, a
header the h11 adapter must refuse); every frame of ``poststack_transports`` along the
whole exception chain is searched for the key, in text and bytes values and in the
``repr`` of every other value.
"""

from __future__ import annotations

import asyncio
import socket
import types
from collections.abc import Iterator

import pytest

from poststack import PostStackError
from poststack_proto import Request

from .conftest import ADAPTERS, Client, is_async, make_transport
from .faultserver import HANG_UP, Exchange, RawServer, Step

SECRET = "sk_test_NeverInLocals0123456789abcdef"


def _frames(error: BaseException) -> Iterator[types.FrameType]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        tb = current.__traceback__
        while tb is not None:
            yield tb.tb_frame
            tb = tb.tb_next
        todo += [current.__cause__, current.__context__]


def _holds_secret(value: object) -> bool:
    if isinstance(value, memoryview):
        return SECRET.encode() in value.tobytes()
    if isinstance(value, (bytes, bytearray)):
        return SECRET.encode() in value
    text = value if isinstance(value, str) else repr(value)
    return SECRET in text or SECRET[8:] in text


def _leaks(error: BaseException) -> list[str]:
    leaks: list[str] = []
    ours = 0
    for frame in _frames(error):
        if not frame.f_globals.get("__name__", "").startswith("poststack_transports"):
            continue
        ours += 1
        leaks += [
            f"{frame.f_code.co_name}: {name}"
            for name, value in frame.f_locals.items()
            if _holds_secret(value)
        ]
    assert ours > 0, "no frame of the transport was on the traceback: nothing was checked"
    return leaks


def _cut_off(exchange: Exchange) -> Iterator[Step]:
    yield b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"
    yield HANG_UP


def _silent(exchange: Exchange) -> Iterator[Step]:
    yield 2.0


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("failure", ["cut-off", "timeout", "refused"])
def test_no_transport_frame_holds_the_key(adapter: str, failure: str) -> None:
    script = _silent if failure == "timeout" else _cut_off
    with RawServer(script) as server:
        url = f"http://127.0.0.1:{_closed_port()}" if failure == "refused" else server.url
        client = Client(adapter, url, api_key=SECRET, timeout=0.3, max_retries=0)
        try:
            with pytest.raises(PostStackError) as caught:
                client.get("em_1")
        finally:
            client.close()
    assert _leaks(caught.value) == []


def _send_once(adapter: str, request: Request) -> None:
    transport = make_transport(adapter)
    if is_async(adapter):

        async def run() -> None:
            try:
                await transport.send(request)
            finally:
                await transport.aclose()

        asyncio.run(run())
    else:
        try:
            transport.send(request)
        finally:
            transport.close()


@pytest.mark.parametrize("adapter", ["h11", "h11-async"])
def test_a_refused_head_leaves_no_key_in_locals(adapter: str) -> None:
    with RawServer() as server:
        request = Request(
            "GET",
            f"{server.url}/emails",
            (("Authorization", f"Bearer {SECRET}"), ("X-Note", "a\r\nX-Injected: 1")),
        )
        with pytest.raises(ValueError, match="line break") as caught:
            _send_once(adapter, request)
        assert server.request_lines == []  # refused before anything was sent
    assert _leaks(caught.value) == []
