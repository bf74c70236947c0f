"""Transport over requests: `RequestsTransport` (sync only; requests has no async API).

Wraps a ``requests.Session`` the caller already owns (its proxies, certificates, adapters)
and then never closes it, or makes its own: urllib3 keep-alive pool (which drops idle
connections the server closed before reusing them), TLS verified, no redirects, no
urllib3 retries (the core decides those). requests' exceptions become the core's neutral
kinds in `_mapped`, the one place that knows them.

A little over 80 lines: requests folds refused connections and dropped ones into one
exception class (told apart by urllib3's reason), and its environment rules for ``verify``
need handling for sessions made here.
"""

from __future__ import annotations

import contextvars
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any, cast

import requests  # type: ignore[import-untyped,unused-ignore]  # stubs are optional
import urllib3
import urllib3.connection
import urllib3.exceptions
from requests.adapters import HTTPAdapter  # type: ignore[import-untyped,unused-ignore]  # as above
from requests.structures import CaseInsensitiveDict  # type: ignore[import-untyped,unused-ignore]  # as above
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, ReadTimeoutError

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
from ._pools import fork_lock, generation
from ._watchdog import watchdog as _watchdog

__all__ = ["RequestsTransport"]


def _mapped(exc: Exception, deadline: _limits.Deadline) -> Exception:
    """What to raise for ``exc``, raised by requests during an attempt with ``deadline``."""
    neutral = _neutral(exc)
    if isinstance(neutral, RemoteProtocolError) and deadline.at <= time.monotonic():
        # The watchdog shut the connection down at the attempt's deadline.
        return ReadTimeout("the attempt's timeout ran out before its answer was whole")
    return neutral  # `exc` itself when it is no network failure: a bug, passed on as it is


def _is_failure(exc: Exception) -> bool:
    return isinstance(exc, _FAILURES)


_FAILURES = (
    requests.exceptions.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
)


