"""Transports over the standard library and h11: `H11Transport` (blocking ``socket`` +
``ssl``), here, and what `AsyncH11Transport` (asyncio streams, ``_h11_async.py``; trio
streams, ``_h11_trio.py``) shares with it. No HTTP client library at all, and no asyncio
for a blocking send: the async transport's module imports it.

Rules of this module (it is longer than the other adapters because it owns its pool):

* The request head is written here, with one ``join``: the core has already validated
  every header, and h11's per-header checks on the way out cost more than the rest of a
  send. A request whose head would hold a CR or LF it should not is refused anyway.
* h11 earns its keep reading answers: framing, chunking, keep-alive, 1xx interim answers
  (skipped). A fresh ``h11.Connection`` parses each response; h11 lets a server answer
  from its IDLE state, so the parser need not be shown our request (the API uses no HEAD
  or CONNECT, the only methods that change how a response is framed), except to skip a
  1xx answer: see `_response`.
* Pool: idle connections per origin, most recent reused first, bounded by
  ``max_connections``; the sync pool is guarded by a lock (one client, many threads). A
  connection goes back only after a complete answer that allows keep-alive and nothing
  after it; any failure or cancellation closes it. An idle connection that became
  readable, or whose bytes asyncio has already buffered (the server closed it, or sent
  junk), is discarded before reuse, so a stale socket never costs an error and never
  answers the next request. A forked child closes its copies of the parent's idle
  sockets (our descriptors only: nothing is sent) and starts a pool of its own.
* Failures become the core's neutral kinds in `_neutral`, the one place that knows
  ``OSError``/``ssl``/``h11`` exceptions, by the phase they happened in: connecting
  (nothing sent), writing, or reading.
* Timeouts: ``request.timeout`` bounds the whole attempt: connecting (with the TLS
  handshake), writing and every read together. The blocking transport's sockets have no
  timeout once connected (CPython would poll before each operation on one that has):
  the shared `_watchdog` thread shuts a socket down at its attempt's deadline instead.
  Bodies are bounded (`_limits.Body`).
* No local variable of a frame here holds the request's head (its ``Authorization``
  header) when an exception leaves it: error trackers record locals.
"""

from __future__ import annotations

import functools
import select
import socket
import ssl
import threading
from collections.abc import Callable, Generator
from typing import TypeVar, cast
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

from . import _limits, _tls
from ._pools import fork_lock, generation
from ._watchdog import watchdog

__all__ = ["H11Transport"]

T = TypeVar("T")
_Origin = tuple[str, int, str, bool]  # host, port, Host header, TLS?
_CONNECT, _WRITE, _READ = 0, 1, 2
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_FAILURES = (OSError, h11.ProtocolError)


def _neutral(exc: BaseException, phase: int) -> TransportError:
    """The core's kind for ``exc``, raised while connecting, writing or reading."""
    if isinstance(exc, ssl.SSLCertVerificationError) or (
        phase == _CONNECT and isinstance(exc, ssl.SSLError)
    ):
        kind: type[TransportError] = TLSError
    elif isinstance(exc, TimeoutError):
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
        del head, fields, headers  # they hold the Authorization header: not for locals
        raise ValueError("a request line or header value holds a line break")
    return head.encode("latin-1")


