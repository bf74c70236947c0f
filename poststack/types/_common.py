"""Shapes shared by many resources: acknowledgements and the list envelope."""

import sys
from typing import Any

if sys.version_info >= (3, 12):  # typing_extensions costs a first send 10-30 ms
    from typing import NotRequired, TypedDict
else:  # pydantic needs typing_extensions' TypedDict before 3.12
    from typing_extensions import NotRequired, TypedDict

__all__ = ["DeletedResponse", "PageMeta", "Paginated", "SuccessResponse"]


class SuccessResponse(TypedDict):
    """``{"success": true}``: most deletes and actions answer this."""

    success: bool


DeletedResponse = SuccessResponse


class PageMeta(TypedDict):
    """The ``meta`` of a ``{data, meta}`` list envelope (camelCase on the wire)."""

    page: int
    perPage: int
    total: int
    totalPages: int


class Paginated(TypedDict):
    """A ``{data, meta}`` list envelope of untyped items (typed ones subclass this idea)."""

    data: list[Any]
    meta: NotRequired[PageMeta]
