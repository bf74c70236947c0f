"""The official module ``poststack.resources.emails``.

Its two names are the classes of ``ps.emails``, sync and async.
"""

from __future__ import annotations

from .._async.emails import AsyncEmails as AsyncEmailsResource
from .._sync.emails import Emails as EmailsResource

__all__ = ["EmailsResource", "AsyncEmailsResource"]