def _response(method: str, cap: int) -> Generator[None, bytes, tuple[Response, bool]]:
    """Parse one answer from the bytes sent in (``b""`` at EOF); return it and whether
    the connection may be reused. 1xx interim answers are skipped (RFC 9110, 15.2).

    h11 lets a server answer from its IDLE state, so the parser is first not shown our
    request at all (the head is already on the wire; showing h11 a stand-in costs ten
    times more than the parser itself). h11 refuses a 1xx answer in that state: then the
    bytes so far go to a parser that was shown a stand-in request, which frames and skips
    interim answers as RFC 9110 asks.
    """
    parser = h11.Connection(h11.CLIENT)
    data = yield
    seen: list[bytes] | None = [data]  # the bytes before the answer's head, for a restart
    parser.receive_data(data)  # asking h11 first would only say NEED_DATA
    status = 0
    headers: tuple[tuple[str, str], ...] = ()
    body: _limits.Body | None = None  # made when the head says how it is framed
    while True:
        try:
            event = parser.next_event()
        except h11.RemoteProtocolError:
            if seen is None or parser.our_state is not h11.IDLE:
                raise
            parser = _shown(method)
            parser.receive_data(b"".join(seen))
            seen = None
            continue
        # Events by how often they come: most answers arrive whole in one read.
        if isinstance(event, h11.Response):
            seen = None
            status = event.status_code
            # raw_items() is one list; iterating the Headers sequence is a call per item
            headers = tuple(
                [
                    (name.lower().decode("ascii"), value.decode("latin-1"))
                    for name, value in event.headers.raw_items()
                ]
            )
            body = _limits.Body(
                cap, _header(headers, "content-encoding"), _header(headers, "content-length")
            )
        elif isinstance(event, h11.Data):
            cast("_limits.Body", body).feed(event.data)  # h11 sends no Data before a Response
        elif isinstance(event, h11.EndOfMessage):
            reusable = parser.their_state is h11.DONE and not parser.trailing_data[0]
            whole = body.finish() if body is not None else b""
            return Response(status, headers, whole), reusable
        elif event is h11.NEED_DATA:
            data = yield
            if seen is not None:
                seen.append(data)
            parser.receive_data(data)
        elif isinstance(event, h11.InformationalResponse):
            continue  # 100 Continue, 102 Processing, 103 Early Hints: the answer follows
        else:  # ConnectionClosed: the server hung up before answering
            raise RemoteProtocolError("the server closed the connection without answering")


_STAND_INS: dict[str, h11.Request] = {}
_END = h11.EndOfMessage()


def _shown(method: str) -> h11.Connection:
    """A parser that was shown a stand-in of our request (method and ``Host`` only)."""
    stand_in = _STAND_INS.get(method)
    if stand_in is None:
        stand_in = _STAND_INS[method] = h11.Request(
            method=method, target="/", headers=[("Host", "stand-in")]
        )
    parser = h11.Connection(h11.CLIENT)
    parser.send(stand_in)
    parser.send(_END)
    return parser


def _header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    """The first value of header ``name`` (lower case) in ``headers`` (names lower-cased)."""
    for key, value in headers:
        if key == name:
            return value
    return None


if hasattr(select, "poll"):

    def _readable(fd: int) -> bool:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))

    def _readiness(sock: socket.socket) -> Callable[[], object]:
        """A check that ``sock`` has bytes (or EOF) waiting, made once per pooled socket:
        a reuse then costs the one ``poll()`` call, not a poll object too."""
        poller = select.poll()
        poller.register(sock.fileno(), select.POLLIN)
        return functools.partial(poller.poll, 0)

else:  # pragma: no cover - Windows

    def _readable(fd: int) -> bool:
        return bool(select.select([fd], [], [], 0)[0])

    def _readiness(sock: socket.socket) -> Callable[[], object]:
        return functools.partial(_readable, sock.fileno())


_Idle = tuple[socket.socket, Callable[[], object]]  # a pooled socket and its `_readiness`


