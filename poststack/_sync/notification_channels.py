# Generated from poststack/_async/notification_channels.py by scripts/unasync.py; do not edit by hand.
"""``ps.notification_channels``: alerts to Slack, Discord or Telegram (``full_access`` keys)."""

from __future__ import annotations

from typing import cast

from poststack_proto import endpoint

from ..types._common import SuccessResponse
from ..types.notification_channels import (
    ChannelDeliveriesResponse,
    CreateNotificationChannelParams,
    ListChannelDeliveriesParams,
    ListNotificationChannelsResponse,
    NotificationChannelResponse,
    NotificationChannelTestResponse,
    UpdateNotificationChannelParams,
)
from ._resource import Resource

__all__ = ["NotificationChannels"]

_LIST = endpoint("notification_channels.list")
_CREATE = endpoint("notification_channels.create")
_GET = endpoint("notification_channels.get")
_UPDATE = endpoint("notification_channels.update")
_DELETE = endpoint("notification_channels.delete")
_LIST_DELIVERIES = endpoint("notification_channels.list_deliveries")
_TEST = endpoint("notification_channels.test")
_REPLAY_DELIVERY = endpoint("notification_channels.replay_delivery")


class NotificationChannels(Resource):
    """Channels (``nc_...`` ids). Every method also takes ``timeout=`` and ``max_retries=``."""

    __slots__ = ()

    def list(
        self, *, timeout: float | None = None, max_retries: int | None = None
    ) -> ListNotificationChannelsResponse:
        """Every channel: ``{"channels": [...]}``."""
        result = self._call(_LIST, timeout=timeout, max_retries=max_retries)
        return cast(ListNotificationChannelsResponse, result)

    def create(
        self,
        input: CreateNotificationChannelParams,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> NotificationChannelResponse:
        """Create a channel that posts the chosen ``events``."""
        result = self._call(
            _CREATE,
            body=input,
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(NotificationChannelResponse, result)

    def get(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> NotificationChannelResponse:
        """One channel: ``{"channel": {...}}``."""
        result = self._call(_GET, path_params={"id": id}, timeout=timeout, max_retries=max_retries)
        return cast(NotificationChannelResponse, result)

    def update(
        self,
        id: str,
        input: UpdateNotificationChannelParams,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> NotificationChannelResponse:
        """Change the channel; only the keys given change (sent as PUT)."""
        result = self._call(
            _UPDATE, path_params={"id": id}, body=input, timeout=timeout, max_retries=max_retries
        )
        return cast(NotificationChannelResponse, result)

    def delete(
        self, id: str, *, timeout: float | None = None, max_retries: int | None = None
    ) -> SuccessResponse:
        """Remove the channel."""
        result = self._call(
            _DELETE, path_params={"id": id}, timeout=timeout, max_retries=max_retries
        )
        return cast(SuccessResponse, result)

    def list_deliveries(
        self,
        id: str,
        params: ListChannelDeliveriesParams | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> ChannelDeliveriesResponse:
        """One page of the channel's deliveries: ``{"deliveries": [...], "meta": {...}}``."""
        result = self._call(
            _LIST_DELIVERIES,
            path_params={"id": id},
            query=params,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(ChannelDeliveriesResponse, result)

    def test(
        self,
        id: str,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> NotificationChannelTestResponse:
        """Post a test message; the answer carries the receiving service's status."""
        result = self._call(
            _TEST,
            path_params={"id": id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(NotificationChannelTestResponse, result)

    def replay_delivery(
        self,
        id: str,
        delivery_id: int,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> SuccessResponse:
        """Post one recorded delivery again."""
        result = self._call(
            _REPLAY_DELIVERY,
            path_params={"id": id, "delivery_id": delivery_id},
            idempotency_key=idempotency_key,
            timeout=timeout,
            max_retries=max_retries,
        )
        return cast(SuccessResponse, result)
