"""The official module ``poststack.resources.suppressions``.

Its two names are the classes of ``ps.suppressions``, sync and async.
"""

from __future__ import annotations

from .._async.suppressions import AsyncSuppressions as AsyncSuppressionsResource
from .._sync.suppressions import Suppressions as SuppressionsResource

__all__ = ["SuppressionsResource", "AsyncSuppressionsResource"]
