"""The httpx side of `HttpxTransport` (``_httpx.py``): what sends, and what the async
sender (``_httpx_aio.py``) shares with it.

Imported by a transport's first send, never when it is built, so that constructing a client
costs no httpx, httpcore or ssl import (see ``_httpx.py``); nor does a blocking send import
asyncio or anyio, which only the async sender needs. Either wraps an
``httpx.Client`` / ``httpx.AsyncClient`` the caller already owns (with its proxies, mTLS,
event hooks) and then never closes it, or makes its own: keep-alive pool, TLS verified, no
redirects followed. httpx's exceptions become the core's neutral kinds in `_mapped`, the one
place that knows them.
"""

from __future__ import annotations

import contextvars
import functools
import ssl
import threading
from collections.abc import Generator, Iterable
from contextlib import contextmanager
from typing import Any, cast, overload

import h11
import httpcore
import httpx

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
from ._pools import PerProcess

__all__ = ["HttpxSender", "Lease"]


def _neutral(exc: httpx.HTTPError) -> TransportError:
    """The core's kind for one of httpx's exceptions."""
    if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):  # nothing was sent
        return ConnectTimeout(str(exc) or "connect timed out")
    if isinstance(exc, httpx.ConnectError):
        kind = TLSError if _is_tls(exc) else ConnectError
        return kind(str(exc) or "connection failed")
    if isinstance(exc, httpx.TimeoutException):  # read or write timeout
        return ReadTimeout(str(exc) or "timed out waiting for the answer")
    if isinstance(exc, httpx.WriteError):
        return WriteError(str(exc) or "sending the request failed")
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.ProxyError)):
        return RemoteProtocolError(str(exc) or "the connection closed without an answer")
    # anything else httpx can raise for one request
    return RemoteProtocolError(f"{type(exc).__name__}: {exc}")


@contextmanager
def _mapped() -> Generator[None, None, None]:
    try:
        yield
    except httpx.HTTPError as exc:
        raise _neutral(exc) from exc


def _is_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _pool_limits(max_connections: int, max_idle: int) -> httpx.Limits:
    # httpx's own default keeps 20 idle connections. Unbounded, httpcore's pool scans every
    # idle connection for every queued request: 64 concurrent sends then cost 3x the CPU
    # (measured: benchmarks/, "httpx async x64").
    return httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_idle)


@functools.lru_cache(maxsize=32)
def _timeout(seconds: float) -> httpx.Timeout:
    return httpx.Timeout(seconds)


