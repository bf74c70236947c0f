"""Typed shapes of the inbound emails resource (``ps.inbound_emails.*``).

Mail received by the team's inbound-enabled domains, addressed by numeric ``id`` under
``/inbound``. The draft-reply answer is snake_case, as the API computes it.
"""

from typing import Literal

from ._common import PageMeta
from ._compat import Required, TypedDict

__all__ = [
    "DraftReplyParams",
    "DraftReplyResponse",
    "ForwardInboundEmailParams",
    "InboundAddress",
    "InboundAttachment",
    "InboundAttachmentsResponse",
    "InboundEmail",
    "InboundEmailResponse",
    "InboundSendResponse",
    "ListInboundEmailsParams",
    "ListInboundEmailsResponse",
    "ReplyToInboundEmailParams",
]


class InboundAddress(TypedDict):
    address: str
    name: str | None


class InboundEmail(TypedDict):
    id: int
    domainId: int | None
    fromAddress: str
    fromName: str | None
    toAddress: str
    toAddresses: list[InboundAddress] | None
    ccAddresses: list[InboundAddress] | None
    messageId: str | None
    subject: str | None
    htmlBody: str | None
    textBody: str | None
    headers: dict[str, str] | None
    createdAt: str
    #: The plus-tag of the recipient address (``me+tag@...``).
    mailboxHash: str | None
    spamScore: float | None
    spamVerdict: Literal["spam", "clean"] | None
    #: The new text of a reply, without the quoted history.
    strippedReply: str | None


class ListInboundEmailsParams(TypedDict, total=False):
    page: int
    per_page: int
    #: A domain name, such as ``"example.com"``.
    domain: str


class ListInboundEmailsResponse(TypedDict):
    data: list[InboundEmail]
    meta: PageMeta


class InboundEmailResponse(TypedDict):
    inboundEmail: InboundEmail


class InboundAttachment(TypedDict):
    id: int
    filename: str
    contentType: str
    size: int
    createdAt: str


class InboundAttachmentsResponse(TypedDict):
    attachments: list[InboundAttachment]


class DraftReplyParams(TypedDict, total=False):
    tone: Literal["formal", "friendly", "casual"]


_DraftReplyInbound = TypedDict(
    "_DraftReplyInbound",
    {"id": int, "from": str, "to": str, "subject": str | None, "received_at": str},
)


class _Threading(TypedDict):
    in_reply_to: str | None
    references: str


class DraftReplyResponse(TypedDict):
    """Everything needed to write a reply: addresses, quoting and threading headers."""

    inbound: _DraftReplyInbound
    suggested_from: str
    suggested_subject: str
    salutation: str
    body_placeholder: str
    quoted_html: str
    quoted_text: str
    threading: _Threading
    suggested_html: str
    suggested_text: str
    #: The sending mailbox has a stored signature: the suggested bodies carry a
    #: ``{{signature}}`` tag where it goes, and sending fills it in.
    signs_automatically: bool


ReplyToInboundEmailParams = TypedDict(
    "ReplyToInboundEmailParams",
    {
        "from": Required[str],
        "html": str,
        "text": str,
        "cc": list[str],
        "bcc": list[str],
    },
    total=False,
)

ForwardInboundEmailParams = TypedDict(
    "ForwardInboundEmailParams",
    {
        "from": Required[str],
        "to": Required[list[str]],
        "cc": list[str],
        "bcc": list[str],
        "message": str,
    },
    total=False,
)
ForwardInboundEmailParams.__doc__ = """``to`` takes 1 to 50 addresses, ``cc`` and ``bcc`` up to
50 each; ``message`` is a note above the forwarded mail."""


class InboundSendResponse(TypedDict):
    """The sent email's id (``em_...``)."""

    id: str
