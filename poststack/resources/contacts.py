"""The official module ``poststack.resources.contacts``.

Its two names are the classes of ``ps.contacts``, sync and async.
"""

from __future__ import annotations

from .._async.contacts import AsyncContacts as AsyncContactsResource
from .._sync.contacts import Contacts as ContactsResource

__all__ = ["ContactsResource", "AsyncContactsResource"]
