"""The official module ``poststack.resources.mailboxes``.

Its two names are the classes of ``ps.mailboxes``, sync and async.
"""

from __future__ import annotations

from .._async.mailboxes import AsyncMailboxes as AsyncMailboxesResource
from .._sync.mailboxes import Mailboxes as MailboxesResource

__all__ = ["MailboxesResource", "AsyncMailboxesResource"]
