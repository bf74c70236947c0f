"""The async transports that run on trio (h11 async, httpx async), on trio: the sandbox's
operations and faults, and the hostile-wire cases, each inside ``trio.run()``."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
import trio

from poststack import AsyncPostStack, PostStackError
from poststack_proto import ReadTimeout
from poststack_sandbox import Sandbox

from .conftest import FAST, PAYLOAD, make_transport
from .faultserver import Exchange, RawServer, Step, answer, email, email_bytes

pytestmark = pytest.mark.parametrize("name", ["h11", "httpx"])

T = TypeVar("T")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(domains=["example.com"]) as sb:
        yield sb


def _run(name: str, url: str, work: Callable[[AsyncPostStack], Awaitable[T]], **options: Any) -> T:
    async def main() -> T:
        options.setdefault("retry_policy", FAST)
        async with AsyncPostStack(
            api_key=options.pop("api_key", "sk_test_trio"),
            base_url=url,
            transport=options.pop("transport", name),
            **options,
        ) as ps:
            return await work(ps)

    return trio.run(main)


def test_operations_and_faults_on_trio(name: str, sandbox: Sandbox) -> None:
    sandbox.reset()
    sandbox.add_fault("POST", "/emails", [{"status": 503}, {"close": "after_processing"}])

    async def work(ps: AsyncPostStack) -> tuple[Any, Any, Any]:
        sent = await ps.emails.send(PAYLOAD)
        fetched = await ps.emails.get(sent["id"])
        listed = await ps.emails.list()
        return sent, fetched, listed

    sent, fetched, listed = _run(name, sandbox.url, work, api_key=sandbox.api_key)
    assert fetched["email"]["publicId"] == sent["id"]
    assert [email["publicId"] for email in sandbox.emails()] == [sent["id"]]  # sent once
    assert len(listed["data"]) == 1
    assert sandbox.stats()["requests"] == 5  # 503, dropped, replayed, get, list


def test_a_read_timeout_on_trio(name: str, sandbox: Sandbox) -> None:
    sandbox.reset()
    sandbox.add_fault("GET", "/emails", [{"delay": 1.0, "status": 503}])

    async def work(ps: AsyncPostStack) -> PostStackError:
        with pytest.raises(PostStackError) as caught:
            await ps.emails.list()
        return caught.value

    error = _run(name, sandbox.url, work, api_key=sandbox.api_key, timeout=0.2, max_retries=0)
    assert (error.status_code, error.code) == (0, "timeout")
    assert type(error.__cause__) is ReadTimeout


def test_one_connection_per_run_closed_as_the_run_ends(name: str) -> None:
    with RawServer() as server:

        async def work(ps: AsyncPostStack) -> list[str]:
            return [(await ps.emails.get(f"em_{n}"))["email"]["publicId"] for n in range(5)]

        assert _run(name, server.url, work) == [f"em_{n}" for n in range(5)]
        assert _run(name, server.url, work) == [f"em_{n}" for n in range(5)]
        assert server.connections == 2  # one per run, reused within it
        assert server.open_connections() == 0


def test_hostile_wire_on_trio(name: str) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        target = exchange.target.rsplit("/", 1)[-1]
        if target == "drip":
            for byte in answer(email(target)):
                yield bytes([byte])
                yield 0.1
        else:
            yield b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
            yield answer(email(target)) + answer(email("em_not_yours"))

    with RawServer(script) as server:

        async def work(ps: AsyncPostStack) -> tuple[list[str], PostStackError, float]:
            ids = [(await ps.emails.get(f"em_{n}"))["email"]["publicId"] for n in range(3)]
            started = time.monotonic()
            with pytest.raises(PostStackError) as caught:
                await ps.emails.get("drip")
            return ids, caught.value, time.monotonic() - started

        ids, error, elapsed = _run(name, server.url, work, timeout=0.5, max_retries=0)
        assert ids == ["em_0", "em_1", "em_2"]  # 1xx skipped; the trailing answer never read
        assert server.connections >= 3
        assert error.code == "timeout"
        assert elapsed < 3.0


def test_cap_on_trio(name: str) -> None:
    def script(exchange: Exchange) -> Iterator[Step]:
        yield answer(email_bytes("x" * (1 << 20)))

    transport = make_transport(f"{name}-async", max_response_bytes=64 * 1024)
    with RawServer(script) as server:

        async def work(ps: AsyncPostStack) -> PostStackError:
            try:
                with pytest.raises(PostStackError) as caught:
                    await ps.emails.get("em_1")
            finally:
                await transport.aclose()
            return caught.value

        error = _run(name, server.url, work, transport=transport)
    assert error.code == "response_too_large"
