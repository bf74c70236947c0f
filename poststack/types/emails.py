"""Typed shapes of the emails resource: what ``ps.emails.*`` takes and returns.

Payload keys are the wire's own (``"from"``, ``"reply_to"``), so the dict literal users
write is exactly what mypy, pyright and Pylance check. Results are plain dicts at run time;
these types only tell the checker which keys exist. Response keys are camelCase where
the API's are.
"""

from typing import Any, Literal

from ._common import PageMeta
from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "Attachment",
    "BatchEmailResponse",
    "BatchEmailResult",
    "BatchEmailsParams",
    "EmailDict",
    "EmailEventDict",
    "EmailEventType",
    "EmailEventsResponse",
    "EmailInsight",
    "EmailInsightsResponse",
    "EmailPreviewParams",
    "EmailPreviewResponse",
    "EmailStatus",
    "EmailTracking",
    "EmailWithDetails",
    "GetEmailResponse",
    "ListEmailsParams",
    "ListEmailsResponse",
    "SendEmailParams",
    "SendEmailResponse",
    "SpamCheck",
    "SpamPreviewParams",
    "SpamSymbol",
    "TemplateVariables",
]

EmailStatus = Literal[
    "queued", "sending", "deferred", "delivered", "bounced", "complained", "failed"
]
EmailEventType = Literal[
    "queued",
    "sent",
    "delivered",
    "deferred",
    "bounced",
    "soft_bounced",
    "opened",
    "clicked",
    "complained",
    "unsubscribed",
    "failed",
]
TemplateVariables = dict[str, str | int | float | bool]


class Attachment(TypedDict):
    """A file sent with the email. ``content`` is base64 text of the file's bytes."""

    filename: str
    content: str
    content_type: NotRequired[str]
    #: Makes the attachment inline: reference it as ``cid:<content_id>`` in the HTML.
    content_id: NotRequired[str]


class EmailTracking(TypedDict, total=False):
    """Per-send override of the domain's open and click tracking."""

    opens: bool
    clicks: bool


SendEmailParams = TypedDict(
    "SendEmailParams",
    {
        "from": Required[str],
        "to": Required[list[str]],
        "cc": list[str],
        "bcc": list[str],
        "reply_to": str | list[str],
        "subject": str,
        "html": str,
        "text": str,
        "headers": dict[str, str],
        "tags": list[str],
        "attachments": list[Attachment],
        "idempotency_key": str,
        "idempotency_window_hours": int,
        "scheduled_at": str,
        "template_id": str,
        "variables": TemplateVariables,
        "unsubscribe": bool,
        "tracking": EmailTracking,
        "signature": Literal["auto", "none"],
    },
    total=False,
)
SendEmailParams.__doc__ = """The body of ``POST /emails``: ``from`` and ``to`` are required, and
``subject`` with ``html`` or ``text`` unless a ``template_id`` supplies them."""


class SendEmailResponse(TypedDict):
    """``202 {"id": "em_..."}``; ``replayed`` when an idempotency key matched an earlier send."""

    id: str
    replayed: NotRequired[bool]
    test_mode: NotRequired[bool]


class BatchEmailsParams(TypedDict):
    """Up to 100 emails, each validated and accepted or refused on its own."""

    emails: list[SendEmailParams]


class BatchEmailResult(TypedDict, total=False):
    """One element of a batch answer: ``id`` (accepted) or ``error``/``code`` (refused)."""

    id: str
    replayed: bool
    error: str
    code: str


class BatchEmailResponse(TypedDict):
    """Results in the order of the input emails."""

    data: list[BatchEmailResult]


class EmailEventDict(TypedDict):
    """One step in an email's life (queued, sent, delivered, opened...)."""

    id: int
    emailId: int
    eventType: EmailEventType
    metadata: dict[str, Any] | None
    geoCountry: NotRequired[str | None]
    geoRegion: NotRequired[str | None]
    geoCity: NotRequired[str | None]
    uaClientName: NotRequired[str | None]
    uaClientType: NotRequired[str | None]
    uaOs: NotRequired[str | None]
    uaDeviceType: NotRequired[str | None]
    isPrefetch: NotRequired[bool]
    createdAt: str


class SpamSymbol(TypedDict):
    name: str
    score: float
    description: NotRequired[str]


class EmailDict(TypedDict):
    """An email as listed (no bodies, no events)."""

    id: int
    publicId: str
    fromAddress: str
    fromName: str | None
    toAddresses: list[str]
    ccAddresses: list[str] | None
    bccAddresses: list[str] | None
    replyTo: list[str] | None
    subject: str
    headers: dict[str, str] | None
    tags: list[str] | None
    status: EmailStatus
    testMode: bool
    recipientProvider: str | None
    unsubscribeEnabled: bool
    spamScore: str | None
    spamWarnings: list[SpamSymbol] | None
    scheduledAt: str | None
    sentAt: str | None
    createdAt: str


class EmailWithDetails(EmailDict):
    """An email as ``get`` returns it: with its bodies and events."""

    htmlBody: str | None
    textBody: str | None
    events: list[EmailEventDict]


class GetEmailResponse(TypedDict):
    email: EmailWithDetails


ListEmailsParams = TypedDict(
    "ListEmailsParams",
    {
        "page": int,
        "per_page": int,
        "status": EmailStatus,
        "domain_id": int,
        "date_from": str,
        "date_to": str,
        "to": str,
        "from": str,
        "subject": str,
        "tag": str,
        "provider": str,
        "country": str,
        "device": str,
    },
    total=False,
)


class ListEmailsResponse(TypedDict):
    data: list[EmailDict]
    meta: PageMeta


class EmailEventsResponse(TypedDict):
    events: list[EmailEventDict]


class EmailInsight(TypedDict):
    code: str
    message: str
    severity: Literal["warning", "info"]


class EmailInsightsResponse(TypedDict):
    warnings: list[EmailInsight]


EmailPreviewParams = TypedDict(
    "EmailPreviewParams",
    {
        "from": Required[str],
        "to": Required[list[str]],
        "subject": str,
        "html": str,
        "text": str,
        "template_id": str,
        "variables": TemplateVariables,
    },
    total=False,
)

SpamPreviewParams = TypedDict(
    "SpamPreviewParams",
    {
        "from": Required[str],
        "to": Required[list[str]],
        "subject": Required[str],
        "html": str,
        "text": str,
    },
    total=False,
)


class SpamCheck(TypedDict):
    score: float
    action: Literal[
        "no_action", "greylist", "add_header", "rewrite_subject", "soft_reject", "reject"
    ]
    symbols: list[SpamSymbol]
    skipped: bool


class _PreviewSize(TypedDict):
    html_bytes: int
    text_bytes: int


class EmailPreviewResponse(TypedDict):
    rendered_subject: str
    rendered_html: str | None
    rendered_text: str | None
    size: _PreviewSize
    spam: SpamCheck
    warnings: list[EmailInsight]
