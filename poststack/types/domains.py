"""Typed shapes of the domains resource: what ``ps.domains.*`` takes and returns.

Domains are addressed by their numeric ``id``. Request keys are snake_case except
``ipAddressId`` and ``perPage``, which the API reads in camelCase; responses are camelCase.
"""

from typing import Any, Literal

from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "AssignIpParams",
    "CreateDomainParams",
    "DkimRotation",
    "DkimRotationResponse",
    "DkimRotationState",
    "DmarcDailyStat",
    "DmarcReportDict",
    "DmarcReportsPagination",
    "DmarcReportsParams",
    "DmarcReportsResponse",
    "DmarcSourceDict",
    "DmarcSourcesResponse",
    "DmarcStatsResponse",
    "DmarcTotals",
    "DnsRecordDict",
    "DomainDict",
    "DomainRegion",
    "DomainResponse",
    "DomainStatus",
    "InboxPlacementProvider",
    "InboxPlacementResponse",
    "InboxPlacementSignal",
    "InboxPlacementTotals",
    "ListDomainsParams",
    "ListDomainsResponse",
    "StreamPreference",
    "TlsMode",
    "UpdateDomainParams",
    "VerifyDomainResponse",
]

DomainStatus = Literal["pending", "verified", "failed"]
DomainRegion = Literal["eu-west-1"]
TlsMode = Literal["opportunistic", "enforced"]
StreamPreference = Literal["any", "transactional", "marketing", "notification"]
DkimRotationState = Literal["idle", "pending_dns", "ready", "retiring"]


class CreateDomainParams(TypedDict, total=False):
    """The body of ``POST /domains``: only ``name`` is required."""

    name: Required[str]
    region: DomainRegion
    custom_return_path: str
    open_tracking: bool
    click_tracking: bool
    tls_mode: TlsMode


class UpdateDomainParams(TypedDict, total=False):
    """The body of ``PATCH /domains/:id``: every field optional; ``None`` clears a nullable one."""

    open_tracking: bool
    click_tracking: bool
    #: A CNAME to ``track.poststack.dev``.
    tracking_domain: str | None
    tls_mode: TlsMode
    #: Receive mail: publish an MX record to ``inbound.poststack.dev``.
    inbound_enabled: bool
    catch_all: bool
    stream_preference: StreamPreference
    bimi_logo_url: str | None


class ListDomainsParams(TypedDict, total=False):
    """Accepted for compatibility; the domains list is not paginated and ignores them."""

    page: int
    per_page: int


class DnsRecordDict(TypedDict):
    type: Literal["TXT", "CNAME", "MX", "SRV"]
    name: str
    value: str
    purpose: Literal[
        "spf", "dkim", "dkim_rotation", "dmarc", "return_path", "mx", "imap", "submission"
    ]
    verified: bool


class DomainDict(TypedDict):
    """A sending domain and the DNS records it needs."""

    id: int
    publicId: NotRequired[str]
    name: str
    status: DomainStatus
    region: DomainRegion
    dnsRecords: list[DnsRecordDict]
    openTracking: bool
    clickTracking: bool
    trackingDomain: NotRequired[str | None]
    catchAll: bool
    inboundEnabled: NotRequired[bool]
    tlsMode: TlsMode
    streamPreference: NotRequired[StreamPreference]
    bimiLogoUrl: NotRequired[str | None]
    verifiedAt: NotRequired[str | None]
    createdAt: str


class DomainResponse(TypedDict):
    domain: DomainDict


class VerifyDomainResponse(TypedDict):
    """Verification runs in the background: ``queued`` is ``True`` and ``domain`` is as of now."""

    queued: bool
    domain: DomainDict


class ListDomainsResponse(TypedDict):
    domains: list[DomainDict]


class AssignIpParams(TypedDict):
    ipAddressId: int


class DmarcReportsParams(TypedDict, total=False):
    """``per_page`` is sent as ``perPage``, the only spelling this endpoint reads."""

    page: int
    per_page: int
    perPage: int


class DmarcReportDict(TypedDict):
    id: int
    domainId: int
    reportId: str
    orgName: str
    email: str | None
    dateRangeStart: str | None
    dateRangeEnd: str | None
    domain: str
    policyPublished: dict[str, Any] | None
    status: Literal["pending", "processed", "error"]
    createdAt: str


class DmarcReportsPagination(TypedDict):
    page: int
    perPage: int
    total: int
    totalPages: int


class DmarcReportsResponse(TypedDict):
    reports: list[DmarcReportDict]
    pagination: DmarcReportsPagination


class DmarcTotals(TypedDict):
    totalMessages: int
    passed: int
    spfPassed: int
    dkimPassed: int


class DmarcDailyStat(TypedDict):
    date: str
    total: int
    passed: int
    failed: int


class DmarcStatsResponse(TypedDict):
    totals: DmarcTotals
    daily: list[DmarcDailyStat]


class DmarcSourceDict(TypedDict):
    sourceIp: str
    total: int
    passed: int
    failed: int


class DmarcSourcesResponse(TypedDict):
    sources: list[DmarcSourceDict]


class DkimRotation(TypedDict):
    """The state of a DKIM key rotation: stage, publish the record, activate, retire."""

    domainId: int
    state: DkimRotationState
    activeSelector: str | None
    pendingSelector: str | None
    pendingPublicKey: str | None
    pendingRecordName: str | None
    pendingRecordValue: str | None
    startedAt: str | None
    publishedAt: str | None
    activatesAfter: str | None
    retiredSelector: str | None
    retireAfter: str | None


class DkimRotationResponse(TypedDict):
    rotation: DkimRotation


class InboxPlacementTotals(TypedDict):
    sent: int
    accepted: int
    deferred: int
    bounced: int
    complained: int
    acceptanceRate: float | None
    complaintRate: float | None
    avgSpamScore: float | None


class InboxPlacementSignal(TypedDict):
    """One kind of refusal a provider gave; ``ownership`` says who can act on it."""

    bucket: Literal[
        "throttled",
        "reputation_block",
        "authentication",
        "content",
        "policy",
        "recipient",
        "infrastructure",
        "unknown",
    ]
    ownership: Literal["sender", "recipient", "unknown"]
    provider: str
    code: str | None
    message: str | None
    messages: int
    lastSeenAt: str


class InboxPlacementProvider(TypedDict):
    provider: str
    sent: int
    accepted: int
    deferred: int
    bounced: int
    complained: int
    acceptanceRate: float | None


class InboxPlacementResponse(TypedDict):
    """What receiving providers did with the domain's mail over ``windowDays``.

    ``accepted`` means the receiving server answered 250; no provider reports junk-folder
    placement, so the signals are the closest observable proxy.
    """

    windowDays: int
    totals: InboxPlacementTotals
    senderSignals: list[InboxPlacementSignal]
    recipientSignals: list[InboxPlacementSignal]
    providers: list[InboxPlacementProvider]