class H11Transport:
    """Blocking transport over ``socket`` + ``ssl`` + h11; one instance serves many threads.

    Args:
        verify: TLS verification: ``True``, a CA bundle path (or directory), an
            ``ssl.SSLContext``, or ``False``.
        max_connections: idle connections kept for reuse.
        max_response_bytes: the largest answer body accepted (decoded); a larger one
            ends the call as ``response_too_large``.
    """

    def __init__(
        self,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_response_bytes: int = _limits.MAX_RESPONSE_BYTES,
    ) -> None:
        self._verify = _tls.check(verify)
        self._context: ssl.SSLContext | None = None
        self._origins: dict[str, _Origin] = {}
        self._idle: dict[str, list[_Idle]] = {}
        self._max_idle = max_connections
        self._cap = _limits.check_cap(max_response_bytes)
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
            for sock, _ in sockets:
                sock.close()

    def _checkout(self, origin: str) -> _Idle | None:
        if self._generation != generation():
            self._forget_parents()
        with self._lock:
            idle = self._idle.get(origin)
            pooled = idle.pop() if idle else None
        while pooled is not None:
            sock, readable = pooled
            pending = isinstance(sock, ssl.SSLSocket) and sock.pending()
            if not (pending or readable()):
                return pooled
            sock.close()  # the server hung up while it idled (or sent junk): replace it
            with self._lock:
                idle = self._idle.get(origin)
                pooled = idle.pop() if idle else None
        return None

    def _connect(self, parsed: _Origin, deadline: _limits.Deadline) -> socket.socket:
        host, port, _, tls = parsed
        try:
            sock = socket.create_connection((host, port), deadline.left())
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls:
                if self._context is None:
                    self._context = _tls.context(self._verify)
                sock.settimeout(deadline.left())
                sock = self._context.wrap_socket(sock, server_hostname=host)
            # From here on the attempt's deadline is the watchdog's: a socket with no
            # timeout costs no system call before each operation.
            sock.settimeout(None)
        except OSError as exc:
            raise _neutral(exc, _CONNECT) from exc
        return sock

    def send(self, request: Request) -> Response:
        deadline = _limits.Deadline(request.timeout)
        origin, parsed, target = _split(request.url, self._origins)
        pooled = self._checkout(origin)
        if pooled is None:
            sock, readable = self._connect(parsed, deadline), None
        else:
            sock, readable = pooled
        # The attempt's time, writing and every read together: at the deadline the
        # watchdog shuts the socket down, which ends a blocked write or read at once.
        watch = watchdog.arm(deadline.at, sock)
        phase = _WRITE
        try:
            sock.sendall(_head(request, target, parsed[2]) + request.body)
            phase = _READ
            parser = _response(request.method, self._cap)
            next(parser)
            recv = sock.recv
            while True:
                parser.send(recv(65536))
        except StopIteration as done:
            result: tuple[Response, bool] = done.value
            response, reusable = result
        except BaseException as exc:
            fired = watchdog.disarm(watch)
            sock.close()
            if fired and isinstance(exc, (*_FAILURES, TransportError)):
                raise ReadTimeout(
                    "the attempt's timeout ran out before its answer was whole"
                ) from exc
            if isinstance(exc, _FAILURES):
                raise _neutral(exc, phase) from exc
            raise
        if watchdog.disarm(watch):  # shut down as the answer completed: never pool it
            reusable = False
        self._checkin(origin, sock, readable, reusable)
        return response

    def _checkin(
        self,
        origin: str,
        sock: socket.socket,
        readable: Callable[[], object] | None,
        reusable: bool,
    ) -> None:
        if reusable:
            if readable is None:
                readable = _readiness(sock)
            with self._lock:
                idle = self._idle.setdefault(origin, [])
                if len(idle) < self._max_idle:
                    idle.append((sock, readable))
                    return
        sock.close()

    def close(self) -> None:
        """Close the idle connections; sends under way close theirs when done. The
        transport stays usable: later sends open (and pool) new connections."""
        if self._generation != generation():
            self._forget_parents()
        with self._lock:
            idle, self._idle = self._idle, {}
        for sockets in idle.values():
            for sock, _ in sockets:
                sock.close()


# Shared with AsyncH11Transport (`_h11_async`, `_h11_trio`).
CONNECT, WRITE, READ = _CONNECT, _WRITE, _READ
Origin = _Origin
head, neutral, readable, response_parser, split = _head, _neutral, _readable, _response, _split
