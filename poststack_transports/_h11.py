"""Transports over the standard library and h11: `H11Transport` (blocking ``socket`` +
``ssl``) and `AsyncH11Transport` (asyncio streams). No HTTP client library at all.

Rules of this module (it is longer than the other adapters because it owns its pool):

* The request head is written here, with one ``join``: the core has already validated
  every header, and h11's per-header checks on the way out cost more than the rest of a
  send. A request whose head would hold a CR or LF it should not is refused anyway.
* h11 earns its keep reading answers: framing, chunking, keep-alive. A fresh
  ``h11.Connection`` parses each response; h11 lets a server answer from its IDLE state,
  so the parser never needs to be shown our request (the API uses no HEAD or CONNECT, the
  only methods that change how a response is framed).
* Pool: idle connections per origin, most recent reused first, bounded by
  ``max_connections``; the sync pool is guarded by a lock (one client, many threads). A
  connection goes back only after a complete answer that allows keep-alive; any failure
  or cancellation closes it. An idle connection that became readable (the server closed
  it, or sent junk) is discarded before reuse, so a stale socket never costs an error.
* Failures become the core's neutral kinds in `_neutral`, the one place that knows
  ``OSError``/``ssl``/``h11`` exceptions, by the phase they happened in: connecting
  (nothing sent), writing, or reading.
* Timeouts: ``request.timeout`` bounds connecting (with the TLS handshake) and each
  read (sync) or the whole write-and-read (async).
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
import sys
import threading
from collections.abc import Awaitable, Generator
from typing import TypeVar
from urllib.parse import urlsplit

import h11

from poststack_proto import (
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    TLSError,
    TransportError,
    WriteError,
)

from . import _tls
from ._pools import PerLoop, fork_lock, generation

__all__ = ["AsyncH11Transport", "H11Transport"]

_Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]
_Pool = dict[str, list[_Stream]]

T = TypeVar("T")
_Origin = tuple[str, int, str, bool]  # host, port, Host header, TLS?
_CONNECT, _WRITE, _READ = 0, 1, 2
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_FAILURES = (OSError, h11.ProtocolError, asyncio.TimeoutError)


def _neutral(exc: BaseException, phase: int) -> TransportError:
    """The core's kind for ``exc``, raised while connecting, writing or reading."""
    if isinstance(exc, ssl.SSLCertVerificationError) or (
        phase == _CONNECT and isinstance(exc, ssl.SSLError)
    ):
        kind: type[TransportError] = TLSError
    elif isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        kind = ConnectTimeout if phase == _CONNECT else ReadTimeout
    elif isinstance(exc, OSError):
        kind = (ConnectError, WriteError, RemoteProtocolError)[phase]
    else:  # h11 could not parse the answer
        kind = RemoteProtocolError
    error = kind(str(exc) or type(exc).__name__)
    error.__cause__ = exc
    return error


def _split(url: str, origins: dict[str, _Origin]) -> tuple[str, _Origin, str]:
    """``url`` as (origin, its parsed parts, request target); origins are cached."""
    path_at = url.find("/", url.find("://") + 3)
    origin, target = (url[:path_at], url[path_at:]) if path_at > 0 else (url, "/")
    parsed = origins.get(origin)
    if parsed is None:
        parts = urlsplit(origin)
        tls = parts.scheme == "https"
        parsed = (parts.hostname or "", parts.port or (443 if tls else 80), parts.netloc, tls)
        origins[origin] = parsed
    return origin, parsed, target


def _head(request: Request, target: str, host: str) -> bytes:
    headers = request.headers
    fields = "\r\n".join(map(": ".join, headers)) + "\r\n" if headers else ""
    length = len(request.body)
    sized = f"Content-Length: {length}\r\n" if length or request.method in _BODY_METHODS else ""
    head = f"{request.method} {target} HTTP/1.1\r\nHost: {host}\r\n{fields}{sized}\r\n"
    breaks = len(headers) + (4 if sized else 3)
    if head.count("\n") != breaks or head.count("\r") != breaks:
        raise ValueError("a request line or header value holds a line break")
    return head.encode("latin-1")


