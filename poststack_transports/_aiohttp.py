"""Transport over aiohttp: `AiohttpTransport` (asyncio only).

Wraps an ``aiohttp.ClientSession`` the caller already owns and then never closes it, or
makes its own in each event loop that uses it (a session belongs to its loop, clients are
often built before one runs, and outlive it under ``asyncio.run()`` per task; see
`PerLoop`): keep-alive pool, TLS verified, no redirects. A send that fails or is
cancelled aborts its connection instead of returning it to the pool. aiohttp's
exceptions become the core's neutral kinds in `_neutral`, the one place that knows them.

A session made here sends without ``session.request``: `AiohttpTransport.send` drives
aiohttp's request and connector steps itself (see there), and falls back to
``session.request`` when those steps change shape (`_direct_supported`) or a test double
replaced ``ClientSession._request`` (`_unpatched`). Every pool this transport uses, a
caller's included, checks idle connections out through `_checked_out` (`_guard`).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import ssl
import sys
from collections.abc import Callable
from typing import Any

import aiohttp
import aiohttp.client
import aiohttp.client_proto
import aiohttp.connector
import yarl

from poststack_proto import (
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    TLSError,
    TransportError,
)

from . import _limits, _tls
from ._deadlines import Deadlines, PerLoopDeadlines, taken_back
from ._pools import PerLoop

__all__ = ["AiohttpTransport"]


def _neutral(exc: BaseException) -> TransportError:
    """The core's kind for one of aiohttp's exceptions, or for a timeout of its own."""
    if isinstance(exc, aiohttp.ClientSSLError):  # before ClientConnectorError: it is one too
        return TLSError(str(exc) or "TLS handshake failed")
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return ConnectTimeout(str(exc) or "connect timed out")
    if isinstance(exc, aiohttp.ClientConnectorError):  # refused, unreachable, DNS
        return ConnectError(str(exc) or "connection failed")
    if isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return ReadTimeout(str(exc) or "timed out waiting for the answer")
    # disconnected, reset, cut-off or non-HTTP answer
    return RemoteProtocolError(f"{type(exc).__name__}: {exc}")


async def _checked_out(get: Any, *args: Any, **kwargs: Any) -> Any:
    """An idle connection from ``get`` (a connector's ``_get``), never one with anything
    buffered on it: aiohttp's pool reuses any idle connection that is still open, even one
    on which bytes arrived while it idled (parsed by then into a whole answer that the
    next request would read as its own). Such a one is closed instead."""
    while True:
        connection = await get(*args, **kwargs)
        if connection is None:
            return None
        protocol = connection.protocol
        if protocol is None or not protocol.should_close:
            return connection
        connection.close()


def _abort(connection: aiohttp.connector.Connection | None) -> None:
    """Close ``connection`` at once, and never pool it. ``close()`` would first exchange a
    TLS close_notify with a server that may be the reason we gave up: asyncio waits up to
    30 s for its reply, past a short-lived loop's end, and the socket is then left to the
    garbage collector."""
    if connection is None:
        return
    protocol = connection.protocol
    transport = None if protocol is None else protocol.transport
    if transport is not None:
        transport.abort()  # the protocol hears connection_lost from the loop, as on a reset
    connection.close()


def _guard(connector: aiohttp.BaseConnector) -> None:
    """Make ``connector`` check its idle connections out through `_checked_out`, once.

    Sessions made here get it on their own connector; a caller's session gets it on its
    connector when the transport is made: without it, bytes that arrive on one of its idle
    connections would be read as the next request's answer, ours or any other user's of
    that session. Only what the pool hands out changes: a connection with something
    unexpected on it is closed instead of reused. An instance attribute (a partial, so no
    coroutine layer of its own) over the method: aiohttp calls ``self._get(...)``.
    """
    if not _HOOKABLE or getattr(connector, _GUARDED, False):
        return
    get = connector._get  # pyright: ignore[reportPrivateUsage]
    try:
        setattr(connector, "_get", functools.partial(_checked_out, get))  # noqa: B010
        setattr(connector, _GUARDED, True)
    except AttributeError:  # pragma: no cover - a connector class with __slots__
        pass


_GUARDED = "_poststack_checks_idle_connections"
# aiohttp >= 3.11 checks idle connections out in an async _get(); before, it was a plain
# function and the check above cannot hook in (that aiohttp reuses any open connection).
_HOOKABLE = inspect.iscoroutinefunction(aiohttp.TCPConnector._get)  # pyright: ignore[reportPrivateUsage]
_CONNECT_FIRST = 0.05
# OSError: on the direct path below, a socket error while writing or reading reaches us
# as it is (``session.request`` would have wrapped it in ``ClientOSError``).
_FAILURES = (aiohttp.ClientError, asyncio.TimeoutError, OSError)
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_NO_TRACES: list[Any] = []
_STALE = (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError)


def _direct_supported() -> bool:
    """Whether this aiohttp has the request/connector steps `AiohttpTransport.send` drives, with the
    parameters it passes: aiohttp 3.11 to 3.14 do; a release that changed them makes
    the transport fall back to ``session.request`` rather than break."""
    try:
        major = int(aiohttp.__version__.split(".", 1)[0])
        request = inspect.signature(aiohttp.ClientRequest.__init__).parameters
        connect = inspect.signature(aiohttp.BaseConnector.connect).parameters
        params = inspect.signature(
            aiohttp.client_proto.ResponseHandler.set_response_params
        ).parameters
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - a future aiohttp
        return False
    return (
        major == 3
        and {"headers", "data", "loop", "session", "ssl"} <= request.keys()
        and list(connect)[1:] == ["req", "traces", "timeout"]
        and {"skip_payload", "read_until_eof", "auto_decompress"} <= params.keys()
        and inspect.iscoroutinefunction(aiohttp.ClientRequest.send)
        and inspect.iscoroutinefunction(aiohttp.ClientResponse.start)
    )


_DIRECT = _direct_supported()
# The task running a send (always one: transports are awaited inside tasks).
_current_task: Callable[[], asyncio.Task[Any]] = asyncio.current_task  # type: ignore[assignment]
_CLIENT_FILE = aiohttp.client.__file__
# The function last seen there and the verdict on it, as one tuple: swapped whole.
_seen: list[tuple[object, bool]] = [(None, False)]


def _unpatched() -> bool:
    """Whether ``ClientSession._request`` is aiohttp's own, so that the direct path may go
    around it. A test double put in its place (aioresponses patches it) must see every
    request, so then sends take ``session.request``. Checked on every send, cheaply: the
    verdict is kept for the function last seen there."""
    function = aiohttp.ClientSession._request  # pyright: ignore[reportPrivateUsage]
    seen, verdict = _seen[0]
    if function is seen:
        return verdict
    code = getattr(function, "__code__", None)
    own = code is not None and code.co_name == "_request" and code.co_filename == _CLIENT_FILE
    _seen[0] = (function, own)
    return own


@functools.lru_cache(maxsize=256)
def _url(url: str) -> yarl.URL:
    """``url`` with its target exactly as the core built it: ``encoded=True`` keeps
    yarl from removing ``.``/``..`` segments and requoting."""
    return yarl.URL(url, encoded=True)


class AiohttpTransport:
    """Async transport over ``aiohttp.ClientSession``.

    ``request.timeout`` bounds the whole attempt (connecting, writing, every read, a
    ``100 Continue`` followed by silence); the request target goes out exactly as the
    core built it; bodies are capped (also once decompressed); a pooled connection with
    anything unexpected on it is closed, never reused.

    Args:
        session: a ``ClientSession`` to use and never close; otherwise one is made.
        verify: TLS verification for a session made here: ``True``, a CA bundle path,
            or an ``ssl.SSLContext``.
        max_connections: pool size for a session made here.
        max_response_bytes: the largest answer body accepted (decoded); a larger one
            ends the call as ``response_too_large``.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_response_bytes: int = _limits.MAX_RESPONSE_BYTES,
    ) -> None:
        self._session = session
        # This loop's session made here, with its connector and deadlines (nothing is
        # made until a send needs it, so a transport over a caller's session makes none).
        self._owned: PerLoop[_Owned] = PerLoop(self._new_session, _close_session)
        self._owned_get = self._owned.get
        if session is not None and session.connector is not None:
            _guard(session.connector)
        self._verify = _tls.check(verify)
        self._ssl: bool | ssl.SSLContext | None = None  # made by the first session
        self._max_connections = max_connections
        self._cap = _limits.check_cap(max_response_bytes)
        self._last_timeout = aiohttp.ClientTimeout()
        self._deadlines = PerLoopDeadlines()

    def _new_session(self) -> _Owned:
        # Made inside the loop that uses it: a session belongs to the loop it was made on.
        if self._ssl is None:
            self._ssl = _tls.resolved(self._verify)
        connector = aiohttp.TCPConnector(limit=self._max_connections, ssl=self._ssl)
        _guard(connector)
        # No cookie jar: an API client has no use for cookies, and the other transports
        # neither keep nor send them.
        session = aiohttp.ClientSession(
            connector=connector, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar()
        )
        return _Owned(session, connector, self._deadlines.of(asyncio.get_running_loop()))

    def _timeout(self, seconds: float) -> aiohttp.ClientTimeout:
        # sock_connect (not connect) arms a timer only when a socket is opened, not on
        # every pooled send; one ClientTimeout serves every call with the same budget.
        # No sock_read: the attempt's own deadline bounds every read, and a timer per
        # read would cost every send.
        if self._last_timeout.sock_connect != seconds:
            self._last_timeout = aiohttp.ClientTimeout(total=None, sock_connect=seconds)
        return self._last_timeout

    async def send(self, request: Request) -> Response:
        # One coroutine, no context-manager objects of our own: this is the per-send path,
        # and every layer here is paid on every send (see benchmarks/findings.md).
        loop = asyncio.get_running_loop()
        session = self._session
        connector: aiohttp.BaseConnector | None = None  # set: the direct path
        if session is None:
            owned = self._owned_get()
            if owned is None:
                owned = await self._owned.renew()
            session = owned.session
            deadlines = owned.deadlines
            if _DIRECT and _unpatched():
                connector = owned.connector
        else:
            deadlines = self._deadlines.of(loop)
        task: asyncio.Task[Any] = _current_task()
        cancelling = 0
        if sys.version_info >= (3, 11):  # a constant to the checkers; cheap at run time
            cancelling = task.cancelling()
        # One deadline bounds the whole attempt. A hair over the timeout, so that
        # aiohttp's own connect timer (same length, armed only when a socket is opened)
        # fires first when connecting is what took the time: that is a ConnectTimeout,
        # retried whatever the method, where this one is not.
        entry = deadlines.arm(loop, request.timeout + _CONNECT_FIRST, task)
        try:
            if connector is not None:
                # What ``session.request`` does for a session made here, without what
                # such a session never uses: default headers, cookies, auth, netrc, env
                # proxies, traces, middlewares, redirects, a total timer (about a quarter
                # of aiohttp's CPU per send). The same bytes go out, and aiohttp's one
                # quiet retry of an idempotent request on a pooled connection the server
                # had closed is kept. Written out here: a coroutine layer is paid twice
                # on every send.
                retry = request.method in _IDEMPOTENT
                while True:
                    req = aiohttp.ClientRequest(
                        request.method,
                        _url(request.url),
                        headers=request.headers,
                        data=request.body or None,
                        loop=loop,
                        session=session,
                        ssl=True,  # the connector's own TLS settings
                    )
                    try:
                        conn = await connector.connect(
                            req, _NO_TRACES, self._timeout(request.timeout)
                        )
                    except asyncio.TimeoutError as exc:
                        raise ConnectTimeout(f"connect timed out: {req.url.host}") from exc
                    protocol = conn.protocol  # connect() hands out connections with one
                    protocol.set_response_params(  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess]
                        skip_payload=request.method == "HEAD",
                        read_until_eof=True,
                        auto_decompress=False,
                    )
                    try:
                        answer = await req.send(conn)
                        try:
                            await answer.start(conn)
                        except BaseException:
                            _abort(conn)  # before answer.close(), which would close it politely
                            answer.close()
                            raise
                    except BaseException as exc:
                        _abort(conn)
                        if retry and isinstance(exc, _STALE):
                            retry = False
                            continue
                        raise
                    break
            else:
                answer = await session.request(
                    request.method,
                    _url(request.url),
                    headers=request.headers,
                    data=request.body or None,
                    timeout=self._timeout(request.timeout),
                    allow_redirects=False,
                )
            try:
                fields = answer.headers
                length = fields.get("Content-Length")
                if (
                    length is not None
                    and "Content-Encoding" not in fields
                    and length.isdigit()
                    and int(length) <= self._cap
                ):
                    # Framed by its Content-Length, which aiohttp's parser holds it to,
                    # and not compressed: at most `length` bytes, under the cap. read()
                    # releases the connection when the body is whole.
                    body = await answer.read()
                else:
                    body = await self._capped(session, answer, length)
            except BaseException:
                # Cancelled or failed mid-body: never pool this connection.
                _abort(answer.connection)
                answer.close()
                raise
        except BaseException as exc:
            # A fired deadline cancelled the task: take that cancellation back, as
            # asyncio.timeout() does, and it is a timeout unless the task was also
            # cancelled from outside.
            if (
                entry[3]
                and taken_back(task, cancelling)
                and isinstance(exc, asyncio.CancelledError)
            ):
                raise ReadTimeout(
                    "the attempt's timeout ran out before its answer was whole"
                ) from exc
            if isinstance(exc, _FAILURES):
                raise _neutral(exc) from exc
            raise
        finally:
            if entry[2] is not None:
                deadlines.disarm(entry)
        if entry[3]:  # fired as the answer completed, and aiohttp swallowed the cancellation
            taken_back(task, cancelling)
        return Response(answer.status, tuple(fields.items()), body)

    async def _capped(
        self, session: aiohttp.ClientSession, answer: aiohttp.ClientResponse, length: str | None
    ) -> bytes:
        """The body of an answer that is chunked, unframed or compressed, read a chunk at
        a time and stopped at the cap (also once decompressed: a gzip bomb)."""
        encoding = None if session.auto_decompress else answer.headers.get("Content-Encoding")
        body = _limits.Body(self._cap, encoding, length)
        async for chunk in answer.content.iter_chunked(65536):
            body.feed(chunk)
        answer.release()
        return body.finish()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        await self._owned.aclose()


class _Owned:
    """A session made here for one event loop, its connector and that loop's deadlines."""

    __slots__ = ("connector", "deadlines", "session")

    def __init__(
        self, session: aiohttp.ClientSession, connector: aiohttp.BaseConnector, deadlines: Deadlines
    ) -> None:
        self.session = session
        self.connector = connector
        self.deadlines = deadlines


async def _close_session(owned: _Owned) -> None:
    await owned.session.close()
