"""The official module ``poststack.resources.domains``.

Its two names are the classes of ``ps.domains``, sync and async.
"""

from __future__ import annotations

from .._async.domains import AsyncDomains as AsyncDomainsResource
from .._sync.domains import Domains as DomainsResource

__all__ = ["DomainsResource", "AsyncDomainsResource"]
