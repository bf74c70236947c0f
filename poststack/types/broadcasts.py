"""Typed shapes of the broadcasts resource: what ``ps.broadcasts.*`` takes and returns.

A broadcast is one email sent to a segment, optionally A/B tested. Broadcasts are
addressed by ``publicId`` (treat it as opaque). Performance rows are snake_case, as the
API computes them; everything else in answers is camelCase.
"""

from typing import Literal

from ._common import PageMeta
from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "AbTest",
    "AbTestVariant",
    "BroadcastDict",
    "BroadcastMetric",
    "BroadcastNonResponder",
    "BroadcastPerformanceResponse",
    "BroadcastPerformanceRow",
    "BroadcastResponse",
    "BroadcastStatus",
    "BroadcastVariantDict",
    "BroadcastVariantsResponse",
    "BroadcastVariantStatsDict",
    "BroadcastVariantStatsResponse",
    "CreateBroadcastParams",
    "ListBroadcastPerformanceParams",
    "ListBroadcastPerformanceResponse",
    "ListBroadcastsParams",
    "ListBroadcastsResponse",
    "NonRespondersResponse",
    "ResendBroadcastParams",
    "ResendBroadcastResponse",
    "SendTestBroadcastParams",
    "UpdateBroadcastParams",
]

BroadcastStatus = Literal["draft", "queued", "sending", "sent", "cancelled"]
BroadcastMetric = Literal["open_rate", "click_rate", "delivered"]


class AbTestVariant(TypedDict, total=False):
    name: Required[str]
    subject: Required[str]
    html: str
    text: str
    #: 1 to 100; the variants' weights sum to 100.
    weight: Required[int]


class AbTest(TypedDict, total=False):
    """2 to 5 variants; the primary subject and bodies are ignored when set."""

    variants: Required[list[AbTestVariant]]
    #: Percent of the segment in the test phase, 5 to 50 (default 20).
    test_sample_size: int
    #: 30 to 1440 (default 120).
    test_duration_minutes: int


CreateBroadcastParams = TypedDict(
    "CreateBroadcastParams",
    {
        "segment_id": Required[str],
        "topic_id": str,
        "from": Required[str],
        "subject": Required[str],
        "html": str,
        "text": str,
        "reply_to": str,
        "name": str,
        "scheduled_at": str,
        "ab_test": AbTest,
    },
    total=False,
)
CreateBroadcastParams.__doc__ = """The body of ``POST /broadcasts``: ``segment_id`` (``seg_...``),
``from`` and ``subject`` are required; ``topic_id`` (``top_...``) skips contacts who opted out."""

UpdateBroadcastParams = TypedDict(
    "UpdateBroadcastParams",
    {
        "segment_id": str,
        "topic_id": str | None,
        "from": str,
        "subject": str,
        "html": str,
        "text": str,
        "reply_to": str,
        "name": str,
        "scheduled_at": str,
        "ab_test": AbTest,
    },
    total=False,
)
UpdateBroadcastParams.__doc__ = """The body of ``PATCH /broadcasts/:id`` (drafts only);
``"topic_id": None`` detaches the topic."""


class ListBroadcastsParams(TypedDict, total=False):
    page: int
    per_page: int
    #: A substring of the subject.
    search: str
    status: BroadcastStatus


class BroadcastDict(TypedDict):
    id: int
    publicId: str
    name: NotRequired[str | None]
    subject: str
    status: BroadcastStatus
    segmentPublicId: str | None
    topicPublicId: str | None
    #: Deprecated: use ``segmentPublicId``.
    segmentId: NotRequired[int | None]
    totalRecipients: int
    deliveredCount: int
    openedCount: int
    clickedCount: int
    bouncedCount: int
    createdAt: str
    sentAt: NotRequired[str | None]
    scheduledAt: NotRequired[str | None]


class BroadcastResponse(TypedDict):
    broadcast: BroadcastDict


class ListBroadcastsResponse(TypedDict):
    data: list[BroadcastDict]
    meta: PageMeta


class SendTestBroadcastParams(TypedDict):
    email: str


class ResendBroadcastParams(TypedDict, total=False):
    target: Literal["non_openers", "non_clickers"]
    #: Default ``"Re: <original subject>"``.
    subject: str


class _ResentBroadcast(TypedDict):
    id: str
    subject: str
    status: BroadcastStatus


class _ResendSegment(TypedDict):
    id: str
    name: str


class ResendBroadcastResponse(TypedDict):
    """A new draft broadcast to the contacts who did not open (or click) the original."""

    broadcast: _ResentBroadcast
    segment: _ResendSegment
    recipientCount: int


class BroadcastVariantDict(TypedDict):
    id: int
    name: str
    subject: str
    weight: int
    deliveredCount: int
    openedCount: int
    clickedCount: int


class BroadcastVariantsResponse(TypedDict):
    variants: list[BroadcastVariantDict]


class BroadcastVariantStatsDict(BroadcastVariantDict):
    """A variant's counters with its rates (fractions from 0 to 1)."""

    recipientCount: int
    bouncedCount: int
    openRate: float
    clickRate: float


class BroadcastVariantStatsResponse(TypedDict):
    variants: list[BroadcastVariantStatsDict]
    winnerVariantId: int | None


class ListBroadcastPerformanceParams(TypedDict, total=False):
    #: ISO-8601.
    since: str
    #: Default ``click_rate``.
    metric: BroadcastMetric
    #: Default 20, at most 100.
    limit: int


class BroadcastPerformanceRow(TypedDict):
    """One broadcast's numbers; rates are fractions from 0 to 1."""

    id: str
    subject: str
    status: str
    sent_at: str | None
    total_recipients: int
    delivered: int
    opened: int
    clicked: int
    bounced: int
    open_rate: float
    click_rate: float


class ListBroadcastPerformanceResponse(TypedDict):
    metric: BroadcastMetric
    since: str | None
    broadcasts: list[BroadcastPerformanceRow]


class _PerformanceWithProgress(BroadcastPerformanceRow):
    #: Recipients whose servers are still being retried.
    in_progress: int


class BroadcastPerformanceResponse(TypedDict):
    broadcast: _PerformanceWithProgress
    #: ``None`` for a broadcast without an A/B test.
    variants: BroadcastVariantStatsResponse | None


class BroadcastNonResponder(TypedDict):
    #: The contact's internal id.
    id: int
    email: str
    first_name: str | None
    last_name: str | None


class _NonResponderBroadcast(TypedDict):
    id: str
    subject: str


class NonRespondersResponse(TypedDict):
    broadcast: _NonResponderBroadcast
    count: int
    contacts: list[BroadcastNonResponder]
