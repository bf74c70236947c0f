"""``ps.broadcasts``: one email to a whole segment, with A/B tests and follow-ups."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

from poststack_proto import NO_BODY, endpoint

from ..types._common import SuccessResponse
from ..types.broadcasts import (
    BroadcastDict,
    BroadcastPerformanceResponse,
    BroadcastResponse,
    BroadcastVariantsResponse,
    BroadcastVariantStatsResponse,
    CreateBroadcastParams,
    ListBroadcastPerformanceParams,
    ListBroadcastPerformanceResponse,
    ListBroadcastsParams,
    ListBroadcastsResponse,
    NonRespondersResponse,
    ResendBroadcastParams,
    ResendBroadcastResponse,
    SendTestBroadcastParams,
    UpdateBroadcastParams,
)
from ._resource import AsyncResource

__all__ = ["AsyncBroadcasts"]

_CREATE = endpoint("broadcasts.create")
_LIST = endpoint("broadcasts.list")
_GET = endpoint("broadcasts.get")
_UPDATE = endpoint("broadcasts.update")
_SEND = endpoint("broadcasts.send")
_CANCEL = endpoint("broadcasts.cancel")
_RESEND = endpoint("broadcasts.resend")
_SEND_TEST = endpoint("broadcasts.send_test")
_GET_VARIANTS = endpoint("broadcasts.get_variants")
_GET_VARIANT_STATS = endpoint("broadcasts.get_variant_stats")
_LIST_PERFORMANCE = endpoint("broadcasts.list_performance")
_PERFORMANCE = endpoint("broadcasts.performance")
_NON_OPENERS = endpoint("broadcasts.non_openers")
_NON_CLICKERS = endpoint("broadcasts.non_clickers")
_END_AB_TEST = endpoint("broadcasts.end_ab_test")


class AsyncBroadcasts(AsyncResource):
    """Broadcasts. Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def create(
        self,
        input: CreateBroadcastParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> BroadcastResponse:
        """Create a draft broadcast to a segment."""
        result = await self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(BroadcastResponse, result)

    async def list(
        self,
        params: ListBroadcastsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListBroadcastsResponse:
        """One page of broadcasts: ``{"data": [...], "meta": {...}}``."""
        result = await self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListBroadcastsResponse, result)

    async def iterate(
        self,
        params: ListBroadcastsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[BroadcastDict]:
        """Every broadcast matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many broadcasts.
        """
        async for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(BroadcastDict, item)

    async def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> BroadcastResponse:
        """One broadcast with its counters."""
        result = await self._call(
            _GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(BroadcastResponse, result)

    async def update(
        self,
        id: str,
        input: UpdateBroadcastParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> BroadcastResponse:
        """Edit a draft broadcast."""
        result = await self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(BroadcastResponse, result)

    async def send(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Start sending a draft broadcast (or schedule it, if it has ``scheduled_at``)."""
        result = await self._call(
            _SEND,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    async def cancel(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Stop a scheduled or sending broadcast."""
        result = await self._call(
            _CANCEL,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    async def resend(
        self,
        id: str,
        input: ResendBroadcastParams | None = None,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ResendBroadcastResponse:
        """Draft a follow-up to the contacts who did not open (or click) this broadcast."""
        result = await self._call(
            _RESEND,
            path_params={"id": id},
            body=NO_BODY if input is None else input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ResendBroadcastResponse, result)

    async def send_test(
        self,
        id: str,
        input: SendTestBroadcastParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Send the broadcast to one address, to check how it looks."""
        result = await self._call(
            _SEND_TEST,
            path_params={"id": id},
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    async def get_variants(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> BroadcastVariantsResponse:
        """The A/B test's variants."""
        result = await self._call(
            _GET_VARIANTS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(BroadcastVariantsResponse, result)

    async def get_variant_stats(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> BroadcastVariantStatsResponse:
        """Each variant's rates and the winner so far (422 for a broadcast without A/B test)."""
        result = await self._call(
            _GET_VARIANT_STATS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(BroadcastVariantStatsResponse, result)

    async def list_performance(
        self,
        params: ListBroadcastPerformanceParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListBroadcastPerformanceResponse:
        """Recent broadcasts ranked by ``metric``."""
        result = await self._call(
            _LIST_PERFORMANCE, query=params, timeout=timeout, max_retries=max_retries
        )
        return cast(ListBroadcastPerformanceResponse, result)

    async def performance(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> BroadcastPerformanceResponse:
        """One broadcast's delivery, open and click numbers."""
        result = await self._call(
            _PERFORMANCE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(BroadcastPerformanceResponse, result)

    async def non_openers(
        self,
        id: str,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> NonRespondersResponse:
        """Recipients who did not open the broadcast (``limit`` 500 by default, max 5000)."""
        result = await self._call(
            _NON_OPENERS,
            path_params={"id": id},
            query={"limit": limit},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(NonRespondersResponse, result)

    async def non_clickers(
        self,
        id: str,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> NonRespondersResponse:
        """Recipients who clicked nothing in the broadcast (``limit`` 500 by default)."""
        result = await self._call(
            _NON_CLICKERS,
            path_params={"id": id},
            query={"limit": limit},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(NonRespondersResponse, result)

    async def end_ab_test(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Stop the A/B test now and send the leading variant to the rest of the segment."""
        result = await self._call(
            _END_AB_TEST,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)
