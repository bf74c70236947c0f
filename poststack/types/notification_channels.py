"""Typed shapes of the notification channels resource (``ps.notification_channels.*``).

Channels post alerts (bounces, complaints...) to Slack, Discord or Telegram. They need a
``full_access`` key, are addressed by ``publicId`` (``nc_...``), and their bodies are
camelCase. Secrets are never returned; ``configSummary`` is masked.
"""

from typing import Any, Literal

from ._compat import NotRequired, TypedDict

__all__ = [
    "ChannelDeliveriesResponse",
    "ChannelDelivery",
    "CreateDiscordChannelParams",
    "CreateNotificationChannelParams",
    "CreateSlackChannelParams",
    "CreateTelegramChannelParams",
    "ListChannelDeliveriesParams",
    "ListNotificationChannelsResponse",
    "NotificationChannel",
    "NotificationChannelResponse",
    "NotificationChannelTestResponse",
    "NotificationChannelType",
    "UpdateNotificationChannelParams",
]

NotificationChannelType = Literal["slack", "discord", "telegram"]


class _WebhookUrlConfig(TypedDict):
    webhookUrl: str


class _TelegramConfig(TypedDict):
    botToken: str
    chatId: str


class _CreateChannelBase(TypedDict):
    name: str
    #: At least one, such as ``"email.bounced"``.
    events: list[str]
    #: Only events of this domain (numeric id).
    domainId: NotRequired[int]
    #: Only events of this mailbox (numeric id).
    mailboxId: NotRequired[int]


class CreateSlackChannelParams(_CreateChannelBase):
    type: Literal["slack"]
    config: _WebhookUrlConfig


class CreateDiscordChannelParams(_CreateChannelBase):
    type: Literal["discord"]
    config: _WebhookUrlConfig


class CreateTelegramChannelParams(_CreateChannelBase):
    type: Literal["telegram"]
    config: _TelegramConfig


#: The body of ``POST /notification-channels``; ``type`` decides the shape of ``config``.
CreateNotificationChannelParams = (
    CreateSlackChannelParams | CreateDiscordChannelParams | CreateTelegramChannelParams
)


class UpdateNotificationChannelParams(TypedDict, total=False):
    """Partial, although sent with PUT; ``config`` keys are merged. The type is fixed."""

    name: str
    events: list[str]
    domainId: int | None
    mailboxId: int | None
    enabled: bool
    #: Keys given replace the stored ones.
    config: dict[str, str]


class NotificationChannel(TypedDict):
    publicId: str
    type: Literal["slack", "discord", "telegram", "web_push"]
    name: str
    domainId: int | None
    mailboxId: int | None
    events: list[str]
    active: bool
    #: Masked descriptions of the configuration; secrets never come back.
    configSummary: dict[str, str]
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
    """``statusCode`` and ``responseBody`` are what Slack, Discord or Telegram answered."""

    success: bool
    statusCode: int | None
    responseBody: str | None


class ListChannelDeliveriesParams(TypedDict, total=False):
    page: int
    per_page: int


class ChannelDelivery(TypedDict):
    id: int
    channelId: int
    eventType: str
    payload: dict[str, Any]
    statusCode: int | None
    responseBody: str | None
    attempts: int
    nextRetryAt: str | None
    deliveredAt: str | None
    createdAt: str


class _ChannelDeliveriesMeta(TypedDict):
    page: int
    perPage: int
    total: int
    totalPages: int


class ChannelDeliveriesResponse(TypedDict):
    deliveries: list[ChannelDelivery]
    meta: _ChannelDeliveriesMeta
