"""Connection handling over every adapter: reuse, stale sockets, threads, cancellation,
and sessions that belong to the caller."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import httpx
import pytest
import requests

from poststack import AsyncPostStack, PostStack
from poststack_sandbox import Sandbox
from poststack_transports import AiohttpTransport, HttpxTransport, RequestsTransport

from .conftest import (
    ASYNC_ADAPTERS,
    FAST,
    PAYLOAD,
    SYNC_ADAPTERS,
    Connect,
    is_async,
    transport_name,
)


def test_one_connection_for_100_sequential_sends(connect: Connect, sb: Sandbox) -> None:
    ps = connect()
    for _ in range(100):
        ps.emails.send(PAYLOAD)
    assert sb.stats() == {"connections": 1, "requests": 100}
    assert len(sb.emails()) == 100


def test_stale_pooled_connection_is_replaced_without_an_error(
    connect: Connect, adapter: str, loop: asyncio.AbstractEventLoop
) -> None:
    """The server closes a kept-alive connection while it idles (here: it restarts)."""
    first = Sandbox(domains=["example.com", "yourdomain.com"]).start()
    port = int(first.url.rsplit(":", 1)[1])
    ps = connect(base_url=first.url, max_retries=0)  # no retry may paper over it
    try:
        ps.emails.send(PAYLOAD)
    finally:
        first.stop()
    if is_async(adapter):
        loop.run_until_complete(asyncio.sleep(0.05))  # a live loop sees the hang-up
    with Sandbox(port=port, domains=["example.com", "yourdomain.com"]) as second:
        result = ps.emails.send(PAYLOAD)
        assert [email["publicId"] for email in second.emails()] == [result["id"]]
        assert second.stats() == {"connections": 1, "requests": 1}


@pytest.mark.parametrize("adapter", SYNC_ADAPTERS)
def test_one_sync_client_from_eight_threads(adapter: str, sb: Sandbox) -> None:
    threads, per_thread = 8, 25
    barrier = threading.Barrier(threads)
    with PostStack(api_key=sb.api_key, base_url=sb.url, transport=adapter, retry_policy=FAST) as ps:

        def work(worker: int) -> list[str]:
            barrier.wait()
            return [
                ps.emails.send({**PAYLOAD, "subject": f"{worker}-{n}"})["id"]
                for n in range(per_thread)
            ]

        with ThreadPoolExecutor(threads) as pool:
            ids = [email_id for chunk in pool.map(work, range(threads)) for email_id in chunk]
    stored = sb.emails()
    assert len(ids) == len(set(ids)) == threads * per_thread
    assert sorted(email["publicId"] for email in stored) == sorted(ids)
    assert len({email["subject"] for email in stored}) == threads * per_thread
    assert 1 <= sb.stats()["connections"] <= threads


def _client_connections(port: int) -> int:
    """Sockets of this machine connected to ``port`` and not yet closed by their owner."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[3] in ("01", "08"):  # ESTABLISHED, CLOSE_WAIT
                count += 1
    return count


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/net/tcp")
@pytest.mark.parametrize("adapter", ASYNC_ADAPTERS)
def test_cancelled_send_leaks_nothing_and_leaves_the_client_usable(
    adapter: str, loop: asyncio.AbstractEventLoop
) -> None:
    async def scenario(sb: Sandbox, port: int) -> None:
        async with AsyncPostStack(
            api_key=sb.api_key, base_url=sb.url, transport=transport_name(adapter)
        ) as ps:
            sb.add_fault("POST", "/emails", [{"delay": 0.4, "status": 503}])
            task = asyncio.ensure_future(ps.emails.send(PAYLOAD))
            # Poll the server thread until the request is on the wire (its answer is not).
            while sb.stats()["requests"] == 0:  # noqa: ASYNC110 - no event crosses threads
                await asyncio.sleep(0.005)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # The late 503 lands on the abandoned connection; were it pooled, the next
            # send would read that answer as its own.
            await asyncio.sleep(0.5)
            result = await ps.emails.send(PAYLOAD)
            assert [email["publicId"] for email in sb.emails()] == [result["id"]]
        deadline = time.monotonic() + 1.0
        while _client_connections(port) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        assert _client_connections(port) == 0

    with Sandbox(domains=["example.com", "yourdomain.com"]) as own:
        loop.run_until_complete(scenario(own, int(own.url.rsplit(":", 1)[1])))


