"""Transports over httpx, the default: `HttpxTransport` (sync) and `AsyncHttpxTransport`.

Either wraps an ``httpx.Client`` / ``httpx.AsyncClient`` the caller already owns (with its
proxies, mTLS, event hooks) and then never closes it, or makes its own: keep-alive pool,
TLS verified, no redirects followed. httpx's exceptions become the core's neutral kinds in
`_mapped`, the one place that knows them.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Generator
from contextlib import contextmanager
from typing import cast

import anyio
import httpx

from poststack_proto import (
    ConnectError,
    ConnectTimeout,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    Response,
    TLSError,
    WriteError,
)

from . import _tls
from ._pools import PerLoop, PerProcess

__all__ = ["AsyncHttpxTransport", "HttpxTransport"]


@contextmanager
def _mapped() -> Generator[None, None, None]:
    try:
        yield
    except httpx.ConnectTimeout as exc:
        raise ConnectTimeout(str(exc) or "connect timed out") from exc
    except httpx.ConnectError as exc:
        kind = TLSError if _is_tls(exc) else ConnectError
        raise kind(str(exc) or "connection failed") from exc
    except httpx.TimeoutException as exc:  # read, write or pool timeout
        raise ReadTimeout(str(exc) or "timed out waiting for the answer") from exc
    except httpx.WriteError as exc:
        raise WriteError(str(exc) or "sending the request failed") from exc
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ProxyError) as exc:
        raise RemoteProtocolError(str(exc) or "the connection closed without an answer") from exc
    except httpx.HTTPError as exc:  # anything else httpx can raise for one request
        raise RemoteProtocolError(f"{type(exc).__name__}: {exc}") from exc


def _is_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _limits(max_connections: int, max_idle: int) -> httpx.Limits:
    # httpx's own default keeps 20 idle connections. Unbounded, httpcore's pool scans every
    # idle connection for every queued request: 64 concurrent sends then cost 3x the CPU
    # (measured: benchmarks/, "httpx async x64").
    return httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_idle)


@functools.lru_cache(maxsize=32)
def _timeout(seconds: float) -> httpx.Timeout:
    return httpx.Timeout(seconds)


async def _close_async_client(client: httpx.AsyncClient) -> None:
    await client.aclose()


def _response(status: int, headers: httpx.Headers, body: bytes) -> Response:
    # The raw pairs, decoded as httpx would, without its per-call merging of repeats.
    return Response(
        status, tuple([(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]), body
    )


@functools.lru_cache(maxsize=256)
def _url(url: str) -> httpx.URL:
    return httpx.URL(url)


_ACCEPT_ENCODING = (("Accept-Encoding", "gzip, deflate"),)  # httpx decodes these itself


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


class HttpxTransport:
    """Blocking transport over ``httpx.Client``.

    A client made here is made by the first send, and belongs to the process that made
    it: a forked child makes its own (see `PerProcess`). A client passed in is used as it
    is, and what happens to it across ``fork()`` is the caller's to decide.

    Args:
        client: an ``httpx.Client`` to use and never close; otherwise one is made.
        verify: TLS verification for a client made here: ``True``, a CA bundle path,
            or an ``ssl.SSLContext``.
        max_connections: pool size for a client made here.
        max_idle_connections: connections kept open between calls (httpx's default, 20).
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_idle_connections: int = 20,
    ) -> None:
        self._client = client
        self._clients: PerProcess[httpx.Client] | None = None
        if client is None:
            verify = _tls.check(verify)
            limits = _limits(max_connections, max_idle_connections)

            def make() -> httpx.Client:
                return httpx.Client(
                    verify=_tls.resolved(verify), follow_redirects=False, limits=limits
                )

            self._clients = PerProcess(make)

    def send(self, request: Request) -> Response:
        client = self._client
        with _mapped():
            if client is None:
                own = cast("PerProcess[httpx.Client]", self._clients).get()
                answer = own.send(_prepared(request), follow_redirects=False)
            else:
                answer = client.request(
                    request.method,
                    request.url,
                    headers=request.headers,
                    content=request.body or None,
                    timeout=_timeout(request.timeout),
                    follow_redirects=False,
                )
        return _response(answer.status_code, answer.headers, answer.content)

    def close(self) -> None:
        """Close the pool made here (a later send makes a new one, which `close` closes)."""
        own = None if self._clients is None else self._clients.take()
        if own is not None:
            own.close()


class AsyncHttpxTransport:
    """Async transport over ``httpx.AsyncClient`` (asyncio or trio, as httpx supports).

    A client made here belongs to one process and one event loop: each live loop (one per
    thread, or ``asyncio.run()`` per task) gets its own, closed as that loop shuts down,
    and a forked child starts with none (see `PerLoop`). A client passed in is used as it
    is, and its process and loop rules are the caller's.
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_idle_connections: int = 20,
    ) -> None:
        self._client = client
        self._clients: PerLoop[httpx.AsyncClient] | None = None
        if client is None:
            verify = _tls.check(verify)
            limits = _limits(max_connections, max_idle_connections)
            contexts: list[bool | ssl.SSLContext] = []  # one, made by the first pool

            def make() -> httpx.AsyncClient:
                if not contexts:
                    contexts.append(_tls.resolved(verify))
                return httpx.AsyncClient(verify=contexts[0], follow_redirects=False, limits=limits)

            self._clients = PerLoop(make, _close_async_client)

    async def send(self, request: Request) -> Response:
        client = self._client
        with _mapped():
            if client is None:
                clients = cast("PerLoop[httpx.AsyncClient]", self._clients)
                own = clients.get()
                if own is None:
                    own = await clients.renew()
                answer = await own.send(_prepared(request), follow_redirects=False)
            else:
                answer = await client.request(
                    request.method,
                    request.url,
                    headers=request.headers,
                    content=request.body or None,
                    timeout=_timeout(request.timeout),
                    follow_redirects=False,
                )
        return _response(answer.status_code, answer.headers, answer.content)

    async def sleep(self, seconds: float) -> None:
        # anyio comes with httpx and sleeps on whichever event loop runs: asyncio or trio.

        await anyio.sleep(seconds)

    async def aclose(self) -> None:
        if self._clients is not None:
            await self._clients.aclose()
