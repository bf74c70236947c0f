"""The official module ``poststack.resources.api_keys``.

Its two names are the classes of ``ps.api_keys``, sync and async.
"""

from __future__ import annotations

from .._async.api_keys import AsyncApiKeys as AsyncApiKeysResource
from .._sync.api_keys import ApiKeys as ApiKeysResource

__all__ = ["ApiKeysResource", "AsyncApiKeysResource"]
