"""Typed shapes of the contact properties resource (``ps.contact_properties.*``).

Properties are the team's custom contact fields, addressed by numeric ``id``.
"""

from typing import Literal

from ._compat import NotRequired, Required, TypedDict

__all__ = [
    "ContactPropertyDict",
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


class ContactPropertyDict(TypedDict):
    id: int
    name: str
    label: str
    type: ContactPropertyType
    options: NotRequired[list[str]]
    required: bool
    createdAt: str


class ContactPropertyResponse(TypedDict):
    property: ContactPropertyDict


class ListContactPropertiesResponse(TypedDict):
    properties: list[ContactPropertyDict]


class OptionUsageResponse(TypedDict):
    """How many contacts hold each option of a ``select`` property."""

    usage: dict[str, int]