def _response() -> Generator[None, bytes, tuple[Response, bool]]:
    """Parse one answer from the bytes sent in (``b""`` at EOF); return it and whether
    the connection may be reused."""
    parser = h11.Connection(h11.CLIENT)
    parser.receive_data((yield))  # asking h11 first would only say NEED_DATA
    status = 0
    headers: tuple[tuple[str, str], ...] = ()
    chunks: list[bytes] = []
    while True:
        event = parser.next_event()
        if event is h11.NEED_DATA:
            parser.receive_data((yield))
        elif isinstance(event, h11.Response):
            status = event.status_code
            headers = tuple((k.decode("ascii"), v.decode("latin-1")) for k, v in event.headers)
        elif isinstance(event, h11.Data):
            chunks.append(event.data)
        elif isinstance(event, h11.EndOfMessage):
            reusable = parser.their_state is h11.DONE and not parser.trailing_data[0]
            return Response(status, headers, b"".join(chunks)), reusable
        else:  # ConnectionClosed: the server hung up before answering
            raise RemoteProtocolError("the server closed the connection without answering")


if hasattr(select, "poll"):

    def _readable(fd: int) -> bool:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))

else:  # pragma: no cover - Windows

    def _readable(fd: int) -> bool:
        return bool(select.select([fd], [], [], 0)[0])


