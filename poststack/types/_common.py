"""Shapes shared by many resources: acknowledgements and the list envelope."""

from typing import Any

from ._compat import NotRequired, TypedDict

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
