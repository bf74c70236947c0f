"""Typed shapes of the contacts resource: what ``ps.contacts.*`` takes and returns.

Contacts are addressed by their ``publicId`` (``con_...``). Request keys are snake_case;
responses are camelCase.
"""

from typing import Any, Literal

from ._common import PageMeta
from ._compat import Required, TypedDict

__all__ = [
    "ContactDict",
    "ContactProperties",
    "ContactResponse",
    "CreateContactParams",
    "EngagementSegment",
    "ImportContact",
    "ImportContactsParams",
    "ImportContactsResponse",
    "ListContactsParams",
    "ListContactsResponse",
    "UpdateContactParams",
]

EngagementSegment = Literal["active", "at_risk", "dormant"]
#: Values of the team's custom contact properties, by property name.
ContactProperties = dict[str, Any]


class CreateContactParams(TypedDict, total=False):
    """The body of ``POST /contacts``: ``email`` is required and unique per team (409)."""

    email: Required[str]
    first_name: str
    last_name: str
    unsubscribed: bool
    properties: ContactProperties


class UpdateContactParams(TypedDict, total=False):
    """The body of ``PATCH /contacts/:id``; ``properties`` are merged, not replaced."""

    first_name: str
    last_name: str
    unsubscribed: bool
    properties: ContactProperties


class ListContactsParams(TypedDict, total=False):
    page: int
    per_page: int
    #: Matches the email address, first or last name.
    search: str
    #: ``seg_...``; an unknown segment is ignored.
    segment_id: str
    engagement_segment: EngagementSegment
    unsubscribed: bool


class ContactDict(TypedDict):
    id: int
    publicId: str
    email: str
    firstName: str | None
    lastName: str | None
    unsubscribed: bool
    properties: ContactProperties | None
    #: Recalculated daily from opens and clicks; ``dormant`` until the first run.
    engagementSegment: EngagementSegment
    lastEngagedAt: str | None
    createdAt: str
    updatedAt: str


class ContactResponse(TypedDict):
    contact: ContactDict


class ListContactsResponse(TypedDict):
    data: list[ContactDict]
    meta: PageMeta


class ImportContact(TypedDict, total=False):
    """One row of an import; other fields are dropped. Property values are text (≤4096)."""

    email: Required[str]
    first_name: str
    last_name: str
    properties: dict[str, str]


class ImportContactsParams(TypedDict):
    """1 to 10,000 contacts. Addresses that already exist are skipped, not updated."""

    contacts: list[ImportContact]


class ImportContactsResponse(TypedDict):
    imported: int
    skipped: int
    #: Up to 100 messages of the form ``"<email>: <reason>"``.
    errors: list[str]
