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

__all__ = ["RequestsTransport"]

Verify = bool | str | ssl.SSLContext


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


class RequestsTransport:
    """Blocking transport over ``requests.Session``; one instance may serve many threads.

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
        verify: Verify = True,
        max_connections: int = 100,
    ) -> None:
        self._owns_session = session is None
        # None: a caller's session keeps its own rules. requests lets $REQUESTS_CA_BUNDLE
        # override a session's verify unless the call names one, so ours always does.
        self._verify: bool | str | None = None
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=max_connections, max_retries=0)
            if isinstance(verify, ssl.SSLContext):
                adapter.init_poolmanager(4, max_connections, ssl_context=verify)
                session.trust_env = False  # else requests loads $REQUESTS_CA_BUNDLE into it
                verify = True
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._verify = verify
        self._session: requests.Session = session

    def send(self, request: Request) -> Response:
        with _mapped():
            answer = self._session.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                data=request.body or None,
                timeout=(request.timeout, request.timeout),
                allow_redirects=False,
                verify=self._verify,
            )
            body: bytes = answer.content  # read here, so a cut-off body is mapped too
        return Response(answer.status_code, tuple(answer.headers.items()), body)

    def close(self) -> None:
        if self._owns_session:
            self._session.close()
