"""``ps.segments``: groups of contacts, chosen by hand or by rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.contacts import ContactDict
from ..types.segments import (
    AddSegmentContactsParams,
    AddSegmentContactsResponse,
    CreateSegmentParams,
    ListSegmentMembersParams,
    ListSegmentMembersResponse,
    ListSegmentsParams,
    ListSegmentsResponse,
    PreviewSegmentRulesParams,
    PreviewSegmentRulesResponse,
    SegmentBroadcastsResponse,
    SegmentGrowthResponse,
    SegmentResponse,
    UpdateSegmentParams,
)
from ._resource import AsyncResource

__all__ = ["AsyncSegments"]

_CREATE = endpoint("segments.create")
_LIST = endpoint("segments.list")
_GET = endpoint("segments.get")
_UPDATE = endpoint("segments.update")
_DELETE = endpoint("segments.delete")
_ADD_CONTACTS = endpoint("segments.add_contacts")
_REMOVE_CONTACT = endpoint("segments.remove_contact")
_PREVIEW_RULES = endpoint("segments.preview_rules")
_MEMBERS = endpoint("segments.members")
_GROWTH = endpoint("segments.growth")
_BROADCASTS = endpoint("segments.broadcasts")


class AsyncSegments(AsyncResource):
    """Segments (``seg_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def create(
        self,
        input: CreateSegmentParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SegmentResponse:
        """Create a segment: manual without ``rules``, dynamic with them."""
        result = await self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SegmentResponse, result)

    async def list(
        self,
        params: ListSegmentsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListSegmentsResponse:
        """Every segment: ``{"segments": [...]}``. Not paginated; ``params`` is ignored."""
        result = await self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListSegmentsResponse, result)

    async def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SegmentResponse:
        """One segment with its first 100 contacts."""
        result = await self._call(
            _GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SegmentResponse, result)

    async def update(
        self,
        id: str,
        input: UpdateSegmentParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SegmentResponse:
        """Rename, or change the rules (``"rules": None`` makes it manual)."""
        result = await self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(SegmentResponse, result)

    async def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the segment (its contacts stay)."""
        result = await self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    async def add_contacts(
        self,
        id: str,
        input: AddSegmentContactsParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> AddSegmentContactsResponse:
        """Add up to 1,000 contacts to a manual segment; answers how many were new."""
        result = await self._call(
            _ADD_CONTACTS,
            path_params={"id": id},
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(AddSegmentContactsResponse, result)

    async def remove_contact(
        self,
        id: str,
        contact_id: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Take one contact out of a manual segment."""
        result = await self._call(
            _REMOVE_CONTACT,
            path_params={"id": id, "contact_id": contact_id},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    async def preview_rules(
        self,
        input: PreviewSegmentRulesParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> PreviewSegmentRulesResponse:
        """How many contacts ``rules`` would select, without creating anything."""
        result = await self._call(
            _PREVIEW_RULES, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(PreviewSegmentRulesResponse, result)

    async def members(
        self,
        id: str,
        params: ListSegmentMembersParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListSegmentMembersResponse:
        """One page of the segment's contacts: ``{"data": [...], "meta": {...}}``."""
        result = await self._call(
            _MEMBERS, path_params={"id": id}, query=params, timeout=timeout, max_retries=max_retries
        )
        return cast(ListSegmentMembersResponse, result)

    async def iterate_members(
        self,
        id: str,
        params: ListSegmentMembersParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[ContactDict]:
        """Every contact of the segment, fetching pages as the loop needs them.

        ``limit`` stops after that many contacts.
        """
        async for item in self._walk(
            _MEMBERS,
            params,
            limit=limit,
            path_params={"id": id},
            timeout=timeout,
            max_retries=max_retries,
        ):
            yield cast(ContactDict, item)

    async def growth(
        self,
        id: str,
        days: int | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SegmentGrowthResponse:
        """Daily member counts of a manual segment over the last ``days`` (30, max 365)."""
        result = await self._call(
            _GROWTH,
            path_params={"id": id},
            query={"days": days},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SegmentGrowthResponse, result)

    async def broadcasts(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SegmentBroadcastsResponse:
        """The broadcasts sent (or drafted) to this segment."""
        result = await self._call(
            _BROADCASTS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SegmentBroadcastsResponse, result)