def test_a_callers_httpx_client_is_used_and_never_closed(sb: Sandbox) -> None:
    with httpx.Client() as session:
        with PostStack(api_key=sb.api_key, base_url=sb.url, transport=HttpxTransport(session)):
            pass
        with PostStack(
            api_key=sb.api_key, base_url=sb.url, transport=HttpxTransport(session)
        ) as ps:
            ps.emails.send(PAYLOAD)
        assert not session.is_closed
        assert session.get(sb.url + "/emails").status_code == 401  # still serves its owner


def test_a_callers_requests_session_is_used_and_never_closed(sb: Sandbox) -> None:
    with requests.Session() as session:
        seen: list[str] = []

        def record(answer: requests.Response, **_: object) -> None:
            seen.append(answer.url)

        session.hooks["response"].append(record)
        with PostStack(
            api_key=sb.api_key, base_url=sb.url, transport=RequestsTransport(session)
        ) as ps:
            ps.emails.send(PAYLOAD)
        assert seen == [sb.url + "/emails"]
        assert session.get(sb.url + "/emails").status_code == 401


def test_a_callers_aiohttp_session_is_used_and_never_closed(
    sb: Sandbox, loop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            async with AsyncPostStack(
                api_key=sb.api_key, base_url=sb.url, transport=AiohttpTransport(session)
            ) as ps:
                await ps.emails.send(PAYLOAD)
            assert not session.closed
            async with session.get(sb.url + "/emails") as answer:
                assert answer.status == 401

    loop.run_until_complete(scenario())
    assert len(sb.emails()) == 1


def test_async_httpx_client_is_used_and_never_closed(
    sb: Sandbox, loop: asyncio.AbstractEventLoop
) -> None:
    from poststack_transports import AsyncHttpxTransport

    async def scenario() -> None:
        async with httpx.AsyncClient() as session:
            async with AsyncPostStack(
                api_key=sb.api_key, base_url=sb.url, transport=AsyncHttpxTransport(session)
            ) as ps:
                await ps.emails.send(PAYLOAD)
            assert not session.is_closed

    loop.run_until_complete(scenario())
    assert len(sb.emails()) == 1


@pytest.mark.parametrize("adapter", ASYNC_ADAPTERS)
def test_64_concurrent_async_sends(
    adapter: str, sb: Sandbox, loop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> list[str]:
        async with AsyncPostStack(
            api_key=sb.api_key,
            base_url=sb.url,
            transport=transport_name(adapter),
            retry_policy=FAST,
        ) as ps:
            results = await asyncio.gather(
                *(ps.emails.send({**PAYLOAD, "subject": f"n{n}"}) for n in range(64))
            )
            again = await asyncio.gather(*(ps.emails.send(PAYLOAD) for _ in range(64)))
        return [result["id"] for result in [*results, *again]]

    ids = loop.run_until_complete(scenario())
    assert len(set(ids)) == 128
    assert sorted(email["publicId"] for email in sb.emails()) == sorted(ids)
    # The second wave reused the first's connections: all of them, or, over httpx, the 20
    # that httpx keeps idle by default (more makes httpcore's pool cost 3x CPU per send).
    kept_idle = 20 if transport_name(adapter) == "httpx" else 64
    assert sb.stats()["connections"] <= 64 + (64 - kept_idle)


@pytest.mark.parametrize("adapter", ASYNC_ADAPTERS)
def test_an_async_client_outlives_its_event_loop(adapter: str, sb: Sandbox) -> None:
    """One client, an asyncio.run() per job (as a Celery task does): every run works, each
    loop's connections are closed by that loop as it shuts down, and none is left to the
    garbage collector."""
    ps = AsyncPostStack(api_key=sb.api_key, base_url=sb.url, transport=transport_name(adapter))

    async def job(n: int) -> str:
        return (await ps.emails.send({**PAYLOAD, "subject": f"job {n}"}))["id"]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ids = [asyncio.run(job(n)) for n in range(3)]
        asyncio.run(ps.aclose())
        gc.collect()
    assert sorted(email["publicId"] for email in sb.emails()) == sorted(ids)
    assert sb.stats()["connections"] == 3  # a pool per loop, each closed with its loop
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