class H11Transport:
    """Blocking transport over ``socket`` + ``ssl`` + h11; one instance serves many threads.

    Args:
        verify: TLS verification: ``True``, a CA bundle path (or directory), an
            ``ssl.SSLContext``, or ``False``.
        max_connections: idle connections kept for reuse.
    """

    def __init__(self, *, verify: _tls.Verify = True, max_connections: int = 100) -> None:
        self._verify = _tls.check(verify)
        self._context: ssl.SSLContext | None = None
        self._origins: dict[str, _Origin] = {}
        self._idle: dict[str, list[socket.socket]] = {}
        self._max_idle = max_connections
        self._lock = threading.Lock()
        self._generation = generation()

    def _forget_parents(self) -> None:
        # A forked child: the idle sockets are the parent's connections too. Closing our
        # descriptors leaves the parent's open (no shutdown, no TLS close_notify is sent).
        with fork_lock():
            if self._generation == generation():
                return
            idle, self._idle = self._idle, {}
            self._lock = threading.Lock()  # a parent's thread may have held the old one
            self._generation = generation()
        for sockets in idle.values():
            for sock in sockets:
                sock.close()

    def _checkout(self, origin: str) -> socket.socket | None:
        if self._generation != generation():
            self._forget_parents()
        with self._lock:
            idle = self._idle.get(origin)
            sock = idle.pop() if idle else None
        while sock is not None:
            pending = isinstance(sock, ssl.SSLSocket) and sock.pending()
            if not (pending or _readable(sock.fileno())):
                return sock
            sock.close()  # the server hung up while it idled (or sent junk): replace it
            with self._lock:
                idle = self._idle.get(origin)
                sock = idle.pop() if idle else None
        return None

    def _connect(self, parsed: _Origin, timeout: float) -> socket.socket:
        host, port, _, tls = parsed
        try:
            sock = socket.create_connection((host, port), timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls:
                if self._context is None:
                    self._context = _tls.context(self._verify)
                sock = self._context.wrap_socket(sock, server_hostname=host)
        except OSError as exc:
            raise _neutral(exc, _CONNECT) from exc
        return sock

    def send(self, request: Request) -> Response:
        origin, parsed, target = _split(request.url, self._origins)
        wire = _head(request, target, parsed[2]) + request.body
        sock = self._checkout(origin) or self._connect(parsed, request.timeout)
        phase = _WRITE
        try:
            if sock.gettimeout() != request.timeout:
                sock.settimeout(request.timeout)
            sock.sendall(wire)
            phase = _READ
            parser = _response()
            next(parser)
            recv = sock.recv
            while True:
                parser.send(recv(65536))
        except StopIteration as done:
            result: tuple[Response, bool] = done.value
            response, reusable = result
        except BaseException as exc:
            sock.close()
            if isinstance(exc, _FAILURES):
                raise _neutral(exc, phase) from exc
            raise
        self._checkin(origin, sock, reusable)
        return response

    def _checkin(self, origin: str, sock: socket.socket, reusable: bool) -> None:
        if reusable:
            with self._lock:
                idle = self._idle.setdefault(origin, [])
                if len(idle) < self._max_idle:
                    idle.append(sock)
                    return
        sock.close()

    def close(self) -> None:
        with self._lock:
            self._max_idle = 0  # sends still under way close their sockets when done
            idle, self._idle = self._idle, {}
        for sockets in idle.values():
            for sock in sockets:
                sock.close()


if sys.version_info >= (3, 11):

    async def _within(seconds: float, work: Awaitable[T]) -> T:
        async with asyncio.timeout(seconds):  # no extra task, unlike wait_for before 3.12
            return await work

else:  # pragma: no cover - Python 3.10

    async def _within(seconds: float, work: Awaitable[T]) -> T:
        return await asyncio.wait_for(work, seconds)


class AsyncH11Transport:
    """Async transport over asyncio streams + h11 (asyncio only).

    Args:
        verify: as for `H11Transport`.
        max_connections: idle connections kept for reuse.
    """

    def __init__(self, *, verify: _tls.Verify = True, max_connections: int = 100) -> None:
        self._verify = _tls.check(verify)
        self._context: ssl.SSLContext | None = None
        self._origins: dict[str, _Origin] = {}
        # Streams belong to the loop that opened them: one pool per loop (see PerLoop).
        self._pools: PerLoop[_Pool] = PerLoop(dict, _close_pool)
        self._max_idle = max_connections

    @staticmethod
    def _checkout(pool: _Pool, origin: str) -> _Stream | None:
        idle = pool.get(origin)
        while idle:
            reader, writer = stream = idle.pop()
            # The loop may not have run since the server hung up: ask the socket as well.
            sock = writer.get_extra_info("socket")
            if not (reader.at_eof() or writer.is_closing() or _readable(sock.fileno())):
                return stream
            writer.close()  # the server hung up while it idled (or sent junk): replace it
        return None

    async def _connect(self, parsed: _Origin, timeout: float) -> _Stream:
        host, port, _, tls = parsed
        context = None
        if tls:
            if self._context is None:
                self._context = _tls.context(self._verify)
            context = self._context
        try:
            reader, writer = await _within(
                timeout,
                asyncio.open_connection(
                    host, port, ssl=context, server_hostname=host if tls else None
                ),
            )
        except _FAILURES as exc:
            raise _neutral(exc, _CONNECT) from exc
        return reader, writer

    async def send(self, request: Request) -> Response:
        origin, parsed, target = _split(request.url, self._origins)
        wire = _head(request, target, parsed[2]) + request.body
        pool = self._pools.get()
        if pool is None:
            pool = await self._pools.renew()
        stream = self._checkout(pool, origin) or await self._connect(parsed, request.timeout)
        try:
            response, reusable = await _within(request.timeout, _exchange(stream, wire))
        except BaseException as exc:
            stream[1].close()  # failed, timed out or cancelled mid-flight: never pool it
            if isinstance(exc, asyncio.TimeoutError):
                raise _neutral(exc, _READ) from exc
            raise
        if reusable and len(idle := pool.setdefault(origin, [])) < self._max_idle:
            idle.append(stream)
        else:
            stream[1].close()
        return response

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        self._max_idle = 0  # sends still under way close their connections when done
        await self._pools.aclose()


async def _close_pool(pool: _Pool) -> None:
    idle = list(pool.values())
    pool.clear()
    for streams in idle:
        for _, writer in streams:
            writer.close()


async def _exchange(stream: _Stream, wire: bytes) -> tuple[Response, bool]:
    reader, writer = stream
    phase = _WRITE
    try:
        writer.write(wire)
        await writer.drain()
        phase = _READ
        parser = _response()
        next(parser)
        while True:
            parser.send(await reader.read(65536))
    except StopIteration as done:
        result: tuple[Response, bool] = done.value
        return result
    except (OSError, h11.ProtocolError) as exc:
        raise _neutral(exc, phase) from exc
