# Generated from poststack/_async/webhooks.py by scripts/unasync.py; do not edit by hand.
"""``ps.webhooks``: endpoints that receive PostStack events, their deliveries and secrets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from poststack_proto import NO_BODY, endpoint, verify_signature

from ..types._common import SuccessResponse
from ..types.webhooks import (
    BatchReplayParams,
    BatchReplayResponse,
    CreateWebhookParams,
    ListWebhookDeliveriesParams,
    ListWebhooksParams,
    ListWebhooksResponse,
    UpdateWebhookParams,
    WebhookDeliveriesResponse,
    WebhookResponse,
    WebhookWithSecretResponse,
)
from ._resource import Resource

__all__ = ["Webhooks"]

_CREATE = endpoint("webhooks.create")
_GET = endpoint("webhooks.get")
_LIST = endpoint("webhooks.list")
_UPDATE = endpoint("webhooks.update")
_DELETE = endpoint("webhooks.delete")
_TEST = endpoint("webhooks.test")
_ROTATE_SECRET = endpoint("webhooks.rotate_secret")
_GET_DELIVERIES = endpoint("webhooks.get_deliveries")
_REPLAY = endpoint("webhooks.replay")
_BATCH_REPLAY = endpoint("webhooks.batch_replay")


class Webhooks(Resource):
    """Webhooks (numeric ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def create(
        self,
        input: CreateWebhookParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WebhookWithSecretResponse:
        """Register an endpoint; store the answer's ``signingSecret``, shown only now."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(WebhookWithSecretResponse, result)

    def get(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> WebhookResponse:
        """One webhook: ``{"webhook": {...}}``."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(WebhookResponse, result)

    def list(
        self,
        params: ListWebhooksParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ListWebhooksResponse:
        """Every webhook: ``{"webhooks": [...]}``. Not paginated; ``params`` is ignored."""
        result = self._call(_LIST, query=params, timeout=timeout, max_retries=max_retries)
        return cast(ListWebhooksResponse, result)

    def update(
        self,
        id: int,
        input: UpdateWebhookParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WebhookResponse:
        """Change the URL, the events, or switch the webhook on or off (``enabled``)."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(WebhookResponse, result)

    def delete(
        self, id: int, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the webhook; no further deliveries are made."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def test(
        self,
        id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Send a test event to the endpoint."""
        result = self._call(
            _TEST,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    def rotate_secret(
        self,
        id: int,
        *,
        grace_hours: int | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WebhookWithSecretResponse:
        """Issue a new signing secret; store the answer's ``signingSecret``.

        For ``grace_hours`` (server default 24, at most 168) deliveries are signed with both
        secrets. ``grace_hours=0`` cuts over at once: the choice when the old one leaked.
        """
        result = self._call(
            _ROTATE_SECRET,
            path_params={"id": id},
            # ``is None``, not falsiness: 0 (cut over now) must reach the server.
            body=NO_BODY if grace_hours is None else {"graceHours": grace_hours},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(WebhookWithSecretResponse, result)

    def get_deliveries(
        self,
        id: int,
        params: ListWebhookDeliveriesParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> WebhookDeliveriesResponse:
        """One page of deliveries: ``{"deliveries": [...], "pagination": {...}}``."""
        result = self._call(
            _GET_DELIVERIES,
            path_params={"id": id},
            query=params,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(WebhookDeliveriesResponse, result)

    def replay(
        self,
        id: int,
        delivery_id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Deliver one recorded event again."""
        result = self._call(
            _REPLAY,
            path_params={"id": id, "delivery_id": delivery_id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)

    @staticmethod
    def verify(
        payload: str | bytes, signature_header: str | None, secret: str | Sequence[str]
    ) -> bool:
        """Whether ``signature_header`` (``X-PostStack-Signature``) signs ``payload``.

        Pass the raw body exactly as received. Never raises: a missing or malformed header
        is ``False``. Same as `poststack.verify_signature`.
        """
        return verify_signature(payload, signature_header, secret)

    def batch_replay(
        self,
        id: int,
        input: BatchReplayParams | None = None,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> BatchReplayResponse:
        """Re-queue the webhook's failed deliveries, oldest first."""
        result = self._call(
            _BATCH_REPLAY,
            path_params={"id": id},
            body={} if input is None else input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(BatchReplayResponse, result)
