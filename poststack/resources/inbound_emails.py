"""The official module ``poststack.resources.inbound_emails``.

Its two names are the classes of ``ps.inbound_emails``, sync and async.
"""

from __future__ import annotations

from .._async.inbound_emails import AsyncInboundEmails as AsyncInboundEmailsResource
from .._sync.inbound_emails import InboundEmails as InboundEmailsResource

__all__ = ["InboundEmailsResource", "AsyncInboundEmailsResource"]
