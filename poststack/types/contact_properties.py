"""Typed shapes of the contact properties resource (``ps.contact_properties.*``).

Properties are the team's custom contact fields, addressed by numeric ``id``.
"""

import sys
from typing import Literal

if sys.version_info >= (3, 12):  # typing_extensions costs a first send 10-30 ms
    from typing import NotRequired, Required, TypedDict
else:  # pydantic needs typing_extensions' TypedDict before 3.12
    from typing_extensions import NotRequired, Required, TypedDict

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
