# Generated from poststack/_async/_resource.py by scripts/unasync.py; do not edit by hand.
"""The base of every resource: the typed call it makes, and the walk over list pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from poststack_proto import CallConfig, Endpoint, Pages, Transport, run_sync

from .._ratelimit import RateLimiter, sync_limited_send

__all__ = ["Call", "Resource"]

P = TypeVar("P")
R = TypeVar("R")


class Call:
    """How a client's resources make calls: its options, transport and sleep, not the client.

    Resources hold this object rather than the client, so nothing refers back to the client
    and a client that goes out of scope is freed at once, with its connections.
    """

    __slots__ = ("config", "keeper", "limiter", "send", "sleep")

    def __init__(
        self,
        config: CallConfig,
        transport: Transport,
        sleep: Callable[[float], Any],
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
    ) -> R:
        """Call ``endpoint`` with ``payload`` (its query or body; ``None`` for neither).

        ``rate_limiter`` is one more limiter for this call only (send_many's shared pause).
        """
        # Returns what run_sync returns, as it is: in the async flavour the coroutine
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
            return run_sync(flow, self.send, self.sleep)
        send = sync_limited_send(self.send, self.sleep, self.limiter, rate_limiter)
        return run_sync(flow, send, self.sleep)


class Resource:
    """One resource (``ps.emails``, ``ps.domains``...) of a client."""

    __slots__ = ("_call",)

    def __init__(self, call: Call) -> None:
        self._call = call

    def _walk(
        self,
        endpoint: Endpoint[Any, Any],
        params: Mapping[str, Any] | None,
        *,
        limit: int | None,
        path: Mapping[str, object] | None = None,
        timeout: float | None,
        max_retries: int | None,
    ) -> Iterator[Any]:
        """Every item of a ``{data, meta}`` list, one page request at a time, as needed."""
        pages = Pages(params, limit=limit)
        while not pages.done:
            body = self._call(
                endpoint,
                pages.next_query(),
                path=path,
                timeout=timeout,
                max_retries=max_retries,
            )
            for item in pages.take(body):
                yield item
