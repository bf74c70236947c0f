from __future__ import annotations

from typing import Any

import pytest

from poststack_proto import Pages, PostStackError


def page(items: list[int], page: int, total_pages: int, per_page: int = 2) -> dict[str, Any]:
    return {
        "data": items,
        "meta": {"page": page, "perPage": per_page, "total": 5, "totalPages": total_pages},
    }


def test_walks_every_page_keeping_filters() -> None:
    pages = Pages({"status": "delivered", "per_page": 2})
    assert pages.next_query() == {"status": "delivered", "per_page": 2, "page": 1}
    assert pages.take(page([1, 2], 1, 3)) == [1, 2]
    assert pages.next_query() == {"status": "delivered", "per_page": 2, "page": 2}
    assert pages.take(page([3, 4], 2, 3)) == [3, 4]
    assert not pages.done
    assert pages.take(page([5], 3, 3)) == [5]
    assert pages.done


def test_starts_from_the_given_page() -> None:
    pages = Pages({"page": 3})
    assert pages.next_query() == {"page": 3}


def test_limit_guards_the_walk() -> None:
    pages = Pages({"per_page": 2}, limit=3)
    assert pages.take(page([1, 2], 1, 10)) == [1, 2]
    assert pages.take(page([3, 4], 2, 10)) == [3]
    assert pages.done


def test_limit_zero_needs_no_request() -> None:
    assert Pages(limit=0).done


def test_empty_page_ends_the_walk() -> None:
    pages = Pages()
    assert (
        pages.take({"data": [], "meta": {"page": 1, "perPage": 20, "total": 0, "totalPages": 0}})
        == []
    )
    assert pages.done


def test_short_page_without_meta_ends_the_walk() -> None:
    pages = Pages({"per_page": 10})
    assert pages.take({"data": [1, 2]}) == [1, 2]
    assert pages.done


def test_full_page_without_meta_continues() -> None:
    pages = Pages({"per_page": 2})
    pages.take({"data": [1, 2]})
    assert not pages.done


@pytest.mark.parametrize("body", [None, [], {"emails": []}, {"data": "x"}])
def test_not_an_envelope_is_the_servers_fault(body: object) -> None:
    with pytest.raises(PostStackError, match=r"not a \{'data'") as caught:
        Pages().take(body)
    assert caught.value.code == "invalid_response"


@pytest.mark.parametrize(
    ("query", "limit", "message"),
    [
        ({"page": 0}, None, "page must be a positive int"),
        ({"page": "2"}, None, "page must be a positive int"),
        ({"per_page": 0}, None, "per_page must be a positive int"),
        ({}, -1, "limit must be 0 or more"),
    ],
)
def test_bad_arguments(query: dict[str, object], limit: int | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Pages(query, limit=limit)


def test_without_per_page_or_meta_the_first_page_sets_the_page_size() -> None:
    pages = Pages()
    assert pages.take({"data": [1, 2, 3]}) == [1, 2, 3]
    assert not pages.done
    assert pages.take({"data": [4, 5, 6]}) == [4, 5, 6]
    assert not pages.done
    assert pages.take({"data": [7]}) == [7]
    assert pages.done


@pytest.mark.parametrize("meta", [None, {}, {"page": 1}])
def test_a_server_that_ignores_page_cannot_make_the_walk_endless(meta: object) -> None:
    pages = Pages()
    same: dict[str, Any] = {"data": [{"id": "a"}, {"id": "b"}], "meta": meta}
    assert pages.take(same) == [{"id": "a"}, {"id": "b"}]
    with pytest.raises(PostStackError, match="same items as page 1") as caught:
        pages.take({"data": [{"id": "a"}, {"id": "b"}], "meta": meta})
    assert caught.value.code == "invalid_response"


def test_equal_pages_that_are_not_consecutive_are_fine() -> None:
    pages = Pages({"per_page": 1})
    assert pages.take({"data": ["x"]}) == ["x"]
    assert pages.take({"data": ["y"]}) == ["y"]
    assert pages.take({"data": ["x"]}) == ["x"]
    assert not pages.done
