"""The official module ``poststack.resources.broadcasts``.

Its two names are the classes of ``ps.broadcasts``, sync and async.
"""

from __future__ import annotations

from .._async.broadcasts import AsyncBroadcasts as AsyncBroadcastsResource
from .._sync.broadcasts import Broadcasts as BroadcastsResource

__all__ = ["BroadcastsResource", "AsyncBroadcastsResource"]
