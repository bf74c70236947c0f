"""Transport over aiohttp: `AiohttpTransport` (asyncio only).

Wraps an ``aiohttp.ClientSession`` the caller already owns and then never closes it, or
makes its own in each event loop that uses it (a session belongs to its loop, clients are
often built before one runs, and outlive it under ``asyncio.run()`` per task; see
`PerLoop`): keep-alive pool, TLS verified, no redirects. A send that
is cancelled closes its connection instead of returning it to the pool. aiohttp's
exceptions become the core's neutral kinds in `_mapped`, the one place that knows them.
(A little over 80 lines: aiohttp has six exception families to sort, and the session is
made lazily.)
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Generator
from contextlib import contextmanager
from typing import cast

import aiohttp

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
from ._pools import PerLoop

__all__ = ["AiohttpTransport"]


@contextmanager
def _mapped() -> Generator[None, None, None]:
    try:
        yield
    except aiohttp.ClientSSLError as exc:  # before ClientConnectorError: it is one too
        raise TLSError(str(exc) or "TLS handshake failed") from exc
    except aiohttp.ConnectionTimeoutError as exc:
        raise ConnectTimeout(str(exc) or "connect timed out") from exc
    except aiohttp.ClientConnectorError as exc:  # refused, unreachable, DNS
        raise ConnectError(str(exc) or "connection failed") from exc
    except (aiohttp.ServerTimeoutError, asyncio.TimeoutError) as exc:
        raise ReadTimeout(str(exc) or "timed out waiting for the answer") from exc
    except aiohttp.ClientError as exc:  # disconnected, reset, cut-off or non-HTTP answer
        raise RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc


class AiohttpTransport:
    """Async transport over ``aiohttp.ClientSession``.

    Args:
        session: a ``ClientSession`` to use and never close; otherwise one is made.
        verify: TLS verification for a session made here: ``True``, a CA bundle path,
            or an ``ssl.SSLContext``.
        max_connections: pool size for a session made here.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
    ) -> None:
        self._session = session
        self._sessions: PerLoop[aiohttp.ClientSession] | None = None
        if session is None:
            self._sessions = PerLoop(self._new_session, _close_session)
        self._verify = _tls.check(verify)
        self._ssl: bool | ssl.SSLContext | None = None  # made by the first session
        self._max_connections = max_connections
        self._last_timeout = aiohttp.ClientTimeout()

    def _new_session(self) -> aiohttp.ClientSession:
        # Made inside the loop that uses it: a session belongs to the loop it was made on.
        if self._ssl is None:
            self._ssl = _tls.resolved(self._verify)
        connector = aiohttp.TCPConnector(limit=self._max_connections, ssl=self._ssl)
        return aiohttp.ClientSession(connector=connector)

    def _timeout(self, seconds: float) -> aiohttp.ClientTimeout:
        # sock_connect (not connect) arms a timer only when a socket is opened, not on
        # every pooled send; one ClientTimeout serves every call with the same budget.
        if self._last_timeout.sock_read != seconds:
            self._last_timeout = aiohttp.ClientTimeout(
                total=None, sock_connect=seconds, sock_read=seconds
            )
        return self._last_timeout

    async def send(self, request: Request) -> Response:
        timeout = self._timeout(request.timeout)
        session = self._session
        if session is None:
            sessions = cast("PerLoop[aiohttp.ClientSession]", self._sessions)
            session = sessions.get()
            if session is None:
                session = await sessions.renew()
        with _mapped():
            async with session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.body or None,
                timeout=timeout,
                allow_redirects=False,
            ) as answer:
                try:
                    body = await answer.read()
                except BaseException:
                    answer.close()  # cancelled or failed mid-body: never pool this connection
                    raise
        return Response(answer.status, tuple(answer.headers.items()), body)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def aclose(self) -> None:
        if self._sessions is not None:
            await self._sessions.aclose()


async def _close_session(session: aiohttp.ClientSession) -> None:
    await session.close()
