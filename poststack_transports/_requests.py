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

import ssl
import threading
from collections.abc import Generator
from contextlib import contextmanager

import requests  # type: ignore[import-untyped,unused-ignore]  # stubs are optional
from requests.adapters import HTTPAdapter  # type: ignore[import-untyped,unused-ignore]
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, ReadTimeoutError

from poststack_proto import (
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    TLSError,
)

from . import _tls
from ._pools import fork_lock, generation

__all__ = ["RequestsTransport"]


@contextmanager
def _mapped() -> Generator[None, None, None]:
    try:
        yield
    except requests.exceptions.ConnectTimeout as exc:
        raise ConnectTimeout(str(exc) or "connect timed out") from exc
    except requests.exceptions.SSLError as exc:
        raise TLSError(str(exc) or "TLS handshake failed") from exc
    except requests.exceptions.ProxyError as exc:
        raise ConnectError(str(exc) or "the proxy refused the connection") from exc
    except requests.exceptions.Timeout as exc:
        raise ReadTimeout(str(exc) or "timed out waiting for the answer") from exc
    except requests.exceptions.ConnectionError as exc:
        # requests folds "could not connect" and "the server hung up" into one class;
        # urllib3's reason says which. Refused/unreachable arrives as MaxRetryError.
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError) and isinstance(reason.reason, ConnectTimeoutError):
            raise ConnectError(str(exc) or "connection failed") from exc
        if isinstance(reason, ReadTimeoutError):  # raised while reading the body
            raise ReadTimeout(str(exc) or "timed out reading the answer") from exc
        raise RemoteProtocolError(str(exc) or "the connection closed without an answer") from exc
    except requests.exceptions.RequestException as exc:  # chunked/decoding errors, the rest
        raise RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc


class _Lease:
    """A session made here, and how many sends are using it."""

    __slots__ = ("closing", "session", "users")

    def __init__(self, session: requests.Session) -> None:
        self.session = session
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
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
    ) -> None:
        self._session = session
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

    def _new_session(self) -> requests.Session:
        session = requests.Session()
        size = self._max_connections
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=size, max_retries=0)
        if self._context is not None:
            adapter.init_poolmanager(4, size, ssl_context=self._context)
            session.trust_env = False  # else requests loads $REQUESTS_CA_BUNDLE into it
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

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
                lease = self._lease = _Lease(self._new_session())
            lease.users += 1
            return lease

    def _release(self, lease: _Lease) -> None:
        with self._lock:
            lease.users -= 1
            last = lease.closing and lease.users == 0
        if last:
            lease.session.close()

    def send(self, request: Request) -> Response:
        session = self._session
        lease = None
        if session is None:
            lease = self._acquire()
            session = lease.session
        try:
            with _mapped():
                answer = session.request(
                    request.method,
                    request.url,
                    headers=dict(request.headers),
                    data=request.body or None,
                    timeout=(request.timeout, request.timeout),
                    allow_redirects=False,
                    verify=self._verify,
                )
                body: bytes = answer.content  # read here, so a cut-off body is mapped too
        finally:
            if lease is not None:
                self._release(lease)
        return Response(answer.status_code, tuple(answer.headers.items()), body)

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
