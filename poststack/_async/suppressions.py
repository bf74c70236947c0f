"""``ps.suppressions``: addresses that must not receive mail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.suppressions import (
    AddSuppressionParams,
    ListSuppressionsParams,
    ListSuppressionsResponse,
    SuppressionDict,
)
from ._resource import AsyncResource

__all__ = ["AsyncSuppressions"]

_LIST = endpoint("suppressions.list")
_ADD = endpoint("suppressions.add")
_REMOVE = endpoint("suppressions.remove")


class AsyncSuppressions(AsyncResource):
    """The suppression list. Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def list(
        self,
        params: ListSuppressionsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListSuppressionsResponse:
        """One page of suppressed addresses: ``{"data": [...], "meta": {...}}``."""
        result = await self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListSuppressionsResponse, result)

    async def iterate(
        self,
        params: ListSuppressionsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[SuppressionDict]:
        """Every suppressed address, fetching pages as the loop needs them.

        ``limit`` stops after that many entries.
        """
        async for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(SuppressionDict, item)

    async def add(
        self,
        input: AddSuppressionParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Stop all mail to an address, giving the ``reason``."""
        result = await self._call(
            _ADD,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    async def remove(
        self, email: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Allow mail to the address again."""
        result = await self._call(
            _REMOVE, path_params={"email": email}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)
