"""Hand-written methods of ``ps.emails``; the generated `AsyncEmails` extends this class.

Methods that do more than pass their arguments on belong here (``send_many``, which drives
``poststack/_async/_bulk.py``, for one).
"""

from __future__ import annotations

from .._resource import AsyncResource

__all__ = ["AsyncEmailsHandwritten"]


class AsyncEmailsHandwritten(AsyncResource):
    """The hand-written part of ``ps.emails``."""

    __slots__ = ()
