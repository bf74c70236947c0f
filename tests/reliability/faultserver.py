"""A byte-level HTTP/1.1 server whose every answer is scripted, in the manner of urllib3's
``dummyserver`` socket-level tests.

`RawServer(script)` reads each request itself (head, then a ``Content-Length`` body) and
runs ``script(exchange)``, which yields *steps*: ``bytes`` are written as they are,
a ``float`` sleeps that many seconds, `HANG_UP` closes the connection. When a script ends
without hanging up, the connection stays open for the next request (keep-alive). Each
request line is recorded exactly as it arrived, so a test can see the bytes a client sent.
Answers to ``GET /emails/{id}`` are shaped as the API's (`email`), so a test reads them
through the SDK's declared types; whose answer it is shows in ``["email"]["publicId"]``.
Everything runs on daemon threads on a loopback port picked at run time; `stop` closes
every socket and waits (boundedly) for the threads.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from poststack.types import GetEmailResponse

__all__ = [
    "HANG_UP",
    "Exchange",
    "RawServer",
    "Script",
    "Step",
    "answer",
    "echo",
    "email",
    "email_bytes",
]


class _HangUp:
    def __repr__(self) -> str:
        return "HANG_UP"


HANG_UP = _HangUp()
Step = bytes | float | _HangUp
Script = Callable[["Exchange"], Iterable[Step]]


@dataclass(frozen=True)
class Exchange:
    """One request as it arrived."""

    request_line: bytes
    headers: dict[str, str]  # names lower-cased
    body: bytes
    connection: int  # 1 for the server's first connection, ...
    on_connection: int  # 0 for a connection's first request
    raw: bytes = b""  # the request's bytes exactly as they arrived, head and body

    @property
    def method(self) -> str:
        return self.request_line.split(b" ")[0].decode("latin-1")

    @property
    def target(self) -> str:
        return self.request_line.split(b" ")[1].decode("latin-1")


def email(public_id: str) -> GetEmailResponse:
    """The API's answer to ``GET /emails/{public_id}`` (an email just queued)."""
    return {
        "email": {
            "id": 1,
            "publicId": public_id,
            "fromAddress": "sender@example.com",
            "fromName": None,
            "toAddresses": ["user@example.com"],
            "ccAddresses": None,
            "bccAddresses": None,
            "replyTo": None,
            "subject": "reliability",
            "headers": None,
            "tags": None,
            "status": "queued",
            "testMode": True,
            "recipientProvider": None,
            "unsubscribeEnabled": False,
            "spamScore": None,
            "spamWarnings": None,
            "scheduledAt": None,
            "sentAt": None,
            "createdAt": "2026-01-01T00:00:00.000Z",
            "htmlBody": "<p>hello</p>",
            "textBody": None,
            "events": [],
        }
    }


def email_bytes(public_id: str) -> bytes:
    """`email` as the JSON bytes of a body, for scripts that write a body by hand."""
    return json.dumps(email(public_id)).encode()


def answer(
    body: bytes | Mapping[str, object],
    status: int = 200,
    *,
    headers: Iterable[tuple[str, str]] = (),
    length: int | None = None,
) -> bytes:
    """A complete HTTP/1.1 answer; ``length`` overrides the ``Content-Length`` it states."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    head = [f"HTTP/1.1 {status} Scripted", "Content-Type: application/json"]
    head += [f"{name}: {value}" for name, value in headers]
    head.append(f"Content-Length: {len(raw) if length is None else length}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + raw


def echo(exchange: Exchange) -> Iterator[Step]:
    """Answers `email` with the last path segment as its ``publicId``: whose answer it is
    shows in the body."""
    yield answer(email(exchange.target.split("?")[0].rsplit("/", 1)[-1]))


class RawServer:
    """A scripted server on ``127.0.0.1``; see the module docstring."""

    def __init__(self, script: Script = echo) -> None:
        self.script = script
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.request_lines: list[bytes] = []
        self.connections = 0
        self.ended = 0  # connections the client closed (or the script hung up)
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._stopped = False
        self._stopping = threading.Event()  # ends a script's pauses at once on stop()
        self._spawn(self._accept)

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                if self._stopped:
                    conn.close()
                    return
                self.connections += 1
                number = self.connections
                self._sockets.append(conn)
            self._spawn(self._serve, conn, number)

    def _serve(self, conn: socket.socket, number: int) -> None:
        buffer = b""
        try:
            for on_connection in range(10_000):
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                request_line, *lines = head.split(b"\r\n")
                headers: dict[str, str] = {}
                for line in lines:
                    name, _, value = line.partition(b":")
                    headers[name.strip().lower().decode("latin-1")] = value.strip().decode(
                        "latin-1"
                    )
                length = int(headers.get("content-length", "0"))
                while len(buffer) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                body, buffer = buffer[:length], buffer[length:]
                with self._lock:
                    self.request_lines.append(request_line)
                raw = head + b"\r\n\r\n" + body
                exchange = Exchange(request_line, headers, body, number, on_connection, raw)
                for step in self.script(exchange):
                    if isinstance(step, bytes):
                        conn.sendall(step)
                    elif isinstance(step, float):
                        if self._stopping.wait(step):
                            return
                    else:
                        return
        except OSError:
            return
        finally:
            conn.close()
            with self._lock:
                self.ended += 1

    def open_connections(self, settle: float = 2.0) -> int:
        """Connections still open, once they have had ``settle`` seconds to close."""
        deadline = time.monotonic() + settle
        while self.connections - self.ended and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.connections - self.ended

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            self._stopped = True
            sockets, threads = list(self._sockets), list(self._threads)
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() (Linux)
        self.listener.close()
        for conn in sockets:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 5
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
