"""Where the next page is, for lists answered in the ``{"data": [...], "meta": {...}}`` envelope.

Rules of this module:

* `Pages` holds the state of one walk over a list: the query of the next request and
  whether the walk is done. The clients' iterators drive it; neither writes its own loop.
* The walk ends when a page is empty, when ``meta.page >= meta.totalPages``, when a page
  has fewer items than asked for (or, when no ``per_page`` was asked for, fewer than the
  first page had) and no ``meta`` says otherwise, or when ``limit`` items have been handed
  out (the guard against walking a huge list by accident).
* A page that repeats the page before it item for item means the server ignored ``page``:
  walking on would never end, so it is an ``invalid_response`` `PostStackError`.
* A page that is not that envelope is the server's fault, not the caller's: it is a
  `PostStackError` with ``code="invalid_response"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from ._errors import PostStackError

__all__ = ["Pages"]


def _not_an_envelope(what: str) -> PostStackError:
    return PostStackError(
        200,
        f"The API answered a list call with {what}, not a {{'data': [...], 'meta': {{...}}}} page",
        "invalid_response",
    )


class Pages:
    """The state of a walk over every item of a paginated list.

    Args:
        query: the caller's list parameters (filters, ``per_page``, a start ``page``).
        limit: stop after this many items in all; ``None`` for no limit.

    Raises:
        ValueError: ``limit`` is negative or ``page``/``per_page`` are not positive.
    """

    __slots__ = (
        "_done",
        "_first_size",
        "_handed_out",
        "_limit",
        "_page",
        "_per_page",
        "_previous",
        "_query",
    )

    def __init__(self, query: Mapping[str, Any] | None = None, *, limit: int | None = None) -> None:
        base = dict(query or {})
        page = base.pop("page", None)
        if page is None:
            page = 1
        per_page = base.get("per_page")
        if isinstance(page, bool) or not isinstance(page, int) or page < 1:
            raise ValueError(f"page must be a positive int, got {page!r}")
        if per_page is not None and (
            isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1
        ):
            raise ValueError(f"per_page must be a positive int, got {per_page!r}")
        if limit is not None and (isinstance(limit, bool) or limit < 0):
            raise ValueError(f"limit must be 0 or more, got {limit!r}")
        self._query = base
        self._page: int = page
        self._per_page: int | None = per_page
        self._limit = limit
        self._handed_out = 0
        self._done = limit == 0
        self._previous: list[Any] | None = None
        self._first_size: int | None = None  # the server's page size, when none was asked for

    @property
    def done(self) -> bool:
        """True when no further request is needed."""
        return self._done

    def next_query(self) -> dict[str, Any]:
        """The query parameters of the next page's request."""
        return {**self._query, "page": self._page}

    def take(self, body: Any) -> list[Any]:
        """Record one page's answer; return the items to hand out from it.

        Raises:
            PostStackError: ``code="invalid_response"``: the answer is not a
                ``{"data": [...]}`` envelope (it came from the server, so it is no
                programming error of the caller's), or it repeats the page before it.
        """
        if not isinstance(body, dict):
            raise _not_an_envelope(f"a {type(body).__name__}")
        envelope = cast("dict[str, Any]", body)
        data: object = envelope.get("data")
        if not isinstance(data, list):
            raise _not_an_envelope("an object without a 'data' list")
        page_items: list[Any] = data  # pyright: ignore[reportUnknownVariableType]
        if page_items and page_items == self._previous:
            raise PostStackError(
                200,
                f"The API answered page {self._page} with the same items as page "
                f"{self._page - 1}: it ignores the 'page' parameter, so the walk would never end",
                "invalid_response",
            )
        self._previous = page_items
        items = page_items
        meta: object = envelope.get("meta")
        if self._limit is not None:
            items = items[: self._limit - self._handed_out]
        self._handed_out += len(items)
        page_size = len(page_items)
        total_pages: object = (
            cast("dict[str, Any]", meta).get("totalPages") if isinstance(meta, dict) else None
        )
        full = self._per_page if self._per_page is not None else self._first_size
        if (
            page_size == 0
            or (self._limit is not None and self._handed_out >= self._limit)
            or (isinstance(total_pages, int) and self._page >= total_pages)
            or (total_pages is None and full is not None and page_size < full)
        ):
            self._done = True
        if self._first_size is None:
            self._first_size = page_size
        self._page += 1
        return items
