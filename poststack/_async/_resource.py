"""The base of every resource: the client's call function, and the walk over list pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from poststack_proto import Endpoint, Pages

__all__ = ["AsyncCall", "AsyncResource"]

AsyncCall = Callable[..., Awaitable[Any]]


class AsyncResource:
    """One resource (``ps.emails``, ``ps.domains``...) of a client."""

    __slots__ = ("_call",)

    def __init__(self, call: AsyncCall) -> None:
        self._call = call

    async def _walk(
        self,
        endpoint: Endpoint,
        params: Mapping[str, Any] | None,
        *,
        limit: int | None,
        path_params: Mapping[str, object] | None = None,
        timeout: float | None,
        max_retries: int | None,
    ) -> AsyncIterator[Any]:
        """Every item of a ``{data, meta}`` list, one page request at a time, as needed."""
        pages = Pages(params, limit=limit)
        while not pages.done:
            body = await self._call(
                endpoint,
                path_params=path_params,
                query=pages.next_query(),
                timeout=timeout,
                max_retries=max_retries,
            )
            for item in pages.take(body):
                yield item
