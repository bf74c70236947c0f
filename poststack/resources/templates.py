"""The official module ``poststack.resources.templates``.

Its two names are the classes of ``ps.templates``, sync and async.
"""

from __future__ import annotations

from .._async.templates import AsyncTemplates as AsyncTemplatesResource
from .._sync.templates import Templates as TemplatesResource

__all__ = ["TemplatesResource", "AsyncTemplatesResource"]
