"""``ps.inbound_emails``: mail received by the team's domains; reply to it or forward it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

from poststack_proto import endpoint

from ..types.inbound_emails import (
    DraftReplyParams,
    DraftReplyResponse,
    ForwardInboundEmailParams,
    InboundAttachmentsResponse,
    InboundEmail,
    InboundEmailResponse,
    InboundSendResponse,
    ListInboundEmailsParams,
    ListInboundEmailsResponse,
    ReplyToInboundEmailParams,
)
from ._resource import AsyncResource

__all__ = ["AsyncInboundEmails"]

_LIST = endpoint("inbound_emails.list")
_GET = endpoint("inbound_emails.get")
_LIST_ATTACHMENTS = endpoint("inbound_emails.list_attachments")
_DOWNLOAD_ATTACHMENT = endpoint("inbound_emails.download_attachment")
_DRAFT_REPLY = endpoint("inbound_emails.draft_reply")
_REPLY = endpoint("inbound_emails.reply")
_FORWARD = endpoint("inbound_emails.forward")


class AsyncInboundEmails(AsyncResource):
    """Received mail (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    async def list(
        self,
        params: ListInboundEmailsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListInboundEmailsResponse:
        """One page of received mail, newest first: ``{"data": [...], "meta": {...}}``."""
        result = await self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListInboundEmailsResponse, result)

    async def iterate(
        self,
        params: ListInboundEmailsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[InboundEmail]:
        """Every received email matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many emails.
        """
        async for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(InboundEmail, item)

    async def get(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> InboundEmailResponse:
        """One received email with its bodies: ``{"inboundEmail": {...}}``."""
        result = await self._call(
            _GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(InboundEmailResponse, result)

    async def list_attachments(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> InboundAttachmentsResponse:
        """The email's attachments (names, types and sizes, not contents)."""
        result = await self._call(
            _LIST_ATTACHMENTS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(InboundAttachmentsResponse, result)

    async def download_attachment(
        self,
        id: int,
        attachment_id: int,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> bytes:
        """The bytes of one attachment."""
        result = await self._call(
            _DOWNLOAD_ATTACHMENT,
            path_params={"id": id, "attachment_id": attachment_id},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(bytes, result)

    async def draft_reply(
        self,
        id: int,
        input: DraftReplyParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> DraftReplyResponse:
        """A suggested reply: sender, subject, quoting and threading headers. Sends nothing."""
        result = await self._call(
            _DRAFT_REPLY,
            path_params={"id": id},
            body={} if input is None else input,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(DraftReplyResponse, result)

    async def reply(
        self,
        id: int,
        input: ReplyToInboundEmailParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> InboundSendResponse:
        """Send a reply in the email's thread; answers the new email's ``id``."""
        result = await self._call(
            _REPLY,
            path_params={"id": id},
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(InboundSendResponse, result)

    async def forward(
        self,
        id: int,
        input: ForwardInboundEmailParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> InboundSendResponse:
        """Forward the email to up to 50 addresses; answers the new email's ``id``."""
        result = await self._call(
            _FORWARD,
            path_params={"id": id},
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(InboundSendResponse, result)
