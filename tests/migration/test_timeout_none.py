"""``timeout=None`` means no timeout, as in the official client: for both clients, their
``with_options`` copies and the low-level clients. A per-call ``timeout=None`` keeps the
client's timeout (as officially)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from poststack import AsyncPostStack, AsyncPostStackClient, PostStack, PostStackClient
from poststack.testing import AsyncMockTransport, MockTransport
from poststack.types import SendEmailParams
from poststack_proto._options import NO_TIMEOUT
from poststack_sandbox import Sandbox

SEND: SendEmailParams = {
    "from": "a@example.com",
    "to": ["b@example.com"],
    "subject": "s",
    "text": "t",
}


def test_sync_client_without_timeout() -> None:
    transport = MockTransport()
    ps = PostStack(api_key="sk_test_x", timeout=None, transport=transport)
    ps.emails.send(SEND)
    ps.emails.send(SEND, timeout=None)
    ps.emails.send(SEND, timeout=5)
    assert [c.request.timeout for c in transport.calls] == [NO_TIMEOUT, NO_TIMEOUT, 5.0]
    assert ps.timeout == NO_TIMEOUT


def test_with_options_sets_and_clears_the_timeout() -> None:
    ps = PostStack(api_key="sk_test_x", timeout=3)
    assert ps.with_options(timeout=None).timeout == NO_TIMEOUT
    assert ps.with_options(timeout=None).with_options(timeout=7).timeout == 7.0
    assert ps.timeout == 3.0


def test_async_client_without_timeout() -> None:
    transport = AsyncMockTransport()
    ps = AsyncPostStack(api_key="sk_test_x", timeout=None, transport=transport)
    asyncio.run(ps.emails.send(SEND))
    assert [c.request.timeout for c in transport.calls] == [NO_TIMEOUT]
    assert ps.with_options(timeout=None).timeout == NO_TIMEOUT


@pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan")])
def test_other_timeouts_are_still_checked(bad: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        PostStack(api_key="sk_test_x", timeout=bad)


def test_no_timeout_works_on_every_transport(sb: Sandbox) -> None:
    # The "no timeout" bound must be one every transport's timer accepts.
    for name in ("httpx", "requests", "h11"):
        with PostStack(api_key=sb.api_key, base_url=sb.url, timeout=None, transport=name) as ps:
            assert ps.emails.send(SEND)["id"].startswith("em_")

    async def main() -> None:
        for name in ("httpx", "aiohttp", "h11"):
            async with AsyncPostStack(
                api_key=sb.api_key, base_url=sb.url, timeout=None, transport=name
            ) as aps:
                assert (await aps.emails.send(SEND))["id"].startswith("em_")

    asyncio.run(main())
    assert len(sb.emails()) == 6


def test_low_level_clients_without_timeout(sb: Sandbox) -> None:
    with PostStackClient(api_key=sb.api_key, base_url=sb.url, timeout=None) as client:
        assert client.post("/emails", SEND)["id"].startswith("em_")

    async def main() -> Any:
        async with AsyncPostStackClient(api_key=sb.api_key, base_url=sb.url, timeout=None) as c:
            return await c.get("/emails")

    listed = asyncio.run(main())
    assert [e["publicId"] for e in listed["data"]] == [e["publicId"] for e in sb.emails()]
