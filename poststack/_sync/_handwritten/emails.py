# Generated from poststack/_async/_handwritten/emails.py by scripts/unasync.py; do not edit by hand.
"""Hand-written methods of ``ps.emails``; the generated `Emails` extends this class.

Methods that do more than pass their arguments on belong here (``send_many``, which drives
``poststack/_sync/_bulk.py``, for one).
"""

from __future__ import annotations

from .._resource import Resource

__all__ = ["EmailsHandwritten"]


class EmailsHandwritten(Resource):
    """The hand-written part of ``ps.emails``."""

    __slots__ = ()