def _response(status: int, headers: httpx.Headers, body: bytes) -> Response:
    # The raw pairs, decoded as httpx would, without its per-call merging of repeats.
    return Response(
        status, tuple([(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]), body
    )


@functools.lru_cache(maxsize=256)
def _url(url: str) -> httpx.URL:
    return httpx.URL(url)


_ACCEPT_ENCODING = (("Accept-Encoding", "gzip"),)  # decoded (and bounded) by _limits.Body


def _target(url: str) -> bytes:
    """The request target exactly as the core built it: httpx would remove ``.``/``..``
    segments and requote; httpcore sends ``extensions["target"]`` as it is."""
    path_at = url.find("/", url.find("://") + 3)
    return url[path_at:].encode("ascii") if path_at > 0 else b"/"


@functools.lru_cache(maxsize=256)
def _exact_target(url: str) -> bytes | None:
    """`_target`, when httpx would send another one; ``None`` when it sends the same (the
    usual case), so that httpx frames the target itself, proxies included."""
    target = _target(url)
    return None if target == _url(url).raw_path else target


def _pin_target(
    built: httpx.Request,
    url: str,
    routed: httpx.BaseTransport | httpx.AsyncBaseTransport,
    client: httpx.Client | httpx.AsyncClient,
) -> None:
    """Send ``url``'s target as the core built it, where httpx would change it. A plain-HTTP
    forward proxy (a mount the environment's proxies made) is asked for the whole URL, as
    built; through a CONNECT tunnel (HTTPS) the target is the origin's, as directly."""
    target = _exact_target(url)
    if target is None:
        return
    direct = routed is client._transport  # pyright: ignore[reportPrivateUsage]  # httpx's default pool
    if not direct and built.url.scheme == "http":
        target = url.encode("ascii")
    built.extensions["target"] = target


def _prepared(request: Request) -> httpx.Request:
    """The httpx request for a client we made ourselves, built directly.

    ``client.request()`` would merge the client's default headers, cookies and base URL into
    every call, which costs more than all of the SDK's own work per send; a client of ours
    has nothing to merge, and every request already carries its complete headers.
    """
    return httpx.Request(
        request.method,
        _url(request.url),
        headers=(*request.headers, *_ACCEPT_ENCODING),
        content=request.body or None,
        extensions={"timeout": _timeout(request.timeout).as_dict()},
    )


def _theirs(client: httpx.Client | httpx.AsyncClient, request: Request) -> httpx.Request:
    """The httpx request for a caller's client: its defaults (headers, auth) apply."""
    built = client.build_request(
        request.method,
        request.url,
        headers=request.headers,
        content=request.body or None,
        timeout=_timeout(request.timeout),
    )
    _pin_target(built, request.url, _route(client, built), client)
    built.headers["Accept-Encoding"] = "gzip"
    return built


def _body(answer: httpx.Response, cap: int) -> _limits.Body:
    headers = answer.headers
    return _limits.Body(cap, headers.get("content-encoding"), headers.get("content-length"))


def _discard_if_dirty(answer: httpx.Response) -> None:
    """Bytes after the answer (a second answer pipelined behind it, junk, a body longer
    than its Content-Length) stay in httpcore's h11 buffer and would be read as the next
    request's answer. Mark such a connection failed so that httpcore closes it instead of
    pooling it. httpcore has no public way to ask; the path below is checked by the
    conformance suite (tests/reliability/test_hostile_wire.py)."""
    layer: object = answer.stream  # httpx's stream > httpcore's pool stream > connection
    for _ in range(6):
        state = getattr(layer, "_h11_state", None)
        if isinstance(state, h11.Connection):
            if state.trailing_data[0]:
                state.send_failed()
            return
        layer = next((getattr(layer, name) for name in _LAYERS if hasattr(layer, name)), None)


_LAYERS = ("_stream", "_httpcore_stream", "_connection")


@overload
def _route(client: httpx.Client, built: httpx.Request) -> httpx.BaseTransport: ...
@overload
def _route(client: httpx.AsyncClient, built: httpx.Request) -> httpx.AsyncBaseTransport: ...
def _route(
    client: httpx.Client | httpx.AsyncClient, built: httpx.Request
) -> httpx.BaseTransport | httpx.AsyncBaseTransport:
    """The transport ``client`` sends ``built`` with: its pool, or a mount for that URL (the
    proxies the environment names, which httpx mounts when it makes the client).

    A client made here sends through it directly: ``client.send()`` would also run an
    auth flow, extract cookies, time the call, log it and wrap the answer's stream, none
    of which a client made here uses (it has no auth, sends no cookies, follows no
    redirects): about a tenth of an httpx send. Mocks keep working: they patch the
    transport or httpcore's pool, below this.
    """
    return client._transport_for_url(built.url)  # pyright: ignore[reportPrivateUsage]  # httpx's mount lookup, the one client.send() uses


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the attempt's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _left(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:  # pragma: no cover - the API is reached over TCP
        return _DeadlineStream(self._backend.connect_unix_socket(path, _left(timeout)))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - HTTP/1.1 never sleeps
        self._backend.sleep(seconds)


_deadline: contextvars.ContextVar[_limits.Deadline | None] = contextvars.ContextVar(
    "poststack_httpx_deadline", default=None
)


def _left(timeout: float | None) -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    try:
        left = deadline.left()
    except ReadTimeout as exc:
        raise httpcore.ReadTimeout(str(exc)) from None
    return left if timeout is None else min(timeout, left)


class HttpxSender:
    """What `HttpxTransport` sends with, made by its first send (the options checked there).

    A client made here is made by the first send, and belongs to the process that made
    it: a forked child makes its own (see `PerProcess`). A client passed in is used as it
    is, and what happens to it across ``fork()`` is the caller's to decide.
    """

    def __init__(
        self,
        client: httpx.Client | None,
        verify: _tls.Verify,
        max_connections: int,
        max_idle_connections: int,
        cap: int,
    ) -> None:
        self._client = client
        self.clients: PerProcess[Lease] | None = None
        self._cap = cap
        if client is None:
            limits = _pool_limits(max_connections, max_idle_connections)

            def make() -> Lease:
                # No transport= argument: httpx then mounts the environment's proxies
                # (``trust_env``), which it leaves out when it is handed a transport.
                client = httpx.Client(
                    verify=_tls.resolved(verify), limits=limits, follow_redirects=False
                )
                mounted = client._mounts.values()  # pyright: ignore[reportPrivateUsage]
                for transport in (client._transport, *mounted):  # pyright: ignore[reportPrivateUsage]
                    if isinstance(transport, httpx.HTTPTransport):
                        # httpx has no network_backend option; httpcore's pools (a proxy's
                        # too) read this attribute.
                        pool = transport._pool  # pyright: ignore[reportPrivateUsage]
                        backend = pool._network_backend  # pyright: ignore[reportPrivateUsage]
                        pool._network_backend = _DeadlineBackend(backend)  # pyright: ignore[reportPrivateUsage]
                return Lease(client)

            self.clients = PerProcess(make)

    def _acquire(self) -> Lease:
        leases = cast("PerProcess[Lease]", self.clients)
        while True:
            lease = leases.get()
            with lease.lock:
                if not lease.closing:
                    lease.users += 1
                    return lease
            # close() took this one between get() and here: the next get() makes a new one.

    @staticmethod
    def _release(lease: Lease) -> None:
        with lease.lock:
            lease.users -= 1
            last = lease.closing and lease.users == 0
        if last:  # close() came while this send ran: the last send out closes the pool
            lease.client.close()

    def send(self, request: Request) -> Response:
        client = self._client
        lease = None
        deadline = _limits.Deadline(request.timeout)
        token = _deadline.set(deadline)
        try:
            with _mapped():
                if client is None:
                    lease = self._acquire()
                    built = _prepared(request)
                    routed = _route(lease.client, built)
                    _pin_target(built, request.url, routed, lease.client)
                    answer = routed.handle_request(built)
                else:
                    built = _theirs(client, request)
                    answer = client.send(built, follow_redirects=False, stream=True)
                try:
                    body = _body(answer, self._cap)
                    # The raw stream, not iter_raw(): that returns the connection to the
                    # pool as the body ends, before _discard_if_dirty can look at it.
                    for chunk in cast("httpx.SyncByteStream", answer.stream):
                        body.feed(chunk)
                        deadline.left()  # also for a caller's client, which reads unclamped
                    _discard_if_dirty(answer)
                finally:
                    answer.close()
        finally:
            _deadline.reset(token)
            if lease is not None:
                self._release(lease)
        return _response(answer.status_code, answer.headers, body.finish())

    def close(self) -> None:
        """Close the pool made here (a later send makes a new one, which `close` closes).

        Sends still running on it finish first: the last of them closes it, so a close while
        other threads send leaves no connection to the garbage collector.
        """
        lease = None if self.clients is None else self.clients.take()
        if lease is None:
            return
        with lease.lock:
            lease.closing = True
            idle = lease.users == 0
        if idle:
            lease.client.close()


class Lease:
    """A client made here, and how many sends are using it."""

    __slots__ = ("client", "closing", "lock", "users")

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.users = 0
        self.closing = False
        self.lock = threading.Lock()


# Shared with the async sender (`_httpx_aio`).
body, discard_if_dirty, neutral, pin_target = _body, _discard_if_dirty, _neutral, _pin_target
pool_limits, prepared, response, route, theirs = _pool_limits, _prepared, _response, _route, _theirs
