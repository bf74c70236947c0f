"""Typed shapes of the notification channels resource (``ps.notification_channels.*``).

Channels post alerts (bounces, complaints...) to Slack, Discord or Telegram. They need a
``full_access`` key, are addressed by ``publicId`` (``nc_...``), and their bodies are
camelCase. Secrets are never returned; ``configSummary`` is masked.
"""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import NotRequired, Required, TypedDict

__all__ = [
    "ChannelDeliveriesResponse",
    "ChannelDelivery",
    "CreateNotificationChannelParams",
    "ListChannelDeliveriesParams",
    "ListNotificationChannelsResponse",
    "NotificationChannel",
    "NotificationChannelConfig",
    "NotificationChannelResponse",
    "NotificationChannelTestResponse",
    "NotificationChannelType",
    "UpdateNotificationChannelParams",
]

NotificationChannelType = Literal["slack", "discord", "telegram"]


class NotificationChannelConfig(TypedDict, total=False):
    """``webhookUrl`` for Slack and Discord; ``botToken`` and ``chatId`` for Telegram."""

    webhookUrl: str
    botToken: str
    chatId: str


class CreateNotificationChannelParams(TypedDict, total=False):
    type: Required[NotificationChannelType]
    name: Required[str]
    #: At least one, such as ``"email.bounced"``.
    events: Required[list[str]]
    config: Required[NotificationChannelConfig]
    domainId: int
    mailboxId: int


class UpdateNotificationChannelParams(TypedDict, total=False):
    """Partial, although sent with PUT; ``config`` keys are merged. The type is fixed."""

    name: str
    events: list[str]
    domainId: int | None
    mailboxId: int | None
    enabled: bool
    config: NotificationChannelConfig


class NotificationChannel(TypedDict):
    publicId: str
    type: Literal["slack", "discord", "telegram", "web_push"]
    name: str
    domainId: int | None
    mailboxId: int | None
    events: list[str]
    active: bool
    configSummary: dict[str, Any]
    consecutiveFailures: int
    disabledAt: str | None
    disabledReason: str | None
    lastUsedAt: str | None
    createdAt: str
    updatedAt: str


class NotificationChannelResponse(TypedDict):
    channel: NotificationChannel


class ListNotificationChannelsResponse(TypedDict):
    channels: list[NotificationChannel]


class NotificationChannelTestResponse(TypedDict):
    success: bool
    statusCode: NotRequired[int | None]
    responseBody: NotRequired[str | None]


class ListChannelDeliveriesParams(TypedDict, total=False):
    page: int
    per_page: int


class ChannelDelivery(TypedDict, total=False):
    id: Required[int]
    eventType: str
    payload: dict[str, Any]
    statusCode: int | None
    responseBody: str | None
    createdAt: Required[str]


class _ChannelDeliveriesMeta(TypedDict):
    page: int
    perPage: int
    total: int
    totalPages: int


class ChannelDeliveriesResponse(TypedDict):
    deliveries: list[ChannelDelivery]
    meta: _ChannelDeliveriesMeta
