"""The httpx side of `AsyncHttpxTransport` (``_httpx.py``): what sends, on asyncio or trio.

Imported by the transport's first send, never when it is built (see ``_httpx.py``), and
apart from the blocking sender (``_httpx_io.py``, whose helpers it shares) so that a
blocking send never imports asyncio or anyio. Either wraps an ``httpx.AsyncClient`` the
caller already owns and then never closes it, or makes its own, one per event loop.
"""

from __future__ import annotations

import asyncio
import ssl
import sys
from typing import Any, cast

import anyio
import httpx

from poststack_proto import ConnectTimeout, ReadTimeout, Request, Response

from . import _limits, _tls
from ._deadlines import PerLoopDeadlines, taken_back
from ._httpx_io import body as _body
from ._httpx_io import discard_if_dirty as _discard_if_dirty
from ._httpx_io import neutral as _neutral
from ._httpx_io import pin_target as _pin_target
from ._httpx_io import pool_limits as _pool_limits
from ._httpx_io import prepared as _prepared
from ._httpx_io import response as _response
from ._httpx_io import route as _route
from ._httpx_io import theirs as _theirs
from ._pools import PerLoop

__all__ = ["AsyncHttpxSender"]


async def _close_async_client(client: httpx.AsyncClient) -> None:
    await client.aclose()


class _Sending:
    """Whether httpcore has begun to write the request (its ``trace`` extension says)."""

    __slots__ = ("started",)

    def __init__(self) -> None:
        self.started = False

    async def trace(self, event: str, info: object) -> None:
        if event == "http11.send_request_headers.started":
            self.started = True


_CONNECT_FIRST = 0.05


def _asyncio_task() -> asyncio.Task[Any] | None:
    """The asyncio task running this, or ``None`` on another event loop (trio)."""
    try:
        return asyncio.current_task()
    except RuntimeError:  # no asyncio loop runs in this thread
        return None


class AsyncHttpxSender:
    """What `AsyncHttpxTransport` sends with, made by its first send (asyncio or trio, as
    httpx supports).

    A client made here belongs to one process and one event loop: each live loop (one per
    thread, or ``asyncio.run()`` per task) gets its own, closed as that loop shuts down,
    and a forked child starts with none (see `PerLoop`). A client passed in is used as it
    is, and its process and loop rules are the caller's.
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None,
        verify: _tls.Verify,
        max_connections: int,
        max_idle_connections: int,
        cap: int,
    ) -> None:
        self._client = client
        self._clients: PerLoop[httpx.AsyncClient] | None = None
        self._cap = cap
        if client is None:
            limits = _pool_limits(max_connections, max_idle_connections)
            contexts: list[bool | ssl.SSLContext] = []  # one, made by the first pool

            def make() -> httpx.AsyncClient:
                if not contexts:
                    contexts.append(_tls.resolved(verify))
                return httpx.AsyncClient(verify=contexts[0], follow_redirects=False, limits=limits)

            self._clients = PerLoop(make, _close_async_client)
        self._deadlines = PerLoopDeadlines()

    async def send(self, request: Request) -> Response:
        task = _asyncio_task()
        if task is None:  # trio
            return await self._send_anywhere(request)
        # On asyncio, the transports' one timer per loop (`_deadlines`), not a cancel scope
        # and a timer per send: that and httpcore's trace calls cost about 2% of a send.
        # A hair over the timeout, so that httpcore's own connect and pool timeouts (the
        # same length) fire first when connecting or waiting for a connection took the
        # time: that is a ConnectTimeout, safe to repeat, where this one is not.
        loop = task.get_loop()
        deadlines = self._deadlines.of(loop)
        cancelling = 0
        if sys.version_info >= (3, 11):
            cancelling = task.cancelling()
        entry = deadlines.arm(loop, request.timeout + _CONNECT_FIRST, task)
        try:
            response = await self._attempt(request, None)
        except BaseException as exc:
            if (
                entry[3]
                and taken_back(task, cancelling)
                and isinstance(exc, asyncio.CancelledError)
            ):
                raise ReadTimeout(
                    "the attempt's timeout ran out before its answer was whole"
                ) from exc
            raise
        finally:
            if entry[2] is not None:
                deadlines.disarm(entry)
        if entry[3]:  # fired as the answer completed, and the cancellation was swallowed
            taken_back(task, cancelling)
        return response

    async def _send_anywhere(self, request: Request) -> Response:
        """The attempt on any event loop anyio runs on (trio), bounded by a cancel scope."""
        sending = _Sending()
        try:
            with anyio.fail_after(request.timeout):  # the whole attempt: asyncio or trio
                return await self._attempt(request, sending)
        except TimeoutError as exc:
            if not sending.started:  # nothing was sent: repeating it is always safe
                raise ConnectTimeout("connecting took the whole attempt's timeout") from exc
            raise ReadTimeout("the attempt's timeout ran out before its answer was whole") from exc

    async def _attempt(self, request: Request, sending: _Sending | None) -> Response:
        client = self._client
        try:
            if client is None:
                clients = cast("PerLoop[httpx.AsyncClient]", self._clients)
                client = clients.get()
                if client is None:
                    client = await clients.renew()
                built = _prepared(request)
                if sending is not None:
                    built.extensions["trace"] = sending.trace
                routed = _route(client, built)
                _pin_target(built, request.url, routed, client)
                answer = await routed.handle_async_request(built)
            else:
                built = _theirs(client, request)
                if sending is not None:
                    built.extensions["trace"] = sending.trace
                answer = await client.send(built, follow_redirects=False, stream=True)
            try:
                body = _body(answer, self._cap)
                too_large: _limits.ResponseTooLarge | None = None
                try:
                    async for chunk in cast("httpx.AsyncByteStream", answer.stream):
                        if too_large is None:
                            try:
                                body.feed(chunk)
                            except _limits.ResponseTooLarge as exc:
                                # Raised here, it would leave httpcore's nested async
                                # generators suspended, for a finaliser on a loop that
                                # may be gone. Closing the answer makes their next
                                # read fail from inside, so that they unwind now.
                                too_large = exc
                                await answer.aclose()
                except httpx.HTTPError:
                    if too_large is None:
                        raise
                if too_large is not None:
                    raise too_large
                _discard_if_dirty(answer)
            finally:
                await answer.aclose()
        except httpx.HTTPError as exc:
            raise _neutral(exc) from exc
        return _response(answer.status_code, answer.headers, body.finish())

    async def sleep(self, seconds: float) -> None:
        # anyio comes with httpx and sleeps on whichever event loop runs: asyncio or trio.

        await anyio.sleep(seconds)

    async def aclose(self) -> None:
        if self._clients is not None:
            await self._clients.aclose()
