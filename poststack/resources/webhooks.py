"""The official module ``poststack.resources.webhooks``.

Its two names are the classes of ``ps.webhooks``, sync and async.
"""

from __future__ import annotations

from .._async.webhooks import AsyncWebhooks as AsyncWebhooksResource
from .._sync.webhooks import Webhooks as WebhooksResource

__all__ = ["WebhooksResource", "AsyncWebhooksResource"]
