"""The base of every resource: the typed call it makes, and the walk over list pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, TypeVar

from poststack_proto import AsyncTransport, CallConfig, Endpoint, Pages, run_async

from .._ratelimit import RateLimiter, async_limited_send

__all__ = ["AsyncCall", "AsyncResource"]

P = TypeVar("P")
R = TypeVar("R")


class AsyncCall:
    """How a client's resources make calls: its options, transport and sleep, not the client.

    Resources hold this object rather than the client, so nothing refers back to the client
    and a client that goes out of scope is freed at once, with its connections.
    """

    __slots__ = ("config", "keeper", "limiter", "send", "sleep")

    def __init__(
        self,
        config: CallConfig,
        transport: AsyncTransport,
        sleep: Callable[[float], Awaitable[Any]],
        keeper: object = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.config = config
        self.send = transport.send
        self.sleep = sleep
        # The client's rate limiter, consulted before every attempt (None: no limit).
        self.limiter = limiter
        # Keeps a transport the client made open while this call object can use it.
        self.keeper = keeper

    def __call__(
        self,
        endpoint: Endpoint[P, R],
        payload: P,
        /,
        *,
        path: Mapping[str, object] | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> Awaitable[R]:
        """Call ``endpoint`` with ``payload`` (its query or body; ``None`` for neither).

        ``rate_limiter`` is one more limiter for this call only (send_many's shared pause).
        """
        # Returns what run_async returns, as it is: in the async flavour the coroutine
        # running the call, which the resource method awaits (a frame fewer per resume).
        flow = self.config.call(
            endpoint,
            payload,
            path=path,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        if self.limiter is None and rate_limiter is None:
            return run_async(flow, self.send, self.sleep)
        send = async_limited_send(self.send, self.sleep, self.limiter, rate_limiter)
        return run_async(flow, send, self.sleep)


class AsyncResource:
    """One resource (``ps.emails``, ``ps.domains``...) of a client."""

    __slots__ = ("_call",)

    def __init__(self, call: AsyncCall) -> None:
        self._call = call

    async def _walk(
        self,
        endpoint: Endpoint[Any, Any],
        params: Mapping[str, Any] | None,
        *,
        limit: int | None,
        path: Mapping[str, object] | None = None,
        timeout: float | None,
        max_retries: int | None,
    ) -> AsyncIterator[Any]:
        """Every item of a ``{data, meta}`` list, one page request at a time, as needed."""
        pages = Pages(params, limit=limit)
        while not pages.done:
            body = await self._call(
                endpoint,
                pages.next_query(),
                path=path,
                timeout=timeout,
                max_retries=max_retries,
            )
            for item in pages.take(body):
                yield item
