"""A walk over list pages fed any answers: each page gives items or a `PostStackError`, the
walk never hands out more than its limit, and bad *caller* input is a `ValueError`."""

from __future__ import annotations

from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from poststack_proto import Pages, PostStackError, Response, parse_success

from .conftest import examples, outcome
from .strategies import Reader, body_from

METAS: list[object] = [
    *[None, {}, [], "meta", 5, *({"totalPages": n} for n in range(-2, 8))],
    *[{"totalPages": odd} for odd in (None, "3", True, 2.5)],
]
NOT_ENVELOPES: list[object] = [
    *[None, [], {}, {"emails": []}, 5, "x", {"data": None}],
    *[{"data": "x"}, {"data": {}}, {"data": 5}],
]
QUERIES: list[dict[str, Any] | None] = [
    None,
    {},
    {"per_page": 2},
    {"per_page": 3, "page": 2},
    {"page": 1, "tag": "x"},
    {"page": 0},
    {"page": -1},
    {"page": "2"},
    {"page": True},
    {"per_page": 0},
    {"per_page": 2.0},
    {"per_page": False},
    {"page": None, "per_page": None},
]
LIMITS: list[int | None] = [None, None, 0, 1, 2, 3, 5, 12, -1, True]


def page_from(read: Reader) -> object:
    mode = read.byte() % 3
    if mode == 0:
        data = [read.byte() for _ in range(read.byte() % 7)]
        return {"data": data, "meta": read.pick(METAS)}
    if mode == 1:
        return read.pick(NOT_ENVELOPES)
    # A page exactly as the core reads it off the wire, whatever the bytes.
    return outcome(parse_success, "json", Response(200, (), body_from(Reader(read.take(24)))))


def walk(query: dict[str, Any] | None, limit: int | None, pages: list[object]) -> None:
    try:
        pager = Pages(query, limit=limit)
    except ValueError:  # the caller's own bad page/per_page/limit
        return
    handed_out = 0
    for body in pages:
        if pager.done:
            break
        page = pager.next_query()["page"]
        if isinstance(body, PostStackError):  # the answer itself was unreadable
            continue
        taken = outcome(pager.take, body)
        if isinstance(taken, PostStackError):
            assert taken.code == "invalid_response"
            break
        assert isinstance(taken, list)
        handed_out += len(cast("list[object]", taken))
        assert pager.next_query()["page"] == page + 1
    if limit is not None:
        assert handed_out <= limit


@examples(3_000)
@given(raw=st.binary(max_size=96))
def test_a_walk_over_any_pages_ends_in_items_or_a_post_stack_error(raw: bytes) -> None:
    read = Reader(raw)
    query = read.pick(QUERIES)
    limit = read.pick(LIMITS)
    walk(query, limit, [page_from(read) for _ in range(read.byte() % 8 + 1)])


@examples(1_000)
@given(
    query=st.one_of(
        st.none(), st.dictionaries(st.sampled_from(["page", "per_page", "x"]), st.integers(-2, 5))
    ),
    limit=st.one_of(st.none(), st.integers(-1, 12)),
    pages=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"data": st.lists(st.integers(), max_size=6), "meta": st.sampled_from(METAS)}
            ),
            st.sampled_from(NOT_ENVELOPES),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_a_walk_over_structured_pages_too(
    query: dict[str, Any] | None, limit: int | None, pages: list[object]
) -> None:
    walk(query, limit, pages)
