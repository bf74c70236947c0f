"""The ``iterate*`` helpers walk every page of a ``{data, meta}`` list and honour ``limit``.

A scripted in-memory API serves a list of seven items in pages (``per_page`` from the
query, 3 by default); the tests check the items handed out and the exact requests made.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from poststack import AsyncPostStack, PostStack
from poststack.testing import AsyncMockTransport, MockTransport, json_response
from poststack_proto import PostStackError, Request, Response

TOTAL = 7

#: (resource, iterator, positional arguments, path it must page through)
ITERATORS: list[tuple[str, str, tuple[Any, ...], str]] = [
    ("emails", "iterate", (), "/emails"),
    ("contacts", "iterate", (), "/contacts"),
    ("templates", "iterate", (), "/templates"),
    ("broadcasts", "iterate", (), "/broadcasts"),
    ("suppressions", "iterate", (), "/suppressions"),
    ("mailboxes", "iterate", (), "/mailboxes"),
    ("mailboxes", "iterate_aliases", (), "/mailboxes/aliases"),
    ("signup_forms", "iterate", (), "/signup-forms"),
    ("inbound_emails", "iterate", (), "/inbound"),
    ("segments", "iterate_members", ("seg_1",), "/segments/seg_1/members"),
    (
        "subscription_topics",
        "iterate_subscribers",
        ("top_1",),
        "/subscription-topics/top_1/subscribers",
    ),
]


def _query(request: Request) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(request.url).query))


def _serve(path: str) -> Any:
    def respond(request: Request) -> Response:
        assert urlsplit(request.url).path == path
        query = _query(request)
        page = int(query["page"])
        per_page = int(query.get("per_page", "3"))
        first = (page - 1) * per_page
        items = [{"id": n} for n in range(first + 1, min(first + per_page, TOTAL) + 1)]
        total_pages = -(-TOTAL // per_page)
        meta = {"page": page, "perPage": per_page, "total": TOTAL, "totalPages": total_pages}
        return json_response(200, {"data": items, "meta": meta})

    return respond


def _walk(
    kind: str, resource: str, method: str, args: tuple[Any, ...], path: str, **kwargs: Any
) -> tuple[list[int], list[dict[str, str]]]:
    if kind == "sync":
        transport: Any = MockTransport(respond=_serve(path))
        client: Any = PostStack(api_key="sk_test_pages", transport=transport)
        iterator: Iterator[Any] = getattr(getattr(client, resource), method)(*args, **kwargs)
        ids = [item["id"] for item in iterator]
    else:
        transport = AsyncMockTransport(respond=_serve(path))
        client = AsyncPostStack(api_key="sk_test_pages", transport=transport)
        aiterator: AsyncIterator[Any] = getattr(getattr(client, resource), method)(*args, **kwargs)

        async def collect() -> list[int]:
            return [item["id"] async for item in aiterator]

        ids = asyncio.run(collect())
    return ids, [_query(r) for r in transport.requests]


_IDS = [f"{r}.{m}" for r, m, _, _ in ITERATORS]


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(("resource", "method", "args", "path"), ITERATORS, ids=_IDS)
def test_walks_every_page(
    kind: str, resource: str, method: str, args: tuple[Any, ...], path: str
) -> None:
    ids, queries = _walk(kind, resource, method, args, path)
    assert ids == list(range(1, TOTAL + 1))
    assert [q["page"] for q in queries] == ["1", "2", "3"]


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(("resource", "method", "args", "path"), ITERATORS, ids=_IDS)
def test_keeps_filters_and_page_size_on_every_page(
    kind: str, resource: str, method: str, args: tuple[Any, ...], path: str
) -> None:
    params = {"per_page": 2, "search": "x"}
    ids, queries = _walk(kind, resource, method, args, path, params=params)
    assert ids == list(range(1, TOTAL + 1))
    assert queries == [{"per_page": "2", "search": "x", "page": str(p)} for p in (1, 2, 3, 4)]
    assert params == {"per_page": 2, "search": "x"}  # the caller's dict is not changed


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(("resource", "method", "args", "path"), ITERATORS, ids=_IDS)
def test_limit_stops_early_without_fetching_more(
    kind: str, resource: str, method: str, args: tuple[Any, ...], path: str
) -> None:
    ids, queries = _walk(kind, resource, method, args, path, limit=4)
    assert ids == [1, 2, 3, 4]
    assert [q["page"] for q in queries] == ["1", "2"]

    ids, queries = _walk(kind, resource, method, args, path, limit=0)
    assert (ids, queries) == ([], [])


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_starts_from_the_callers_page(kind: str) -> None:
    ids, queries = _walk(kind, "contacts", "iterate", (), "/contacts", params={"page": 2})
    assert ids == [4, 5, 6, 7]
    assert [q["page"] for q in queries] == ["2", "3"]


def test_an_empty_list_makes_one_request() -> None:
    transport = MockTransport(
        respond=lambda _r: json_response(
            200, {"data": [], "meta": {"page": 1, "perPage": 20, "total": 0, "totalPages": 0}}
        )
    )
    client = PostStack(api_key="sk_test_pages", transport=transport)
    assert list(client.suppressions.iterate()) == []
    assert len(transport.requests) == 1


def test_iterating_is_lazy() -> None:
    transport = MockTransport(respond=_serve("/templates"))
    client = PostStack(api_key="sk_test_pages", transport=transport)
    iterator = client.templates.iterate()
    assert transport.requests == []
    assert next(iterator)["id"] == 1
    assert len(transport.requests) == 1


def test_a_non_envelope_answer_is_an_error() -> None:
    transport = MockTransport(respond=lambda _r: json_response(200, {"contacts": []}))
    client = PostStack(api_key="sk_test_pages", transport=transport)
    with pytest.raises(PostStackError, match="not a") as caught:  # the server's fault
        list(client.contacts.iterate())
    assert caught.value.code == "invalid_response"


def test_every_envelope_a_list_has_an_iterator() -> None:
    # Reference §1.5: the lists answered as {data, meta}.
    envelope_a = {
        ("emails", "list"),
        ("contacts", "list"),
        ("templates", "list"),
        ("broadcasts", "list"),
        ("suppressions", "list"),
        ("mailboxes", "list"),
        ("mailboxes", "list_aliases"),
        ("signup_forms", "list"),
        ("inbound_emails", "list"),
        ("segments", "members"),
        ("subscription_topics", "list_subscribers"),
    }
    assert len(envelope_a) == len(ITERATORS)
    assert {r for r, _ in envelope_a} == {r for r, _, _, _ in ITERATORS}
