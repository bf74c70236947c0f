"""The official module ``poststack.resources.segments``.

Its two names are the classes of ``ps.segments``, sync and async.
"""

from __future__ import annotations

from .._async.segments import AsyncSegments as AsyncSegmentsResource
from .._sync.segments import Segments as SegmentsResource

__all__ = ["SegmentsResource", "AsyncSegmentsResource"]
