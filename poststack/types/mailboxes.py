"""Typed shapes of the mailboxes resource: what ``ps.mailboxes.*`` takes and returns.

Mailboxes are addressed by ``publicId`` (``mb_...``), aliases by numeric ``id``. Unlike
most of the API, these bodies are camelCase (``domainId``, ``localPart``...).
"""

from typing import Literal

from ._common import PageMeta
from ._compat import Required, TypedDict

__all__ = [
    "CreateMailboxAliasParams",
    "CreateMailboxParams",
    "ListMailboxAliasesParams",
    "ListMailboxAliasesResponse",
    "ListMailboxesParams",
    "ListMailboxesResponse",
    "MailboxDict",
    "MailboxAliasDict",
    "MailboxAliasResponse",
    "MailboxFilterRule",
    "MailboxFilterRuleParams",
    "MailboxFiltersResponse",
    "MailboxResponse",
    "MailboxShare",
    "MailboxShareAccess",
    "MailboxShareGrant",
    "MailboxShareResponse",
    "MailboxSharesResponse",
    "MailboxSignature",
    "MailboxStatus",
    "MailboxUnread",
    "SetMailboxSignatureParams",
    "UnreadSummaryResponse",
    "UpdateMailboxParams",
]

MailboxStatus = Literal["active", "suspended", "deleted"]
MailboxShareAccess = Literal["read", "write", "admin"]


class CreateMailboxParams(TypedDict, total=False):
    #: ``dom_...`` or the numeric domain id.
    domainId: Required[str | int]
    localPart: Required[str]
    password: Required[str]
    displayName: str
    quotaBytes: int
    webhookEnabled: bool


class UpdateMailboxParams(TypedDict, total=False):
    displayName: str | None
    quotaBytes: int
    status: Literal["active", "suspended"]
    webhookEnabled: bool
    #: 1 to 10 comma-separated addresses; ``""`` or ``None`` turns forwarding off.
    forwardTo: str | None
    forwardMode: Literal["relay", "wrapped"]
    forwardKeepCopy: bool
    signatureHtml: str | None
    signatureText: str | None


class ListMailboxesParams(TypedDict, total=False):
    page: int
    per_page: int
    domain_id: str | int


class MailboxDict(TypedDict):
    id: int
    publicId: str
    teamId: int
    domainId: int
    emailAddress: str
    displayName: str | None
    quotaBytes: int
    status: MailboxStatus
    webhookEnabled: bool
    #: Comma-separated forwarding addresses; ``None`` when forwarding is off.
    forwardTo: str | None
    forwardMode: Literal["relay", "wrapped"]
    forwardKeepCopy: bool
    signatureHtml: str | None
    signatureText: str | None
    lastLoginAt: str | None
    createdAt: str
    updatedAt: str


class MailboxResponse(TypedDict):
    mailbox: MailboxDict


class ListMailboxesResponse(TypedDict):
    data: list[MailboxDict]
    meta: PageMeta


class CreateMailboxAliasParams(TypedDict):
    domainId: int
    localPart: str
    #: The ``mb_...`` id of the mailbox that receives the alias's mail.
    destinationMailboxId: str


class MailboxAliasDict(TypedDict):
    id: int
    teamId: int
    domainId: int
    aliasAddress: str
    destinationMailboxId: int
    createdAt: str


class MailboxAliasResponse(TypedDict):
    alias: MailboxAliasDict


class ListMailboxAliasesParams(TypedDict, total=False):
    page: int
    per_page: int


class ListMailboxAliasesResponse(TypedDict):
    data: list[MailboxAliasDict]
    meta: PageMeta


_FilterField = Literal["from", "to", "cc", "subject", "any_recipient"]
_FilterOperator = Literal["contains", "not_contains", "is", "is_not"]
_FilterAction = Literal["fileinto", "addflag", "discard", "stop"]


class MailboxFilterRuleParams(TypedDict, total=False):
    """One server-side filter (Sieve) as sent: when ``field`` ``operator`` ``value``, do
    ``action``. Rules run in list order."""

    name: Required[str]
    field: Required[_FilterField]
    operator: Required[_FilterOperator]
    value: Required[str]
    action: Required[_FilterAction]
    #: The folder of ``fileinto``, the flag of ``addflag`` (such as ``"\\Seen"``).
    actionArg: str | None
    #: Default ``True``; a disabled rule is kept but never runs.
    enabled: bool


class MailboxFilterRule(TypedDict):
    """A filter rule as stored."""

    publicId: str
    #: 0-based evaluation order.
    position: int
    name: str
    field: _FilterField
    operator: _FilterOperator
    value: str
    action: _FilterAction
    actionArg: str | None
    enabled: bool
    createdAt: str
    updatedAt: str


class MailboxFiltersResponse(TypedDict):
    rules: list[MailboxFilterRule]


class SetMailboxSignatureParams(TypedDict, total=False):
    signatureHtml: str | None
    signatureText: str | None


class MailboxSignature(TypedDict):
    signatureHtml: str | None
    signatureText: str | None


class MailboxUnread(TypedDict):
    mailboxId: int
    mailboxPublicId: str
    inboxUnread: int | None


class UnreadSummaryResponse(TypedDict):
    items: list[MailboxUnread]


class MailboxShare(TypedDict):
    id: int
    #: The grantee's internal id.
    sharedWithMailboxId: int
    sharedWithEmail: str
    access: MailboxShareAccess
    createdAt: str


class MailboxSharesResponse(TypedDict):
    shares: list[MailboxShare]


class MailboxShareGrant(TypedDict):
    """The stored share row that ``grant_share`` answers."""

    id: int
    mailboxId: int
    sharedWithMailboxId: int
    access: MailboxShareAccess
    createdAt: str
    updatedAt: str


class MailboxShareResponse(TypedDict):
    share: MailboxShareGrant
