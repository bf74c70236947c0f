"""The official module ``poststack.resources.notification_channels``.

Its two names are the classes of ``ps.notification_channels``, sync and async.
"""

from __future__ import annotations

from .._async.notification_channels import (
    AsyncNotificationChannels as AsyncNotificationChannelsResource,
)
from .._sync.notification_channels import NotificationChannels as NotificationChannelsResource

__all__ = ["NotificationChannelsResource", "AsyncNotificationChannelsResource"]
