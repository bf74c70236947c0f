"""The official module ``poststack.resources.subscription_topics``.

Its two names are the classes of ``ps.subscription_topics``, sync and async.
"""

from __future__ import annotations

from .._async.subscription_topics import AsyncSubscriptionTopics as AsyncSubscriptionTopicsResource
from .._sync.subscription_topics import SubscriptionTopics as SubscriptionTopicsResource

__all__ = ["SubscriptionTopicsResource", "AsyncSubscriptionTopicsResource"]
