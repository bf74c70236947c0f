# Generated from poststack/_async/emails.py by scripts/unasync.py; do not edit by hand.
"""``ps.emails``: send, batch, read, list, reschedule, cancel, inspect and preview emails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.emails import (
    BatchEmailResponse,
    BatchEmailsParams,
    EmailDict,
    EmailEventsResponse,
    EmailInsightsResponse,
    EmailPreviewParams,
    EmailPreviewResponse,
    GetEmailResponse,
    ListEmailsParams,
    ListEmailsResponse,
    SendEmailParams,
    SendEmailResponse,
    SpamCheck,
    SpamPreviewParams,
)
from ._resource import Resource

__all__ = ["Emails"]

_SEND = endpoint("emails.send")
_BATCH = endpoint("emails.batch")
_GET = endpoint("emails.get")
_LIST = endpoint("emails.list")
_RESCHEDULE = endpoint("emails.reschedule")
_CANCEL = endpoint("emails.cancel")
_GET_EVENTS = endpoint("emails.get_events")
_GET_INSIGHTS = endpoint("emails.get_insights")
_PREVIEW = endpoint("emails.preview")
_SPAM_PREVIEW = endpoint("emails.spam_preview")


class Emails(Resource):
    """Transactional emails. Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def send(
        self,
        input: SendEmailParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SendEmailResponse:
        """Send one email; the answer's ``id`` (``em_...``) names it from then on.

        Retries reuse one ``Idempotency-Key`` (yours, the payload's ``idempotency_key``,
        or a fresh UUID), so a repeated attempt can never send the email twice.
        """
        result = self._call(
            _SEND,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SendEmailResponse, result)

    def batch(
        self,
        input: BatchEmailsParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> BatchEmailResponse:
        """Send up to 100 emails; each is accepted (``id``) or refused (``error``) on its own."""
        result = self._call(
            _BATCH,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(BatchEmailResponse, result)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> GetEmailResponse:
        """One email with its bodies and events: ``{"email": {...}}``."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(GetEmailResponse, result)

    def list(
        self,
        params: ListEmailsParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListEmailsResponse:
        """One page of sent emails, newest first: ``{"data": [...], "meta": {...}}``."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListEmailsResponse, result)

    def iterate(
        self,
        params: ListEmailsParams | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[EmailDict]:
        """Every email matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many emails; a loop over a large account without
        one walks every page.
        """
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(EmailDict, item)

    def reschedule(
        self,
        id: str,
        scheduled_at: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Move a scheduled email to ``scheduled_at`` (ISO-8601)."""
        result = self._call(
            _RESCHEDULE,
            path_params={"id": id},
            body={"scheduled_at": scheduled_at},
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    def cancel(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Cancel an email that has not entered the sending pipeline yet."""
        result = self._call(
            _CANCEL,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    def get_events(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> EmailEventsResponse:
        """The email's events: ``{"events": [...]}``."""
        result = self._call(
            _GET_EVENTS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(EmailEventsResponse, result)

    def get_insights(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> EmailInsightsResponse:
        """Deliverability warnings for the email: ``{"warnings": [...]}``."""
        result = self._call(
            _GET_INSIGHTS, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(EmailInsightsResponse, result)

    def preview(
        self,
        input: EmailPreviewParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> EmailPreviewResponse:
        """Render, lint and measure an email without sending or storing it."""
        result = self._call(_PREVIEW, body=input, timeout=timeout, max_retries=max_retries)
        return cast(EmailPreviewResponse, result)

    def spam_preview(
        self,
        input: SpamPreviewParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SpamCheck:
        """Score a draft with the spam filter, without sending it."""
        result = self._call(_SPAM_PREVIEW, body=input, timeout=timeout, max_retries=max_retries)
        return cast(SpamCheck, result)
