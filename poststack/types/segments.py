"""Typed shapes of the segments resource: what ``ps.segments.*`` takes and returns.

A segment is manual (``rules`` is ``None``: contacts are added by hand) or dynamic (its
``rules`` select contacts). Segments are addressed by ``publicId`` (``seg_...``).
"""

from typing import Literal

from ._common import PageMeta
from ._compat import NotRequired, Required, TypedDict
from .contacts import ContactDict

__all__ = [
    "AddSegmentContactsParams",
    "AddSegmentContactsResponse",
    "CreateSegmentParams",
    "ListSegmentMembersParams",
    "ListSegmentMembersResponse",
    "ListSegmentsParams",
    "ListSegmentsResponse",
    "PreviewSegmentRulesParams",
    "PreviewSegmentRulesResponse",
    "SegmentDict",
    "SegmentBroadcast",
    "SegmentBroadcastsResponse",
    "SegmentComparator",
    "SegmentConditionDict",
    "SegmentGrowthPoint",
    "SegmentGrowthResponse",
    "SegmentResponse",
    "SegmentRulesDict",
    "SegmentWithContacts",
    "UpdateSegmentParams",
]

SegmentComparator = Literal[
    "equals",
    "not_equals",
    "contains",
    "starts_with",
    "ends_with",
    "greater_than",
    "less_than",
    "greater_than_or_equal",
    "less_than_or_equal",
    "before",
    "after",
    "in_last_days",
    "is_set",
    "is_not_set",
]


class SegmentConditionDict(TypedDict, total=False):
    """One test of a contact field (``email``, ``createdAt``, ``properties.<name>``...).

    ``value`` is text (≤500 chars) and absent for ``is_set``/``is_not_set``; ``windowDays``
    (1 to 365) bounds the behavioural fields ``emailsOpened`` and ``emailsClicked``.
    """

    field: Required[str]
    comparator: Required[SegmentComparator]
    value: str
    windowDays: int


class SegmentRulesDict(TypedDict):
    operator: Literal["and", "or"]
    #: 1 to 50 conditions.
    conditions: list[SegmentConditionDict]


class CreateSegmentParams(TypedDict, total=False):
    name: Required[str]
    #: ``None`` or absent: a manual segment.
    rules: SegmentRulesDict | None


class UpdateSegmentParams(TypedDict, total=False):
    name: str
    #: ``None`` turns the segment into a manual one.
    rules: SegmentRulesDict | None


class ListSegmentsParams(TypedDict, total=False):
    """Accepted for compatibility; the segments list is not paginated and ignores them."""

    page: int
    per_page: int


class SegmentDict(TypedDict):
    id: int
    publicId: str
    name: str
    rules: SegmentRulesDict | None
    contactCount: int
    countUnavailable: NotRequired[bool]
    createdAt: str
    updatedAt: str


class SegmentWithContacts(SegmentDict):
    """A segment as ``get`` returns it: with its first 100 contacts."""

    contacts: NotRequired[list[ContactDict]]


class SegmentResponse(TypedDict):
    segment: SegmentWithContacts


class ListSegmentsResponse(TypedDict):
    segments: list[SegmentDict]


class AddSegmentContactsParams(TypedDict):
    #: 1 to 1,000 ``con_...`` ids.
    contact_ids: list[str]


class AddSegmentContactsResponse(TypedDict):
    """How many contacts were actually added (those already in are not counted)."""

    added: int


class PreviewSegmentRulesParams(TypedDict):
    rules: SegmentRulesDict


class PreviewSegmentRulesResponse(TypedDict):
    count: int


class ListSegmentMembersParams(TypedDict, total=False):
    page: int
    #: Default 50, at most 100.
    per_page: int


class ListSegmentMembersResponse(TypedDict):
    data: list[ContactDict]
    meta: PageMeta


class SegmentGrowthPoint(TypedDict):
    date: str
    members: int


class SegmentGrowthResponse(TypedDict):
    """``available`` is ``False`` for dynamic segments, which keep no history."""

    available: bool
    daily: list[SegmentGrowthPoint]


class SegmentBroadcast(TypedDict):
    id: int
    publicId: str
    subject: str
    status: str
    sentAt: str | None
    createdAt: str


class SegmentBroadcastsResponse(TypedDict):
    broadcasts: list[SegmentBroadcast]
