"""Transports over httpx, the default: `HttpxTransport` (sync) and `AsyncHttpxTransport`.

Building one checks and records its options and imports nothing more: httpx (with
httpcore, h11, anyio and ssl) is imported, and the pool and its TLS context are made, by
the first send, which the sender in ``_httpx_io.py`` (blocking) or ``_httpx_aio.py``
(async: asyncio and anyio are imported only there) then serves. A serverless function or a
CLI that constructs a client pays for the HTTP stack only when it sends, and only for the
part it uses (issue 14: cold start). Everything else is the sender's: pools per process and
per event loop (`_pools`), ``close()`` while other threads send, and httpx's exceptions
mapped to the core's neutral kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from poststack_proto import Request, Response, import_attribute

from . import _limits, _tls
from ._pools import PerProcess, fork_lock

if TYPE_CHECKING:
    import httpx

    from ._httpx_aio import AsyncHttpxSender
    from ._httpx_io import HttpxSender, Lease

__all__ = ["AsyncHttpxTransport", "HttpxTransport"]

S = TypeVar("S", "HttpxSender", "AsyncHttpxSender")


class _Lazy(Generic[S]):
    """What both transports share: options recorded now, the sender made by a first send."""

    # The sender's module and class, imported by a first send.
    _sender_module: ClassVar[str]
    _sender_name: ClassVar[str]

    def __init__(
        self,
        client: object,
        verify: _tls.Verify,
        max_connections: int,
        max_idle_connections: int,
        max_response_bytes: int,
    ) -> None:
        self._client = client
        self._verify = _tls.check(verify) if client is None else verify
        self._max_connections = max_connections
        self._max_idle_connections = max_idle_connections
        self._cap = _limits.check_cap(max_response_bytes)
        self._sender: S | None = None

    def _start(self) -> S:
        # The import outside the lock: the import system has its own, and a garbage
        # collection inside an import may run a dropped client's finaliser that takes this one.
        make: Callable[..., S] = import_attribute(self._sender_module, "", self._sender_name)
        with fork_lock():  # one sender, so one pool, however many threads send first
            sender = self._sender
            if sender is None:
                sender = self._sender = make(
                    self._client,
                    self._verify,
                    self._max_connections,
                    self._max_idle_connections,
                    self._cap,
                )
            return sender


class HttpxTransport(_Lazy["HttpxSender"]):
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
        max_response_bytes: the largest answer body read (`_limits.MAX_RESPONSE_BYTES`).
    """

    _sender_module = "poststack_transports._httpx_io"
    _sender_name = "HttpxSender"

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_idle_connections: int = 20,
        max_response_bytes: int = _limits.MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(client, verify, max_connections, max_idle_connections, max_response_bytes)

    def send(self, request: Request) -> Response:
        sender = self._sender
        if sender is None:
            sender = self._start()
        return sender.send(request)

    def close(self) -> None:
        """Close the pool made here (a later send makes a new one, which `close` closes).

        Sends still running on it finish first: the last of them closes it, so a close while
        other threads send leaves no connection to the garbage collector.
        """
        sender = self._sender
        if sender is not None:  # else nothing was ever sent: there is no pool
            sender.close()

    @property
    def _clients(self) -> PerProcess[Lease] | None:
        """The per-process pools (``None`` for a client passed in), made ready now: for
        tests that look at a pool without sending."""
        return self._start().clients


class AsyncHttpxTransport(_Lazy["AsyncHttpxSender"]):
    """Async transport over ``httpx.AsyncClient`` (asyncio or trio, as httpx supports).

    A client made here belongs to one process and one event loop: each live loop (one per
    thread, or ``asyncio.run()`` per task) gets its own, closed as that loop shuts down,
    and a forked child starts with none (see `PerLoop`). A client passed in is used as it
    is, and its process and loop rules are the caller's.

    Args: as `HttpxTransport`'s, with an ``httpx.AsyncClient``.
    """

    _sender_module = "poststack_transports._httpx_aio"
    _sender_name = "AsyncHttpxSender"

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        verify: _tls.Verify = True,
        max_connections: int = 100,
        max_idle_connections: int = 20,
        max_response_bytes: int = _limits.MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(client, verify, max_connections, max_idle_connections, max_response_bytes)

    async def send(self, request: Request) -> Response:
        sender = self._sender
        if sender is None:
            sender = self._start()
        return await sender.send(request)

    async def sleep(self, seconds: float) -> None:
        sender = self._sender
        if sender is None:
            sender = self._start()
        await sender.sleep(seconds)

    async def aclose(self) -> None:
        sender = self._sender
        if sender is not None:  # else nothing was ever sent: there is no pool
            await sender.aclose()
