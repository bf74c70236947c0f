"""Typed shapes of the webhooks resource: what ``ps.webhooks.*`` takes and returns.

Webhooks are addressed by numeric ``id``. The plaintext signing secret appears only in the
answers of ``create`` and ``rotate_secret`` (``signingSecret``); store it then.
"""

from typing import Any

from ._compat import NotRequired, TypedDict

__all__ = [
    "BatchReplayParams",
    "BatchReplayResponse",
    "CreateWebhookParams",
    "ListWebhookDeliveriesParams",
    "ListWebhooksParams",
    "ListWebhooksResponse",
    "UpdateWebhookParams",
    "WebhookDict",
    "WebhookDeliveriesPagination",
    "WebhookDeliveriesResponse",
    "WebhookDeliveryDict",
    "WebhookResponse",
    "WebhookWithSecretResponse",
]


class CreateWebhookParams(TypedDict):
    url: str
    #: Event names such as ``"email.delivered"``.
    events: list[str]


class UpdateWebhookParams(TypedDict, total=False):
    url: str
    events: list[str]
    #: Shown as ``active`` on the webhook object.
    enabled: bool


class ListWebhooksParams(TypedDict, total=False):
    """Accepted for compatibility; the webhooks list is not paginated and ignores them."""

    page: int
    per_page: int


class WebhookDict(TypedDict):
    id: int
    url: str
    events: list[str]
    active: bool
    createdAt: str
    secretRotatedAt: NotRequired[str | None]
    #: Set while deliveries are signed with both the new and the previous secret.
    previousSecretExpiresAt: NotRequired[str | None]
    consecutiveFailures: NotRequired[int]
    disabledAt: NotRequired[str | None]
    disabledReason: NotRequired[str | None]
    #: List answers only.
    lastDeliveryAt: NotRequired[str | None]
    #: List answers only.
    lastDeliveryStatus: NotRequired[int | None]


class WebhookResponse(TypedDict):
    webhook: WebhookDict


class WebhookWithSecretResponse(TypedDict):
    """The answer of ``create`` and ``rotate_secret``: the only time the secret is shown."""

    webhook: WebhookDict
    signingSecret: str


class ListWebhooksResponse(TypedDict):
    webhooks: list[WebhookDict]


class ListWebhookDeliveriesParams(TypedDict, total=False):
    page: int
    per_page: int


class WebhookDeliveryDict(TypedDict):
    """One delivery attempt series; ``deliveredAt`` is set once it succeeded."""

    id: int
    webhookId: int
    eventType: str
    payload: dict[str, Any]
    statusCode: int | None
    responseBody: str | None
    attempts: int
    nextRetryAt: str | None
    deliveredAt: str | None
    createdAt: str


class WebhookDeliveriesPagination(TypedDict):
    page: int
    perPage: int
    total: int
    totalPages: int


class WebhookDeliveriesResponse(TypedDict):
    deliveries: list[WebhookDeliveryDict]
    pagination: WebhookDeliveriesPagination


class BatchReplayParams(TypedDict, total=False):
    """Which failed deliveries to re-queue (oldest first); all optional."""

    #: Look back this many minutes (at most 30 days).
    withinMinutes: int
    eventType: str
    #: At most 1,000.
    limit: int


class BatchReplayResponse(TypedDict):
    replayed: int
    remaining: int
