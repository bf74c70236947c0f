"""Our users test their own code with their HTTP library's mocking tool; the SDK must
work under each unchanged: respx (httpx), responses (requests), aioresponses (aiohttp).

The same application functions (`welcome`, `welcome_async`) run under every mock; each
test checks the result, what went on the wire (the key, one ``Idempotency-Key`` reused by
the retry) and that a mocked network failure still surfaces as `PostStackError`.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from types import SimpleNamespace
from typing import Any, TypedDict, cast

import aiohttp
import httpx
import pytest
import requests
import responses
import respx
from aioresponses import aioresponses
from yarl import URL

from poststack import AsyncPostStack, PostStack, PostStackError
from poststack_proto import ConnectError, RetryPolicy

API = "https://api.poststack.dev"
KEY = "sk_test_embedding"
ACCEPTED = {"id": "em_mocked"}


def welcome(ps: PostStack, address: str) -> str:
    """Application code: the function a user's own test calls."""
    return ps.emails.send(
        {"from": "hello@yourdomain.com", "to": [address], "subject": "Hi", "html": "<p>Hi</p>"}
    )["id"]


async def welcome_async(ps: AsyncPostStack, address: str) -> str:
    result = await ps.emails.send(
        {"from": "hello@yourdomain.com", "to": [address], "subject": "Hi", "html": "<p>Hi</p>"}
    )
    return result["id"]


class _Quick(TypedDict):
    max_retries: int
    retry_policy: RetryPolicy


QUICK: _Quick = {"max_retries": 1, "retry_policy": RetryPolicy(backoff_base=0.001)}


# --- respx: httpx, sync and async ------------------------------------------------------------


def test_respx_sync() -> None:
    with respx.mock(base_url=API, assert_all_called=True) as mock:
        route = mock.post("/emails").mock(
            side_effect=[httpx.Response(503), httpx.Response(202, json=ACCEPTED)]
        )
        with PostStack(api_key=KEY, **QUICK) as ps:
            assert welcome(ps, "ada@example.com") == "em_mocked"
    calls = cast("list[respx.models.Call]", route.calls)  # a list subclass without its item type
    first, second = (call.request for call in calls)
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert json.loads(second.content)["to"] == ["ada@example.com"]


def test_respx_async_and_a_network_failure() -> None:
    async def scenario() -> None:
        async with AsyncPostStack(api_key=KEY, **QUICK) as ps:
            with respx.mock(base_url=API) as mock:
                mock.post("/emails").respond(202, json=ACCEPTED)
                assert await welcome_async(ps, "ada@example.com") == "em_mocked"
                mock.post("/emails").mock(side_effect=httpx.ConnectError("mocked refusal"))
                with pytest.raises(PostStackError) as caught:
                    await welcome_async(ps, "ada@example.com")
        assert (caught.value.status_code, caught.value.code) == (0, "connection_error")
        assert type(caught.value.__cause__) is ConnectError

    asyncio.run(scenario())


# --- responses: requests ---------------------------------------------------------------------


def test_responses() -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, f"{API}/emails", status=503)
        mock.add(responses.POST, f"{API}/emails", json=ACCEPTED, status=202)
        with PostStack(api_key=KEY, transport="requests", **QUICK) as ps:
            assert welcome(ps, "ada@example.com") == "em_mocked"
        first, second = (call.request for call in mock.calls)
    assert first.headers["Authorization"] == f"Bearer {KEY}"
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]


def test_responses_network_failure() -> None:
    with responses.RequestsMock() as mock:
        refusal = requests.ConnectionError("mocked refusal")
        mock.add(responses.POST, f"{API}/emails", body=refusal)
        mock.add(responses.POST, f"{API}/emails", body=refusal)
        with (
            PostStack(api_key=KEY, transport="requests", **QUICK) as ps,
            pytest.raises(PostStackError) as caught,
        ):
            welcome(ps, "ada@example.com")
    assert (caught.value.status_code, caught.value.code) == (0, "connection_error")


# --- aioresponses: aiohttp -------------------------------------------------------------------

_NEEDS_STREAM_WRITER = "stream_writer" in inspect.signature(aiohttp.ClientResponse).parameters


class CompatResponse(aiohttp.ClientResponse):
    """aioresponses 0.7.9 builds responses without aiohttp 3.14's new required
    ``stream_writer`` (pnuckowski/aioresponses#289, open); users pass this class as
    ``response_class=`` until it is fixed. Nothing about the SDK changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _NEEDS_STREAM_WRITER:
            kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(*args, **kwargs)


def _post_emails(mock: aioresponses, **answer: Any) -> None:
    """Queue one answer to ``POST /emails``."""
    # aioresponses annotates its url parameter with a bare ``Pattern`` (no item type).
    mock.post(f"{API}/emails", **answer)  # pyright: ignore[reportUnknownMemberType]


def test_aioresponses() -> None:
    async def scenario() -> None:
        with aioresponses() as mock:
            _post_emails(mock, status=503, response_class=CompatResponse)
            _post_emails(mock, status=202, payload=ACCEPTED, response_class=CompatResponse)
            async with AsyncPostStack(api_key=KEY, transport="aiohttp", **QUICK) as ps:
                assert await welcome_async(ps, "ada@example.com") == "em_mocked"
            # aioresponses records untyped namedtuples (args, kwargs).
            recorded: list[Any] = mock.requests[("POST", URL(f"{API}/emails"))]
            first, second = recorded
        headers = [dict(call.kwargs["headers"]) for call in (first, second)]
        assert headers[0]["Authorization"] == f"Bearer {KEY}"
        assert headers[0]["Idempotency-Key"] == headers[1]["Idempotency-Key"]

    asyncio.run(scenario())


def test_aioresponses_network_failure() -> None:
    async def scenario() -> None:
        with aioresponses() as mock:
            refusal = aiohttp.ServerDisconnectedError()
            _post_emails(mock, exception=refusal)
            _post_emails(mock, exception=refusal)
            async with AsyncPostStack(api_key=KEY, transport="aiohttp", **QUICK) as ps:
                with pytest.raises(PostStackError) as caught:
                    await welcome_async(ps, "ada@example.com")
        assert (caught.value.status_code, caught.value.code) == (0, "connection_error")

    asyncio.run(scenario())
