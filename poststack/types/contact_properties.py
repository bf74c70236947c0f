"""Typed shapes of the contact properties resource (``ps.contact_properties.*``).

Properties are the team's custom contact fields, addressed by numeric ``id``.
"""

from typing import Literal

from typing_extensions import NotRequired, Required, TypedDict

__all__ = [
    "ContactProperty",
    "ContactPropertyResponse",
    "ContactPropertyType",
    "CreateContactPropertyParams",
    "ListContactPropertiesResponse",
    "OptionUsageResponse",
    "UpdateContactPropertyParams",
]

ContactPropertyType = Literal["text", "number", "boolean", "date", "select"]


class CreateContactPropertyParams(TypedDict, total=False):
    name: Required[str]
    label: Required[str]
    type: Required[ContactPropertyType]
    #: The choices of a ``select`` property.
    options: list[str]
    required: bool


class UpdateContactPropertyParams(TypedDict, total=False):
    """Name and type are fixed once created."""

    label: str
    options: list[str]
    required: bool


class ContactProperty(TypedDict):
    id: int
    name: str
    label: str
    type: ContactPropertyType
    options: NotRequired[list[str]]
    required: bool
    createdAt: str


class ContactPropertyResponse(TypedDict):
    property: ContactProperty


class ListContactPropertiesResponse(TypedDict):
    properties: list[ContactProperty]


class OptionUsageResponse(TypedDict):
    """How many contacts hold each option of a ``select`` property."""

    usage: dict[str, int]
