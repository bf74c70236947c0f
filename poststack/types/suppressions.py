"""Typed shapes of the suppressions resource (``ps.suppressions.*``).

A suppressed address receives no mail. Hard bounces and complaints are added by the API
itself; suppressions are addressed by the email address.
"""

from typing import Literal

from ._common import PageMeta
from ._compat import TypedDict

__all__ = [
    "AddSuppressionParams",
    "ListSuppressionsParams",
    "ListSuppressionsResponse",
    "SuppressionDict",
    "SuppressionReason",
]

SuppressionReason = Literal["hard_bounce", "complaint", "manual", "unsubscribe"]


class AddSuppressionParams(TypedDict):
    email: str
    reason: SuppressionReason


class ListSuppressionsParams(TypedDict, total=False):
    page: int
    per_page: int


class SuppressionDict(TypedDict):
    id: int
    email: str
    reason: SuppressionReason
    createdAt: str


class ListSuppressionsResponse(TypedDict):
    data: list[SuppressionDict]
    meta: PageMeta
