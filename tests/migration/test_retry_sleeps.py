"""Retries sleep through ``time.sleep`` (blocking clients) and the running event loop's
``asyncio.sleep`` / ``trio.sleep`` (async clients), looked up at each wait: patching them
in a test makes retries instant and observable, even for a client built before the patch.
Real transports against a live sandbox that answers 503 and then 429 ``Retry-After: 2``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from poststack import AsyncPostStack, PostStack
from poststack.testing import AsyncMockTransport, json_response
from poststack_sandbox import Sandbox

FAULTS: Sequence[Mapping[str, Any]] = [
    {"status": 503},
    {"status": 429, "headers": {"Retry-After": "2"}},
]


def check_waits(waits: list[float]) -> None:
    assert len(waits) == 2
    assert 0 <= waits[0] < 0.25  # full jitter below the first backoff step
    assert waits[1] == 2.0  # Retry-After, exactly


@pytest.mark.parametrize("transport", ["httpx", "requests", "h11"])
def test_patching_time_sleep_after_the_client_is_built(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch, transport: str
) -> None:
    ps = PostStack(api_key=sb.api_key, base_url=sb.url, transport=transport)
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    sb.add_fault("GET", "/emails", FAULTS)
    with ps:
        assert ps.emails.list()["data"] == []
    check_waits(waits)


@pytest.mark.parametrize("transport", ["httpx", "aiohttp", "h11"])
def test_patching_asyncio_sleep_after_the_client_is_built(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch, transport: str
) -> None:
    ps = AsyncPostStack(api_key=sb.api_key, base_url=sb.url, transport=transport)
    waits: list[float] = []

    async def instant(seconds: float) -> None:
        waits.append(seconds)

    async def main() -> object:
        monkeypatch.setattr(asyncio, "sleep", instant)
        async with ps:
            return await ps.emails.list()

    sb.add_fault("GET", "/emails", FAULTS)
    assert asyncio.run(main()) == {
        "data": [], "meta": {"page": 1, "perPage": 20, "total": 0, "totalPages": 0}
    }  # fmt: skip
    check_waits(waits)


def test_patching_trio_sleep_under_trio(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    trio = pytest.importorskip("trio")
    ps = AsyncPostStack(api_key=sb.api_key, base_url=sb.url)
    waits: list[float] = []

    async def instant(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(trio, "sleep", instant)

    async def main() -> object:
        async with ps:
            return await ps.emails.list()

    sb.add_fault("GET", "/emails", FAULTS)
    assert trio.run(main)["data"] == []
    check_waits(waits)


def test_unpatched_async_retry_really_waits_on_the_loop(sb: Sandbox) -> None:
    # Without a patch the wait is the event loop's own: a 1 s Retry-After takes >= 1 s.
    ps = AsyncPostStack(api_key=sb.api_key, base_url=sb.url)
    sb.add_fault("GET", "/emails", [{"status": 429, "headers": {"Retry-After": "1"}}])

    async def main() -> float:
        loop = asyncio.get_running_loop()
        async with ps:
            start = loop.time()
            await ps.emails.list()
            return loop.time() - start

    assert asyncio.run(main()) >= 1.0


def test_a_test_transports_own_sleep_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # poststack.testing's AsyncMockTransport waits through its own (instant) sleep.
    def forbidden(seconds: float) -> None:
        raise AssertionError("the event loop's sleep must not be used")

    monkeypatch.setattr(asyncio, "sleep", forbidden)
    transport = AsyncMockTransport()
    transport.queue(json_response(503, {"error": "down"}), json_response(200, {"domains": []}))
    ps = AsyncPostStack(api_key="sk_test_x", transport=transport)
    assert asyncio.run(ps.domains.list()) == {"domains": []}