def _neutral(exc: Exception) -> Exception:
    """The core's kind for one of requests' (or urllib3's) exceptions; others unchanged."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ConnectTimeout(str(exc) or "connect timed out")
    if isinstance(exc, requests.exceptions.SSLError):
        return TLSError(str(exc) or "TLS handshake failed")
    if isinstance(exc, requests.exceptions.ProxyError):
        return ConnectError(str(exc) or "the proxy refused the connection")
    if isinstance(exc, (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError)):
        return ReadTimeout(str(exc) or "timed out waiting for the answer")
    if isinstance(exc, requests.exceptions.ConnectionError):
        # requests folds "could not connect" and "the server hung up" into one class;
        # urllib3's reason says which. Refused/unreachable arrives as MaxRetryError.
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError) and isinstance(reason.reason, ConnectTimeoutError):
            return ConnectError(str(exc) or "connection failed")
        if isinstance(reason, ReadTimeoutError):  # raised while reading the body
            return ReadTimeout(str(exc) or "timed out reading the answer")
        return RemoteProtocolError(str(exc) or "the connection closed without an answer")
    if _is_failure(exc):  # chunked/decoding errors, a body cut off, the rest
        return RemoteProtocolError(f"{type(exc).__name__}: {exc}")
    return exc


class _FinalResponse(http.client.HTTPResponse):
    """http.client skips ``100 Continue`` only; RFC 9110 has a client skip every 1xx
    interim answer (``102 Processing``, ``103 Early Hints``) but ``101``."""

    def _read_status(self) -> tuple[str, int, str]:
        # Both are private to http.client, so typeshed declares neither (hence the ignores),
        # and they are the one place status lines and interim headers are read.
        read_status = cast(
            "Callable[[], tuple[str, int, str]]",
            super()._read_status,  # type: ignore[misc]  # pyright: ignore[reportUnknownMemberType,reportAttributeAccessIssue]
        )
        while True:
            version, status, reason = read_status()
            if not 101 < status < 200:
                return version, status, reason
            http.client._read_headers(self.fp)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue,reportUnknownMemberType]


class _Attempt:
    """The deadline of the send under way on this thread, and its watchdog entry."""

    __slots__ = ("deadline", "watch")

    def __init__(self, deadline: _limits.Deadline) -> None:
        self.deadline = deadline
        self.watch: list[Any] | None = None


_attempt: contextvars.ContextVar[_Attempt | None] = contextvars.ContextVar(
    "poststack_requests_attempt", default=None
)


class _Watched:
    """Mixed into urllib3's connections: 1xx skipped, the attempt's deadline enforced."""

    sock: socket.socket | None

    def getresponse(self) -> Any:
        attempt = _attempt.get()
        if attempt is not None and self.sock is not None and attempt.watch is None:
            attempt.watch = _watchdog.arm(attempt.deadline.at, self.sock)
        return super().getresponse()  # type: ignore[misc]  # a mixin: the connection class after it has getresponse


class _HTTPConnection(_Watched, urllib3.connection.HTTPConnection):
    response_class = _FinalResponse


class _HTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    response_class = _FinalResponse


class _HTTPPool(urllib3.HTTPConnectionPool):
    # pyright reads the mixin's getresponse() as a conflicting override; it is one.
    ConnectionCls = _HTTPConnection  # pyright: ignore[reportAssignmentType]


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection  # pyright: ignore[reportAssignmentType]


_NO_BODY_METHODS = frozenset({"GET", "HEAD"})


def _send_direct(lease: _Lease, request: Request, verify: bool | str | None) -> requests.Response:
    """``request`` on a session made here: the same request ``Session.request`` would
    prepare (the session's default headers, then the request's; the same
    ``Content-Length``; the environment's proxies and CA bundle), built directly."""
    prepared = requests.PreparedRequest()
    prepared.method = request.method
    # As the core built it: requests would remove "."/".." segments and requote the path.
    prepared.url = url = request.url
    # Built on the request, never in a local of this frame: its repr would show the API
    # key to an error tracker recording locals. The core checked every header already,
    # and http.client refuses a CR or LF in a value all the same.
    prepared.headers = CaseInsensitiveDict(lease.headers)
    prepared.headers.update(request.headers)
    body = request.body or None
    if body is not None:
        prepared.headers["Content-Length"] = str(len(body))
    elif request.method not in _NO_BODY_METHODS:
        prepared.headers["Content-Length"] = "0"
    prepared.body = body
    path_at = url.find("/", url.find("://") + 3)
    origin = url[:path_at] if path_at > 0 else url
    settings = lease.settings.get(origin)
    if settings is None:
        # Read once per origin, where Session.request reads them on every call: the
        # environment's proxies ($HTTPS_PROXY, $NO_PROXY...) and, for verify=True, its
        # $REQUESTS_CA_BUNDLE / $CURL_CA_BUNDLE.
        settings = lease.session.merge_environment_settings(origin, {}, True, verify, None)
        lease.settings[origin] = settings
    timeout = request.timeout
    return lease.adapter.send(prepared, timeout=(timeout, timeout), **settings)


def _send_session(session: requests.Session, request: Request) -> requests.Response:
    """``request`` on a session the caller passed: through ``Session.send``, so its
    hooks, cookies, auth, adapters and environment rules all apply."""
    prepared = session.prepare_request(
        requests.Request(
            request.method,
            request.url,
            headers=dict(request.headers),
            data=request.body or None,
        )
    )
    # requests removes "."/".." segments and requotes the path; the core has built the
    # target exactly, so it goes out as built.
    prepared.url = request.url
    settings = session.merge_environment_settings(prepared.url, {}, True, None, None)
    timeout = request.timeout
    return session.send(prepared, timeout=(timeout, timeout), allow_redirects=False, **settings)


class _Lease:
    """A session made here, and how many sends are using it.

    A send on it skips what ``Session.request`` redoes on every call for settings that
    cannot change here: the session's default headers are read once, the environment's
    proxies and CA bundle once per origin (``settings``), and the request goes straight
    to the session's one adapter (no hooks, cookies or redirects to process).
    """

    __slots__ = ("adapter", "closing", "headers", "session", "settings", "users")

    def __init__(self, session: requests.Session, adapter: HTTPAdapter) -> None:
        self.session = session
        self.adapter = adapter
        self.headers: tuple[tuple[str, str], ...] = tuple(session.headers.items())
        self.settings: dict[str, dict[str, Any]] = {}
        self.users = 0
        self.closing = False


class RequestsTransport:
    """Blocking transport over ``requests.Session``; one instance may serve many threads.

    A session made here is made by the first send and belongs to the process that made
    it: a forked child makes its own and never touches the parent's connections.
    `close` closes it at once if no send is using it, else as the last such send ends
    (so no socket is left to the garbage collector); a send after `close` makes a new
    session, which the next `close` closes. A session passed in is used as it is and
    never closed; its process rules are the caller's.

    Args:
        session: a ``requests.Session`` to use and never close; otherwise one is made.
        verify: TLS verification for a session made here: ``True``, a CA bundle path,
            or an ``ssl.SSLContext``.
        max_connections: connections kept per host by a session made here.
        max_response_bytes: the largest answer body accepted (decoded); a larger one
            ends the call as ``response_too_large``.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_response_bytes: int = _limits.MAX_RESPONSE_BYTES,
    ) -> None:
        self._session = session
        self._cap = _limits.check_cap(max_response_bytes)
        self._lease: _Lease | None = None
        self._lock = threading.Lock()
        self._generation = generation()
        self._max_connections = max_connections
        # None: a caller's session keeps its own rules. requests lets $REQUESTS_CA_BUNDLE
        # override a session's verify unless the call names one, so ours always does.
        self._verify: bool | str | None = None
        self._context: ssl.SSLContext | None = None
        if session is None:
            verify = _tls.check(verify)
            if isinstance(verify, ssl.SSLContext):
                self._context, verify = verify, True
            self._verify = verify

    def _new_lease(self) -> _Lease:
        session = requests.Session()
        size = self._max_connections
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=size, max_retries=0)
        if self._context is not None:
            adapter.init_poolmanager(4, size, ssl_context=self._context)
            session.trust_env = False  # else requests loads $REQUESTS_CA_BUNDLE into it
        # urllib3's documented way to use pool classes of one's own; its stubs mark it final.
        adapter.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}  # pyright: ignore[reportAttributeAccessIssue]
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return _Lease(session, adapter)

    def _forget_parents(self) -> None:
        # A forked child: the session's sockets are the parent's connections too. Drop it
        # untouched (the descriptors close with it; nothing is sent on them).
        with fork_lock():
            if self._generation != generation():
                self._lease, self._generation = None, generation()
                self._lock = threading.Lock()  # a parent's thread may have held it

    def _acquire(self) -> _Lease:
        if self._generation != generation():
            self._forget_parents()
        with self._lock:
            lease = self._lease
            if lease is None:
                lease = self._lease = self._new_lease()
            lease.users += 1
            return lease

    def _release(self, lease: _Lease) -> None:
        with self._lock:
            lease.users -= 1
            last = lease.closing and lease.users == 0
        if last:
            lease.session.close()

    def send(self, request: Request) -> Response:
        attempt = _Attempt(_limits.Deadline(request.timeout))
        token = _attempt.set(attempt)
        lease = None
        try:
            if self._session is None:
                lease = self._acquire()
                answer = _send_direct(lease, request, self._verify)
            else:
                answer = _send_session(self._session, request)
            try:
                status, headers, body = self._read(answer, attempt.deadline)
            finally:
                answer.close()
        except TransportError:
            raise
        except Exception as exc:
            raise _mapped(exc, attempt.deadline) from exc
        finally:
            _attempt.reset(token)
            if attempt.watch is not None:
                _watchdog.disarm(attempt.watch)
            if lease is not None:
                self._release(lease)
        return Response(status, headers, body)

    def _read(
        self, answer: requests.Response, deadline: _limits.Deadline
    ) -> tuple[int, tuple[tuple[str, str], ...], bytes]:
        status = cast("int | None", answer.status_code)  # None when the head was cut off
        if status is None or status < 200:  # a cut-off head, or an interim answer as final
            raise RemoteProtocolError(f"the server sent no final answer (status {status})")
        raw = answer.raw
        if getattr(getattr(raw, "_fp", None), "msg", None) is not None and raw._fp.msg.defects:
            raise RemoteProtocolError("the answer's head is malformed or was cut off")
        headers: tuple[tuple[str, str], ...] = tuple(answer.headers.items())
        fields = answer.headers
        body = _limits.Body(self._cap, fields.get("content-encoding"), fields.get("content-length"))
        while True:
            deadline.left()  # the attempt's time, not each read's
            chunk = raw.read1(65536, decode_content=False)
            if not chunk:
                break
            body.feed(chunk)
        data = body.finish()
        if (
            not data
            and raw.version == 11
            and status not in (204, 304)
            and "content-length" not in fields
            and "transfer-encoding" not in fields
        ):
            # HTTP/1.1 answers carry their framing; http.client reads a head cut off
            # before its blank line as a whole head with an empty body.
            raise RemoteProtocolError("the answer ended before its head was complete")
        return status, headers, data

    def close(self) -> None:
        if self._generation != generation():
            self._forget_parents()  # the parent's session is never closed here
        with self._lock:
            lease, self._lease = self._lease, None
            if lease is None:
                return
            lease.closing = True
            idle = lease.users == 0
        if idle:
            lease.session.close()
