# Generated from poststack/_async/emails.py by scripts/unasync.py; do not edit by hand.
"""``ps.emails``: send, batch, read, list, reschedule, cancel, inspect and preview emails."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from poststack_proto import BulkSendResult, endpoint

from .._bulk_support import ProgressCallback
from ..types._common import SuccessResponse
from ..types.emails import (
    BatchEmailResponse,
    BatchEmailsParams,
    Email,
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
from ._bulk import send_many
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

    def send_many(
        self,
        messages: Iterable[SendEmailParams],
        *,
        job_id: str | None = None,
        batch_size: int = 100,
        concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        progress: bool = False,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> BulkSendResult:
        """Send any number of emails through ``batch``, ``batch_size`` (at most 100) at a time.

        ``messages`` may be a generator: it is read one batch at a time. With ``job_id``, the
        message at position ``i`` carries the key ``f"{job_id}:m{i}"`` and the batch of
        positions ``start`` to ``stop`` the key ``f"{job_id}:b{start}-{stop}"``, so rerunning
        the same job sends nothing twice; without one, keys are fresh per run. ``concurrency``
        batches are in flight at once (async: 4 by default; blocking: 1, or N threads). A 429
        with ``Retry-After`` on one batch holds every other batch of the run.

        Returns one outcome per message, in input order (``.results[i].id`` / ``.error``),
        with ``.sent``, ``.failed`` and ``.ok``. A refused element is that message's failure;
        a batch that still fails after its retries fails each of its messages with its error.
        ``on_progress(sent, failed, total_or_None)`` runs after each batch; ``progress=True``
        draws a tqdm bar on stderr (``pip install 'poststack[progress]'``).
        """
        return send_many(
            self._call,
            messages,
            job_id=job_id,
            batch_size=batch_size,
            concurrency=concurrency,
            on_progress=on_progress,
            progress=progress,
            timeout=timeout,
            max_retries=max_retries,
        )

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
    ) -> Iterator[Email]:
        """Every email matching ``params``, fetching pages as the loop needs them.

        ``limit`` stops after that many emails; a loop over a large account without
        one walks every page.
        """
        for item in self._walk(
            _LIST, params, limit=limit, timeout=timeout, max_retries=max_retries
        ):
            yield cast(Email, item)

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
