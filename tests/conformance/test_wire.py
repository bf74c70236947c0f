"""HTTP framings the sandbox never produces, read identically by every adapter.

A raw-socket server (in the manner of urllib3's socket-level tests) answers each request
with exact bytes: chunked bodies, HTTP/1.0 bodies that end at the close, ``Connection:
close``, and bytes that are not HTTP at all.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack_proto import RemoteProtocolError, Request
from poststack_transports._h11 import _head

from .conftest import ADAPTERS, PAYLOAD, is_async, transport_name

CHUNKED = (
    b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nX-Request-Id: req_wire\r\n"
    b'Transfer-Encoding: chunked\r\n\r\n6\r\n{"id":\r\n0c\r\n"em_chunked"\r\n1\r\n}\r\n0\r\n\r\n'
)
HTTP10 = b'HTTP/1.0 202 Accepted\r\nContent-Type: application/json\r\n\r\n{"id":"em_http10"}'
CLOSING = (
    b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 17\r\n"
    b'Connection: close\r\n\r\n{"id":"em_close"}'
)
NOT_HTTP = b"SSH-2.0-OpenSSH_9.6\r\n"


class CannedServer:
    """Answers every request with ``answer``; closes after it when ``close`` is set."""

    def __init__(self, answer: bytes, *, close: bool) -> None:
        self.answer, self.close_after = answer, close
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                buffer = buffer[length:]
                conn.sendall(self.answer)
                if self.close_after:
                    return

    def stop(self) -> None:
        self.listener.close()


@pytest.fixture
def canned(request: pytest.FixtureRequest) -> Iterator[CannedServer]:
    answer, close = request.param
    server = CannedServer(answer, close=close)
    yield server
    server.stop()


def _send_twice(adapter: str, url: str, **client_options: Any) -> list[Any]:
    options: dict[str, Any] = {
        "api_key": "sk_test_wire",
        "base_url": url,
        "transport": transport_name(adapter),
        **client_options,
    }
    if is_async(adapter):

        async def run() -> list[Any]:
            async with AsyncPostStack(**options) as ps:
                return [await ps.emails.send(PAYLOAD) for _ in range(2)]

        return asyncio.run(run())
    with PostStack(**options) as ps:
        return [ps.emails.send(PAYLOAD) for _ in range(2)]


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize(
    ("canned", "expected", "connections"),
    [
        ((CHUNKED, False), "em_chunked", 1),
        ((HTTP10, True), "em_http10", 2),
        ((CLOSING, True), "em_close", 2),
    ],
    indirect=["canned"],
    ids=["chunked", "http10-until-close", "connection-close"],
)
def test_framings(adapter: str, canned: CannedServer, expected: str, connections: int) -> None:
    results = _send_twice(adapter, canned.url)
    assert results == [{"id": expected}] * 2
    assert canned.connections == connections


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("canned", [(NOT_HTTP, True)], indirect=True, ids=["not-http"])
def test_an_answer_that_is_not_http(adapter: str, canned: CannedServer) -> None:
    with pytest.raises(PostStackError) as caught:
        _send_twice(adapter, canned.url, max_retries=0)
    error = caught.value
    assert (error.status_code, error.code) == (0, "connection_error")
    assert type(error.__cause__) is RemoteProtocolError


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\rb"])
def test_h11_refuses_a_line_break_in_the_head(value: str) -> None:
    request = Request("GET", "http://127.0.0.1:1/emails", (("X-Note", value),))
    with pytest.raises(ValueError, match="line break"):
        _head(request, "/emails", "127.0.0.1:1")


def test_h11_head_bytes() -> None:
    request = Request("POST", "http://h/emails", (("Authorization", "Bearer k"),), b"{}")
    assert _head(request, "/emails?x=1", "h:8080") == (
        b"POST /emails?x=1 HTTP/1.1\r\nHost: h:8080\r\nAuthorization: Bearer k\r\n"
        b"Content-Length: 2\r\n\r\n"
    )
    get = Request("GET", "http://h/emails", (("Authorization", "Bearer k"),))
    assert b"Content-Length" not in _head(get, "/emails", "h")
    bare = Request("GET", "http://h/", ())
    assert _head(bare, "/", "h") == b"GET / HTTP/1.1\r\nHost: h\r\n\r\n"
